"""``annotate import``: an annotation tool's export becomes a corpus batch (``corpus/sources/NAME.jsonl``).

Every row is checked (known ids and statuses, GUIDE § 3.2 coherence, no exact or near duplicate of a
sentence already in the corpus or in ``challenge.jsonl``, nor of another row of the batch) and all problems
are listed with file and line before anything is written; the batch is then written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import CorpusError, Example, dedupe_key, near_duplicate_pairs, read_examples, validate_record
from ..io import dumps, write_text
from ..records import COUNTED_STATUSES
from ..taxonomy import Taxonomy
from .formats import Annotation, read_annotations

CHALLENGE_FILE = "challenge.jsonl"


@dataclass
class ImportResult:
    examples: list[Example] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0  # rejected, ignored, cancelled or not yet annotated rows
    written: bool = False


def to_record(annotation: Annotation, taxonomy: Taxonomy, batch: str, errors: list[str]) -> dict | None:
    """The corpus record of one annotated row (see the package docstring), or None after listing its problems."""
    where, ids, status = annotation.where, annotation.ids, annotation.status
    before = len(errors)
    unknown = [i for i in ids if i not in taxonomy.ids]
    if unknown:
        errors.append(f"{where} : id inconnu {', '.join(unknown)} (voir la taxonomie)")
    if status is None:
        status = "none"
        if ids:
            errors.append(f"{where} : des freins sont cochés mais aucun statut")
    if status in COUNTED_STATUSES and not ids:
        errors.append(f"{where} : statut {status} sans frein coché")
    if status in ("negated", "hypothetical", "mention") and len(ids) != 1:
        errors.append(f"{where} : un statut {status} demande exactement un frein coché (la cible), pas {len(ids)}")
    if status == "none" and ids:
        errors.append(f"{where} : statut none avec des freins cochés")
    if len(errors) > before:
        return None
    meta = {k: annotation.meta[k] for k in ("register", "variety") if k in annotation.meta}
    if status in COUNTED_STATUSES:
        labels = ids
    else:
        labels = []
        if ids:
            meta = {"target": ids[0], **meta}
    return {"text": annotation.text, "labels": labels, "status": status, "meta": {**meta, "source": batch}}


def existing_examples(into: Path, taxonomy: Taxonomy, errors: list[str]) -> list[tuple[str, Example]]:
    """(file name, example) for every sentence already in the corpus folder of ``into`` and in challenge.jsonl."""
    files = sorted(into.parent.glob("*.jsonl"))
    challenge = into.parent.parent / CHALLENGE_FILE
    if challenge.is_file():
        files.append(challenge)
    out = []
    for path in files:
        problems: list[str] = []
        out += [(path.name, e) for e in read_examples(path, taxonomy, problems)]
        errors += [f"corpus existant : {p}" for p in problems]
    return out


def check_duplicates(rows: list[tuple[Annotation, dict]], existing: list[tuple[str, Example]], errors: list[str]) -> None:
    seen = {dedupe_key(e.text): name for name, e in existing}
    exact: set[int] = set()
    for index, (annotation, record) in enumerate(rows):
        key = dedupe_key(record["text"])
        if key in seen:
            errors.append(f"{annotation.where} : doublon d'une phrase de {seen[key]}")
            exact.add(index)
        else:
            seen[key] = f"{annotation.where} (même lot)"
    texts = [record["text"] for _, record in rows]
    for i, j, cosine in near_duplicate_pairs(texts, against=[e.text for _, e in existing]):
        if i not in exact:
            errors.append(f"{rows[i][0].where} : quasi-doublon (cosinus {cosine:.2f}) d'une phrase de {existing[j][0]}")
            exact.add(i)
    for i, j, cosine in near_duplicate_pairs(texts):
        if j not in exact and dedupe_key(texts[i]) != dedupe_key(texts[j]):
            errors.append(f"{rows[j][0].where} : quasi-doublon (cosinus {cosine:.2f}) de {rows[i][0].where}")
            exact.add(j)


def import_batch(source: Path, into: Path, taxonomy: Taxonomy, fmt: str | None = None) -> ImportResult:
    """Reads, checks everything, and writes ``into`` (old lines kept, new ones appended) only when all is clean."""
    result = ImportResult()
    batch = Path(into).stem
    rows = []
    for annotation in read_annotations(source, result.errors, fmt):
        if annotation.skipped:
            result.skipped += 1
            continue
        record = to_record(annotation, taxonomy, batch, result.errors)
        if record is None:
            continue
        try:
            validate_record(record, taxonomy, annotation.where)
        except CorpusError as err:
            result.errors.append(str(err))
            continue
        rows.append((annotation, record))
    existing = existing_examples(Path(into), taxonomy, result.errors)
    check_duplicates(rows, existing, result.errors)
    if result.errors:
        return result
    result.examples = [validate_record(r, taxonomy, a.where) for a, r in rows]
    kept = Path(into).read_text(encoding="utf-8") if Path(into).is_file() else ""
    if kept and not kept.endswith("\n"):
        kept += "\n"
    write_text(into, kept + "".join(dumps(e.to_dict()) + "\n" for e in result.examples))
    result.written = True
    return result
