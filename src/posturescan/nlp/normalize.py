"""Token normalisation so that patterns ignore case, accents and the kind of apostrophe."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..text import fold

class TokenNormalizer:
    """Sets ``token.norm_`` to the folded form, which the lexicon patterns match on (``NORM``)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = fold(token.text)
        return doc


@Language.factory("posturescan_normalizer", default_config={}, assigns=["token.norm"])
def make_normalizer(nlp: Language, name: str) -> TokenNormalizer:
    return TokenNormalizer()
