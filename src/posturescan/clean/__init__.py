"""The ``clean`` stage: from a :class:`SourceDocument` to the text the NLP stage analyses.

* :func:`normalize_text` fixes line ends, spaces and apostrophes (see :mod:`.text`).
* E-mails (``kind == "email"``) keep the author's own words only: quoted replies with all they
  quote, signatures and legal disclaimers are removed (see :mod:`.mail`). The result has one
  segment over the whole text with ``speaker=None`` (the author is known from the headers),
  or no segment when nothing is left. The From display name (``author_name``) helps find a
  signature made of the sender's name and title only.
* Other documents keep their normalised text unchanged, so offsets map back to the input, and
  get one segment per speaker turn plus ``speaker=None`` segments for the rest (see :mod:`.turns`).
  Chat exports (Teams, WhatsApp, « HH:MM Nom : » lines, Slack read as such lines) are speaker turns too.
* Every document gets its structure blocks: headings, table data and lists of quoted examples, and the
  names read in its tables (see :mod:`.structure`).
"""

from __future__ import annotations

from ..records import CleanText, Segment, SourceDocument
from .mail import strip_email
from .structure import find_structure
from .text import normalize_text
from .turns import parse_turn, speaker_name, split_turns

__all__ = ["clean_document", "normalize_text", "split_turns", "strip_email", "parse_turn", "speaker_name", "find_structure"]


def clean_document(doc: SourceDocument) -> CleanText:
    """Clean one document (see the module docstring)."""
    text = normalize_text(doc.text or "")
    if doc.kind == "email":
        body, removed = strip_email(text, doc.author_name)
        segments = [Segment(0, len(body), None)] if body else []
        blocks, names = find_structure(body, segments, email=True)
        return CleanText(text=body, segments=segments, removed=removed, blocks=blocks, names=names)
    segments = split_turns(text)
    blocks, names = find_structure(text, segments)
    return CleanText(text=text, segments=segments, removed={}, blocks=blocks, names=names)
