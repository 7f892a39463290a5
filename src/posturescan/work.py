"""The unit of work every executor runs: a chunk of input files → the analysis results of their documents.

A chunk is a list of :class:`FileTask` (a file's path and its id, in the order a local run reads them). Its
result is, for each file, the list of its documents' results as plain data (:func:`result_to_dict`): JSON-able,
so it crosses process and machine boundaries and is what the cache stores. Record making (pseudonyms,
masking), the profile and the output files stay in the main process, which consumes the results in input
order: the outputs do not depend on the executor nor on the number of workers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .records import ANALYSED, Detection, SourceDocument
from .sources import SUPPORTED_FORMATS, FileEntry, Limits

if TYPE_CHECKING:
    from .api import Analyzer, DocumentResult


@dataclass(frozen=True)
class AnalyzerSpec:
    """How to load the analyzer: plain data that a worker process or a Dask worker loads on its own.

    The fields are the keyword arguments of :func:`posturescan.load`; they are part of the cache key
    (:func:`posturescan.cache.analysis_settings`)."""

    model: str | None = None
    lexicon_only: bool = False
    encoder: str | None = None
    first_pass: bool = True

    def options(self) -> dict[str, Any]:
        return asdict(self)

    def load(self) -> Analyzer:
        from .api import load

        return load(**self.options())

    def model_dir(self) -> Path | None:
        """The trained model's folder that :meth:`load` uses (None: the lexicon alone)."""
        from .paths import default_model_dir

        if self.lexicon_only:
            return None
        folder = Path(self.model) if self.model else default_model_dir(self.encoder)
        return folder if (folder / "model.skops").exists() else None

    def check(self) -> None:
        """The errors :meth:`load` would raise for a missing model or another encoder, without loading it
        (FileNotFoundError, ValueError), so that a run refuses them before any work starts."""
        from .nlp.decision import DecisionRule
        from .encoders import check_compatible

        folder = self.model_dir()
        if self.model is not None and not self.lexicon_only and folder is None:
            raise FileNotFoundError(f"no trained model in {self.model} (model.skops missing)")
        if folder is not None:
            check_compatible(DecisionRule.load(folder).encoder, self.encoder, str(folder))


@dataclass(frozen=True)
class FileTask:
    """One input file: where a worker reads it (``path``, absolute) and its id in the outputs (``rel``)."""

    path: str
    rel: str

    @classmethod
    def of(cls, entry: FileEntry) -> FileTask:
        return cls(str(Path(entry.path).absolute()), entry.rel)


# -- results as plain data ----------------------------------------------------------------------------
def result_to_dict(result: DocumentResult) -> dict[str, Any]:
    """A document's result as JSON-able data, without the document's text (the main process never needs it:
    records are made from the detections, which carry their sentences)."""
    data: dict[str, Any] = {}
    for f in fields(result):
        value = getattr(result, f.name)
        if f.name == "text":
            continue
        if f.name == "source":
            value = {k: getattr(value, k) for k in (g.name for g in fields(value)) if k != "text"}
        elif f.name == "detections":
            value = [d.to_dict() for d in value]
        elif f.name == "contributions":  # JSON keys are strings: the unknown author (None) needs a list
            value = [[who, n] for who, n in value.items()]
        data[f.name] = value
    return data


def result_from_dict(data: dict[str, Any]) -> DocumentResult:
    """The inverse of :func:`result_to_dict` (raises on malformed data: the cache then ignores its entry)."""
    from .api import DocumentResult

    values = dict(data)
    values["source"] = SourceDocument(**values["source"])
    values["detections"] = [Detection(**d) for d in values.get("detections", ())]
    values["contributions"] = {who: int(n) for who, n in values.get("contributions", ())}
    return DocumentResult(**values)


def cacheable(results: list[dict[str, Any]]) -> bool:
    """Whether a file's results may be kept for later runs: not when the analysis itself failed for one of its
    documents (a worker that died, an error, a time budget exceeded may not happen again)."""
    return not any(r["source"]["status"] != ANALYSED and (r["source"]["reason"] or "").startswith("analysis")
                   for r in results)


# -- the work ----------------------------------------------------------------------------------------------
def skipped_file(task: FileTask, reason: str) -> list[dict[str, Any]]:
    """The result of a file that could not be analysed at all (a worker that died on it)."""
    from .api import DocumentResult

    fmt = SUPPORTED_FORMATS.get(Path(task.rel).suffix.lower(), "")
    return [result_to_dict(DocumentResult(source=SourceDocument.skipped(task.rel, task.rel, fmt, reason)))]


def analyse_chunk(analyzer: Analyzer, tasks: list[FileTask], limits: Limits | None) -> list[list[dict[str, Any]]]:
    """For each file of the chunk, its documents' results as plain data, in order.

    The documents of the whole chunk go through the analyzer as one stream (batches may span files); each
    result is given back to the file it was read from (the analyzer yields exactly one result per document,
    in order)."""
    from .sources.dispatch import read_path

    limits = limits or Limits()
    owners: list[int] = []  # file index of each document read, in order

    def documents():
        for index, task in enumerate(tasks):
            for document in read_path(Path(task.path), task.rel, limits):
                owners.append(index)
                yield document

    out: list[list[dict[str, Any]]] = [[] for _ in tasks]
    for position, result in enumerate(analyzer.analyse_documents(documents())):
        out[owners[position]].append(result_to_dict(result))
    return out
