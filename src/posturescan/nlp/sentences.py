"""Rule-based sentence boundaries, set before the parser (which then respects them).

fr_core_news_sm's parser splits short French sentences erratically (« Personne | ici ne dit que… »);
a detection's context must stay in one sentence, so boundaries come from punctuation and line breaks.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINAL = {".", "!", "?", "…", "?!", "!?", "...", "!!", "??"}
CLOSERS = {"»", "”", '"', ")", "›"}
BULLETS = {"-", "–", "—", "•", "*", "·"}
#: A sentence longer than this many tokens is cut: the parser and the qualifier scopes cost more than
#: linear time in the sentence length (a 200,000-character line without punctuation took 92 s).
MAX_SENTENCE_TOKENS = 200


def _starts_line_item(text: str) -> bool:
    first = text[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in BULLETS or first in "«\"“")


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        # the starts are computed first and set in one array write: setting ``token.is_sent_start`` one
        # token at a time rescans the document each time (quadratic on long documents)
        starts = sentence_starts(doc)
        if starts:
            doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


def sentence_starts(doc: Doc) -> list[int]:
    """1 for a token that starts a sentence, -1 for the others."""
    starts = []
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
        if i == 0 or length > MAX_SENTENCE_TOKENS:
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


@Language.factory("posturescan_sentences", default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
