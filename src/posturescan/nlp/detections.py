"""Detections from texts: a pipeline's spans as plain :class:`~posturescan.records.Detection` records."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..records import COUNTED_STATUSES, CleanText, Detection
from ..taxonomy import load_taxonomy
from ..text import break_long_runs
from .extensions import SPANS_KEY
from .secondpass import Window, in_focus, make_windows

SPLITTER = "posturescan_sentences"


class TimeBudgetExceeded(RuntimeError):
    """A batch of documents took longer than its time budget (see :attr:`TextAnalyzer.time_budget`)."""


@dataclass
class Analysed:
    """A document after the analysis: ``doc`` has its sentences (for counts), ``parts`` the analysed Docs
    with their character offset in ``doc`` (the whole doc, or the second pass's windows)."""

    doc: Doc
    parts: list[Window] = field(default_factory=list)


class TextAnalyzer:
    """Runs a posturescan spaCy pipeline on texts and turns its spans into :class:`Detection` records.

    With a ``first_pass`` (:class:`~posturescan.nlp.firstpass.FirstPass`), only its candidate sentences go
    through the pipeline (:mod:`.secondpass`); the others are still sentences of the document.
    :class:`posturescan.api.Analyzer` adds documents and paths (cleaning, sources)."""

    #: (base seconds, seconds per character) of a batch, checked after each component; None: no budget.
    time_budget: tuple[float, float] | None = None
    #: When a dict (benchmarks): seconds spent in the first and second pass, sentences seen and kept.
    timings: dict | None = None

    def __init__(self, nlp: Language, *, model_name: str = "lexicon", model_dir: Path | None = None,
                 first_pass=None):
        self.nlp = nlp
        self.model_name = model_name
        self.model_dir = model_dir
        self.first_pass = first_pass
        self.taxonomy = load_taxonomy()

    # -- single texts ---------------------------------------------------------
    def analyse_text(self, text: str, *, speaker: str | None = None) -> list[Detection]:
        """Detections in one text, considered the writer's own words (``speaker``) unless context says otherwise."""
        clean = CleanText(text=break_long_runs(text), segments=[])
        with self.nlp.memory_zone():
            analysed = self._analyse([self._make_doc(clean)])[0]
            return self._detections(analysed, default_speaker=speaker)

    def analyse_texts(self, texts: Sequence[str], *, batch_size: int = 64) -> list[list[Detection]]:
        """Detections for each of many short texts (e.g. corpus sentences), in batched passes."""
        results = []
        texts = list(texts)
        for begin in range(0, len(texts), batch_size):
            with self.nlp.memory_zone():
                docs = [self._make_doc(CleanText(text=t, segments=[])) for t in texts[begin:begin + batch_size]]
                results += [self._detections(a, default_speaker=None) for a in self._analyse(docs)]
        return results

    # -- the two passes ---------------------------------------------------------
    def _analyse(self, docs: list[Doc]) -> list[Analysed]:
        """Every document through the pipeline, or (with a first pass) its candidate windows only."""
        started = time.perf_counter()
        if self.first_pass is None:
            analysed = self._pipe(docs, [(n, p) for n, p in self.nlp.pipeline])
            results = [Analysed(doc, [Window(doc, 0, 0)]) for doc in analysed]
            self._account(second=time.perf_counter() - started, docs=docs)
            return results
        candidates = self.first_pass.candidates(docs)
        first = time.perf_counter()
        results = [Analysed(doc, make_windows(doc, c)) for doc, c in zip(docs, candidates)]
        windows = [w for r in results for w in r.parts]
        processed = iter(self._pipe([w.doc for w in windows], [(n, p) for n, p in self.nlp.pipeline if n != SPLITTER]))
        for window in windows:
            window.doc = next(processed)
        self._account(first=first - started, second=time.perf_counter() - first, docs=docs,
                      kept=sum(len(c.sentences) for c in candidates))
        return results

    def _account(self, *, docs: list[Doc], second: float, first: float = 0.0, kept: int | None = None) -> None:
        if self.timings is None:
            return
        sentences = sum(1 for doc in docs for _ in doc.sents)
        for name, value in (("first pass", first), ("second pass", second), ("sentences", sentences),
                            ("kept", sentences if kept is None else kept)):
            self.timings[name] = self.timings.get(name, 0) + value

    def _pipe(self, docs: list[Doc], components) -> list[Doc]:
        """The components one at a time over the whole batch, checking the time budget after each one."""
        if not docs:
            return docs
        budget = None
        if self.time_budget is not None:
            base, per_char = self.time_budget
            budget = base + per_char * sum(len(doc.text) for doc in docs)
        started = time.monotonic()
        for name, proc in components:
            docs = list(proc.pipe(docs, batch_size=max(1, len(docs)))) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            elapsed = time.monotonic() - started
            if budget is not None and elapsed > budget:
                raise TimeBudgetExceeded(f"analysis time budget exceeded ({elapsed:.0f} s > {budget:.0f} s, at {name})")
        return docs

    # -- helpers --------------------------------------------------------------
    def _make_doc(self, clean: CleanText) -> Doc:
        doc = self.nlp.make_doc(clean.text)
        doc._.segments = list(clean.segments)
        doc._.blocks = list(clean.blocks)
        return doc

    def _detections(self, analysed: Analysed | Doc, *, default_speaker: str | None, document: str = "",
                    path: str = "") -> list[Detection]:
        if isinstance(analysed, Doc):  # a Doc the whole pipeline has analysed
            analysed = Analysed(analysed, [Window(analysed, 0, 0)])
        found = []
        for part in analysed.parts:
            for span in once_per_sentence(list(part.doc.spans.get(SPANS_KEY, []))):
                sentence = span.sent
                if not in_focus(part.doc, sentence.start):
                    continue
                speaker = span._.speaker
                if speaker is None and span._.status == "asserted":
                    speaker = default_speaker
                found.append(Detection(
                    label=span.label_, family=self.taxonomy.family_of(span.label_), status=span._.status,
                    sentence=sentence.text.strip(), start=part.offset + span.start_char,
                    end=part.offset + span.end_char, score=round(float(span._.score), 4), evidence=span.text,
                    speaker=speaker, pattern=span._.pattern, explain=list(span._.explain), document=document,
                    path=path,
                ))
        found.sort(key=lambda d: (d.start, d.end, d.label))
        return found


def once_per_sentence(spans) -> list:
    """One span per (sentence, frein): a sentence that matches two patterns of the same frein counts it once
    (rates are per sentence). The kept one is the first counted span, else the first one."""
    best: dict = {}
    for span in spans:
        key = (span.sent.start, span.label_)
        kept = best.get(key)
        if kept is None or (span._.status in COUNTED_STATUSES and kept._.status not in COUNTED_STATUSES):
            best[key] = span
    chosen = {id(s) for s in best.values()}
    return [s for s in spans if id(s) in chosen]
