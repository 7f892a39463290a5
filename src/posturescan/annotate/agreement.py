"""``annotate agree``: agreement between two annotators on the sentences both annotated (matched by text).

- Cohen's kappa per frein on its binary presence (the id ticked, whatever the status) and on the status
  (scikit-learn's ``cohen_kappa_score``); ``None`` when undefined (both annotators constant, e.g. a frein
  neither ever ticked).
- Krippendorff's alpha (nominal) overall, one value per sentence: the status with the sorted ids.
- The disagreements to adjudicate, one per sentence where the two annotations differ.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Hashable, Sequence

from ..corpus import dedupe_key
from ..io import atomic_text, write_jsonl
from .formats import Annotation


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable]]) -> float | None:
    """Krippendorff's alpha for nominal data. ``units``: the values given to each unit (None = missing).

    alpha = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k, with the coincidence matrix
    o_ck = Σ_u (number of ordered pairs (c, k) of values in u) / (m_u − 1); units with fewer than two
    values are not pairable and left out. None when there is no variation at all (undefined)."""
    coincidences: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) < 2:
            continue
        for a, b in permutations(values, 2):
            coincidences[a, b] += 1 / (len(values) - 1)
    totals: Counter = Counter()
    for (a, _), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def kappa(a: list, b: list) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(set(a) | set(b)) < 2:  # both annotators gave one and the same value everywhere
        return None
    value = float(cohen_kappa_score(a, b))
    return None if value != value else value  # NaN: chance agreement is total


def status_of(annotation: Annotation) -> str:
    return annotation.status or "none"


@dataclass
class Agreement:
    sentences: int = 0
    only_a: int = 0
    only_b: int = 0
    kappa_labels: dict[str, float | None] = field(default_factory=dict)
    kappa_status: float | None = None
    alpha: float | None = None
    disagreements: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"sentences": self.sentences, "only_a": self.only_a, "only_b": self.only_b,
                "kappa_labels": self.kappa_labels, "kappa_status": self.kappa_status, "alpha": self.alpha,
                "disagreements": len(self.disagreements)}


def by_text(annotations: list[Annotation]) -> dict[str, Annotation]:
    out: dict[str, Annotation] = {}
    for annotation in annotations:
        if not annotation.skipped:
            out.setdefault(dedupe_key(annotation.text), annotation)
    return out


def agreement(a: list[Annotation], b: list[Annotation], labels: Sequence[str]) -> Agreement:
    first, second = by_text(a), by_text(b)
    common = [k for k in first if k in second]
    result = Agreement(sentences=len(common), only_a=len(first) - len(common), only_b=len(second) - len(common))
    pairs = [(first[k], second[k]) for k in common]
    for label in labels:
        result.kappa_labels[label] = kappa([label in x.ids for x, _ in pairs], [label in y.ids for _, y in pairs])
    result.kappa_status = kappa([status_of(x) for x, _ in pairs], [status_of(y) for _, y in pairs])
    result.alpha = krippendorff_alpha_nominal([[whole(x), whole(y)] for x, y in pairs])
    for x, y in pairs:
        if whole(x) != whole(y):
            result.disagreements.append({
                "text": x.text, "a_labels": sorted(x.ids), "a_status": status_of(x), "a_where": x.where,
                "b_labels": sorted(y.ids), "b_status": status_of(y), "b_where": y.where})
    return result


def whole(annotation: Annotation) -> str:
    return " ".join([status_of(annotation), *sorted(annotation.ids)])


def write_disagreements(path: Path, rows: list[dict]) -> None:
    """JSONL, or CSV (UTF-8 with BOM, ids joined by « | ») when the name ends in .csv."""
    if Path(path).suffix.lower() != ".csv":
        write_jsonl(path, rows)
        return
    columns = ["text", "a_labels", "a_status", "b_labels", "b_status", "a_where", "b_where"]
    with atomic_text(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["|".join(row[c]) if isinstance(row[c], list) else row[c] for c in columns])
