"""Aggregates document and detection records into an attitude profile.

Works on the records written to ``documents.jsonl`` / ``detections.jsonl``, so that a profile can be
rebuilt from an earlier run without re-analysing. Only ``asserted`` and ``reported`` detections count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .records import ANALYSED, COUNTED_STATUSES, STATUSES
from .stats import poisson_interval, wilson_interval
from .taxonomy import Taxonomy


@dataclass
class Cell:
    """Counts for one slice of the corpus (everything, one format, one group, one period…)."""

    documents: int = 0
    sentences: int = 0
    authors: set = field(default_factory=set)
    detections: Counter = field(default_factory=Counter)  # label -> counted detections
    documents_with: Counter = field(default_factory=Counter)  # label -> documents with >= 1 counted detection
    family_detections: Counter = field(default_factory=Counter)
    family_documents_with: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)  # status -> detections (all statuses)
    patterns: dict = field(default_factory=lambda: defaultdict(Counter))  # label -> pattern -> count

    def add(self, document: dict, detections: list[dict], family_of) -> None:
        self.documents += 1
        self.sentences += int(document.get("sentences") or 0)
        if document.get("author"):
            self.authors.add(document["author"])
        labels, families = set(), set()
        for det in detections:
            self.statuses[det["status"]] += 1
            if det["status"] not in COUNTED_STATUSES:
                continue
            if det.get("speaker"):
                self.authors.add(det["speaker"])
            label = det["label"]
            self.detections[label] += 1
            self.family_detections[family_of(label)] += 1
            self.patterns[label][det.get("pattern") or "classifieur"] += 1
            labels.add(label)
            families.add(family_of(label))
        self.documents_with.update(labels)
        self.family_documents_with.update(families)


def measure(count_docs: int, documents: int, count: int, sentences: int) -> dict:
    share_low, share_high = wilson_interval(count_docs, documents)
    rate_low, rate_high = poisson_interval(count, sentences, per=1000)
    return {
        "detections": count,
        "documents": count_docs,
        "share_documents": round(count_docs / documents, 4) if documents else 0.0,
        "share_documents_ci95": [round(share_low, 4), round(share_high, 4)],
        "rate_per_1000_sentences": round(1000 * count / sentences, 3) if sentences else 0.0,
        "rate_ci95": [round(rate_low, 3), round(rate_high, 3)],
    }


def summarise(cell: Cell, taxonomy: Taxonomy, *, top_patterns: int = 5) -> dict:
    freins = []
    for frein in taxonomy.freins:
        entry = {"id": frein.id, "family": frein.family, "title": frein.title, "levier": frein.is_levier}
        entry.update(measure(cell.documents_with[frein.id], cell.documents, cell.detections[frein.id], cell.sentences))
        entry["top_patterns"] = [
            {"pattern": p, "count": c}
            for p, c in sorted(cell.patterns[frein.id].items(), key=lambda kv: (-kv[1], kv[0]))[:top_patterns]
        ]
        freins.append(entry)
    families = []
    for family in taxonomy.families:
        entry = {"id": family.id, "title": family.title}
        entry.update(measure(cell.family_documents_with[family.id], cell.documents,
                             cell.family_detections[family.id], cell.sentences))
        families.append(entry)
    levier_ids = {f.id for f in taxonomy.freins if f.is_levier}
    frein_total = sum(c for label, c in cell.detections.items() if label not in levier_ids)
    levier_total = sum(c for label, c in cell.detections.items() if label in levier_ids)
    return {
        "documents": cell.documents,
        "sentences": cell.sentences,
        "authors": len(cell.authors),
        "statuses": {s: cell.statuses[s] for s in STATUSES},
        "balance": {
            "freins": frein_total,
            "leviers": levier_total,
            "levier_share": round(levier_total / (frein_total + levier_total), 4) if frein_total + levier_total else None,
        },
        "freins": freins,
        "families": families,
    }


class ProfileBuilder:
    """Feed it (document record, its detection records) pairs; ``build()`` returns the profile dict."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._families = {f.id: f.family for f in taxonomy.freins}
        self.overall = Cell()
        self.formats: dict[str, Counter] = defaultdict(Counter)
        self.by_format: dict[str, Cell] = defaultdict(Cell)
        self.skipped: list[dict] = []

    def add(self, document: dict, detections: Iterable[dict]) -> None:
        fmt = document.get("format") or "?"
        self.formats[fmt]["documents"] += 1
        if document.get("status") != ANALYSED:
            self.formats[fmt]["skipped"] += 1
            self.skipped.append({"document": document["document"], "format": fmt, "reason": document.get("reason")})
            return
        detections = list(detections)
        self.formats[fmt]["analysed"] += 1
        self.overall.add(document, detections, self._families.get)
        self.by_format[fmt].add(document, detections, self._families.get)

    def build(self) -> dict:
        reasons = Counter(s["reason"] for s in self.skipped)
        return {
            "counted_statuses": sorted(COUNTED_STATUSES),
            "overall": summarise(self.overall, self.taxonomy),
            "formats": {
                fmt: {
                    "documents": counts["documents"],
                    "analysed": counts["analysed"],
                    "skipped": counts["skipped"],
                    "sentences": self.by_format[fmt].sentences,
                    "detections": sum(self.by_format[fmt].detections.values()),
                }
                for fmt, counts in sorted(self.formats.items())
            },
            "skipped": {
                "count": len(self.skipped),
                "by_reason": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0] or ""))),
                "documents": self.skipped,
            },
        }
