"""Document dates, shared by every reader: one ISO 8601 string or None, never the file's mtime.

The date of a document is taken, in this order, from:

1. the file's own metadata, parsed by :func:`metadata_date` (docx core properties, odt
   ``meta.xml``, PDF ``/CreationDate``, HTML ``<meta name="date">``...; each reader finds the
   value, this module only parses it);
2. a date near the top of the text, by :func:`text_date`: a « Date : … » field first, else the
   first full date of the first :data:`HEAD_LINES` lines (« Réunion du 4 février 2025 »,
   « le 03/02/2025 »);
3. a date in the file name, by :func:`filename_date` (``2025-03-24_cr.md``, ``cr_20250324.txt``).

:func:`document_date` applies that order. A value with a time keeps it (and its UTC offset when
known): ``2025-04-28T15:20:00+02:00``; a date alone gives ``2025-04-28``. Invalid dates
(31/02) and implausible ones (year before :data:`MIN_YEAR` or after :data:`MAX_YEAR`) give None.
The file system's modification time is never used: it is not reproducible.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from posturescan.text import fold

MIN_YEAR = 1990
MAX_YEAR = 2100
#: How many lines from the top of the text are searched for a date.
HEAD_LINES = 15

#: French month names and abbreviations (folded: lower case, no accents) -> month number.
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}

#: Labels of a date field at the start of a line (folded), as in « Date : 12 mars 2025 ».
DATE_LABELS: tuple[str, ...] = ("date", "date de la reunion", "date de reunion", "fait le", "redige le")

#: Metadata values known to be template defaults, not the document's date (ISO, UTC).
TEMPLATE_DEFAULTS: frozenset[str] = frozenset({
    "2013-12-23T23:15:00+00:00",  # python-docx's default template
})

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# Searched on folded text (lower case, no accents).
_NUMERIC_DMY = r"(?<!\d)(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4})(?!\d)"
_NUMERIC_YMD = r"(?<!\d)(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d)"
_WORDS_DMY = rf"(?<!\d)(?P<d3>\d{{1,2}})(?:er)?\s+(?P<m3>{_MONTH_ALT})\.?\s+(?P<y3>\d{{4}})(?!\d)"
_TEXT_DATE_RE = re.compile(f"{_NUMERIC_DMY}|{_NUMERIC_YMD}|{_WORDS_DMY}")
_LABEL_RE = re.compile(
    r"^[\s#>*_-]*(?:" + "|".join(re.escape(label) for label in DATE_LABELS) + r")[\s*_]*:"
)
_FILENAME_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?!\d)"
)
# ISO 8601 / W3CDTF as found in metadata: date, optional time, optional fraction and offset.
_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)
# PDF date strings: D:YYYYMMDDHHmmSSOHH'mm' with every part after the year optional.
_PDF_RE = re.compile(
    r"^\s*(?:D:)?(?P<y>\d{4})(?P<m>\d{2})?(?P<d>\d{2})?(?P<H>\d{2})?(?P<M>\d{2})?(?P<S>\d{2})?"
    r"(?P<tz>Z|[+-]\d{2}'?\d{2}'?)?",
)


def _plausible(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` of a valid and plausible day, else None."""
    if not _plausible(year):
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_datetime(value: datetime | date | None) -> str | None:
    """ISO form of a datetime (seconds, offset when aware) or of a date; None when implausible."""
    if value is None or not _plausible(value.year):
        return None
    if isinstance(value, datetime):
        text = value.replace(microsecond=0).isoformat()
    else:
        text = value.isoformat()
    return None if text in TEMPLATE_DEFAULTS else text


def _tz(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() == "Z":
        return timezone.utc
    digits = text[1:].replace("'", "").replace(":", "")
    try:
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    except ValueError:
        return None
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if text[0] == "-" else delta)


def _from_parts(m: re.Match[str]) -> str | None:
    year, month, day = int(m["y"]), int(m["m"] or 1), int(m["d"] or 1)
    if m["H"] is None:
        return iso_day(year, month, day)
    try:
        value = datetime(year, month, day, int(m["H"]), int(m["M"] or 0), int(m["S"] or 0), tzinfo=_tz(m["tz"]))
    except ValueError:
        return None
    return iso_datetime(value)


def metadata_date(value: object) -> str | None:
    """Parse a date found in a file's metadata: a datetime/date, an ISO 8601 / W3CDTF string
    (« 2025-02-20T15:45:00Z », « 2025-03-18 ») or a PDF date (« D:20250428152000+02'00' »)."""
    if isinstance(value, (datetime, date)):
        return iso_datetime(value)
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_RE.match(value)
    if m:
        return _from_parts(m)
    m = _PDF_RE.match(value)
    if m and m["m"] and m["d"]:
        return _from_parts(m)
    return None


def _match_date(m: re.Match[str]) -> str | None:
    if m["y1"]:
        return iso_day(int(m["y1"]), int(m["m1"]), int(m["d1"]))
    if m["y2"]:
        return iso_day(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    return iso_day(int(m["y3"]), MONTHS[m["m3"]], int(m["d3"]))


def _first_date(line: str) -> str | None:
    for m in _TEXT_DATE_RE.finditer(line):
        found = _match_date(m)
        if found:
            return found
    return None


def text_date(text: str, head_lines: int = HEAD_LINES) -> str | None:
    """The date written near the top of a text: a « Date : » field, else the first full date.

    Only the first ``head_lines`` non-blank lines are read. Dates are ``dd/mm/yyyy`` (also with
    ``-`` or ``.``), ``yyyy-mm-dd`` or « 4 février 2025 » (« 1er », abbreviations, any case).
    """
    lines = [fold(line) for line in text.split("\n", 200)[:200] if line.strip()][:head_lines]
    for line in lines:
        if _LABEL_RE.match(line):
            found = _first_date(line)
            if found:
                return found
    for line in lines:
        found = _first_date(line)
        if found:
            return found
    return None


def filename_date(name: str) -> str | None:
    """A date in a file name or path: ``2025-03-24_…``, ``2025_03_24``, ``20250324``."""
    for m in _FILENAME_RE.finditer(name.replace("\\", "/").rsplit("/", 1)[-1]):
        found = iso_day(int(m["y"]), int(m["m"]), int(m["d"]))
        if found:
            return found
    return None


def document_date(metadata: str | None, text: str, name: str) -> str | None:
    """The first date found: ``metadata`` (already parsed), then the text, then the file name."""
    return metadata or text_date(text) or filename_date(name)
