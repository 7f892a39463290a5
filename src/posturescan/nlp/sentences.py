"""Rule-based sentence boundaries, set before the parser (which then respects them).

fr_core_news_sm's parser splits short French sentences erratically (« Personne | ici ne dit que… »);
a detection's context must stay in one sentence, so boundaries come from punctuation and line breaks.

The structure found by the clean stage sets boundaries too: a sentence starts at the start of the line of
every speaker turn and after its end (``doc._.segments``: each chat line is a turn, and each line of a chat
message starts a sentence, so two chat lines are never one sentence, even without final punctuation), and
at the start and end of every structure block (``doc._.blocks``: a heading, a turn's label, a table cell, a
list of examples never runs into the text around it). Elsewhere a line break followed by a lower-case word
continues the sentence (hard-wrapped paragraphs of .txt and .pdf files).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions

TERMINAL = {".", "!", "?", "…", "?!", "!?", "...", "!!", "??"}
CLOSERS = {"»", "”", '"', ")", "›"}
BULLETS = {"-", "–", "—", "•", "*", "·"}
#: A sentence longer than this many tokens is cut: the parser and the qualifier scopes cost more than
#: linear time in the sentence length (a 200,000-character line without punctuation took 92 s).
MAX_SENTENCE_TOKENS = 200


def _starts_line_item(text: str) -> bool:
    first = text[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in BULLETS or first in "«\"“")


def structure_boundaries(doc: Doc) -> list[int]:
    """Sorted character offsets where a turn or a structure block starts or ends.

    A turn starts at the start of its line, so that its « Nom : » label stays in its first sentence; each
    line of a chat message starts a sentence."""
    text = doc.text if doc._.segments else ""  # Doc.text joins every token again: only when needed
    offsets = set()
    for seg in doc._.segments or ():
        offsets.update((text.rfind("\n", 0, seg.start) + 1, seg.end))
        if seg.chat:  # every line of a chat message is at least one sentence
            line = text.find("\n", seg.start, seg.end)
            while line >= 0:
                offsets.add(line + 1)
                line = text.find("\n", line + 1, seg.end)
    for block in doc._.blocks or ():
        offsets.update((block.start, block.end))
    return sorted(offsets)


class SentenceSplitter:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_starts(doc)
        return doc

    def set_starts(self, doc: Doc) -> list[int]:
        """Sets the sentence starts of ``doc`` and returns them (1: starts a sentence, -1: does not)."""
        starts = sentence_starts(doc, structure_boundaries(doc))
        if starts:
            # One array assignment: setting ``token.is_sent_start`` token by token checks the whole doc's
            # annotation each time, which is quadratic in the length of the document.
            doc.from_array([SENT_START], numpy.array(starts, dtype="int32").astype("uint64").reshape(-1, 1))
        return starts


def sentence_starts(doc: Doc, boundaries: list[int]) -> list[int]:
    """1 for a token that starts a sentence, -1 for one that does not (spaCy's SENT_START values)."""
    starts: list[int] = []
    previous_end = 0  # end offset of the last word
    after_terminal = False
    closed_quote = False  # « … ! » puis… : a terminal inside quotes ends the sentence only before a capital
    pending_newline = 0  # newlines seen since the last word
    previous_word = None
    length = 0  # tokens since the last sentence start
    for i, token in enumerate(doc):
        length += 1
        if token.is_space:
            pending_newline += token.text.count("\n")
            starts.append(-1 if i else 1)
            continue
        crossed = bool(boundaries) and _crosses(boundaries, previous_end, token.idx)
        previous_end = token.idx + len(token.text)
        if i == 0 or crossed or length > MAX_SENTENCE_TOKENS:
            start = True
        elif after_terminal and token.text not in CLOSERS and token.text not in TERMINAL and (
            not closed_quote or _starts_line_item(token.text)
        ):
            start = True
        elif pending_newline >= 2:
            start = True
        elif pending_newline == 1 and (
            _starts_line_item(token.text) or (previous_word is not None and previous_word.text in {":", ";"})
        ):
            start = True
        else:
            start = False
        starts.append(1 if start else -1)
        if start:
            length = 1
        closed_quote = after_terminal and token.text in CLOSERS
        after_terminal = token.text in TERMINAL or closed_quote
        pending_newline = token.whitespace_.count("\n")
        previous_word = token
    return starts


def _crosses(boundaries: list[int], lo: int, hi: int) -> bool:
    """Is there a boundary b with lo <= b <= hi (between the previous word's end and this word's start)?"""
    k = bisect_left(boundaries, lo)
    return k < len(boundaries) and boundaries[k] <= hi


@Language.factory("posturescan_sentences", default_config={}, assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
