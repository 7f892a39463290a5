"""Token normalisation so that patterns ignore case, accents and the kind of apostrophe."""

from __future__ import annotations

import unicodedata

from spacy.language import Language
from spacy.tokens import Doc

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})


def fold(text: str) -> str:
    """Lower-case, straight apostrophes, no accents: « Ça n’a pas été fait » -> « ca n'a pas ete fait »."""
    text = text.translate(_APOSTROPHES).lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("œ", "oe").replace("æ", "ae")


class TokenNormalizer:
    """Sets ``token.norm_`` to the folded form, which the lexicon patterns match on (``NORM``)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = fold(token.text)
        return doc


@Language.factory("posturescan_normalizer", default_config={}, assigns=["token.norm"])
def make_normalizer(nlp: Language, name: str) -> TokenNormalizer:
    return TokenNormalizer()
