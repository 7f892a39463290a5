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

import unicodedata

#: Invisible characters removed in the shortening phase.
ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\u2060\u00ad"

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201b": "'"}
_SPACES = "\u00a0\u202f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u205f\u3000"
_LINE_BREAKS = "\r\u2028\u2029\u0085"

_SAME_LENGTH = str.maketrans(
    {**_APOSTROPHES, **{c: " " for c in _SPACES}, **{c: "\n" for c in _LINE_BREAKS}}
)
_DROP = str.maketrans({c: None for c in ZERO_WIDTH})


def normalize_text(text: str) -> str:
    """Normalise line ends, spaces and apostrophes (see the module docstring for the guarantees)."""
    text = text.replace("\r\n", "\n").translate(_DROP)  # the only length-changing steps
    return text.translate(_SAME_LENGTH)


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: used to compare with cue lists."""
    text = text.translate(_SAME_LENGTH).lower()
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("œ", "oe").replace("æ", "ae").split())
