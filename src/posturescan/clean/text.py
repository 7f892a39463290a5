"""Character-level normalisation shared by the cleaning steps.

:func:`normalize_text` is the first thing applied to every document. It works in two phases:

1. *Shortening* steps, done before anything else: CRLF -> LF, and removal of invisible
   zero-width characters (BOM U+FEFF, U+200B/C/D, U+2060, soft hyphen U+00AD). These are the
   only steps that change the length of the text.
2. *Character-for-character* mapping (same length, offsets never shift): typographic
   apostrophes -> ``'``, every Unicode space (no-break U+00A0, narrow no-break U+202F, figure,
   thin, em/en spaces, ...) -> ``' '``, a lone CR (old Mac line end), LS U+2028, PS U+2029,
   NEL U+0085 -> ``'\\n'``.

So a text without CRLF and without zero-width characters keeps exactly its length, and every
offset computed on ``normalize_text(t)`` is an offset in ``t`` too. Tabs are kept as they are.
"""

from __future__ import annotations

from ..text import LINE_BREAKS, UNICODE_SPACES

#: Invisible characters removed in the shortening phase.
ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\u2060\u00ad"

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201b": "'"}

_SAME_LENGTH = str.maketrans(
    {**_APOSTROPHES, **{c: " " for c in UNICODE_SPACES}, **{c: "\n" for c in LINE_BREAKS}}
)
_DROP = str.maketrans({c: None for c in ZERO_WIDTH})


def normalize_text(text: str) -> str:
    """Normalise line ends, spaces and apostrophes (see the module docstring for the guarantees)."""
    text = text.replace("\r\n", "\n").translate(_DROP)  # the only length-changing steps
    return text.translate(_SAME_LENGTH)
