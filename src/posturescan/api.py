"""The Python API: load the pipeline once, analyse texts, documents or paths.

>>> import posturescan
>>> analyzer = posturescan.load()
>>> [d.label for d in analyzer.analyse_text("Franchement, on n'a pas le temps pour ça.")]
['manque_de_temps']
"""

from __future__ import annotations

import gc
from itertools import count, islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from spacy.tokens import Doc

from .clean import clean_document
from .nlp.detections import TextAnalyzer, TimeBudgetExceeded
from .nlp.pipeline import build_pipeline
from .paths import default_model_dir
from .records import ANALYSED, NOT_SPEECH, Detection, SourceDocument, block_at
from .sources import Limits, iter_documents
from .text import break_long_runs


@dataclass
class DocumentResult:
    """A document and what the analysis found in it."""

    source: SourceDocument
    text: str = ""
    sentences: int = 0
    words: int = 0
    detections: list[Detection] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    contributions: dict[str | None, int] = field(default_factory=dict)  # speaker or author -> sentences
    names: list[str] = field(default_factory=list)  # person names read in the document's tables (to mask)


class Analyzer(TextAnalyzer):
    """Wraps the spaCy pipeline; create it once with :func:`load` and reuse it.

    ``time_budget`` (base seconds, seconds per character) is the last line of defence against an input
    that would make a component slower than linear: it is checked after each component, and a document
    over its budget is skipped with the reason (texts are bounded before spaCy, so this should not fire).
    """

    time_budget: tuple[float, float] = (60.0, 0.002)

    # -- documents ------------------------------------------------------------
    def analyse_documents(self, documents: Iterable[SourceDocument], *, batch_size: int = 64) -> Iterator[DocumentResult]:
        """Cleans and analyses documents in order; skipped ones pass through with no detection.

        A document that makes cleaning or the pipeline fail never stops the others: its batch is analysed
        again one document at a time, and the culprit becomes a skipped document with the reason."""
        sources = iter(documents)
        for batch_number in count(1):
            chunk = list(islice(sources, batch_size))
            if not chunk:
                return
            bound_caches(self.nlp)
            if batch_number % GC_EVERY_BATCHES == 0:
                gc.collect()  # the pipeline's reference cycles would otherwise wait for a full collection
            try:  # the docs are made inside the zone too: a new word's lexeme and strings are freed with it
                with self.nlp.memory_zone():
                    yield from self._analyse_batch([self._prepare(source) for source in chunk])
                continue
            except Exception:  # noqa: BLE001 - isolate the failing document below
                pass
            for source in chunk:
                try:
                    with self.nlp.memory_zone():
                        yield from self._analyse_batch([self._prepare(source)])
                except Exception as err:  # noqa: BLE001
                    reason = (str(err) if isinstance(err, TimeBudgetExceeded)
                              else f"analysis failed ({type(err).__name__}: {str(err)[:80]})")
                    yield DocumentResult(source=SourceDocument.skipped(source.document, source.path, source.format, reason))

    def _prepare(self, source: SourceDocument) -> tuple[Doc | None, DocumentResult]:
        result = DocumentResult(source=source)
        if source.status != ANALYSED:
            return None, result
        try:
            clean = clean_document(source)
        except Exception as err:  # noqa: BLE001 - one bad document never stops the run
            result.source = SourceDocument.skipped(source.document, source.path, source.format,
                                                   f"cleaning failed ({type(err).__name__}: {str(err)[:80]})")
            return None, result
        clean.text = break_long_runs(clean.text)  # same length: segment offsets stay valid
        result.text = clean.text
        result.removed = clean.removed
        result.names = clean.names
        if len(clean.text) > self.nlp.max_length:
            result.source = SourceDocument.skipped(source.document, source.path, source.format,
                                                   f"text too long ({len(clean.text)} chars > {self.nlp.max_length})")
            return None, result
        return self._make_doc(clean), result

    def _analyse_batch(self, batch: list[tuple[Doc | None, DocumentResult]]) -> list[DocumentResult]:
        """Results are built completely (plain Python data) before the memory zone closes."""
        docs = [doc for doc, _ in batch if doc is not None]
        analysed = iter(self._analyse(docs))
        results = []
        for doc, result in batch:
            if doc is not None:
                done = next(analysed)
                result.contributions = contributions(done.doc, result.source.author)
                result.sentences = sum(result.contributions.values())
                result.words = sum(1 for t in done.doc if not (t.is_punct or t.is_space))
                result.detections = self._detections(
                    done, default_speaker=result.source.author if result.source.kind == "email" else None,
                    document=result.source.document, path=result.source.path)
            results.append(result)
        return results

    def analyse_paths(self, paths: Sequence[str | Path], *, limits: Limits | None = None) -> Iterator[DocumentResult]:
        return self.analyse_documents(iter_documents([Path(p) for p in paths], limits=limits))


#: Entries kept in a component's own cache (spaCy's French lemmatizer keeps every word it has seen) before it
#: is emptied: new words (file numbers, amounts, names) would otherwise make it grow with the corpus.
COMPONENT_CACHE_SIZE = 20_000
#: A full garbage collection every so many batches keeps the memory flat on long runs (measured with
#: bench/memory.py: without it the RSS drifts up and down by about 60 MB between full collections).
GC_EVERY_BATCHES = 32


def bound_caches(nlp) -> None:
    for _, component in nlp.pipeline:
        cache = getattr(component, "cache", None)
        if isinstance(cache, dict) and len(cache) > COMPONENT_CACHE_SIZE:
            cache.clear()


def contributions(doc: Doc, author: str | None) -> dict[str | None, int]:
    """Sentences per person: a sentence that overlaps a speaker turn goes to its speaker (the « Karim : »
    label itself lies outside the turn), the others to the author. Headings, table data and labels are no
    sentences. Linear: sentences and segments are both in text order."""
    segments = sorted((seg for seg in (doc._.segments or ()) if seg.speaker), key=lambda seg: seg.start)
    structure = [block for block in (doc._.blocks or ()) if block.kind in NOT_SPEECH]
    counts: dict[str | None, int] = {}
    k = 0
    for sent in doc.sents:
        if not sent.text.strip() or block_at(structure, sent.start_char, sent.end_char, sent.text) is not None:
            continue
        while k < len(segments) and segments[k].end <= sent.start_char:
            k += 1
        overlapping = k < len(segments) and segments[k].start < sent.end_char
        who = segments[k].speaker if overlapping else author
        counts[who] = counts.get(who, 0) + 1
    return counts


def load(model: str | Path | None = None, *, lexicon_only: bool = False, encoder: str | None = None,
         first_pass: bool = True) -> Analyzer:
    """Load the pipeline. ``model`` is a folder made by ``posturescan train`` (default: the model shipped in
    ``posturescan/resources/models/default``, or with ``encoder="none"`` the one trained without an encoder,
    ``resources/models/sans-encodeur``). ``first_pass=False`` sends every sentence through the whole
    analysis (the model's first pass is not used; a model without one always does so)."""
    model_dir = None if lexicon_only else Path(model) if model else default_model_dir(encoder)
    if model_dir is not None and not (model_dir / "model.skops").exists():
        if model is not None:
            raise FileNotFoundError(f"no trained model in {model_dir} (model.skops missing)")
        model_dir = None  # no committed default model yet: lexicon only
    nlp = build_pipeline(classifier_dir=str(model_dir) if model_dir else None, encoder=encoder)
    gate = None
    if model_dir is not None and first_pass:
        from .nlp.firstpass import FirstPass

        gate = FirstPass.load(nlp, model_dir)
    return Analyzer(nlp, model_name=model_dir.name if model_dir else "lexicon", model_dir=model_dir, first_pass=gate)
