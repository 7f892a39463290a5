"""The annotated corpus: reading, validating and splitting sentence records.

A record is ``{"text", "labels", "status", "meta"}`` (see ``corpus/GUIDE.md``). ``labels`` holds the ids
that count (status asserted or reported); for negated / hypothetical / mention sentences it is empty and
``meta.target`` names the frein involved.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .io import JsonlError, numbered_records
from .text import fold
from .records import COUNTED_STATUSES, STATUSES
from .taxonomy import Taxonomy

CORPUS_STATUSES = (*STATUSES, "none")
SPLITS = ("train", "dev", "test")
SPLIT_BOUNDS = (70, 85)  # hash % 100 below 70 → train, below 85 → dev, else test
NEAR_DUPLICATE_COSINE = 0.9


class CorpusError(ValueError):
    pass


@dataclass
class Example:
    text: str
    labels: list[str]
    status: str
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"text": self.text, "labels": self.labels, "status": self.status, "meta": self.meta}


def validate_record(record: dict, taxonomy: Taxonomy, where: str) -> Example:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise CorpusError(f"{where}: a record needs a non-empty 'text'")
    labels = record.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise CorpusError(f"{where}: 'labels' must be a list of ids")
    unknown = sorted(set(labels) - set(taxonomy.ids))
    if unknown:
        raise CorpusError(f"{where}: unknown label(s) {', '.join(unknown)}")
    if len(set(labels)) != len(labels):
        raise CorpusError(f"{where}: a label is repeated")
    status = record.get("status")
    if status not in CORPUS_STATUSES:
        raise CorpusError(f"{where}: status must be one of {', '.join(CORPUS_STATUSES)}")
    if bool(labels) != (status in COUNTED_STATUSES):
        raise CorpusError(f"{where}: labels must be non-empty exactly when status is asserted or reported")
    meta = record.get("meta") or {}
    target = meta.get("target")
    if status in ("negated", "hypothetical", "mention") and target not in taxonomy.ids:
        raise CorpusError(f"{where}: a {status} sentence needs meta.target, a known id")
    return Example(record["text"].strip(), list(labels), status, dict(meta))


def read_examples(path: Path, taxonomy: Taxonomy, errors: list[str] | None = None) -> list[Example]:
    """The examples of one batch. Without ``errors`` the first problem raises CorpusError; with a list, every
    problem (file:line: reason) is appended to it, bad lines are skipped and reading goes on."""
    examples = []
    try:
        for number, record in numbered_records(path, errors):
            try:
                examples.append(validate_record(record, taxonomy, f"{Path(path).name}:{number}"))
            except CorpusError as err:
                if errors is None:
                    raise
                errors.append(str(err))
    except JsonlError as err:
        if errors is None:
            raise CorpusError(str(err)) from None
        errors.append(str(err))
    return examples


def dedupe_key(text: str) -> str:
    """Case, accents, punctuation and spacing do not make two sentences different."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def stable_bucket(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_of(key: str) -> str:
    bucket = stable_bucket(key)
    return "train" if bucket < SPLIT_BOUNDS[0] else "dev" if bucket < SPLIT_BOUNDS[1] else "test"


def near_duplicate_pairs(texts: list[str], threshold: float = NEAR_DUPLICATE_COSINE, *,
                         against: list[str] | None = None) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of texts whose character 3–5-gram TF-IDF cosine is at least ``threshold``.

    With ``against``, pairs (i in ``texts``, j in ``against``) instead: memory grows with
    len(texts) × len(against), not with the square of the whole corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if against is None and len(texts) < 2 or against is not None and not (texts and against):
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=dedupe_key)
    matrix = vectorizer.fit_transform(texts + (against or []))
    if against is not None:
        sims = (matrix[: len(texts)] @ matrix[len(texts):].T).tocoo()
        return sorted((int(i), int(j), float(v)) for i, j, v in zip(sims.row, sims.col, sims.data) if v >= threshold)
    sims = (matrix @ matrix.T).tocoo()
    return sorted((int(i), int(j), float(v)) for i, j, v in zip(sims.row, sims.col, sims.data) if i < j and v >= threshold)


def group_near_duplicates(texts: list[str], pairs: list[tuple[int, int, float]] | None = None) -> list[int]:
    """Union-find over near-duplicate pairs: returns for each text the index of its group's representative.

    ``pairs``: the texts' :func:`near_duplicate_pairs`, when already computed (they are the costly part)."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in near_duplicate_pairs(texts) if pairs is None else pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(len(texts))]


def assign_splits(examples: list[Example], pairs: list[tuple[int, int, float]] | None = None) -> dict[str, list[Example]]:
    """Deterministic split: a group of near-duplicates goes where the hash of its first member sends it.

    ``pairs``: the examples' :func:`near_duplicate_pairs`, when already computed."""
    keys = [dedupe_key(e.text) for e in examples]
    groups = group_near_duplicates([e.text for e in examples], pairs)
    splits: dict[str, list[Example]] = {name: [] for name in SPLITS}
    for example, group in zip(examples, groups):
        splits[split_of(keys[group])].append(example)
    return splits


def label_counts(examples: Iterable[Example]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for example in examples:
        for label in example.labels:
            counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items()))
