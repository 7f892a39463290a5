"""Lexicon matcher: spaCy pattern files (SpanRuler JSONL) per frein, results in ``doc.spans["freins"]``."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..io import JsonlError, numbered_records
from ..paths import lexicons_dir
from ..taxonomy import load_taxonomy
from .extensions import SPANS_KEY, add_explain, register_extensions
from .validate import check_pattern_folder


class LexiconError(ValueError):
    pass


def read_pattern_files(folder: Path) -> list[dict]:
    """All patterns of ``folder/*.jsonl``, in file-name order; each line ``{"label", "pattern", "id"}``."""
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise LexiconError(f"no pattern file (*.jsonl) in {folder}")
    patterns: list[dict] = []
    for file in files:
        try:
            for number, entry in numbered_records(file):
                if not isinstance(entry, dict) or not {"label", "pattern", "id"} <= entry.keys():
                    raise LexiconError(f"{file.name}:{number}: a pattern needs label, pattern and id")
                patterns.append(entry)
        except JsonlError as err:
            raise LexiconError(str(err)) from None
    return patterns


class LexiconMatcher:
    """Finds frein phrasings with token patterns on NORM (folded text) and LEMMA."""

    def __init__(self, nlp: Language, name: str, *, patterns_dir: str | None, overwrite: bool):
        register_extensions()
        folder = Path(patterns_dir) if patterns_dir else lexicons_dir() / "patterns"
        patterns = read_pattern_files(folder)
        check_pattern_folder(folder, nlp)  # a value that can never match fails the load (file:line)
        known = set(load_taxonomy().ids)
        unknown = sorted({p["label"] for p in patterns} - known)
        if unknown:
            raise LexiconError(f"patterns in {folder} use unknown frein ids: {', '.join(unknown)}")
        self.name = name
        self.overwrite = overwrite
        self.patterns = patterns
        self._ruler = SpanRuler(nlp, name=f"{name}_ruler", spans_key=None, annotate_ents=False,
                                phrase_matcher_attr="NORM", validate=True, overwrite=True)
        self._ruler.add_patterns(patterns)

    def match(self, doc: Doc) -> list[Span]:
        """Matches, keeping for each label the longest of overlapping spans."""
        by_label: dict[str, list[Span]] = {}
        for span in self._ruler.match(doc):
            by_label.setdefault(span.label_, []).append(span)
        kept: list[Span] = []
        for spans in by_label.values():
            kept.extend(filter_spans(spans))
        return sorted(kept, key=lambda s: (s.start, s.end, s.label_))

    def __call__(self, doc: Doc) -> Doc:
        found = self.match(doc)
        for span in found:
            span._.pattern = span.id_ or None
            span._.source = "lexicon"
            span._.score = 1.0
            add_explain(span, f"motif {span.id_} : « {span.text} »")
        existing = [] if self.overwrite or SPANS_KEY not in doc.spans else list(doc.spans[SPANS_KEY])
        doc.spans[SPANS_KEY] = existing + found
        return doc


@Language.factory(
    "posturescan_lexicon",
    default_config={"patterns_dir": None, "overwrite": True},
)
def make_lexicon(nlp: Language, name: str, *, patterns_dir: str | None, overwrite: bool) -> LexiconMatcher:
    return LexiconMatcher(nlp, name, patterns_dir=patterns_dir, overwrite=overwrite)

