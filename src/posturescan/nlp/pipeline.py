"""Builds the spaCy pipeline: fr_core_news_sm plus the posturescan components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from . import lexicon, normalize, qualifiers, sentences, structure  # noqa: F401  (registers the factories)
from .extensions import register_extensions

BASE_MODEL = "fr_core_news_sm"


def build_pipeline(*, classifier_dir: str | None = None, patterns_dir: str | None = None,
                   cues_dir: str | None = None, encoder: str | None = None) -> Language:
    """The analysis pipeline. ``classifier_dir`` adds the trained sentence classifier (see ``posturescan.train``);
    ``encoder`` must then be the one it was trained with (None: the model's own, see ``posturescan.encoders``).

    NER is loaded but disabled: it only serves to mask names in excerpts (``nlp.get_pipe("ner")``).
    """
    register_extensions()
    nlp = spacy.load(BASE_MODEL)
    nlp.disable_pipe("ner")
    nlp.add_pipe("posturescan_sentences", first=True)
    nlp.add_pipe("posturescan_normalizer", after="lemmatizer")
    nlp.add_pipe("posturescan_lexicon", config={"patterns_dir": patterns_dir})
    if classifier_dir is not None:
        from . import classifier  # noqa: F401

        nlp.add_pipe("posturescan_classifier", config={"model_dir": str(classifier_dir), "encoder": encoder})
    nlp.add_pipe("posturescan_qualifiers", config={"cues_dir": cues_dir})
    nlp.add_pipe("posturescan_structure")
    if classifier_dir is not None:
        nlp.add_pipe("posturescan_decision", config={"model_dir": str(classifier_dir), "encoder": encoder})
    return nlp
