"""Custom attributes that the posturescan components set on spaCy objects."""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_KEY = "freins"


def register_extensions() -> None:
    """Idempotent: called by every component factory."""
    for name, default in (
        ("status", None),  # asserted | reported | negated | hypothetical | mention
        ("speaker", None),  # who said it, when the context tells (turn or reported speech)
        ("score", 1.0),
        ("pattern", None),  # lexicon pattern id
        ("source", None),  # "lexicon", "classifier" or "lexicon+classifier"
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Span.has_extension("explain"):
        Span.set_extension("explain", default=())  # which pattern / cue / model decided, in order
    if not Doc.has_extension("segments"):
        Doc.set_extension("segments", default=None)  # list of records.Segment, set by the caller
    if not Doc.has_extension("blocks"):
        Doc.set_extension("blocks", default=None)  # list of records.Block (headings, table data, mention lists)
    if not Doc.has_extension("status_guess"):
        Doc.set_extension("status_guess", default=None)  # sentence start -> (status, p) from the status model
    if not Doc.has_extension("sentence_scores"):
        Doc.set_extension("sentence_scores", default=None)  # classifier output per sentence
    if not Doc.has_extension("focus"):
        Doc.set_extension("focus", default=None)  # a second-pass window: its candidate sentences (secondpass.Focus)


def add_explain(span: Span, line: str) -> None:
    span._.explain = (*span._.explain, line)
