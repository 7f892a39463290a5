"""Detections from texts: a pipeline's spans as plain :class:`~posturescan.records.Detection` records."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..records import COUNTED_STATUSES, CleanText, Detection
from ..taxonomy import load_taxonomy
from ..text import break_long_runs
from .extensions import SPANS_KEY


class TextAnalyzer:
    """Runs a posturescan spaCy pipeline on texts and turns its spans into :class:`Detection` records.

    :class:`posturescan.api.Analyzer` adds documents and paths (cleaning, sources)."""

    def __init__(self, nlp: Language, *, model_name: str = "lexicon", model_dir: Path | None = None):
        self.nlp = nlp
        self.model_name = model_name
        self.model_dir = model_dir
        self.taxonomy = load_taxonomy()

    # -- single texts ---------------------------------------------------------
    def analyse_text(self, text: str, *, speaker: str | None = None) -> list[Detection]:
        """Detections in one text, considered the writer's own words (``speaker``) unless context says otherwise."""
        clean = CleanText(text=break_long_runs(text), segments=[])
        return self._detections(self.nlp(self._make_doc(clean)), default_speaker=speaker)

    def analyse_texts(self, texts: Sequence[str], *, batch_size: int = 64) -> list[list[Detection]]:
        """Detections for each of many short texts (e.g. corpus sentences), in one batched pass."""
        results = []
        with self.nlp.memory_zone():
            docs = (self._make_doc(CleanText(text=t, segments=[])) for t in texts)
            for doc in self.nlp.pipe(docs, batch_size=batch_size):
                results.append(self._detections(doc, default_speaker=None))
        return results

    # -- helpers --------------------------------------------------------------
    def _make_doc(self, clean: CleanText) -> Doc:
        doc = self.nlp.make_doc(clean.text)
        doc._.segments = list(clean.segments)
        doc._.blocks = list(clean.blocks)
        return doc

    def _detections(self, doc: Doc, *, default_speaker: str | None, document: str = "", path: str = "") -> list[Detection]:
        found = []
        for span in once_per_sentence(list(doc.spans.get(SPANS_KEY, []))):
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
