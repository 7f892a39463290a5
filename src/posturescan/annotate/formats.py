"""The three tools' file shapes, both ways, and the one neutral form in between: :class:`Annotation`.

- Label Studio: a JSON list of tasks ``{"data": {"text"}, "predictions": [{"result": [...]}]}`` to import;
  its JSON export adds ``"annotations": [{"result": [...], "was_cancelled"}]``. Result items are
  ``{"from_name", "to_name", "type": "choices", "value": {"choices": [...]}}`` (``type: "labels"``
  span items with ``value.labels`` are read too).
- Doccano (text classification): JSONL ``{"text", "label": [...]}`` (``"labels"`` accepted, and span
  triples ``[start, end, tag]``).
- Prodigy (choice interface): JSONL ``{"text", "options": [{"id", "text"}], "accept": [...],
  "answer": "accept"|"reject"|"ignore", "spans": [{"start", "end", "label"}]}`` as written by ``db-out``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import quoteattr

from ..corpus import CORPUS_STATUSES
from ..records import COUNTED_STATUSES, STATUSES

FORMATS = ("label-studio", "doccano", "prodigy")
LABELS_FROM = "labels"  # Label Studio control names
STATUS_FROM = "status"
TEXT_TO = "text"


class FormatError(ValueError):
    pass


@dataclass
class Annotation:
    """One sentence as ticked in a tool: the ids chosen and the status (None when none was chosen)."""

    text: str
    ids: list[str]
    status: str | None
    where: str = ""  # file:line
    meta: dict = field(default_factory=dict)
    skipped: bool = False  # rejected / ignored / cancelled / not annotated: not an error, not imported


def split_names(names: list, where: str, errors: list[str]) -> tuple[list[str], str | None]:
    """Separates status names from frein ids in one flat list of tool labels."""
    ids, statuses = [], []
    for name in names:
        if not isinstance(name, str):
            errors.append(f"{where} : étiquette illisible {name!r}")
        elif name in CORPUS_STATUSES:
            statuses.append(name)
        elif name not in ids:
            ids.append(name)
    if len(set(statuses)) > 1:
        errors.append(f"{where} : plusieurs statuts ({', '.join(sorted(set(statuses)))}), un seul est permis")
    return ids, (statuses[0] if statuses else None)


def prediction_names(labels: list[str], status: str) -> list[str]:
    return [*labels, status] if status != "none" else list(labels)


# ---------------------------------------------------------------- writing (pre-annotations)

def label_studio_task(text: str, ids: list[str], status: str, score: float | None, model: str, meta: dict) -> dict:
    result = [{"id": "labels", "from_name": LABELS_FROM, "to_name": TEXT_TO, "type": "choices", "value": {"choices": ids}}] if ids else []
    if status != "none":
        result.append({"id": "status", "from_name": STATUS_FROM, "to_name": TEXT_TO, "type": "choices", "value": {"choices": [status]}})
    prediction = {"model_version": model, "result": result}
    if score is not None:
        prediction["score"] = score
    return {"data": {"text": text, **meta}, "predictions": [prediction]}


def doccano_line(text: str, ids: list[str], status: str, meta: dict) -> dict:
    return {"text": text, "label": prediction_names(ids, status), **meta}


def prodigy_line(text: str, ids: list[str], status: str, options: list[dict], spans: list[dict], meta: dict) -> dict:
    return {"text": text, "options": options, "accept": prediction_names(ids, status), "spans": spans, "meta": meta}


def label_studio_config(taxonomy) -> str:
    """The labelling interface: the sentence, the frein ids (several) and the status (one)."""
    lines = ["<View>", f'  <Text name="{TEXT_TO}" value="$text"/>',
             f'  <Header value="Freins (cochez la cible pour nié, envisagé, cité)"/>',
             f'  <Choices name="{LABELS_FROM}" toName="{TEXT_TO}" choice="multiple" showInLine="false">']
    for frein in taxonomy.freins:
        lines.append(f"    <Choice value={quoteattr(frein.id)} hint={quoteattr(frein.title)}/>")
    lines += ["  </Choices>", '  <Header value="Statut"/>',
              f'  <Choices name="{STATUS_FROM}" toName="{TEXT_TO}" choice="single" showInLine="true">']
    lines += [f"    <Choice value={quoteattr(s)}/>" for s in STATUSES]
    lines += ["  </Choices>", "</View>", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- reading (exports)

def json_array_items(path: Path) -> Iterator[tuple[int, object]]:
    """(line, item) for each element of a JSON array file, with the line where the element starts."""
    text = read_text(path)
    decoder = json.JSONDecoder()
    pos = skip_space(text, 0)
    if not text.startswith("[", pos):
        raise FormatError(f"{path.name} : un export JSON de Label Studio doit être une liste de tâches")
    pos = skip_space(text, pos + 1)
    if text.startswith("]", pos):
        return
    while True:
        line = text.count("\n", 0, pos) + 1
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            raise FormatError(f"{path.name}:{text.count(chr(10), 0, err.pos) + 1} : JSON invalide ({err.msg})") from None
        yield line, item
        pos = skip_space(text, pos)
        if text.startswith(",", pos):
            pos = skip_space(text, pos + 1)
        elif text.startswith("]", pos):
            return
        else:
            raise FormatError(f"{path.name}:{text.count(chr(10), 0, pos) + 1} : JSON invalide (« , » ou « ] » attendu)")


def skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def read_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise FormatError(f"{Path(path).name} : fichier illisible ({type(err).__name__})") from None


def jsonl_items(path: Path, errors: list[str]) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as err:
                errors.append(f"{Path(path).name}:{number} : JSON invalide ({err.msg})")


def text_rows(path: Path, errors: list[str]) -> Iterator[tuple[str, dict]]:
    """(« file:line », row) for each JSONL row that has a ``text``; the others are reported in ``errors``."""
    for number, row in jsonl_items(path, errors):
        where = f"{Path(path).name}:{number}"
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            errors.append(f"{where} : ligne sans champ text")
            continue
        yield where, row


def result_names(result: list, where: str, errors: list[str]) -> list:
    names = []
    for item in result if isinstance(result, list) else []:
        value = item.get("value", {}) if isinstance(item, dict) else {}
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "choices":
            names += value.get("choices", [])
        elif kind == "labels":
            names += value.get("labels", [])
        else:
            errors.append(f"{where} : résultat de type {kind!r} non pris en charge (choices ou labels attendu)")
    return names


def from_label_studio(path: Path, errors: list[str]) -> list[Annotation]:
    out = []
    for line, task in json_array_items(path):
        where = f"{Path(path).name}:{line}"
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            errors.append(f"{where} : tâche sans data.text")
            continue
        done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        meta = {k: data[k] for k in ("register", "variety") if k in data}
        if not done:
            out.append(Annotation(data["text"], [], None, where, meta, skipped=True))
            continue
        versions = []
        for annotation in done:
            ids, status = split_names(result_names(annotation.get("result"), where, errors), where, errors)
            versions.append((sorted(ids), status))
        if any(v != versions[0] for v in versions[1:]):
            errors.append(f"{where} : annotations divergentes sur la même tâche (utilisez « annotate agree » puis tranchez)")
            continue
        ids, status = split_names(result_names(done[0].get("result"), where, []), where, [])
        out.append(Annotation(data["text"], ids, status, where, meta))
    return out


def from_doccano(path: Path, errors: list[str]) -> list[Annotation]:
    out = []
    for where, row in text_rows(path, errors):
        raw = row.get("label", row.get("labels", []))
        names = [x[2] if isinstance(x, list) and len(x) == 3 else x for x in raw] if isinstance(raw, list) else [raw]
        ids, status = split_names(names, where, errors)
        meta = {k: row[k] for k in ("register", "variety") if k in row}
        out.append(Annotation(row["text"], ids, status, where, meta))
    return out


def from_prodigy(path: Path, errors: list[str]) -> list[Annotation]:
    out = []
    for where, row in text_rows(path, errors):
        meta = {k: v for k, v in (row.get("meta") or {}).items() if k in ("register", "variety")}
        if row.get("answer") != "accept":
            out.append(Annotation(row["text"], [], None, where, meta, skipped=True))
            continue
        if "accept" in row:
            names = row["accept"] if isinstance(row["accept"], list) else [row["accept"]]
        else:
            names = [s.get("label") for s in row.get("spans") or [] if isinstance(s, dict)]
        ids, status = split_names(names, where, errors)
        out.append(Annotation(row["text"], ids, status, where, meta))
    return out


def from_corpus(path: Path, errors: list[str]) -> list[Annotation]:
    """A corpus batch (``corpus/sources/*.jsonl``) read as annotations, so that ``agree`` accepts it too."""
    out = []
    for where, row in text_rows(path, errors):
        labels, status, target = row.get("labels") or [], row.get("status"), (row.get("meta") or {}).get("target")
        ids = list(labels) if labels or not target or status in COUNTED_STATUSES else [target]
        out.append(Annotation(row["text"], ids, None if status == "none" else status, where, row.get("meta") or {}))
    return out


def detect_format(path: Path) -> str:
    """label-studio for a JSON list; for JSONL: prodigy (``answer``), corpus (``status``), else doccano."""
    text = read_text(path).lstrip()
    if text.startswith("["):
        return "label-studio"
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        return "doccano"  # its reader reports the line
    if isinstance(row, dict) and ("answer" in row or "accept" in row):
        return "prodigy"
    if isinstance(row, dict) and "status" in row and "labels" in row:
        return "corpus"
    return "doccano"


READERS = {"label-studio": from_label_studio, "doccano": from_doccano, "prodigy": from_prodigy, "corpus": from_corpus}


def read_annotations(path: Path, errors: list[str], fmt: str | None = None) -> list[Annotation]:
    """Every row of an export; problems go to ``errors`` (file:line : reason) and reading goes on."""
    fmt = fmt or detect_format(path)
    try:
        return READERS[fmt](Path(path), errors)
    except FormatError as err:
        errors.append(str(err))
        return []
