"""Honest evaluation: the real pipeline on held-out sentences, compared with the lexicon alone."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..corpus import Example
from ..io import write_jsonl
from ..records import COUNTED_STATUSES

NONE = "(aucun)"


def counted_labels(detections) -> set[str]:
    return {d.label for d in detections if d.status in COUNTED_STATUSES}


def compute_metrics(gold: list[list[str]], predicted: list[set[str]], labels: list[str]) -> dict:
    per_label = {}
    tp_all = fp_all = fn_all = 0
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, predicted) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, predicted) if label in g and label not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    supported = [m for m in per_label.values() if m["support"]]
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    frein_free = [p for g, p in zip(gold, predicted) if not g]
    false_alarms = sum(1 for p in frein_free if p)
    return {
        "sentences": len(gold),
        "macro_f1": round(sum(m["f1"] for m in supported) / len(supported), 4) if supported else 0.0,
        "micro_f1": round(2 * micro_p * micro_r / (micro_p + micro_r), 4) if micro_p + micro_r else 0.0,
        "micro_precision": round(micro_p, 4),
        "micro_recall": round(micro_r, 4),
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

