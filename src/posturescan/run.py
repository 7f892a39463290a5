"""One analysis run: documents in, ``documents.jsonl``, ``detections.jsonl``, ``profile.json`` and the report out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .api import Analyzer, DocumentResult
from .io import atomic_text, dumps, write_json
from .profile import ProfileBuilder
from .records import ANALYSED
from .report import render_report
from .sources import Limits

DOCUMENTS_FILE = "documents.jsonl"
DETECTIONS_FILE = "detections.jsonl"
PROFILE_FILE = "profile.json"
REPORT_FILE = "report.html"


@dataclass
class RunSummary:
    out_dir: Path
    documents: int = 0
    analysed: int = 0
    skipped: int = 0
    sentences: int = 0
    statuses: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)  # counted detections per label
    skipped_reasons: Counter = field(default_factory=Counter)


def document_record(result: DocumentResult) -> dict:
    source = result.source
    return {
        "document": source.document,
        "path": source.path,
        "format": source.format,
        "status": source.status,
        "reason": source.reason,
        "author": source.author,
        "date": source.date,
        "sentences": result.sentences,
        "words": result.words,
    }


def detection_record(detection) -> dict:
    return {
        "document": detection.document,
        "path": detection.path,
        "label": detection.label,
        "family": detection.family,
        "status": detection.status,
        "sentence": detection.sentence,
        "start": detection.start,
        "end": detection.end,
        "score": detection.score,
        "evidence": detection.evidence,
        "speaker": detection.speaker,
        "pattern": detection.pattern,
        "explain": detection.explain,
    }


def run_analysis(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer, *, limits: Limits | None = None,
                 on_document: Callable[[DocumentResult], None] | None = None) -> RunSummary:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(out_dir=out_dir)
    builder = ProfileBuilder(analyzer.taxonomy)
    with atomic_text(out_dir / DOCUMENTS_FILE) as documents_out, atomic_text(out_dir / DETECTIONS_FILE) as detections_out:
        for result in analyzer.analyse_paths(inputs, limits=limits):
            record = document_record(result)
            detections = [detection_record(d) for d in result.detections]
            documents_out.write(dumps(record) + "\n")
            for detection in detections:
                detections_out.write(dumps(detection) + "\n")
            builder.add(record, detections)
            summary.documents += 1
            if result.source.status == ANALYSED:
                summary.analysed += 1
                summary.sentences += result.sentences
            else:
                summary.skipped += 1
                summary.skipped_reasons[result.source.reason or "?"] += 1
            for detection in result.detections:
                summary.statuses[detection.status] += 1
                if detection.status in ("asserted", "reported"):
                    summary.labels[detection.label] += 1
            if on_document is not None:
                on_document(result)
    profile = builder.build()
    profile["run"] = {
        "posturescan": __version__,
        "model": analyzer.model_name,
        "inputs": [Path(p).name for p in inputs],
        "documents": summary.documents,
        "analysed": summary.analysed,
        "skipped": summary.skipped,
    }
    write_json(out_dir / PROFILE_FILE, profile)
    render_report(out_dir / REPORT_FILE, profile, analyzer.taxonomy)
    return summary
