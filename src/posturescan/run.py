"""One analysis run: documents in, ``documents.jsonl``, ``detections.jsonl``, ``profile.json``, CSV files
and the report out. Names never reach the outputs: authors and speakers become keyed pseudonyms, and
the sentences quoted in detections are masked (or left out with ``excerpts=False``)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

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
    from .cache import ResultCache
    from .executors import Executor
    from .mask import Masker
    from .sources import FileEntry
    from .work import AnalyzerSpec

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
    cached: int = 0  # documents whose results came from the cache
    cached_files: int = 0


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


#: Files per chunk: coarse enough to keep workers busy, small enough to spread the load and lose little work
#: when a run is killed (a chunk's results reach the cache when it is done).
CHUNK_FILES = 64
#: Files read ahead of the first one still being analysed (with their cached results), at most.
MAX_PENDING = 256


@dataclass
class Survey:
    """What a run has to do, found before it starts: files, and how many of them the cache already holds."""

    files: int = 0
    cached_files: int = 0
    cached_documents: int = 0

    @property
    def to_analyse(self) -> int:
        return self.files - self.cached_files


def survey(inputs: Sequence[Path], limits: Limits | None, cache: ResultCache | None) -> Survey:
    """Walks the inputs (and looks each file up in the cache) without analysing anything: the number of files
    for the progress bar, and what a resumed run finds already done. Streams: nothing is kept."""
    from .sources import iter_files
    from .work import FileTask

    found = Survey()
    for entry in iter_files(inputs, limits):
        found.files += 1
        if cache is not None and not entry.problem:
            key = cache.key(FileTask.of(entry))
            documents = cache.documents(key) if key else None
            if documents is not None:
                found.cached_files += 1
                found.cached_documents += documents
    return found


def run_analysis(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer | None = None,
                 options: RunOptions | None = None, *,
                 on_document: Callable[[DocumentResult], None] | None = None,
                 folder: OutputFolder | None = None, executor: Executor | None = None,
                 cache: ResultCache | None = None, on_start: Callable[[Survey], None] | None = None,
                 chunk_files: int = CHUNK_FILES) -> RunSummary:
    """Analyse ``inputs`` and write the outputs to ``out_dir``, whole or not at all (see :mod:`.outdir`).

    ``folder``: an :class:`OutputFolder` already entered for ``out_dir`` (the CLI takes it before loading
    the model, so that a second run on the same folder is refused at once). ``executor``: where the chunks of
    files are analysed (default: here, with ``analyzer``). ``cache``: analysed files are read from it and added
    to it. ``on_start`` receives the :class:`Survey` before the analysis starts."""
    if folder is None:
        with OutputFolder(Path(out_dir)) as folder:
            return run_analysis(inputs, out_dir, analyzer, options, on_document=on_document, folder=folder,
                                executor=executor, cache=cache, on_start=on_start, chunk_files=chunk_files)
    options = options or RunOptions()
    out_dir = Path(out_dir)
    key = load_or_create_key(options.key_file, out_dir=out_dir)
    own = executor is None
    if own:
        from .executors import InProcessExecutor

        executor = InProcessExecutor(analyzer=analyzer, limits=options.limits)
    try:
        if on_start is not None:
            on_start(survey(inputs, options.limits, cache))
        summary = _write_run(inputs, folder.staging, analyzer, options, key, on_document, executor, cache, chunk_files)
    finally:
        if own:
            executor.close()
    folder.commit()
    summary.out_dir = out_dir
    return summary


@dataclass
class _Pending:
    entry: FileEntry
    key: str | None = None
    results: list | None = None


def results_in_order(inputs: Sequence[Path], executor: Executor, cache: ResultCache | None, limits: Limits | None,
                     chunk_files: int = CHUNK_FILES, max_pending: int = MAX_PENDING
                     ) -> Iterator[tuple[list[DocumentResult], bool, str | None]]:
    """Each file's results in input order, with whether they came from the cache and the file's cache key.

    Files the cache holds are read from it; the others are gathered in chunks of ``chunk_files`` and handed
    to the executor, at most ``executor.in_flight`` chunks at a time; a finished chunk's results are written
    to the cache at once (a killed run loses at most the chunks in flight)."""
    from .api import DocumentResult
    from .records import SourceDocument
    from .sources import iter_files
    from .work import FileTask, cacheable, result_from_dict

    pending: deque[_Pending] = deque()
    inflight: deque[tuple[object, list[_Pending]]] = deque()
    chunk: list[_Pending] = []
    tasks: list[FileTask] = []

    def submit() -> None:
        inflight.append((executor.submit(tasks), list(chunk)))
        chunk.clear()
        tasks.clear()

    def finish_oldest() -> None:
        handle, items = inflight.popleft()
        for item, results in zip(items, executor.result(handle)):
            if cache is not None and item.key is not None and cacheable(results):
                cache.put(item.key, results)
            item.results = ([result_from_dict(r) for r in results], False)

    def ready() -> Iterator[tuple[list[DocumentResult], bool, str | None]]:
        while pending and pending[0].results is not None:
            item = pending.popleft()
            yield (*item.results, item.key)

    for entry in iter_files(inputs, limits):
        item = _Pending(entry)
        pending.append(item)
        if entry.problem:
            item.results = ([DocumentResult(source=SourceDocument.skipped(entry.rel, entry.rel, "", entry.problem))],
                            False)
        else:
            task = FileTask.of(entry)
            item.key = cache.key(task) if cache is not None else None
            cached = cache.get(item.key) if item.key is not None else None
            if cached is not None:
                item.results = (cached, True)
            else:
                chunk.append(item)
                tasks.append(task)
                if len(chunk) >= chunk_files:
                    submit()
        while len(inflight) >= executor.in_flight or len(pending) > max_pending:
            if not inflight:
                if not chunk:
                    break
                submit()
                continue
            finish_oldest()
            yield from ready()
        yield from ready()
    if chunk:
        submit()
    while inflight:
        finish_oldest()
        yield from ready()
    yield from ready()


def _write_run(inputs: Sequence[Path], out_dir: Path, analyzer: Analyzer | None, options: RunOptions, key: bytes,
               on_document: Callable[[DocumentResult], None] | None, executor: Executor,
               cache: ResultCache | None, chunk_files: int) -> RunSummary:
    from .mask import Masker
    from .taxonomy import load_taxonomy

    # the masker needs spaCy's NER only: the analyzer's pipeline when it is loaded here, else the base model
    names = options.directory.names() if options.directory else ()
    masker = (_MemoMasker(lambda: Masker(names, nlp=analyzer.nlp if analyzer else executor.loaded_nlp()))
              if options.privacy.excerpts else None)
    masks_scope = hashlib.sha256("\n".join(sorted(names)).encode("utf-8")).hexdigest()  # the directory's names
    maker = RecordMaker(options, Pseudonymizer(key, options.directory), masker)
    summary = RunSummary(out_dir=out_dir)
    taxonomy = analyzer.taxonomy if analyzer is not None else load_taxonomy()
    builder = ProfileBuilder(taxonomy, options.privacy, period=options.period)
    with _research_file(out_dir / DOCUMENTS_FILE, options) as documents_out, \
            _research_file(out_dir / DETECTIONS_FILE, options) as detections_out:
        for results, cached, entry in results_in_order(inputs, executor, cache, options.limits, chunk_files):
            summary.cached_files += cached
            memo = masker is not None and cache is not None and entry is not None
            if masker is not None:  # what it masked is kept file by file, never for the whole run
                masker.start(cache.get_masks(entry, masks_scope) if memo and cached else None)
            for result in results:
                summary.cached += cached
                _add_result(result, maker, builder, summary, documents_out, detections_out)
                if on_document is not None:
                    on_document(result)
            if memo and masker.new:
                cache.put_masks(entry, masks_scope, masker.memo)
    model_name, model_dir = executor.model_name, executor.model_dir
    profile = builder.build()
    profile["run"] = {
        "posturescan": __version__,
        "model": model_name,
        "model_card": model_summary(model_name, model_dir),
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
    write_outputs(out_dir, profile, taxonomy)
    return summary


class _MemoMasker:
    """Builds the masker on the first sentence to mask: by then an analyzer working in this process is loaded
    and lends its pipeline, and a run served by the cache loads no analyzer at all.

    It also remembers, file by file, what it masked (:meth:`start` gives it a file's earlier masks, read from
    the cache): a re-run served by the cache then loads no spaCy model at all."""

    def __init__(self, make: Callable[[], Masker]):
        self._make, self._masker = make, None
        self.memo: dict[str, str] = {}
        self.new = False

    def start(self, memo: dict[str, str] | None) -> None:
        self.memo, self.new = dict(memo or {}), False

    def _masked(self, kind: str, text: str, names) -> str:
        key = "\0".join((kind, text, *sorted(names)))
        if key not in self.memo:
            if self._masker is None:
                self._masker = self._make()
            self.memo[key] = getattr(self._masker, kind)(text, names)
            self.new = True
        return self.memo[key]

    def mask(self, text: str, names=()) -> str:
        return self._masked("mask", text, names)

    def mask_explain(self, line: str, names=()) -> str:
        return self._masked("mask_explain", line, names)


def _add_result(result: DocumentResult, maker: RecordMaker, builder: ProfileBuilder, summary: RunSummary,
                documents_out, detections_out) -> None:
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

def make_executor(spec: AnalyzerSpec, limits: Limits | None, *, jobs: int = 1, executor: str = "local",
                  scheduler: str | None = None) -> Executor:
    """The executor the command line asks for (``ExecutorError`` with a French line when it cannot start)."""
    from .executors import ExecutorError, InProcessExecutor, ProcessExecutor

    if executor == "dask":
        try:
            from .dask_executor import DaskExecutor
        except ImportError:
            raise ExecutorError("--executor dask demande le paquet distributed : pip install 'posturescan[dask]'") from None
        return DaskExecutor(spec, limits, scheduler)
    if jobs > 1:
        return ProcessExecutor(spec, limits, jobs)
    return InProcessExecutor(spec, limits)


def _research_file(path: Path, options: RunOptions):
    """A researcher/IT file (sentence-level data from every group): owner-only, and not written at all
    with ``hr_only``."""
    return open(os.devnull, "w", encoding="utf-8") if options.hr_only else atomic_text(path, permissions=PRIVATE)


def model_summary(model_name: str, model_dir: Path | None) -> dict | None:
    """The measured quality of the model in use, for the report's method section."""
    import json

    from .paths import default_model_dir

    card = Path(model_dir or default_model_dir()) / "model_card.json"
    if model_name == "lexicon" or not card.is_file():
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
