"""``annotate export``: the masked sentences of an earlier run, chosen and pre-annotated for a tool.

A run's ``detections.jsonl`` holds one line per (sentence, frein) with the sentence already masked (the
same masking as the report's excerpts). Sentences are grouped per document and text; the model's verdict
for a sentence follows GUIDE § 5.8: the counted freins with ``asserted`` (``reported`` when none is
asserted), else the status and frein of the highest-scoring detection.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import dedupe_key
from ..io import dumps, write_jsonl, write_text
from ..nlp.modelfiles import DECISION_FILE
from ..records import COUNTED_STATUSES
from ..taxonomy import Taxonomy
from .formats import doccano_line, label_studio_config, label_studio_task, prodigy_line

DETECTIONS_FILE = "detections.jsonl"  # as written by posturescan.run (a layer above)
PROFILE_FILE = "profile.json"
NO_SENTENCES = ("cette analyse ne contient aucune phrase (faite avec --no-excerpts ou --hr-only) : "
                "relancez l'analyse avec les extraits pour exporter des phrases à annoter")


class ExportError(ValueError):
    """A French sentence for the user."""


@dataclass
class Sentence:
    text: str
    detections: list[dict] = field(default_factory=list)

    def verdict(self, order: dict[str, int]) -> tuple[list[str], str]:
        counted = [d for d in self.detections if d["status"] in COUNTED_STATUSES]
        if counted:
            labels = sorted({d["label"] for d in counted}, key=lambda x: order.get(x, 99))
            status = "asserted" if any(d["status"] == "asserted" for d in counted) else "reported"
            return labels, status
        main = max(self.detections, key=lambda d: (d.get("score") or 0.0, -order.get(d["label"], 99)))
        return [main["label"]], main["status"]

    def score(self) -> float | None:
        scores = [d["score"] for d in self.detections if isinstance(d.get("score"), (int, float))]
        return round(max(scores), 4) if scores else None


def read_sentences(run_dir: Path) -> list[Sentence]:
    """The run's distinct masked sentences, in file order (a sentence seen twice is kept once)."""
    path = Path(run_dir) / DETECTIONS_FILE
    if not path.is_file():
        if (Path(run_dir) / PROFILE_FILE).is_file():
            raise ExportError(NO_SENTENCES)
        raise ExportError(f"{run_dir} n'est pas le dossier d'une analyse : {DETECTIONS_FILE} introuvable")
    sentences: dict[str, Sentence] = {}
    without_text = number = 0
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if not record.get("sentence"):
                    without_text += 1
                    continue
                key = dedupe_key(record["sentence"])
                sentences.setdefault(key, Sentence(record["sentence"])).detections.append(record)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError, KeyError):
        raise ExportError(f"{path} est illisible (ligne {number})") from None
    if without_text and not sentences:
        raise ExportError(NO_SENTENCES)
    if not sentences:
        raise ExportError("cette analyse n'a aucune détection : rien à exporter")
    return list(sentences.values())


def run_model(run_dir: Path) -> str | None:
    """The name of the model the run used (``profile.json``), None when unknown."""
    try:
        return json.loads((Path(run_dir) / PROFILE_FILE).read_text(encoding="utf-8"))["run"]["model"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_thresholds(model_dir: Path, run_dir: Path, explicit: bool) -> tuple[dict[str, float], dict[str, float]]:
    """Per-label thresholds of the decision rule (``threshold`` without a pattern, ``lexicon_threshold`` with one)."""
    used = run_model(run_dir)
    if used == "lexicon":
        raise ExportError("cette analyse a été faite avec --lexicon-only (aucun score de classifieur) : utilisez --select random")
    if used is not None and used != Path(model_dir).name and not explicit:
        raise ExportError(f"cette analyse a utilisé le modèle « {used} » : indiquez son dossier avec --model")
    try:
        data = json.loads((Path(model_dir) / DECISION_FILE).read_text(encoding="utf-8"))
        return dict(data["threshold"]), dict(data["lexicon_threshold"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ExportError(f"seuils du modèle illisibles : {Path(model_dir) / DECISION_FILE}") from None


def tiebreak(seed: int, text: str) -> str:
    return hashlib.sha256(f"{seed}\x00{text}".encode("utf-8")).hexdigest()


def margins(sentence: Sentence, thresholds: tuple[dict, dict]) -> dict[str, float]:
    """Per label: how far the closest score of the sentence is from the threshold that applied to it."""
    plain, lexicon = thresholds
    out: dict[str, float] = {}
    for d in sentence.detections:
        score = d.get("score")
        bar = (lexicon if d.get("pattern") else plain).get(d["label"])
        if isinstance(score, (int, float)) and bar is not None:
            out[d["label"]] = min(out.get(d["label"], 2.0), abs(score - bar))
    return out


def select_uncertain(sentences: list[Sentence], n: int, seed: int, thresholds: tuple[dict, dict],
                     labels: tuple[str, ...]) -> list[Sentence]:
    """Nearest to a threshold first, one label after the other (round robin in taxonomy order)."""
    queues: dict[str, list[tuple[float, str, int]]] = {label: [] for label in labels}
    for index, sentence in enumerate(sentences):
        for label, margin in margins(sentence, thresholds).items():
            queues.setdefault(label, []).append((margin, tiebreak(seed, sentence.text), index))
    for queue in queues.values():
        queue.sort(reverse=True)  # pop() from the end gives the smallest margin
    if not any(queues.values()):
        raise ExportError("aucune détection n'a de score de classifieur (analyse faite avec --lexicon-only ?) : "
                          "utilisez --select random")
    chosen: list[int] = []
    taken: set[int] = set()
    while len(chosen) < n and any(queues.values()):
        for label in queues:
            queue = queues[label]
            while queue and queue[-1][2] in taken:
                queue.pop()
            if queue and len(chosen) < n:
                index = queue.pop()[2]
                taken.add(index)
                chosen.append(index)
    return [sentences[i] for i in chosen]


def select(sentences: list[Sentence], how: str, n: int, seed: int, *, thresholds=None, labels=()) -> list[Sentence]:
    if how == "uncertain":
        return select_uncertain(sentences, n, seed, thresholds, labels)
    if how.startswith("label="):
        label = how.split("=", 1)[1]
        if label not in labels:
            raise ExportError(f"--select label={label} : id inconnu (voir la taxonomie)")
        sentences = [s for s in sentences if any(d["label"] == label for d in s.detections)]
    elif how != "random":
        raise ExportError(f"--select {how} : choisissez uncertain, random ou label=ID")
    ordered = sorted(sentences, key=lambda s: tiebreak(seed, s.text))
    return random.Random(seed).sample(ordered, min(n, len(ordered)))


def evidence_spans(sentence: Sentence) -> list[dict]:
    spans = []
    for d in sentence.detections:
        evidence = (d.get("evidence") or "").strip()
        start = sentence.text.find(evidence) if evidence else -1
        if start >= 0:
            spans.append({"start": start, "end": start + len(evidence), "label": d["label"]})
    return sorted({(s["start"], s["end"], s["label"]): s for s in spans}.values(), key=lambda s: (s["start"], s["end"], s["label"]))


def config_path(out: Path) -> Path:
    return Path(out).with_name(Path(out).stem + ".label-studio.xml")


def write_export(chosen: list[Sentence], out: Path, fmt: str, taxonomy: Taxonomy, model: str) -> Path:
    """Writes the export (atomically) and the Label Studio labelling config beside it; returns the config path."""
    order = {label: i for i, label in enumerate(taxonomy.ids)}
    rows = []
    options = [{"id": f.id, "text": f.title} for f in taxonomy.freins] + [{"id": s, "text": s} for s in ("asserted", "reported", "negated", "hypothetical", "mention")]
    for sentence in chosen:
        ids, status = sentence.verdict(order)
        meta = {"model_score": sentence.score()}
        if fmt == "label-studio":
            rows.append(label_studio_task(sentence.text, ids, status, sentence.score(), model, meta))
        elif fmt == "doccano":
            rows.append(doccano_line(sentence.text, ids, status, meta))
        else:
            rows.append(prodigy_line(sentence.text, ids, status, options, evidence_spans(sentence), meta))
    if fmt == "label-studio":
        write_text(out, "[\n" + ",\n".join(dumps(r) for r in rows) + ("\n" if rows else "") + "]\n")
    else:
        write_jsonl(out, rows)
    config = config_path(out)
    write_text(config, label_studio_config(taxonomy))
    return config
