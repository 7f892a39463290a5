"""The one rule that combines lexicon hits and classifier scores (documented in the README and model card).

For a sentence, a label ``l`` and the classifier's calibrated probability ``p``:

* a **lexicon hit** for ``l`` counts when its status (from the context qualifiers) is asserted or
  reported **and** ``p >= lexicon_threshold[l]`` — a lower bar than the classifier's own, so the lexicon
  lends confidence, while a pattern firing on ordinary vocabulary is vetoed by a very low ``p``;
* **without a lexicon hit**, ``l`` counts when ``p >= threshold[l]`` and the qualifiers give the sentence
  an asserted or reported status.

Both thresholds are chosen per label on the dev split (``posturescan train``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import COUNTED_STATUSES


@dataclass
class DecisionRule:
    labels: list[str]
    threshold: dict[str, float]
    lexicon_threshold: dict[str, float]

    def lexicon_confirmed(self, label: str, p: float) -> bool:
        return p >= self.lexicon_threshold.get(label, 0.0)

    def classifier_fires(self, label: str, p: float) -> bool:
        return p >= self.threshold.get(label, 1.01)

    def counted_labels(self, probabilities: dict[str, float], lexicon_status: dict[str, str],
                       sentence_status: str) -> set[str]:
        """Labels counted in one sentence: the fast path of evaluation, same rule as the pipeline."""
        counted = set()
        for label in self.labels:
            p = probabilities.get(label, 0.0)
            if label in lexicon_status:
                if lexicon_status[label] in COUNTED_STATUSES and self.lexicon_confirmed(label, p):
                    counted.add(label)
            elif sentence_status in COUNTED_STATUSES and self.classifier_fires(label, p):
                counted.add(label)
        return counted

    def to_dict(self) -> dict:
        return {"labels": self.labels, "threshold": self.threshold, "lexicon_threshold": self.lexicon_threshold}

    @classmethod
    def from_dict(cls, data: dict) -> "DecisionRule":
        return cls(list(data["labels"]), dict(data["threshold"]), dict(data["lexicon_threshold"]))
