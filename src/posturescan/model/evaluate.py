"""Honest evaluation: the real pipeline on held-out sentences, compared with the lexicon alone."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..corpus import Example
from ..io import write_jsonl
from ..records import COUNTED_STATUSES

import numpy as np

NONE = "(aucun)"


MODES = {"direct": "asserted", "reported": "reported", "quoted": "mention", "neutral": "none"}


def counted_labels(detections) -> set[str]:
    return {d.label for d in detections if d.status in COUNTED_STATUSES}


def real_record(record: dict, taxonomy, where: str) -> dict:
    """A row of the real-text format (``text``, ``label``, ``mode``) as a corpus record: direct and reported
    count (asserted / reported), quoted is a mention of its label, neutral has no frein."""
    from ..corpus import CorpusError

    mode, label = record.get("mode"), record.get("label")
    if mode not in MODES:
        raise CorpusError(f"{where}: mode must be one of {', '.join(MODES)}")
    if label is not None and label not in taxonomy.ids:
        raise CorpusError(f"{where}: unknown label {label}")
    if mode != "neutral" and label is None:
        raise CorpusError(f"{where}: a {mode} row needs a label")
    status = MODES[mode]
    counted = status in COUNTED_STATUSES
    return {"text": record.get("text"), "labels": [label] if counted else [], "status": status,
            "meta": {"mode": mode, "target": label or "", "source": record.get("source")}}


def read_eval_set(path: Path, taxonomy) -> list[Example]:
    """Corpus records, or rows of the real-text format of ``shared/eval`` (told apart by their ``mode``)."""
    from ..corpus import CorpusError, validate_record
    from ..io import JsonlError, numbered_records

    examples = []
    try:
        for number, record in numbered_records(path):
            where = f"{Path(path).name}:{number}"
            if isinstance(record, dict) and "mode" in record and "labels" not in record:
                record = real_record(record, taxonomy, where)
            examples.append(validate_record(record, taxonomy, where))
    except JsonlError as err:
        raise CorpusError(str(err)) from None
    return examples


def real_text_metrics(examples: list[Example], predicted: list[set[str]]) -> dict:
    """The figures that matter on real text: recall on stated freins (asserted / reported, each with its
    label), false alarms on frein-free non-quoted sentences, and quoted sentences counted anyway."""
    from ..stats import wilson_interval

    found = stated = alarms = neutral = quoted_counted = quoted = 0
    for example, labels in zip(examples, predicted):
        if example.labels:
            stated += len(example.labels)
            found += len(set(example.labels) & labels)
        elif example.status == "mention":
            quoted += 1
            quoted_counted += bool(labels)
        elif example.status == "none":
            neutral += 1
            alarms += bool(labels)

    def rate(k: int, n: int) -> float:
        return round(k / n, 4) if n else 0.0

    def interval(k: int, n: int) -> list[float]:
        return [round(x, 4) for x in wilson_interval(k, n)]

    return {"stated": stated, "stated_found": found, "stated_recall": rate(found, stated),
            "stated_recall_ci95": interval(found, stated),
            "neutral": neutral, "neutral_false_alarms": alarms, "neutral_false_alarm_rate": rate(alarms, neutral),
            "neutral_false_alarm_ci95": interval(alarms, neutral),
            "quoted": quoted, "quoted_counted": quoted_counted, "quoted_counted_rate": rate(quoted_counted, quoted)}


def compute_metrics(gold: list[list[str]], predicted: list[set[str]], labels: list[str]) -> dict:
    """Per-label precision / recall / F1 with scikit-learn; macro F1 over the labels present in ``gold``."""
    from sklearn.metrics import multilabel_confusion_matrix, precision_recall_fscore_support
    from sklearn.preprocessing import MultiLabelBinarizer

    binarizer = MultiLabelBinarizer(classes=labels)
    y_true = binarizer.fit_transform(gold) if gold else np.zeros((0, len(labels)), dtype=int)
    y_pred = binarizer.transform([sorted(p) for p in predicted]) if gold else y_true
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=range(len(labels)),
                                                                     average=None, zero_division=0)
    confusion = multilabel_confusion_matrix(y_true, y_pred, labels=range(len(labels)))
    per_label = {}
    for j, label in enumerate(labels):
        (_, fp), (fn, tp) = confusion[j]
        per_label[label] = {"precision": round(float(precision[j]), 4), "recall": round(float(recall[j]), 4),
                            "f1": round(float(f1[j]), 4), "support": int(support[j]), "tp": int(tp), "fp": int(fp),
                            "fn": int(fn)}
    supported = support > 0
    micro_p, micro_r, micro_f1, _ = precision_recall_fscore_support(y_true, y_pred, average="micro", zero_division=0) \
        if gold else (0.0, 0.0, 0.0, None)
    frein_free = [p for g, p in zip(gold, predicted) if not g]
    false_alarms = sum(1 for p in frein_free if p)
    return {
        "sentences": len(gold),
        "macro_f1": round(float(f1[supported].mean()), 4) if supported.any() else 0.0,
        "micro_f1": round(float(micro_f1), 4),
        "micro_precision": round(float(micro_p), 4),
        "micro_recall": round(float(micro_r), 4),
        "frein_free_sentences": len(frein_free),
        "false_alarms": false_alarms,
        "false_alarm_rate": round(false_alarms / len(frein_free), 4) if frein_free else 0.0,
        "per_label": per_label,
    }


def confusion_table(gold: list[list[str]], predicted: list[set[str]]) -> dict[str, dict[str, int]]:
    """Rows: gold label (or « (aucun) »); columns: predicted label (or « (aucun) »); one count per pair."""
    table: dict[str, Counter] = {}
    for g, p in zip(gold, predicted):
        rows = g or [NONE]
        cols = sorted(p) or [NONE]
        for row in rows:
            for col in cols:
                table.setdefault(row, Counter())[col] += 1
    return {row: dict(sorted(cols.items())) for row, cols in sorted(table.items())}


def evaluate_examples(analyzer, examples: list[Example], labels: list[str], *, errors_path: Path | None = None) -> dict:
    detections = analyzer.analyse_texts([e.text for e in examples])
    gold = [e.labels for e in examples]
    predicted = [counted_labels(d) for d in detections]
    report = compute_metrics(gold, predicted, labels)
    report["real"] = real_text_metrics(examples, predicted)
    report["confusion"] = confusion_table(gold, predicted)
    if errors_path is not None:
        errors = (
            {"text": e.text, "gold": e.labels, "predicted": sorted(p), "status": e.status,
             "target": e.meta.get("target"),
             "detections": [{"label": d.label, "status": d.status, "score": d.score, "evidence": d.evidence,
                             "explain": d.explain} for d in dets]}
            for e, p, dets in zip(examples, predicted, detections) if set(e.labels) != p
        )
        write_jsonl(errors_path, errors)
    return report

