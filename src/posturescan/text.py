"""Text utilities shared by every stage, without spaCy: folding, e-mail addresses, phone numbers, IBANs
and name-like words.

One rule each: :func:`fold` is the only case/accent/apostrophe folding, :data:`EMAIL` the only e-mail
pattern, :func:`phone_spans` the only phone finder (``phonenumbers``, region FR) and :func:`iban_spans`
the only IBAN finder (checksum-validated with ``python-stdnum``). Every pattern here runs in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

#: Typographic apostrophes folded to ``'``.
APOSTROPHES = "\u2019\u2018\u02bc\u201b`\u00b4"
#: Unicode spaces folded to ``' '`` (no-break, narrow no-break, figure, thin, em/en spaces...).
UNICODE_SPACES = "\u00a0\u202f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u205f\u3000"
#: Line breaks other than ``\n`` (lone CR, LS, PS, NEL).
LINE_BREAKS = "\r\u2028\u2029\u0085"

_FOLD_TABLE = str.maketrans({**{c: "'" for c in APOSTROPHES}, **{c: " " for c in UNICODE_SPACES},
                             **{c: "\n" for c in LINE_BREAKS}})


def fold(text: str, *, squeeze: bool = False) -> str:
    """Lower case, no accents, straight apostrophes, plain spaces: « Ça n’a pas été fait » -> « ca n'a pas ete fait ».

    ``squeeze`` also collapses every run of white space to one space and strips the ends (to compare
    short labels with word lists)."""
    text = text.translate(_FOLD_TABLE).lower()
    if text.isascii():
        folded = text
    else:
        decomposed = unicodedata.normalize("NFD", text)
        folded = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("œ", "oe").replace("æ", "ae")
    return " ".join(folded.split()) if squeeze else folded


# -- e-mail addresses ------------------------------------------------------------------------------
# The local part must start a word run (look-behind), so a long run of letters without « @ » is scanned
# once, not once per starting position. « jp.morel (at) exemple.fr » and « [at] » / « (arobase) » count.
_AT = r"(?:@|\s?[\(\[\{]\s?(?:at|arobase|chez)\s?[\)\]\}]\s?)"
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}" + _AT + r"[\w-]{1,63}(?:(?:\.|\s?[\(\[\{]\s?(?:dot|point)\s?[\)\]\}]\s?)[\w-]{1,63}){1,8}",
                   re.IGNORECASE)


def email_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in EMAIL.finditer(text):
        yield match.span()


# -- phone numbers -------------------------------------------------------------------------------
PHONE_REGION = "FR"
_PHONE_HINT = re.compile(r"\d(?:[\s().\-/+]{0,4}\d){7}")


def phone_spans(text: str, region: str = PHONE_REGION) -> Iterator[tuple[int, int]]:
    """(start, end) of each phone number (« 06 12 34 56 78 », « 0033 6 12 34 56 78 », « +33 (0)6 … »)."""
    if not _PHONE_HINT.search(text):  # fast path: fewer than 8 digits close together
        return
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
        yield match.start, match.end


def has_phone(text: str) -> bool:
    return next(phone_spans(text), None) is not None


# -- IBANs ------------------------------------------------------------------------------------------
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")


def iban_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each IBAN whose checksum is valid, in any case, with spaces or hyphens."""
    from stdnum import iban

    for match in _IBAN_CANDIDATE.finditer(text):
        candidate = match.group()
        # the longest valid prefix made of whole groups: « FR76 3000 … 189 et » keeps the IBAN only
        compact = re.sub(r"[ \-]", "", candidate)
        if iban.is_valid(compact):
            yield match.span()
            continue
        for end in range(len(candidate), 14, -1):
            if candidate[end - 1] not in " -" and (end == len(candidate) or candidate[end] in " -"):
                if iban.is_valid(re.sub(r"[ \-]", "", candidate[:end])):
                    yield match.start(), match.start() + end
                    break


# -- names ------------------------------------------------------------------------------------------
# Every repetition is bounded, so that a pattern tried at each position of a hostile text (« Le Le Le … »)
# stays linear in time.
#: A capitalised word, possibly hyphenated (« Morel-Fabre », « Jean-Pierre », « O'Neill »).
NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]{1,30}(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]{1,30}){0,3}"
#: Particles of compound surnames (« Le Bihan », « de La Tour », « Van der Berg », « Ben Ali »).
PARTICLES = r"(?:[Ll]e|[Ll]a|[Dd]e|[Dd]u|[Dd]es|[Dd]'|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Bb]en|[Aa]l|[Ee]l|[Mm]ac|[Mm]c)"
#: A surname: name words, each maybe after particles (« Le Bihan », « de la Fontaine », « Morel-Fabre »).
SURNAME = rf"(?:{PARTICLES}\s?){{0,3}}{NAME_WORD}"
#: An initial (« J. », « J.-P. », « JP »).
INITIALS = r"(?:[A-ZÀ-Þ]\.(?:-?[A-ZÀ-Þ]\.){0,3}|[A-Z]{1,2}\b)"
#: French civilities before a name.
CIVILITY = r"(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Mmes|MM\.|Monsieur|Madame|Mademoiselle|Me|Maître|Dr\.?|Docteur|Pr\.?)"


# -- bounds before tokenisation ------------------------------------------------------------------
#: spaCy's tokenizer is super-linear on long runs without spaces (114 s for 10,000 « < »): runs are cut
#: by turning one character into a space every so often. Same length, so every offset stays valid.
MAX_SYMBOL_RUN = 8
MAX_TOKEN_CHARS = 64
_SYMBOL_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


def _cut_every(run: str, size: int) -> str:
    """Every ``size + 1``-th character becomes a space."""
    chars = list(run)
    chars[size::size + 1] = " " * len(chars[size::size + 1])
    return "".join(chars)


def break_long_runs(text: str) -> str:
    """``text`` with runs of symbols longer than :data:`MAX_SYMBOL_RUN` and runs without spaces longer than
    :data:`MAX_TOKEN_CHARS` broken by spaces, so that tokenising takes linear time. The length is kept."""
    text = _SYMBOL_RUN.sub(lambda m: _cut_every(m.group(), MAX_SYMBOL_RUN), text)
    return _LONG_RUN.sub(lambda m: _cut_every(m.group(), MAX_TOKEN_CHARS), text)
