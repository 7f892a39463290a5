"""The one rule that combines lexicon hits, classifier scores and statuses (README and model card), and
``posturescan_decision``, the spaCy component that applies it to lexicon hits.

Two models score each sentence: the *topic* model gives ``p``, the probability that the sentence is
about frein ``l`` (whatever its status); the *status* model gives the most likely status of the
sentence (counted, negated, hypothetical, mention) with its probability.

1. Status. The context qualifiers decide first: a ConText cue (negation, hypothesis, citation…) wins.
   When no cue fired and the qualifiers left the statement asserted or reported, the status model may
   still turn it into negated / hypothetical / mention if it is at least ``status_confidence`` sure.
2. Counting. A **lexicon hit** for ``l`` counts when its status is asserted or reported and
   ``p >= lexicon_threshold[l]`` (a lower bar: the pattern lends confidence; a pattern that fires on
   ordinary vocabulary is vetoed by a very low ``p``). **Without a lexicon hit**, ``l`` counts when
   ``p >= threshold[l]``, the sentence's status is asserted or reported and, when the model has an
   encoder, the sentence resembles the training sentences about ``l``: its highest cosine similarity
   to them in encoder space reaches ``guard[l]`` (the similarity guard; labels absent from ``guard``
   have none).

The thresholds and guards are chosen per label on dev (plus out-of-domain neutral text) by ``posturescan train``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..records import COUNTED_STATUSES
from .extensions import SPANS_KEY, add_explain
from .modelfiles import DECISION_FILE, ModelError

COUNTED = "counted"  # the status model's class for asserted or reported


@dataclass
class DecisionRule:
    labels: list[str]
    threshold: dict[str, float]
    lexicon_threshold: dict[str, float]
    status_confidence: float = 1.01  # above 1: the status model is never used
    notes: dict = field(default_factory=dict)
    guard: dict[str, float] = field(default_factory=dict)  # label -> minimum similarity to its training sentences
    encoder: str = "none"  # the encoder the models were trained with (posturescan.encoders)

    def lexicon_confirmed(self, label: str, p: float) -> bool:
        return p >= self.lexicon_threshold.get(label, 0.0)

    def classifier_fires(self, label: str, p: float, similarity: dict[str, float] | None = None) -> bool:
        """Classifier alone (no lexicon hit): ``p`` reaches the threshold and the guard, if any, passes."""
        return p >= self.threshold.get(label, 1.01) and self.guard_passes(label, similarity)

    def guard_passes(self, label: str, similarity: dict[str, float] | None) -> bool:
        bar = self.guard.get(label)
        return bar is None or bar <= 0.0 or (similarity is not None and similarity.get(label, -1.0) >= bar)

    def model_status(self, status_guess: tuple[str, float] | None) -> str | None:
        """The status model's verdict when it is sure enough and says « not counted », else None."""
        if status_guess is None:
            return None
        status, confidence = status_guess
        if status != COUNTED and confidence >= self.status_confidence:
            return status
        return None

    def final_status(self, qualifier_status: str, status_guess: tuple[str, float] | None) -> str:
        if qualifier_status in COUNTED_STATUSES:
            return self.model_status(status_guess) or qualifier_status
        return qualifier_status

    def counted_labels(self, probabilities: dict[str, float], lexicon_status: dict[str, str],
                       sentence_status: str, status_guess: tuple[str, float] | None = None,
                       similarity: dict[str, float] | None = None) -> set[str]:
        """Labels counted in one sentence: the fast path of evaluation, same rule as the pipeline."""
        counted = set()
        sentence_status = self.final_status(sentence_status, status_guess)
        for label in self.labels:
            p = probabilities.get(label, 0.0)
            if label in lexicon_status:
                if self.final_status(lexicon_status[label], status_guess) in COUNTED_STATUSES and self.lexicon_confirmed(label, p):
                    counted.add(label)
            elif sentence_status in COUNTED_STATUSES and self.classifier_fires(label, p, similarity):
                counted.add(label)
        return counted

    def to_dict(self) -> dict:
        return {"labels": self.labels, "threshold": self.threshold, "lexicon_threshold": self.lexicon_threshold,
                "status_confidence": self.status_confidence, "notes": self.notes, "guard": self.guard,
                "encoder": self.encoder}

    @classmethod
    def from_dict(cls, data: dict) -> "DecisionRule":
        return cls(list(data["labels"]), dict(data["threshold"]), dict(data["lexicon_threshold"]),
                   float(data.get("status_confidence", 1.01)), dict(data.get("notes", {})),
                   {k: float(v) for k, v in data.get("guard", {}).items()}, str(data.get("encoder", "none")))

    @classmethod
    def load(cls, folder: str | Path) -> "DecisionRule":
        """The rule saved in ``folder`` (``decision.json``) by ``posturescan train``."""
        try:
            return cls.from_dict(json.loads((Path(folder) / DECISION_FILE).read_text(encoding="utf-8")))
        except (OSError, KeyError, json.JSONDecodeError) as err:
            raise ModelError(f"cannot read {DECISION_FILE} in {folder}: {err}") from None


class Decision:
    """Drops the lexicon hits that the classifier vetoes (asserted or reported, but ``p`` below the bar)."""

    def __init__(self, name: str, *, model_dir: str, encoder: str | None = None):
        self.name = name
        self.rule = DecisionRule.load(model_dir)  # the encoder is checked by the classifier, which loads the model

    def __call__(self, doc: Doc) -> Doc:
        if doc._.sentence_scores is None:
            return doc
        kept = []
        for span in doc.spans.get(SPANS_KEY, []):
            if span._.source == "lexicon":
                p = span._.score
                if span._.status in COUNTED_STATUSES and not self.rule.lexicon_confirmed(span.label_, p):
                    continue
                span._.source = "lexicon+classifier"
                add_explain(span, f"classifieur : p = {p:.2f} (seuil avec motif {self.rule.lexicon_threshold[span.label_]:.2f})")
            kept.append(span)
        doc.spans[SPANS_KEY] = kept
        return doc


@Language.factory("posturescan_decision", default_config={"model_dir": None, "encoder": None})
def make_decision(nlp: Language, name: str, *, model_dir: str, encoder: str | None) -> Decision:
    return Decision(name, model_dir=model_dir, encoder=encoder)
