"""Lexicon matcher: spaCy pattern files (SpanRuler JSONL) per frein, results in ``doc.spans["freins"]``.

The component serialises like spaCy's own ``span_ruler``: ``nlp.to_disk()`` writes its patterns to
``<component>/patterns.jsonl`` and ``spacy.load()`` reads them back (they replace the configured folder's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from ..io import JsonlError, dumps, numbered_records, write_jsonl
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


def _required_values(token: dict) -> frozenset | None:
    """The NORM values one of which must be in the text for this pattern token to match, or None when the
    token may be absent (``?``, ``*``, ``!``, ``{0,n}``) or is not constrained on NORM."""
    op = token.get("OP", "")
    if op in ("?", "*", "!") or op.startswith("{0") or op.startswith("{,"):
        return None
    value = token.get("NORM")
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


class PatternIndex:
    """Which patterns could match a text, from the NORM values it contains: a pattern needs one of the
    values of each of its required tokens. The Matcher (whose cost grows with the patterns' optional tokens)
    then only runs where some pattern could match; it never misses a match, since the test is necessary.
    Each pattern is indexed under the values of one required token, the one with the longest (rarest) words."""

    def __init__(self, patterns: list[dict]):
        self.requirements: list[tuple[frozenset, ...]] = []
        self.by_value: dict[str, list[int]] = {}
        self.unanchored: list[int] = []  # patterns without a required NORM token: always possible
        for k, entry in enumerate(patterns):
            required = tuple(r for r in map(_required_values, entry["pattern"]) if r is not None)
            self.requirements.append(required)
            if not required:
                self.unanchored.append(k)
                continue
            anchor = max(required, key=lambda r: (min(map(len, r)), -len(r)))
            for value in anchor:
                self.by_value.setdefault(value, []).append(k)

    def candidates(self, norms: set[str]) -> list[int]:
        """The patterns (indices in the list given) that could match a text made of these NORM values."""
        found = list(self.unanchored)
        seen = set()
        for value in norms:
            for k in self.by_value.get(value, ()):
                if k not in seen:
                    seen.add(k)
                    if all(not r.isdisjoint(norms) for r in self.requirements[k]):
                        found.append(k)
        return sorted(found)

    def possible(self, norms: set[str]) -> bool:
        return bool(self.unanchored) or bool(self.candidates(norms))


class IndexedPatterns:
    """Token patterns, each with its own Matcher, run only where the :class:`PatternIndex` says the pattern
    could match (a Matcher's cost grows with every pattern it holds, matched or not)."""

    def __init__(self, vocab, patterns: list[dict]):
        self.patterns = patterns
        self.index = PatternIndex(patterns)
        self.matchers = []
        for entry in patterns:
            matcher = Matcher(vocab, validate=True)
            matcher.add(entry["id"], [entry["pattern"]])
            self.matchers.append(matcher)

    def matches(self, doclike, norms: set[str]) -> Iterator[tuple[dict, int, int]]:
        """(pattern, start, end) of every match in ``doclike`` (a Doc or a Span), whose NORM values are ``norms``."""
        for k in self.index.candidates(norms):
            for _, start, end in self.matchers[k](doclike):
                yield self.patterns[k], start, end


PATTERNS_FILE = "patterns.jsonl"  # in the component's folder of a pipeline saved with nlp.to_disk()


class LexiconMatcher:
    """Finds frein phrasings with token patterns on NORM (folded text) and LEMMA."""

    def __init__(self, nlp: Language, name: str, *, patterns_dir: str | None, overwrite: bool):
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.overwrite = overwrite
        folder = Path(patterns_dir) if patterns_dir else lexicons_dir() / "patterns"
        check_pattern_folder(folder, nlp)  # a value that can never match fails the load (file:line)
        self.set_patterns(read_pattern_files(folder), origin=str(folder))

    def set_patterns(self, patterns: Iterable[dict], *, origin: str) -> None:
        """Replaces the patterns (ids and labels checked against the taxonomy)."""
        patterns = list(patterns)
        unknown = sorted({p["label"] for p in patterns} - set(load_taxonomy().ids))
        if unknown:
            raise LexiconError(f"patterns in {origin} use unknown frein ids: {', '.join(unknown)}")
        self.patterns = patterns
        self._indexed = IndexedPatterns(self.nlp.vocab, patterns)

    # -- serialisation (nlp.to_disk / spacy.load, nlp.to_bytes / from_bytes) -------------------------
    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_jsonl(path / PATTERNS_FILE, self.patterns)

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "LexiconMatcher":
        file = ensure_path(path) / PATTERNS_FILE
        try:
            self.set_patterns((entry for _, entry in numbered_records(file)), origin=str(file))
        except JsonlError as err:
            raise LexiconError(str(err)) from None
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return dumps(self.patterns).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "LexiconMatcher":
        self.set_patterns(json.loads(data.decode("utf-8")), origin="bytes")
        return self

    def match(self, doc: Doc) -> list[Span]:
        """Matches, keeping for each label the longest of overlapping spans."""
        by_label: dict[str, list[Span]] = {}
        found = {Span(doc, start, end, label=entry["label"], span_id=entry["id"])  # as SpanRuler.match: distinct
                 for entry, start, end in self._indexed.matches(doc, {token.norm_ for token in doc}) if start != end}
        for span in sorted(found):
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
    requires=["token.norm", "token.lemma"],
    assigns=["doc.spans"],
)
def make_lexicon(nlp: Language, name: str, *, patterns_dir: str | None, overwrite: bool) -> LexiconMatcher:
    return LexiconMatcher(nlp, name, patterns_dir=patterns_dir, overwrite=overwrite)

