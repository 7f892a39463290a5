"""Text features for the sentence classifier.

Only the sentence text is used (folded: case, accents and apostrophes ignored), never the dependency
parse, so that the classifier can score every sentence cheaply and the expensive analysis runs only on
candidates. Word n-grams carry a negation mark (``neg_`` prefix) within a short window after « ne »,
« pas », « jamais »…, so that « je sais vendre » and « je ne sais pas vendre » do not look alike.
"""

from __future__ import annotations

import re

import numpy as np

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from ..nlp.normalize import fold

TOKEN = re.compile(r"[a-z0-9]+'?|[«»\"?!:;]")
NEGATORS = {"ne", "n'", "pas", "jamais", "rien", "personne", "aucun", "aucune", "plus", "pantoute", "nullement"}
CLAUSE_END = {",", ";", ":", "?", "!", "«", "»", '"', "mais", "et", "ou", "donc", "car", "que", "qu'"}
NEGATION_WINDOW = 4


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def negation_marked(text: str) -> str:
    """« je ne sais pas vendre » -> « je ne neg_sais neg_pas neg_vendre »."""
    out, left = [], 0
    for token in tokens(text):
        if token in CLAUSE_END:
            left = 0
            out.append(token)
            continue
        out.append(f"neg_{token}" if left else token)
        if token in NEGATORS:
            left = NEGATION_WINDOW
        elif left:
            left -= 1
    return " ".join(out)


class NegationMarker(BaseEstimator, TransformerMixin):
    """Stateless transformer: texts -> folded, negation-marked token strings."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [negation_marked(text) for text in X]


def identity_tokenizer(text: str) -> list[str]:
    return text.split()


def build_features(*, max_char_features: int = 60000, max_word_features: int = 40000) -> FeatureUnion:
    from sklearn.pipeline import make_pipeline

    words = make_pipeline(
        NegationMarker(),
        TfidfVectorizer(tokenizer=identity_tokenizer, token_pattern=None, lowercase=False, ngram_range=(1, 3),
                        min_df=2, max_features=max_word_features, sublinear_tf=True, dtype=np.float32),
    )
    chars = TfidfVectorizer(analyzer="char_wb", preprocessor=fold, ngram_range=(2, 5), min_df=2,
                            max_features=max_char_features, sublinear_tf=True, dtype=np.float32)
    return FeatureUnion([("words", words), ("chars", chars)])
