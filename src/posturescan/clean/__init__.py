"""The ``clean`` stage: from a :class:`SourceDocument` to the text the NLP stage analyses.

* :func:`normalize_text` fixes line ends, spaces and apostrophes (see :mod:`.text`).
* E-mails (``kind == "email"``) keep the author's own words only: quoted replies with all they
  quote, signatures and legal disclaimers are removed (see :mod:`.mail`). The result has one
  segment over the whole text with ``speaker=None`` (the author is known from the headers),
  or no segment when nothing is left. The From display name (``author_name``) helps find a
  signature made of the sender's name and title only.
* Other documents keep their normalised text unchanged, so offsets map back to the input, and
  get one segment per speaker turn plus ``speaker=None`` segments for the rest (see :mod:`.turns`).
"""

from __future__ import annotations

from ..records import CleanText, Segment, SourceDocument
from .mail import strip_email
from .text import normalize_text
from .turns import parse_turn, speaker_name, split_turns

__all__ = ["clean_document", "normalize_text", "split_turns", "strip_email", "parse_turn", "speaker_name"]


def clean_document(doc: SourceDocument) -> CleanText:
    """Clean one document (see the module docstring)."""
    text = normalize_text(doc.text or "")
    if doc.kind == "email":
        body, removed = strip_email(text, doc.author_name)
        segments = [Segment(0, len(body), None)] if body else []
        return CleanText(text=body, segments=segments, removed=removed)
    return CleanText(text=text, segments=split_turns(text), removed={})
