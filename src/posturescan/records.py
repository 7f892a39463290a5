"""Plain data records passed from one stage to the next.

The flow is one way: ``sources`` yields :class:`SourceDocument`, ``clean`` turns each into a
:class:`CleanText`, ``nlp`` finds :class:`Detection` objects in it, ``profile`` aggregates them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

ANALYSED = "analysed"
SKIPPED = "skipped"

#: Statuses given by the context qualifiers. Only COUNTED ones enter the profile.
STATUSES = ("asserted", "reported", "negated", "hypothetical", "mention")
COUNTED_STATUSES = frozenset({"asserted", "reported"})


@dataclass
class SourceDocument:
    """One document read from a file or from one message of a container."""

    document: str  # id: path relative to the input root, plus '#n' for the n-th message of a container
    path: str  # path of the file relative to the input root (posix separators)
    format: str  # txt, md, html, docx, odt, pdf, eml, mbox, msg
    kind: str = "text"  # "email" (body of a message) or "text" (any other document)
    text: str = ""  # extracted text, before cleaning
    author: str | None = None  # e-mail address when known, else a display name
    author_name: str | None = None  # display name from the From header
    date: str | None = None  # ISO 8601 (YYYY-MM-DDTHH:MM:SS+HH:MM) when known
    subject: str | None = None
    status: str = ANALYSED
    reason: str | None = None  # why the document was skipped, one line in English

    @classmethod
    def skipped(cls, document: str, path: str, fmt: str, reason: str) -> "SourceDocument":
        return cls(document=document, path=path, format=fmt, status=SKIPPED, reason=reason)


@dataclass
class Segment:
    """A stretch of the analysed text with one speaker (a turn in minutes, or the whole e-mail)."""

    start: int
    end: int
    speaker: str | None = None
    chat: bool = False  # a chat message: each of its lines is at least one sentence


#: Kinds of :class:`Block`: a heading is context, a data cell is not speech, a label is a turn's « Nom : »,
#: a mention block quotes examples.
HEADING, DATA, LABEL, MENTION = "heading", "data", "label", "mention"
#: Blocks that are never classified, counted, nor counted as sentences.
NOT_SPEECH = frozenset({HEADING, DATA, LABEL})


@dataclass
class Block:
    """A stretch of the analysed text that is document structure rather than someone's statement.

    ``heading``, ``data`` and ``label`` blocks (titles, agenda items, short table cells, the « [09:47] Nom : »
    before a turn) are never classified or counted; a ``mention`` block (the bullets under « Les formules qui fâchent ») gives its detections
    the status ``mention``; ``heading`` holds the title it inherits that status from.
    """

    start: int
    end: int
    kind: str
    heading: str | None = None


@dataclass
class CleanText:
    """The author's own text, ready for the NLP stage, with its speaker turns and its structure."""

    text: str
    segments: list[Segment] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # what was stripped: {"quoted": n, "signature": n, ...}
    blocks: list[Block] = field(default_factory=list)  # headings, table data, mention lists (see clean.structure)
    names: list[str] = field(default_factory=list)  # person names read in table columns, to mask in excerpts

    def speaker_at(self, offset: int) -> str | None:
        return speaker_at(self.segments, offset)


def block_at(blocks, start: int, end: int, text: str | None = None) -> Block | None:
    """The structure block that holds the character range [start, end), if any.

    ``blocks`` are sorted and disjoint (as :func:`posturescan.clean.structure.find_structure` returns them):
    the lookup is a binary search. With ``text`` (the characters of that range), its surrounding white
    space is left out first."""
    if text is not None:
        start += len(text) - len(text.lstrip())
        end = start + len(text.strip())
    if not blocks:
        return None
    k = bisect_right(blocks, start, key=lambda b: b.start) - 1
    if k >= 0 and blocks[k].start <= start and end <= blocks[k].end:
        return blocks[k]
    return None


def speaker_at(segments, offset: int) -> str | None:
    """The speaker of the turn that contains a character offset, if any."""
    for seg in segments or ():
        if seg.start <= offset < seg.end:
            return seg.speaker
    return None


def speaker_over(segments, start: int, end: int) -> str | None:
    """The speaker of the first turn that overlaps ``[start, end)``, if any (a sentence that starts on the
    « Nom : » label, which lies outside the turn, still belongs to the turn)."""
    return next((seg.speaker for seg in segments or () if seg.speaker and seg.start < end and start < seg.end), None)


@dataclass
class Detection:
    """One frein found in one sentence of a document."""

    label: str
    family: str
    status: str
    sentence: str
    start: int  # character offsets of the evidence in the document's analysed text
    end: int
    score: float
    evidence: str  # the words that triggered the detection
    speaker: str | None = None
    pattern: str | None = None  # lexicon pattern id, None when only the classifier fired
    explain: list[str] = field(default_factory=list)  # which pattern / cue / model decided
    document: str = ""
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
