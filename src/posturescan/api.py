"""The Python API: load the pipeline once, analyse texts, documents or paths.

>>> import posturescan
>>> analyzer = posturescan.load()
>>> [d.label for d in analyzer.analyse_text("Franchement, on n'a pas le temps pour ça.")]
['manque_de_temps']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from .clean import clean_document
from .nlp.extensions import SPANS_KEY
from .nlp.pipeline import build_pipeline
from .paths import default_model_dir
from .records import ANALYSED, CleanText, Detection, SourceDocument
from .sources import Limits, iter_documents
from .taxonomy import load_taxonomy


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


class Analyzer:
    """Wraps the spaCy pipeline; create it once with :func:`load` and reuse it."""

    def __init__(self, nlp: Language, *, model_name: str = "lexicon", model_dir: Path | None = None):
        self.nlp = nlp
        self.model_name = model_name
        self.model_dir = model_dir
        self.taxonomy = load_taxonomy()

    # -- single texts ---------------------------------------------------------
    def analyse_text(self, text: str, *, speaker: str | None = None) -> list[Detection]:
        """Detections in one text, considered the writer's own words (``speaker``) unless context says otherwise."""
        clean = CleanText(text=text, segments=[])
        return self._detections(self.nlp(self._make_doc(clean)), default_speaker=speaker)

    def analyse_texts(self, texts: Sequence[str], *, batch_size: int = 64) -> list[list[Detection]]:
        """Detections for each of many short texts (e.g. corpus sentences), in one batched pass."""
        results = []
        with self.nlp.memory_zone():
            docs = (self._make_doc(CleanText(text=t, segments=[])) for t in texts)
            for doc in self.nlp.pipe(docs, batch_size=batch_size):
                results.append(self._detections(doc, default_speaker=None))
        return results

    # -- documents ------------------------------------------------------------
    def analyse_documents(self, documents: Iterable[SourceDocument], *, batch_size: int = 32) -> Iterator[DocumentResult]:
        """Cleans and analyses documents in order; skipped ones pass through with no detection.

        A document that makes cleaning or the pipeline fail never stops the others: its batch is analysed
        again one document at a time, and the culprit becomes a skipped document with the reason."""
        stream = (self._prepare(source) for source in documents)
        while True:
            batch = [item for _, item in zip(range(batch_size), stream)]
            if not batch:
                return
            try:
                with self.nlp.memory_zone():
                    yield from self._analyse_batch(batch)
                continue
            except Exception:  # noqa: BLE001 - isolate the failing document below
                pass
            for item in batch:
                try:
                    with self.nlp.memory_zone():
                        yield from self._analyse_batch([item])
                except Exception as err:  # noqa: BLE001
                    source = item[1].source
                    yield DocumentResult(source=SourceDocument.skipped(
                        source.document, source.path, source.format, f"analysis failed ({type(err).__name__}: {str(err)[:80]})"))

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
        result.text = clean.text
        result.removed = clean.removed
        if len(clean.text) > self.nlp.max_length:
            result.source = SourceDocument.skipped(source.document, source.path, source.format,
                                                   f"text too long ({len(clean.text)} chars > {self.nlp.max_length})")
            return None, result
        return self._make_doc(clean), result

    def _analyse_batch(self, batch: list[tuple[Doc | None, DocumentResult]]) -> list[DocumentResult]:
        """Results are built completely (plain Python data) before the memory zone closes."""
        docs = [doc for doc, _ in batch if doc is not None]
        analysed = iter(self.nlp.pipe(docs, batch_size=max(1, len(docs))))
        results = []
        for doc, result in batch:
            if doc is not None:
                doc = next(analysed)
                result.contributions = contributions(doc, result.source.author)
                result.sentences = sum(result.contributions.values())
                result.words = sum(1 for t in doc if not (t.is_punct or t.is_space))
                result.detections = self._detections(
                    doc, default_speaker=result.source.author if result.source.kind == "email" else None,
                    document=result.source.document, path=result.source.path)
            results.append(result)
        return results

    def analyse_paths(self, paths: Sequence[str | Path], *, limits: Limits | None = None) -> Iterator[DocumentResult]:
        return self.analyse_documents(iter_documents([Path(p) for p in paths], limits=limits))

    # -- helpers --------------------------------------------------------------
    def _make_doc(self, clean: CleanText) -> Doc:
        doc = self.nlp.make_doc(clean.text)
        doc._.segments = list(clean.segments)
        return doc

    def _detections(self, doc: Doc, *, default_speaker: str | None, document: str = "", path: str = "") -> list[Detection]:
        found = []
        for span in doc.spans.get(SPANS_KEY, []):
            speaker = span._.speaker
            if speaker is None and span._.status == "asserted":
                speaker = default_speaker
            found.append(Detection(
                label=span.label_, family=self.taxonomy.family_of(span.label_), status=span._.status,
                sentence=span.sent.text.strip(), start=span.start_char, end=span.end_char,
                score=round(float(span._.score), 4), evidence=span.text, speaker=speaker,
                pattern=span._.pattern, explain=list(span._.explain), document=document, path=path,
            ))
        found.sort(key=lambda d: (d.start, d.end, d.label))
        return found


def contributions(doc: Doc, author: str | None) -> dict[str | None, int]:
    """Sentences per person: a sentence that overlaps a speaker turn goes to its speaker (the « Karim : »
    label itself lies outside the turn), the others to the author."""
    segments = [seg for seg in (doc._.segments or ()) if seg.speaker]
    counts: dict[str | None, int] = {}
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        who = next((seg.speaker for seg in segments if seg.start < sent.end_char and sent.start_char < seg.end), author)
        counts[who] = counts.get(who, 0) + 1
    return counts


def load(model: str | Path | None = None, *, lexicon_only: bool = False, encoder: str | None = None) -> Analyzer:
    """Load the pipeline. ``model`` is a folder made by ``posturescan train`` (default: the model shipped in ``posturescan/resources/models/default``)."""
    model_dir = None if lexicon_only else Path(model) if model else default_model_dir()
    if model_dir is not None and not (model_dir / "model.skops").exists():
        if model is not None:
            raise FileNotFoundError(f"no trained model in {model_dir} (model.skops missing)")
        model_dir = None  # no committed default model yet: lexicon only
    nlp = build_pipeline(classifier_dir=str(model_dir) if model_dir else None, encoder=encoder)
    return Analyzer(nlp, model_name=model_dir.name if model_dir else "lexicon", model_dir=model_dir)
