"""Rule-based sentence boundaries, set before the parser (which then respects them).

fr_core_news_sm's parser splits short French sentences erratically (« Personne | ici ne dit que… »);
a detection's context must stay in one sentence, so boundaries come from punctuation and line breaks.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

TERMINAL = {".", "!", "?", "…", "?!", "!?", "...", "!!", "??"}
CLOSERS = {"»", "”", '"', ")", "›"}
BULLETS = {"-", "–", "—", "•", "*", "·"}


def _starts_line_item(text: str) -> bool:
    first = text[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in BULLETS or first in "«\"“")


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        after_terminal = False
        closed_quote = False  # « … ! » puis… : a terminal inside quotes ends the sentence only before a capital
        pending_newline = 0  # newlines seen since the last word
        previous_word = None
        for i, token in enumerate(doc):
            if token.is_space:
                pending_newline += token.text.count("\n")
                token.is_sent_start = False if i else True
                continue
            if i == 0:
                token.is_sent_start = True
            elif after_terminal and token.text not in CLOSERS and token.text not in TERMINAL and (
                not closed_quote or _starts_line_item(token.text)
            ):
                token.is_sent_start = True
            elif pending_newline >= 2:
                token.is_sent_start = True
            elif pending_newline == 1 and (
                _starts_line_item(token.text) or (previous_word is not None and previous_word.text in {":", ";"})
            ):
                token.is_sent_start = True
            else:
                token.is_sent_start = False
            closed_quote = after_terminal and token.text in CLOSERS
            after_terminal = token.text in TERMINAL or closed_quote
            pending_newline = token.whitespace_.count("\n")
            previous_word = token
        return doc


@Language.factory("posturescan_sentences", default_config={}, assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
