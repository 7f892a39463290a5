"""Document structure: what in a text is a title, a table or a list of examples rather than a statement.

:func:`find_structure` returns :class:`~posturescan.records.Block` ranges over the (normalised) text,
never changing it:

* ``heading`` blocks: markdown ``#`` lines (the .docx/.odt/.html readers write their heading styles
  that way), horizontal rules, bold-only lines, all-caps lines, short numbered titles (« 2. Réclamations »),
  meeting fields (« Présents : … », « Date : … »: :data:`METADATA_FIELDS`) and field labels with a short
  value or none (« Décisions : »), the items of an agenda (the bullets under « Ordre du jour »), and,
  outside speaker turns and e-mails, a *short line without final punctuation that starts a section*
  (:func:`is_title_line`). A line followed by a lower-case continuation is never a heading (a wrapped
  sentence). A heading is context: it is never classified nor counted, nor counted as a sentence.
* ``data`` blocks: table cells that are not sentences. Table rows are the lines the readers write with
  `` | `` between cells, or markdown ``| a | b |`` rows. In an *action table* (a header naming « Action »,
  « Pilote », « Échéance »…) a cell is a sentence only when it ends like one; elsewhere a long cell is a
  sentence too. A sentence cell stays outside any block and is analysed as that sentence (the sentence
  splitter starts a sentence at every block boundary, so a cell never runs into its neighbours).
* ``label`` blocks: the « Nom : » (or « [09:47] Nom : ») before a speaker turn's words.
* ``mention`` blocks: the list items under a title that announces examples or phrases to avoid
  (« Les formules qui fâchent », « Ce qu'on ne dit plus », « Exemples »; :data:`MENTION_TITLES`); the
  block carries the title, and the NLP stage gives its detections the status ``mention``. A sentence
  ending with a colon that announces such a list (« Le florilège affiché au mur : ») opens one too.

The names read in the person columns of a table (« Pilote », « Responsable », « Nom »…) are returned
too, so that excerpts mask them like any author's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..records import DATA, HEADING, LABEL, MENTION, Block, Segment
from ..text import fold
from .turns import is_heading, known_first_names, parse_turn, speaker_name

#: Folded phrases that, found in a title, make the list below it a list of quoted examples.
MENTION_TITLES: tuple[str, ...] = (
    "formules qui fachent", "phrases qui fachent", "mots qui fachent", "ce qui fache", "qui fachent",
    "ce qu'on ne dit plus", "ce que l'on ne dit plus", "ce qu'on ne dit pas", "ce que l'on ne dit pas",
    "on ne dit plus", "a ne plus dire", "a ne pas dire", "ce qu'il ne faut pas dire", "ce qu'il ne faut plus dire",
    "a eviter", "a bannir", "a proscrire", "a oublier", "a ne plus entendre", "exemple", "florilege",
    "phrases types", "phrases entendues", "formules entendues", "ce qu'on entend", "ce que l'on entend",
)
#: Folded titles whose list items are agenda entries (headings, not statements).
AGENDA_TITLES: tuple[str, ...] = ("ordre du jour", "odj", "agenda", "sommaire", "points abordes", "programme")
#: Folded field labels that describe a meeting or a document, whatever the length of their value.
METADATA_FIELDS = frozenset({
    "objet", "sujet", "date", "dates", "heure", "horaire", "lieu", "salle", "presents", "presentes", "present",
    "participants", "participant", "absents", "absent", "excuses", "excusees", "excuse", "invites", "diffusion",
    "copie", "cc", "destinataires", "ordre du jour", "odj", "redacteur", "redactrice", "redige par", "redigee par",
    "redaction", "prise de notes", "notes prises par", "secretariat", "secretaire de seance", "animation",
    "animateur", "animatrice", "prochaine reunion", "reference", "ref", "version", "pj", "pieces jointes",
})
#: Folded header cells of an action table (data, not speech).
ACTION_COLUMNS = frozenset({
    "action", "actions", "pilote", "pilotes", "responsable", "responsables", "porteur", "porteurs", "qui", "quoi",
    "quand", "echeance", "echeances", "delai", "date", "statut", "etat", "avancement", "priorite", "owner", "due",
    "livrable", "a faire", "tache", "taches",
})
#: Folded header cells of a column that holds person names.
PERSON_COLUMNS = frozenset({
    "pilote", "pilotes", "responsable", "responsables", "porteur", "porteurs", "qui", "nom", "noms", "prenom",
    "prenom nom", "nom prenom", "participant", "participants", "intervenant", "intervenants", "referent",
    "referente", "contact", "animateur", "animatrice", "owner", "redacteur", "redactrice", "personne",
})

MAX_TITLE_WORDS = 8
MAX_ITEM_WORDS = 20  # an unmarked line under « Exemples » longer than this is a paragraph, not an example
MAX_FIELD_WORDS = 6  # « Lieu : salle Ronsard » is a heading, « Remarque : <a statement> » is not
_BULLET_RE = re.compile(r"^\s*(?:[-*•–—·+▪◦]|\d{1,2}[.)]|[a-z][.)])\s+")
_QUOTE_START = ("«", "\"", "“", "‹")
_ENDS = (".", "!", "?", "…", ":", "»")
#: Folded words that cannot end a title: a line ending with one of them goes on on the next line.
_OPEN_WORDS = frozenset("""
    a au aux de des du d' l' la le les un une et ou ni mais que qu' qui dont en par pour sur sous dans avec sans
    vers chez entre ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes ne n' se s' y
""".split())
_FINAL = (".", "!", "?", "…", ",", ";")
_MD_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SEP = re.compile(r" \| |\|")


@dataclass
class _Line:
    start: int
    end: int  # end of the line without trailing spaces
    text: str


def _lines(text: str) -> list[_Line]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append(_Line(offset, offset + len(line.rstrip()), line))
        offset += len(line) + 1
    return out


def _title_text(line: str) -> str:
    """The folded words of a title line: no markdown marks, numbering, bold or final colon."""
    words = line.strip().lstrip("#").strip().strip("*_").strip()
    words = re.sub(r"^(?:\d{1,2}|[IVX]{1,4}|[A-Z])[.)]\s+", "", words)
    return fold(words.rstrip(" :").strip("*_« »\"“”"), squeeze=True)


def announces_mentions(title: str) -> bool:
    folded = _title_text(title)
    return any(phrase in folded for phrase in MENTION_TITLES)


def _announces_agenda(title: str) -> bool:
    folded = _title_text(title)
    return any(folded == phrase or folded.startswith(phrase + " ") for phrase in AGENDA_TITLES)


def is_table_row(line: str) -> bool:
    stripped = line.strip()
    return " | " in stripped or (stripped.startswith("|") and stripped.count("|") >= 2)


def is_list_item(line: str) -> bool:
    stripped = line.strip()
    return bool(_BULLET_RE.match(line)) or stripped.startswith(_QUOTE_START)


def is_title_line(line: str, previous: str | None, following: str | None, previous_is_title: bool = False) -> bool:
    """A short line without final punctuation that starts a section: after a blank line, a sentence end, a
    heading or the top, and followed by a paragraph or a list that starts with a capital, a digit or a mark.

    ``previous`` is the line before (None at the top), ``following`` the next non-blank line (None at the
    end). A line ending with a function word (« de », « les », « et »…) is the start of a wrapped sentence.
    """
    stripped = line.strip()
    if following is None or not _starts_block(following):
        return False
    if previous is not None and previous.strip() and not previous_is_title and not previous.rstrip().endswith(_ENDS):
        return False
    if not stripped or is_list_item(line) or is_table_row(line) or stripped.endswith(_FINAL):
        return False
    words = stripped.split()
    if len(words) > MAX_TITLE_WORDS or len(stripped) > 80 or fold(words[-1], squeeze=True) in _OPEN_WORDS:
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit()


def _starts_block(line: str) -> bool:
    first = line.strip()[:1]
    return bool(first) and (first.isupper() or first.isdigit() or is_list_item(line))


def find_structure(text: str, segments: list[Segment] | None = None, *, email: bool = False) -> tuple[list[Block], list[str]]:
    """Structure blocks of ``text`` (sorted, never overlapping) and the person names read in its tables.

    ``segments``: the speaker turns (a line inside a turn is never a title by the short-line rule);
    ``email``: the short-line rule is not applied to an e-mail body.
    """
    lines = _lines(text)
    turns = sorted((s.start, s.end) for s in segments or () if s.speaker)
    t = 0  # first turn that may hold the current line (lines and turns are both in text order)
    blocks: list[Block] = []
    names: list[str] = []
    known = known_first_names(text)
    nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
    next_nonblank = {a: b for a, b in zip(nonblank, nonblank[1:])}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            i += 1
            continue
        if is_table_row(line.text):
            j = i
            while j < len(lines) and is_table_row(lines[j].text):
                j += 1
            table_blocks, table_names = _table(lines[i:j])
            blocks.extend(table_blocks)
            names.extend(table_names)
            i = j
            continue
        turn = None if email else parse_turn(line.text, known)
        if turn is not None:
            label = Block(line.start + len(line.text) - len(line.text.lstrip()), line.start + turn[1], LABEL)
            label.end = line.start + len(line.text[:turn[1]].rstrip())
            if label.end > label.start:
                blocks.append(label)
            i += 1
            continue
        while t < len(turns) and turns[t][1] <= line.start:
            t += 1
        in_turn = t < len(turns) and turns[t][0] < line.end
        following = next_nonblank.get(i)
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        wrapped = nxt[:1].isalpha() and nxt[:1].islower() and not line.text.lstrip().startswith("#")
        title = _explicit_heading(line.text) and not in_turn and not wrapped
        if not title and not in_turn and not email:
            previous_is_title = bool(blocks) and blocks[-1].kind == HEADING and i > 0 and blocks[-1].end == lines[i - 1].end
            title = is_title_line(line.text, lines[i - 1].text if i else None,
                                  lines[following].text if following is not None else None, previous_is_title)
        if not title:
            i += 1
            if not in_turn and line.text.rstrip().endswith(":") and announces_mentions(line.text):
                intro = re.split(r"(?<=[.!?…])\s+", line.text.strip())[-1].rstrip(" :")  # « Le florilège : »
                i = _items(lines, i, MENTION, intro, blocks)
            continue
        blocks.append(_block(line, HEADING))
        i += 1
        if announces_mentions(line.text) or _announces_agenda(line.text):
            kind = MENTION if announces_mentions(line.text) else HEADING
            i = _items(lines, i, kind, line.text.strip(), blocks)
    blocks.sort(key=lambda b: (b.start, b.end))
    return blocks, names


def _explicit_heading(line: str) -> bool:
    """A heading by its form (see :func:`.turns.is_heading`). A field is one when it describes the
    meeting (:data:`METADATA_FIELDS`: « Présents : … », « Date : … ») or its value is short; a field
    followed by a statement (« Décisions : on reporte la relance des clients faute de moyens ») is not."""
    if not is_heading(line):
        return False
    stripped = line.strip()
    if stripped.startswith("#") or ":" not in stripped:
        return True
    label, value = stripped.split(":", 1)
    return fold(label.strip("*_-•· "), squeeze=True) in METADATA_FIELDS or len(value.split()) <= MAX_FIELD_WORDS


def _block(line: _Line, kind: str, heading: str | None = None) -> Block:
    return Block(line.start + len(line.text) - len(line.text.lstrip()), line.end, kind, heading)


def _items(lines: list[_Line], i: int, kind: str, title: str, blocks: list[Block]) -> int:
    """The list items after a title, as blocks of ``kind``; returns the index of the first line after them.

    Items are bullets, numbered or quoted lines, or (lists read from HTML have no marks) short lines:
    up to :data:`MAX_ITEM_WORDS` words under an examples title, short titles under an agenda; an unmarked
    line after a blank line ends the list."""
    first = None
    last = None
    blank = False
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            blank = True
            i += 1
            continue
        if _explicit_heading(line.text) or is_table_row(line.text) or not _is_item(line.text, kind):
            break
        if first is not None and blank and not is_list_item(line.text):
            break  # an unmarked line after a blank line is a new paragraph
        if first is None:
            first = line
        last = line
        blank = False
        if kind == HEADING:
            blocks.append(_block(line, HEADING))
        i += 1
    if kind == MENTION and first is not None:
        start = first.start + len(first.text) - len(first.text.lstrip())
        blocks.append(Block(start, last.end, MENTION, title.lstrip("#").strip().strip("*_").strip()))
    return i


def _is_item(line: str, kind: str) -> bool:
    if is_list_item(line):
        return True
    words = len(line.split())
    if kind == MENTION:
        return words <= MAX_ITEM_WORDS
    return words <= MAX_TITLE_WORDS and not line.rstrip().endswith(_FINAL)


# -- tables ---------------------------------------------------------------------------------------

def _cells(line: _Line) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell of a table row, trimmed."""
    out, pos = [], 0
    pieces = []
    for m in _CELL_SEP.finditer(line.text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(line.text)))
    for a, b in pieces:
        cell = line.text[a:b]
        if cell.strip():
            a += len(cell) - len(cell.lstrip())
            b -= len(cell) - len(cell.rstrip())
            out.append((line.start + a, line.start + b))
    return out


def _is_sentence(cell: str, action_table: bool) -> bool:
    words = cell.split()
    ends = cell.rstrip("»\"”) ").endswith((".", "!", "?", "…"))
    if action_table:
        return len(words) >= 4 and ends
    return (len(words) >= 3 and ends) or len(words) >= 8


def _table(rows: list[_Line]) -> tuple[list[Block], list[str]]:
    """Data blocks of one table (every row minus its sentence cells) and the names in its person columns."""
    rows = [row for row in rows if row.text.strip()]
    header = [fold(row_text.strip("*_ "), squeeze=True) for row_text in _cell_texts(rows[0])] if rows else []
    action_table = any(cell in ACTION_COLUMNS for cell in header)
    person_columns = {k for k, cell in enumerate(header) if cell in PERSON_COLUMNS}
    has_header = action_table or bool(person_columns)
    blocks: list[Block] = []
    names: list[str] = []
    for n, row in enumerate(rows):
        cells = _cells(row)
        sentences = []
        for k, (a, b) in enumerate(cells):
            cell = _text_of(row, a, b)
            if has_header and n == 0:
                continue
            if k in person_columns and has_header:
                names.extend(_person_names(cell))
            elif not _MD_RULE_ROW.match(row.text) and _is_sentence(cell, action_table):
                sentences.append((a, b))
        blocks.extend(_complement(row, sentences))
    return blocks, names


def _cell_texts(line: _Line) -> list[str]:
    return [_text_of(line, a, b) for a, b in _cells(line)]


def _text_of(line: _Line, a: int, b: int) -> str:
    return line.text[a - line.start:b - line.start]


def _complement(row: _Line, keep: list[tuple[int, int]]) -> Iterator[Block]:
    """Data blocks over the row, except the ranges in ``keep`` (sorted); each trimmed of white space."""
    start = row.start
    for a, b in [*keep, (row.end, row.end)]:
        piece = row.text[start - row.start:a - row.start]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield Block(start + lead, start + lead + len(piece.strip()), DATA)
        start = b


def _person_names(cell: str) -> list[str]:
    """Person names in a « Pilote » cell (« Karim Benali / Julie », « K. Benali et J. Lefèvre »)."""
    out = []
    for part in re.split(r"\s*(?:,|/|;|&|\+|\bet\b)\s*", cell):
        part = part.strip().strip("*_()")
        if part and not any(c.isdigit() for c in part):
            name = speaker_name(part)
            if name:
                out.append(name)
    return out
