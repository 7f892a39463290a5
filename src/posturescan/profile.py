"""Aggregates document and detection records into an attitude profile, private by design.

Works on the records written to ``documents.jsonl`` / ``detections.jsonl``, so a profile can be rebuilt
from an earlier run without re-analysing. Only ``asserted`` and ``reported`` detections count.

Privacy: what each table may show is decided once, in :mod:`posturescan.visibility` (slices below
``min_authors`` identified authors merged into « autres » with complementary suppression, teams inside their
department, the service × période table on the same lines). Excerpts and the phrases people wrote only come
from departments shown by name with at least ``excerpt_min_authors`` authors. File names never appear: a
skipped document is listed by its keyed pseudonym (``alias``) with a reason stripped of names.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .directory import UNASSIGNED
from .privacy import PrivacySettings
from .records import ANALYSED, COUNTED_STATUSES, STATUSES
from .stats import poisson_interval, wilson_interval
from .visibility import OTHERS, Grouping, crossed, nested, partition, union
from .taxonomy import Taxonomy

NO_DATE = "sans date"
CLASSIFIER = "classifieur"  # pattern key of the detections found by the classifier alone
DIMENSIONS = ("department", "team", "period")
EXCERPTS_PER_FREIN = 3
CANDIDATES_PER_SLOT = 4


class DocumentSet:
    """The numbers of the documents of a slice, each once, in increasing order: 4 bytes a document (a
    Python ``set`` of ints takes about 60), so a profile's memory does not grow with the corpus as fast.

    Documents are numbered in the order they are added, so a slice only ever appends; merging the slices
    of a line (``|=``) keeps each document once, as a set union would."""

    __slots__ = ("_numbers",)

    def __init__(self, numbers=()):
        self._numbers = array("I")
        for number in numbers:
            self.add(number)

    def add(self, number: int) -> None:
        last = self._numbers[-1] if self._numbers else -1
        if number > last:
            self._numbers.append(number)
        elif number != last:
            raise ValueError(f"document {number} added after document {last}")

    def __len__(self) -> int:
        return len(self._numbers)

    def __iter__(self):
        return iter(self._numbers)

    def __ior__(self, other: "DocumentSet") -> "DocumentSet":
        if not self._numbers:
            self._numbers = array("I", other._numbers)
        elif other._numbers:
            self._numbers = array("I", _sorted_union(self._numbers, other._numbers))
        return self


def _sorted_union(a, b):
    """The union of two increasing sequences, increasing, each number once."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] < b[j]:
            yield a[i]
            i += 1
        elif b[j] < a[i]:
            yield b[j]
            j += 1
        else:
            yield a[i]
            i += 1
            j += 1
    yield from a[i:]
    yield from b[j:]


@dataclass
class Cell:
    """Counts for one slice of the corpus."""

    docs: DocumentSet = field(default_factory=lambda: DocumentSet())  # a merged cell counts a document once
    sentences: int = 0
    persons: set = field(default_factory=set)
    detections: Counter = field(default_factory=Counter)  # label -> counted detections
    docs_with: dict = field(default_factory=lambda: defaultdict(lambda: DocumentSet()))  # label -> documents with one or more
    family_detections: Counter = field(default_factory=Counter)
    family_docs_with: dict = field(default_factory=lambda: defaultdict(lambda: DocumentSet()))
    statuses: Counter = field(default_factory=Counter)  # all statuses, counted or not
    patterns: dict = field(default_factory=lambda: defaultdict(Counter))  # label -> pattern id -> count

    @property
    def documents(self) -> int:
        return len(self.docs)

    def merge(self, other: "Cell") -> None:
        self.docs |= other.docs
        self.sentences += other.sentences
        self.persons |= other.persons
        for mine, theirs in ((self.detections, other.detections), (self.family_detections, other.family_detections),
                             (self.statuses, other.statuses)):
            mine.update(theirs)
        for mine, theirs in ((self.docs_with, other.docs_with), (self.family_docs_with, other.family_docs_with)):
            for key, found in theirs.items():
                mine[key] |= found
        for label, counter in other.patterns.items():
            self.patterns[label].update(counter)


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


def summarise(cell: Cell, taxonomy: Taxonomy, *, top_patterns: int = 0, forms: dict | None = None) -> dict:
    """``forms`` (pattern id -> Counter of the words matched, as written) gives each top pattern the phrase
    people actually wrote; without it (no excerpts) a pattern has no phrase."""
    freins = []
    for frein in taxonomy.freins:
        entry = {"id": frein.id, "family": frein.family, "title": frein.title, "levier": frein.is_levier}
        entry.update(measure(len(cell.docs_with.get(frein.id, ())), cell.documents, cell.detections[frein.id],
                             cell.sentences))
        if top_patterns:
            ranked = sorted(((p, c) for p, c in cell.patterns[frein.id].items() if p != CLASSIFIER),
                            key=lambda kv: (-kv[1], kv[0]))
            entry["top_patterns"] = [{"pattern": p, "count": c, "phrase": written_form((forms or {}).get(p))}
                                     for p, c in ranked[:top_patterns]]
            entry["classifier_only"] = cell.patterns[frein.id].get(CLASSIFIER, 0)
        freins.append(entry)
    families = []
    for family in taxonomy.families:
        entry = {"id": family.id, "title": family.title}
        entry.update(measure(len(cell.family_docs_with.get(family.id, ())), cell.documents,
                             cell.family_detections[family.id], cell.sentences))
        families.append(entry)
    levier_ids = {f.id for f in taxonomy.freins if f.is_levier}
    frein_total = sum(c for label, c in cell.detections.items() if label not in levier_ids)
    levier_total = sum(c for label, c in cell.detections.items() if label in levier_ids)
    return {
        "suppressed": False,
        "documents": cell.documents,
        "sentences": cell.sentences,
        "authors": len(cell.persons),
        "statuses": {s: cell.statuses[s] for s in STATUSES},
        "balance": {
            "freins": frein_total,
            "leviers": levier_total,
            "levier_share": round(levier_total / (frein_total + levier_total), 4) if frein_total + levier_total else None,
            "freins_per_1000_sentences": round(1000 * frein_total / cell.sentences, 3) if cell.sentences else 0.0,
            "leviers_per_1000_sentences": round(1000 * levier_total / cell.sentences, 3) if cell.sentences else 0.0,
        },
        "freins": freins,
        "families": families,
    }


def written_form(forms: Counter | None) -> str | None:
    """The most frequent way people wrote a pattern (« c'était gratuit »), ties by text."""
    if not forms:
        return None
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def suppressed(reason: str) -> dict:
    return {"suppressed": True, "reason": reason}


def membership(members) -> str | None:
    """A digest of the slices merged into « autres », so that a comparison can tell whether both runs merged
    the same ones without listing them."""
    if not members:
        return None
    return hashlib.sha256("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:16]


def without_names(reason: str | None, document: dict) -> str | None:
    """A skip reason without the file or folder names it may quote (they are personal data)."""
    if not reason:
        return reason
    for name in sorted({document.get("document") or "", document.get("path") or ""}, key=len, reverse=True):
        parts = [name, *name.replace("\\", "/").split("/")]
        for part in sorted({p for p in parts if len(p) > 2}, key=len, reverse=True):
            reason = reason.replace(part, "[fichier]")
    return reason


def period_of(date: str | None, granularity: str) -> str:
    if not date or len(date) < 7:
        return NO_DATE
    year, month = date[:4], int(date[5:7])
    return f"{year}-{month:02d}" if granularity == "month" else f"{year}-T{(month - 1) // 3 + 1}"


class ProfileBuilder:
    """Feed it (document record, its detection records) pairs; ``build()`` returns the profile dict."""

    def __init__(self, taxonomy: Taxonomy, privacy: PrivacySettings | None = None, *, period: str = "quarter"):
        self.taxonomy = taxonomy
        self.privacy = privacy or PrivacySettings()
        self.period = period
        self._families = {f.id: f.family for f in taxonomy.freins}
        self.overall = Cell()
        self.slices: dict[str, dict[str, Cell]] = {d: defaultdict(Cell) for d in (*DIMENSIONS, "department_period")}
        self.formats: dict[str, Counter] = defaultdict(Counter)
        self.format_cells: dict[str, Cell] = defaultdict(Cell)
        self.skipped: list[dict] = []
        self.excerpts: dict[tuple[str, str], list] = defaultdict(list)  # (label, department) -> candidates
        self.team_parent: dict[str, str] = {}
        self.count = 0  # documents analysed so far (their numbers)
        self.forms: dict = defaultdict(lambda: defaultdict(Counter))  # department -> pattern id -> words as written

    # -- feeding ----------------------------------------------------------------
    def add(self, document: dict, detections: Iterable[dict]) -> None:
        fmt = document.get("format") or "?"
        self.formats[fmt]["documents"] += 1
        format_cell = self.format_cells[fmt]
        if document.get("author"):
            format_cell.persons.add(document["author"])
        if document.get("status") != ANALYSED:
            self.formats[fmt]["skipped"] += 1
            self.skipped.append({"document": document.get("alias") or f"document n° {sum(self.formats[f]['documents'] for f in self.formats)}",
                                 "format": fmt, "reason": without_names(document.get("reason"), document)})
            return
        self.formats[fmt]["analysed"] += 1
        detections = list(detections)
        period = period_of(document.get("date"), self.period)
        contributors = document.get("contributors") or [
            {"person": document.get("author"), "department": document.get("department") or UNASSIGNED,
             "team": document.get("team") or UNASSIGNED, "sentences": document.get("sentences") or 0}]
        touched: dict[tuple[str, str], Cell] = {}

        def cell(dimension: str, value: str) -> Cell:
            c = self.slices[dimension][value]
            touched[(dimension, value)] = c
            return c

        for cells in (self._cells_for(document, c, period, cell) for c in contributors):
            for c, contributor in cells:
                c.sentences += int(contributor.get("sentences") or 0)
                if contributor.get("person"):
                    c.persons.add(contributor["person"])
        number = self.count
        self.count += 1
        for whole in (self.overall, self.format_cells[fmt]):
            whole.sentences += sum(int(c.get("sentences") or 0) for c in contributors)
            whole.persons.update(c["person"] for c in contributors if c.get("person"))
        labels_in: dict[int, set] = defaultdict(set)
        for det in detections:
            group = {"department": det.get("department") or UNASSIGNED}
            targets = [self.overall, self.format_cells[fmt],
                       *self._group_cells(group["department"], det.get("team"), period, cell)]
            for c in targets:
                c.statuses[det["status"]] += 1
                if det.get("speaker"):  # a figure about someone's words counts them among its authors
                    c.persons.add(det["speaker"])
            if det["status"] not in COUNTED_STATUSES:
                self._excerpt_candidate(det, group["department"])
                continue
            label = det["label"]
            for c in targets:
                c.detections[label] += 1
                c.family_detections[self._families[label]] += 1
                c.patterns[label][det.get("pattern") or CLASSIFIER] += 1
                labels_in[id(c)].add(label)
            if det.get("pattern") and det.get("evidence"):
                self.forms[group["department"]][det["pattern"]][" ".join(det["evidence"].split()).lower()] += 1
            self._excerpt_candidate(det, group["department"])
        for c in {id(c): c for c in [self.overall, self.format_cells[fmt], *touched.values()]}.values():
            c.docs.add(number)
            for label in labels_in.get(id(c), ()):
                c.docs_with[label].add(number)
                c.family_docs_with[self._families[label]].add(number)

    def _cells_for(self, document: dict, contributor: dict, period: str, cell):
        department = contributor.get("department") or UNASSIGNED
        return [(c, contributor) for c in self._group_cells(department, contributor.get("team"), period, cell)]

    def _group_cells(self, department: str, team: str | None, period: str, cell) -> list[Cell]:
        team_key = f"{department} / {team or UNASSIGNED}"
        self.team_parent[team_key] = department
        return [cell("department", department), cell("team", team_key), cell("period", period),
                cell("department_period", (department, period))]

    def _excerpt_candidate(self, det: dict, department: str) -> None:
        if not det.get("sentence"):
            return
        slot = self.excerpts[(det["label"], department)]
        counted = det["status"] in COUNTED_STATUSES
        slot.append(((not counted, -float(det.get("score") or 0), det["document"], det["start"]),
                     {"sentence": det["sentence"], "status": det["status"], "department": department,
                      "score": det.get("score")}))
        slot.sort(key=lambda item: item[0])
        del slot[CANDIDATES_PER_SLOT:]

    # -- building ---------------------------------------------------------------
    def _summaries(self, cells: dict, grouping: Grouping) -> dict:
        return {line: self._line_summary(cells, members, line in grouping.masked)
                for line, members in grouping.groups.items()}

    def _line_summary(self, cells: dict, members, masked: bool) -> dict:
        """The figures of one visible line (its members' cells merged), or why it is masked."""
        if masked:
            return suppressed(f"moins de {self.privacy.min_authors} auteurs")
        cell = Cell()
        for member in members:
            cell.merge(cells[member])
        return summarise(cell, self.taxonomy)

    def groupings(self) -> dict[str, Grouping]:
        """The visibility of every table, decided once (see :mod:`posturescan.visibility`)."""
        minimum = self.privacy.min_authors
        persons = {d: {name: c.persons for name, c in self.slices[d].items()} for d in DIMENSIONS}
        departments = partition(persons["department"], minimum)
        periods = partition(persons["period"], minimum)
        # the crossed table may mask a service or a period line in its own table: teams follow afterwards
        self.crossed_cells = crossed(departments, periods,
                                     {key: c.persons for key, c in self.slices["department_period"].items()}, minimum)
        teams = nested(departments, persons["team"], self.team_parent.__getitem__, minimum)
        return {"department": departments, "team": teams, "period": periods,
                "format": partition({f: c.persons for f, c in self.format_cells.items()}, minimum)}

    def _crossed(self, groupings: dict[str, Grouping]) -> dict:
        """Service × période on the lines of the two tables, with complementary suppression."""
        base = self.slices["department_period"]
        members, masked = self.crossed_cells
        return {f"{key[0]} | {key[1]}": self._line_summary(base, found, key in masked) for key, found in members.items()}

    def _formats(self, grouping: Grouping) -> dict:
        out = {}
        for line, members in grouping.groups.items():
            counts = Counter()
            for fmt in members:
                counts.update(self.formats[fmt])
            entry = {"documents": counts["documents"], "analysed": counts["analysed"], "skipped": counts["skipped"]}
            if line in grouping.masked:
                out[line] = suppressed(f"moins de {self.privacy.min_authors} auteurs")
                continue
            entry["sentences"] = sum(self.format_cells[f].sentences for f in members)
            entry["detections"] = sum(sum(self.format_cells[f].detections.values()) for f in members)
            entry["authors"] = len(union({f: self.format_cells[f].persons for f in members}, members))
            out[line] = entry
        return out

    def _excerpts(self, departments: Grouping) -> dict[str, list[dict]]:
        allowed = self._excerpt_departments(departments)
        chosen: dict[str, list] = defaultdict(list)
        for (label, department), candidates in self.excerpts.items():
            if department in allowed:
                chosen[label].extend(candidates)
        return {label: [item for _, item in sorted(items, key=lambda it: it[0])[:EXCERPTS_PER_FREIN]]
                for label, items in sorted(chosen.items())}

    def _forms(self, departments: Grouping) -> dict | None:
        """Written phrases follow the excerpt rule (excerpts on, departments shown by name and large enough)."""
        forms: dict[str, Counter] = defaultdict(Counter)
        for department in self._excerpt_departments(departments):
            for pattern, written in self.forms.get(department, {}).items():
                forms[pattern].update(written)
        return forms

    def _excerpt_departments(self, departments: Grouping) -> set[str]:
        if not self.privacy.excerpts or len(self.overall.persons) < self.privacy.excerpt_min_authors:
            return set()
        cells = self.slices["department"]
        return {d for d, members in departments.groups.items() if members == (d,) and d not in departments.masked
                and len(cells[d].persons) >= self.privacy.excerpt_min_authors}

    def build(self) -> dict:
        minimum = self.privacy.min_authors
        enough = len(self.overall.persons) >= minimum
        reasons = Counter(s["reason"] for s in self.skipped)
        groupings = self.groupings()
        profile = {
            "counted_statuses": sorted(COUNTED_STATUSES),
            "settings": {**self.privacy.to_dict(), "period": self.period},
            "overall": summarise(self.overall, self.taxonomy, top_patterns=5, forms=self._forms(groupings["department"]))
            if enough
            else {**suppressed(f"moins de {minimum} auteurs distincts identifiés dans l'ensemble analysé"),
                  "authors_below_threshold": True},
            "formats": self._formats(groupings["format"]) if enough else {},
            "skipped": {
                "count": len(self.skipped),
                "by_reason": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0] or ""))),
                "documents": sorted(self.skipped, key=lambda s: (s["document"], s["reason"] or "")),
            },
        }
        if enough:
            profile["dimensions"] = {d: {"groups": self._summaries(self.slices[d], groupings[d]),
                                         "merged_into_others": groupings[d].merged,
                                         "others": membership(groupings[d].groups.get(OTHERS))} for d in DIMENSIONS}
            profile["department_period"] = self._crossed(groupings)
            profile["excerpts"] = self._excerpts(groupings["department"])
        return profile
