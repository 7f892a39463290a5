"""The second pass: the full analysis on the first pass's candidate sentences only (see :mod:`.firstpass`).

Each run of candidate sentences becomes a *window*: a small Doc made of the same tokens (same words, same
spaces, the tokenizer's NORM values and the sentence starts of the first pass), with
:data:`CONTEXT_TOKENS` tokens of the text around it on each side. The statistical components see a token's
neighbours up to four tokens away (``fr_core_news_sm``'s tok2vec: window 1, depth 4) and the parser looks a
few tokens into the buffer, so with that context the candidate sentences get the tags, lemmas and parse they
get in the whole document, hence the same detections. Speaker turns and structure blocks are shifted to the
window's offsets; detections come back in the document's offsets. Only the candidate sentences are scored
by the classifier (``doc._.focus``) and only their detections are kept.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

import numpy as np
from spacy.attrs import NORM, SENT_START
from spacy.tokens import Doc

CONTEXT_TOKENS = 6


@dataclass
class Candidates:
    """The first pass's verdict on one document: the sentences to analyse (token ranges, in order), and the
    tokenizer's NORM values and sentence starts, which the second pass copies."""

    sentences: list[tuple[int, int]]
    norms: np.ndarray
    sent_starts: np.ndarray
    any_scorable: bool  # the document has a sentence the classifier scores (the decision rule applies)


@dataclass(frozen=True)
class Focus:
    """Set on a window (``doc._.focus``): the token starts of its candidate sentences, and whether the whole
    document has a sentence the classifier scores (then the decision rule applies, as in the whole doc)."""

    starts: frozenset
    any_scorable: bool


@dataclass
class Window:
    doc: Doc
    offset: int  # character offset of the window in the document's text
    first: int  # token offset of the window in the document


def window_ranges(candidates: Candidates, length: int, context: int = CONTEXT_TOKENS) -> list[tuple[int, int, list]]:
    """(start, end, candidate sentences) token ranges, context included, overlapping windows merged."""
    ranges: list[tuple[int, int, list]] = []
    for start, end in candidates.sentences:
        lo, hi = max(0, start - context), min(length, end + context)
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi), ranges[-1][2] + [(start, end)])
        else:
            ranges.append((lo, hi, [(start, end)]))
    return ranges


class _Intervals:
    """Items with ``start``/``end`` (speaker turns, structure blocks), to find those that overlap a window:
    two bisections when they are sorted and disjoint (the usual case), a scan otherwise."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda item: (item.start, item.end))
        self.starts = [item.start for item in self.items]
        self.ends = [item.end for item in self.items]
        self.sorted_ends = all(a <= b for a, b in zip(self.ends, self.ends[1:]))

    def overlapping(self, lo: int, hi: int) -> list:
        k = bisect_right(self.starts, hi)
        if self.sorted_ends:
            return self.items[bisect_left(self.ends, lo):k]
        return [item for item in self.items[:k] if item.end >= lo]


def make_windows(doc: Doc, candidates: Candidates, context: int = CONTEXT_TOKENS) -> list[Window]:
    segments, blocks = _Intervals(doc._.segments or ()), _Intervals(doc._.blocks or ())
    windows = []
    for lo, hi, sentences in window_ranges(candidates, len(doc), context):
        tokens = doc[lo:hi]
        words = [t.text for t in tokens]
        spaces = [bool(t.whitespace_) for t in tokens]
        window = Doc(doc.vocab, words=words, spaces=spaces)
        starts = candidates.sent_starts[lo:hi].reshape(-1).astype("int64")
        starts[0] = 1
        array = np.stack([candidates.norms[lo:hi].reshape(-1), starts.astype("uint64")], axis=1).astype("uint64")
        window.from_array([NORM, SENT_START], array)
        offset = tokens[0].idx
        end = offset + len(tokens.text_with_ws)
        window._.segments = [replace(s, start=s.start - offset, end=s.end - offset) for s in segments.overlapping(offset, end)]
        window._.blocks = [replace(b, start=b.start - offset, end=b.end - offset) for b in blocks.overlapping(offset, end)]
        window._.focus = Focus(frozenset(start - lo for start, _ in sentences), candidates.any_scorable)
        windows.append(Window(window, offset, lo))
    return windows


def in_focus(window: Doc, sentence_start: int) -> bool:
    focus = window._.focus
    return focus is None or sentence_start in focus.starts

