"""One analysis run: documents in, ``documents.jsonl``, ``detections.jsonl``, ``profile.json``, CSV files
and the report out. Names never reach the outputs: authors and speakers become keyed pseudonyms, and
the sentences quoted in detections are masked (or left out with ``excerpts=False``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .api import Analyzer, DocumentResult
from .directory import UNASSIGNED, Directory
from .io import atomic_text, dumps, write_json
from .mask import Masker, name_parts
from .privacy import PrivacySettings, Pseudonymizer, load_or_create_key
from .profile import ProfileBuilder, period_of
from .records import ANALYSED, COUNTED_STATUSES
from .sources import Limits

DOCUMENTS_FILE = "documents.jsonl"
DETECTIONS_FILE = "detections.jsonl"
PROFILE_FILE = "profile.json"
REPORT_FILE = "report.html"


@dataclass
class RunOptions:
    directory: Directory | None = None
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    period: str = "quarter"  # or "month"
    key_file: Path | None = None
    limits: Limits | None = None


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


class RecordMaker:
    """Turns a DocumentResult into the output records: pseudonyms, groups, periods, masked text."""

    def __init__(self, options: RunOptions, pseudonym: Pseudonymizer, masker: Masker | None):
        self.options = options
        self.pseudonym = pseudonym
        self.masker = masker

    def group(self, who: str | None) -> tuple[str, str]:
        person = self.options.directory.find(who) if (self.options.directory and who) else None
        return (person.department, person.team) if person else (UNASSIGNED, UNASSIGNED)

    def author(self, source) -> str | None:
        """The sender as the directory knows them: by address, else by display name."""
        directory = self.options.directory
        return directory.resolve(source.author, source.author_name) if directory else source.author

    def document(self, result: DocumentResult) -> dict:
        source = result.source
        author = self.author(source)
        department, team = self.group(author)
        contributors: dict[str, dict] = {}
        for who, sentences in result.contributions.items():
            who = author if who == source.author else who
            key = self.pseudonym(who) or ""
            dept, tm = self.group(who) if who else (department, team)
            entry = contributors.setdefault(key, {"person": key or None, "department": dept, "team": tm, "sentences": 0})
            entry["sentences"] += sentences
        return {
            "document": source.document,
            "alias": self.pseudonym.document(source.document),
            "path": source.path,
            "format": source.format,
            "status": source.status,
            "reason": source.reason,
            "author": self.pseudonym(author),
            "department": department if source.status == ANALYSED else None,
            "team": team if source.status == ANALYSED else None,
            "date": source.date,
            "period": period_of(source.date, self.options.period) if source.status == ANALYSED else None,
            "sentences": result.sentences,
            "words": result.words,
            "contributors": [contributors[k] for k in sorted(contributors)],
        }

    def detections(self, result: DocumentResult) -> list[dict]:
        source = result.source
        names = name_parts([source.author_name, *(w for w in result.contributions if w), *(d.speaker for d in result.detections)])
        records = []
        for det in result.detections:
            who = det.speaker or self.author(source)
            department, team = self.group(who)
            if self.masker is not None:
                sentence, evidence = self.masker.mask(det.sentence, names), self.masker.mask(det.evidence, names)
            else:
                sentence = evidence = None
            records.append({
                "document": det.document,
                "path": det.path,
                "label": det.label,
                "family": det.family,
                "status": det.status,
                "sentence": sentence,
                "start": det.start,
                "end": det.end,
                "score": det.score,
                "evidence": evidence,
                "speaker": self.pseudonym(det.speaker or (self.author(source) if det.status in COUNTED_STATUSES else None)),
                "department": department,
                "team": team,
                "pattern": det.pattern,
                "explain": [self.masker.mask(line, names) for line in det.explain] if self.masker else [],
            })
        return records


def run_analysis(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer, options: RunOptions | None = None, *,
                 on_document: Callable[[DocumentResult], None] | None = None) -> RunSummary:
    options = options or RunOptions()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = load_or_create_key(options.key_file, out_dir=out_dir)
    masker = Masker(options.directory.names() if options.directory else ()) if options.privacy.excerpts else None
    maker = RecordMaker(options, Pseudonymizer(key, options.directory), masker)
    summary = RunSummary(out_dir=out_dir)
    builder = ProfileBuilder(analyzer.taxonomy, options.privacy, period=options.period)
    with atomic_text(out_dir / DOCUMENTS_FILE) as documents_out, atomic_text(out_dir / DETECTIONS_FILE) as detections_out:
        for result in analyzer.analyse_paths(inputs, limits=options.limits):
            record = maker.document(result)
            detections = maker.detections(result)
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
                if detection.status in COUNTED_STATUSES:
                    summary.labels[detection.label] += 1
            if on_document is not None:
                on_document(result)
    profile = builder.build()
    profile["run"] = {
        "posturescan": __version__,
        "model": analyzer.model_name,
        "model_card": model_summary(analyzer),
        "inputs": len(inputs),  # never the folder names: they are personal data
        "documents": summary.documents,
        "analysed": summary.analysed,
        "skipped": summary.skipped,
        "directory": bool(options.directory),
        "masked": ["noms de personnes (reconnaissance automatique et annuaire)", "adresses électroniques",
                   "numéros de téléphone", "IBAN"]
        if options.privacy.excerpts else [],
    }
    write_outputs(out_dir, profile, analyzer.taxonomy)
    return summary


def model_summary(analyzer: Analyzer) -> dict | None:
    """The measured quality of the model in use, for the report's method section."""
    import json

    from .paths import default_model_dir

    card_dir = getattr(analyzer, "model_dir", None) or default_model_dir()
    card = Path(card_dir) / "model_card.json"
    if analyzer.model_name == "lexicon" or not card.is_file():
        return None
    data = json.loads(card.read_text(encoding="utf-8"))
    test = data.get("metrics", {}).get("test", {})
    return {"name": data.get("name"), "test": {system: {k: m[k] for k in ("macro_f1", "micro_f1", "false_alarm_rate")}
                                               for system, m in test.items()},
            "test_sentences": data.get("data", {}).get("test_sentences")}


def write_outputs(out_dir: Path, profile: dict, taxonomy) -> None:
    from .report import render_report
    from .tables import write_tables

    write_json(out_dir / PROFILE_FILE, profile)
    write_tables(out_dir, profile)
    render_report(out_dir / REPORT_FILE, profile, taxonomy)
