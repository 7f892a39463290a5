"""One analysis run: documents in, ``documents.jsonl``, ``detections.jsonl``, ``profile.json``, CSV files
and the report out. Names never reach the outputs: authors and speakers become keyed pseudonyms, and
the sentences quoted in detections are masked (or left out with ``excerpts=False``)."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from . import __version__
from .directory import UNASSIGNED, Directory
from .io import PRIVATE, atomic_text, dumps, write_json
from .outdir import OutputFolder
from .privacy import PrivacySettings, Pseudonymizer, load_or_create_key
from .profile import ProfileBuilder, period_of
from .records import ANALYSED, COUNTED_STATUSES
from .sources import Limits

if TYPE_CHECKING:  # spaCy is loaded by an analysis only, never by ``posturescan report`` (which uses write_outputs)
    from .api import Analyzer, DocumentResult
    from .mask import Masker

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
    hr_only: bool = False  # write only what passes the thresholds: no documents.jsonl / detections.jsonl


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
        from .mask import name_parts

        source = result.source
        names = name_parts([source.author_name, *(w for w in result.contributions if w), *result.names,
                            *(d.speaker for d in result.detections)])
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
                "explain": [self.masker.mask_explain(line, names) for line in det.explain] if self.masker else [],
            })
        return records


def run_analysis(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer, options: RunOptions | None = None, *,
                 on_document: Callable[[DocumentResult], None] | None = None,
                 folder: OutputFolder | None = None) -> RunSummary:
    """Analyse ``inputs`` and write the outputs to ``out_dir``, whole or not at all (see :mod:`.outdir`).

    ``folder``: an :class:`OutputFolder` already entered for ``out_dir`` (the CLI takes it before loading
    the model, so that a second run on the same folder is refused at once)."""
    if folder is None:
        with OutputFolder(Path(out_dir)) as folder:
            return run_analysis(inputs, out_dir, analyzer, options, on_document=on_document, folder=folder)
    options = options or RunOptions()
    out_dir = Path(out_dir)
    key = load_or_create_key(options.key_file, out_dir=out_dir)
    summary = _write_run(inputs, folder.staging, analyzer, options, key, on_document)
    folder.commit()
    summary.out_dir = out_dir
    return summary


def _write_run(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer, options: RunOptions, key: bytes,
               on_document: Callable[[DocumentResult], None] | None) -> RunSummary:
    from .mask import Masker

    masker = (Masker(options.directory.names() if options.directory else (), nlp=analyzer.nlp)
              if options.privacy.excerpts else None)
    maker = RecordMaker(options, Pseudonymizer(key, options.directory), masker)
    summary = RunSummary(out_dir=out_dir)
    builder = ProfileBuilder(analyzer.taxonomy, options.privacy, period=options.period)
    with _research_file(out_dir / DOCUMENTS_FILE, options) as documents_out, \
            _research_file(out_dir / DETECTIONS_FILE, options) as detections_out:
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
        "research_files": not options.hr_only,
        "masked": ["noms de personnes (reconnaissance automatique et annuaire)", "adresses électroniques",
                   "numéros de téléphone", "IBAN"]
        if options.privacy.excerpts else [],
    }
    write_outputs(out_dir, profile, analyzer.taxonomy)
    return summary


def _research_file(path: Path, options: RunOptions):
    """A researcher/IT file (sentence-level data from every group): owner-only, and not written at all
    with ``hr_only``."""
    return open(os.devnull, "w", encoding="utf-8") if options.hr_only else atomic_text(path, permissions=PRIVATE)


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
