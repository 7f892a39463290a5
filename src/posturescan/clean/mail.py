"""Keep only the author's own words in an e-mail body.

Works line by line on text already passed through :func:`~posturescan.clean.text.normalize_text`.
Steps, in this order (each one only sees what the previous ones kept):

1. **Quoted parts** (``removed["quoted"]``, one per quoted part):

   * the first *reply/forward marker* cuts the mail there, marker and everything after it
     included: an attribution line (« Le lun. 3 mars 2025 à 17:45, X <x@y.fr> a écrit : »,
     « On Mon, Mar 3, 2025 at 5:45 PM X wrote: », possibly wrapped over up to 3 lines), an
     Outlook header block (« De : … » followed within a few lines by at least two of
     « Envoyé / Date / À / Cc / Objet » or « Sent / To / Subject »), or a separator line
     (« -----Message d'origine----- », « ---------- Forwarded message --------- », « Début du
     message réexpédié : »…, see :data:`SEPARATORS`). Rules of underscores/dashes and blank
     lines right above the marker go too.
   * blocks of lines starting with ``>`` are removed wherever they are.
   * *interleaved replies*: when an attribution line is directly followed by a ``>`` block
     and the author's own lines come after that block (bottom-posting, inline answers), only
     the attribution line and the ``>`` blocks are removed, the author's answers stay.

2. **Disclaimers** (``removed["disclaimer"]``, one per run of adjacent disclaimer paragraphs):
   a paragraph (blank-line separated) containing one of :data:`DISCLAIMER_CUES` is removed
   from the line where the cue starts to the end of the paragraph (lines above it in the same
   paragraph, e.g. a phone number, stay for the signature step).

3. **Signature** (``removed["signature"]``, at most 1): the mail is cut at the earliest of

   * the standard ``-- `` delimiter line (``--`` with or without the trailing space);
   * a mobile/app footer line (« Envoyé de mon iPhone », « Sent from my Android », « Get
     Outlook for iOS »…, see :data:`MOBILE_FOOTERS`);
   * a closing formula on its own line (optionally followed by a short name on the same line,
     « Cordialement, Karim ») when the *short-tail rule* holds: what follows is at most
     :data:`MAX_TAIL_LINES` non-blank lines, each short (≤ :data:`MAX_TAIL_CHARS` chars,
     ≤ 10 words with letters, not a question, not a « PS », not a sentence ending with '.' or
     '!' of 3 words or more). Strong formulas (« Cordialement », « Bien à
     vous »…) may also end the mail with nothing after them; weak ones (« Bonne journée »,
     « Merci »…) are cut only when a name/contact block follows them, whose first line looks
     like a name (1 to 4 capitalised words).

   A formula inside a sentence (« … je vous remercie, cordialement, pour … ») never matches,
   since only whole lines are compared.

4. **Name block without a closing formula** (also ``removed["signature"]``, counted once with
   step 3): the last paragraph of what is left, when it is 1 to :data:`MAX_NAME_BLOCK_LINES`
   short lines (≤ :data:`MAX_TAIL_CHARS` chars, ≤ 10 words) without sentence punctuation (no
   '!' or '?'; no line ends with '.', ':', ';' or ',' except after an abbreviation such as
   « Tél. » or an initial), starting with a name-like line (1 to 4 capitalised words), and
   either that line is the sender (its words are all words of ``author_name``, the From display
   name: « Olivier Morel », « Olivier ») or the block has a contact line (phone number, e-mail
   or web address, « Tél. ») or a job-title line (:data:`TITLE_WORDS`: « Chargé d'accueil –
   CFE »). The block may also be the end of the last paragraph (no blank line above it) when
   its first line is the sender's name. After such a block, a lone sign-off line with the
   sender's name (« Nadia » above « Nadia Haddad / Conseillère… ») goes too. Nothing is removed
   when it would leave the mail empty.

Nothing above the first reply marker is removed except by steps 2 and 3.
"""

from __future__ import annotations

import re
from collections import Counter

from ..text import EMAIL, fold, has_phone

# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

#: Separator lines that start a quoted or forwarded message (case-insensitive full-line regexes).
SEPARATORS: tuple[str, ...] = (
    r"-{2,}\s*message d'origine\s*-{2,}",
    r"-{2,}\s*original message\s*-{2,}",
    r"-{2,}\s*forwarded message\s*-{2,}",
    r"-{2,}\s*message transf[ée]r[ée]\s*-{2,}",
    r"-{2,}\s*message transmis\s*-{2,}",
    r"-{2,}\s*mail original\s*-{2,}",
    r"-{2,}\s*reply message\s*-{2,}",
    r"d[ée]but du message r[ée]exp[ée]di[ée]\s*:",
    r"begin forwarded message\s*:",
)

#: Field names of an Outlook-style header block, after its first « De : » / « From: » line.
OUTLOOK_FIELDS: tuple[str, ...] = (
    "envoyé", "envoye", "date", "à", "a", "to", "cc", "cci", "bcc", "objet", "subject", "sent",
)

#: Disclaimer cue phrases, compared on folded text (lower case, no accents, single spaces).
DISCLAIMER_CUES: tuple[str, ...] = (
    "ce message et toutes les pieces jointes",
    "ce message et les pieces jointes",
    "ce message et ses pieces jointes",
    "ce message et tous les fichiers",
    "ce courriel et les documents",
    "ce courriel et toutes les pieces jointes",
    "ce courriel et ses pieces jointes",
    "ce courriel et les pieces jointes",
    "ce message electronique et les",
    "a l'intention exclusive de ses destinataires",
    "a l'usage exclusif de ses destinataires",
    "si vous n'etes pas le destinataire",
    "si vous n'etes pas destinataire",
    "si vous avez recu ce message par erreur",
    "si vous avez recu ce courriel par erreur",
    "toute utilisation ou diffusion non autorisee",
    "pensez a l'environnement avant d'imprimer",
    "merci de penser a l'environnement",
    "n'imprimez ce message que si",
    "avis de confidentialite",
    "this e-mail and any attachments",
    "this email and any attachments",
    "this message and any attachments",
    "this e-mail is confidential",
    "this email is confidential",
    "if you are not the intended recipient",
    "confidentiality notice",
    "please consider the environment before printing",
)

#: Closing formulas that may end a mail on their own (folded).
STRONG_CLOSINGS: tuple[str, ...] = (
    "cordialement", "bien cordialement", "tres cordialement", "cordialement votre",
    "bien a vous", "bien a toi", "salutations", "salutations distinguees",
    "sinceres salutations", "meilleures salutations", "bien sinceres salutations",
    "avec mes salutations distinguees", "amicalement", "bien amicalement", "amities",
    "respectueusement", "cdlt", "cdt", "bav", "regards", "best regards", "kind regards",
    "warm regards", "best", "cheers", "sincerely", "yours sincerely",
)

#: Closing formulas cut only when a short name/contact block follows them (folded).
WEAK_CLOSINGS: tuple[str, ...] = (
    "bonne journee", "bonne soiree", "belle journee", "bonne fin de journee",
    "bonne apres-midi", "bon week-end", "bon weekend", "bonne semaine", "bonne fin de semaine",
    "merci", "merci beaucoup", "merci d'avance", "merci par avance", "merci encore",
    "merci a vous", "merci a toi", "merci et bonne journee", "merci et bonne soiree",
    "merci et bon week-end", "merci pour votre aide", "a bientot", "a demain", "a plus",
    "thanks", "thank you", "many thanks", "thanks in advance",
)

#: Mobile / app footers (case-insensitive full-line regexes).
MOBILE_FOOTERS: tuple[str, ...] = (
    r"envoy[ée]e?\s+(?:de|depuis|à partir de|a partir de|avec|via)\s+(?:mon|ma|un|une|l')\s*(?:\S+\s+){0,2}?"
    r"(?:iphone|ipad|android|smartphone|mobile|portable|t[ée]l[ée]phone|tablette|samsung|galaxy|huawei"
    r"|xiaomi|appareil|blackberry|pixel|honor|oppo)\b.{0,30}",
    r"envoy[ée]e?\s+(?:de|depuis|à partir de|a partir de|avec|via)\s+(?:outlook|yahoo|gmail|mail|orange|free|bluemail|samsung).{0,40}",
    r"sent\s+(?:from|with|via)\s+(?:my|outlook|yahoo|mail|gmail|samsung).{0,50}",
    r"get\s+outlook\s+for\s+(?:ios|android).{0,10}",
    r"(?:t[ée]l[ée]chargez|obtenez|obtenir)\s+outlook\s+pour\s+(?:ios|android).{0,10}",
)

#: First words (folded) of a job-title line in a signature block.
TITLE_WORDS: tuple[str, ...] = (
    "charge", "chargee", "conseiller", "conseillere", "directeur", "directrice", "responsable",
    "gestionnaire", "assistant", "assistante", "chef", "cheffe", "president", "presidente",
    "vice-president", "vice-presidente", "secretaire", "comptable", "technicien", "technicienne",
    "ingenieur", "ingenieure", "consultant", "consultante", "manager", "coordinateur",
    "coordinatrice", "juriste", "attache", "attachee", "delegue", "deleguee", "formateur",
    "formatrice", "agent", "agente", "correspondant", "correspondante", "referent", "referente",
    "animateur", "animatrice", "adjoint", "adjointe", "stagiaire", "alternant", "alternante",
    "commercial", "commerciale", "account", "head", "director", "officer", "sales",
    "dg", "drh", "daf", "ceo", "cto", "cfo", "pdg",
)
MAX_NAME_BLOCK_LINES = 5

MAX_TAIL_LINES = 8
MAX_TAIL_CHARS = 80
_MAX_TAIL_WORDS = 10

# --------------------------------------------------------------------------------------------
# Compiled patterns
# --------------------------------------------------------------------------------------------

_SEPARATOR_RE = re.compile(r"^\s*(?:" + "|".join(SEPARATORS) + r")\s*$", re.IGNORECASE)
_RULE_RE = re.compile(r"^\s*[_\-=*~]{5,}\s*$")
_QUOTE_RE = re.compile(r"^\s*>")
_FR_ATTRIBUTION_RE = re.compile(r"^\s*le\s.*(?<![\w'])a\s+[ée]crit\s*:\s*$", re.IGNORECASE)
_EN_ATTRIBUTION_RE = re.compile(r"^\s*on\s.*\bwrote\s*:\s*$", re.IGNORECASE)
_BARE_ATTRIBUTION_RE = re.compile(r"^.*@.*(?:(?<![\w'])a\s+[ée]crit|\bwrote)\s*:\s*$", re.IGNORECASE)
_OUTLOOK_FROM_RE = re.compile(r"^\s*[*_]*\s*(?:de|from)\s*[*_]*\s*:\s*[*_]*\s*\S", re.IGNORECASE)
_OUTLOOK_FIELD_RE = re.compile(
    r"^\s*[*_]*\s*(" + "|".join(re.escape(f) for f in OUTLOOK_FIELDS) + r")\s*[*_]*\s*:", re.IGNORECASE
)
_DASH_DELIMITER_RE = re.compile(r"^--\s*$")
_MOBILE_RE = re.compile(r"^\s*(?:" + "|".join(MOBILE_FOOTERS) + r")\s*$", re.IGNORECASE)
_CLOSING_RE = re.compile(
    r"^(?P<formula>"
    + "|".join(re.escape(f) for f in sorted(STRONG_CLOSINGS + WEAK_CLOSINGS, key=len, reverse=True))
    + r")(?![\w'])(?:\s+(?:a tous|a toutes et a tous|a tous et a toutes|a vous|a toi|a vous tous))?"
    r"\s*[,.!;]*\s*(?:[,-]\s*)?(?P<name>.*)$"
)
_NAME_WORD_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'.-]*$")
_STRONG = frozenset(STRONG_CLOSINGS)
_CONTACT_RE = re.compile(r"\bwww\.|https?://|^(?:t[ée]l|tel|mob|port|fax|ligne)\b", re.IGNORECASE)
_ABBREVIATION_END_RE = re.compile(r"(?:^|\s)(?:[A-ZÀ-ÖØ-Þ]|T[ée]l|Mob|Port|Fax|Ste|Cie|Dr|M|Mme|Pr)\.$")

_MAX_HEADER_LINES = 3
_MAX_HEADER_CHARS = 320
_OUTLOOK_LOOKAHEAD = 8


# --------------------------------------------------------------------------------------------
# Step 1: quoted parts
# --------------------------------------------------------------------------------------------


def _is_quote(line: str) -> bool:
    return bool(_QUOTE_RE.match(line))


def _attribution_end(lines: list[str], i: int) -> int | None:
    """Index just after an attribution header starting at line ``i`` (1 to 3 lines), else None."""
    first = lines[i]
    if not first.strip() or _is_quote(first) or len(first) > _MAX_HEADER_CHARS:
        return None
    starts = re.match(r"^\s*(le|on)\s", first, re.IGNORECASE)
    joined = ""
    for k in range(_MAX_HEADER_LINES):
        j = i + k
        if j >= len(lines) or not lines[j].strip() or _is_quote(lines[j]):
            return None
        joined = (joined + " " + lines[j].strip()) if joined else lines[j].strip()
        if len(joined) > _MAX_HEADER_CHARS:
            return None
        if starts and re.search(r"\d", joined):
            if _FR_ATTRIBUTION_RE.match(joined) or _EN_ATTRIBUTION_RE.match(joined):
                return j + 1
        elif k == 0 and _BARE_ATTRIBUTION_RE.match(joined):
            return j + 1
    return None


def _is_outlook_header(lines: list[str], i: int) -> bool:
    if not _OUTLOOK_FROM_RE.match(lines[i]):
        return False
    fields = set()
    for line in lines[i + 1 : i + 1 + _OUTLOOK_LOOKAHEAD]:
        m = _OUTLOOK_FIELD_RE.match(line)
        if m:
            fields.add(fold(m.group(1), squeeze=True))
    return len(fields) >= 2


def _is_interleaved(rest: list[str]) -> bool:
    """True when ``rest`` (after an attribution) starts with a '>' block followed by own lines."""
    k = 0
    while k < len(rest) and not rest[k].strip():
        k += 1
    if k >= len(rest) or not _is_quote(rest[k]):
        return False
    seen_quote_end = False
    for line in rest[k:]:
        if _is_quote(line):
            continue
        if line.strip():
            seen_quote_end = True
            break
    return seen_quote_end


def _drop_trailing_rules(kept: list[str]) -> None:
    while kept and (not kept[-1].strip() or _RULE_RE.match(kept[-1])):
        kept.pop()


def strip_quoted(lines: list[str], removed: Counter) -> list[str]:
    kept: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _is_quote(line):
            j = i
            while j < n and (_is_quote(lines[j]) or (not lines[j].strip() and _next_is_quote(lines, j))):
                j += 1
            removed["quoted"] += 1
            i = j
            continue
        if _SEPARATOR_RE.match(line) or _is_outlook_header(lines, i):
            removed["quoted"] += 1
            _drop_trailing_rules(kept)
            return kept
        end = _attribution_end(lines, i)
        if end is not None:
            if _is_interleaved(lines[end:]):
                i = end  # drop the attribution only; the '>' blocks are dropped (and counted) next
                continue
            removed["quoted"] += 1
            _drop_trailing_rules(kept)
            return kept
        kept.append(line)
        i += 1
    return kept


def _next_is_quote(lines: list[str], j: int) -> bool:
    """True when blank line ``j`` sits inside a '>' block (the next non-blank line is quoted)."""
    for line in lines[j + 1 :]:
        if line.strip():
            return _is_quote(line)
    return False


# --------------------------------------------------------------------------------------------
# Step 2: disclaimers
# --------------------------------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the non-blank runs."""
    out, start = [], None
    for idx, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = idx
        elif start is not None:
            out.append((start, idx))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def _disclaimer_start(lines: list[str], start: int, end: int) -> int | None:
    """First line of the paragraph ``lines[start:end]`` where a disclaimer cue begins."""
    folded, line_at = "", []
    for idx in range(start, end):
        piece = fold(lines[idx], squeeze=True)
        if folded:
            folded += " "
        line_at.extend([idx] * (len(piece) + 1))
        folded += piece
    best = None
    for cue in DISCLAIMER_CUES:
        pos = folded.find(cue)
        if pos >= 0 and (best is None or pos < best):
            best = pos
    return None if best is None else line_at[best]


def strip_disclaimers(lines: list[str], removed: Counter) -> list[str]:
    drop: set[int] = set()
    previous_end = None  # end of the last disclaimer paragraph, to count adjacent ones once
    for start, end in _paragraphs(lines):
        cut = _disclaimer_start(lines, start, end)
        if cut is None:
            previous_end = None
            continue
        drop.update(range(cut, end))
        if previous_end is None or cut != start:
            removed["disclaimer"] += 1
        previous_end = end
    return [line for idx, line in enumerate(lines) if idx not in drop]


# --------------------------------------------------------------------------------------------
# Step 3: signature
# --------------------------------------------------------------------------------------------


def _closing_kind(line: str) -> str | None:
    """'strong' / 'weak' when ``line`` is a closing formula (with an optional short name)."""
    stripped = line.strip().strip("*_")
    if not stripped or len(stripped) > 60:
        return None
    m = _CLOSING_RE.match(fold(stripped, squeeze=True))
    if not m:
        return None
    if m.group("name"):
        # the name part must be a short capitalised name in the original text
        words = stripped.split()[-len(m.group("name").split()) :]
        if len(words) > 4 or not all(_NAME_WORD_RE.match(w.strip(",.!")) for w in words):
            return None
    return "strong" if m.group("formula") in _STRONG else "weak"


def _looks_like_name(line: str) -> bool:
    """« Karim », « Julie Martin », « K. Benali », « L'équipe Support »: 1 to 4 capitalised words."""
    words = line.strip().strip(",.").split()
    return 0 < len(words) <= 4 and all(_NAME_WORD_RE.match(w.strip(",.")) or w.lower() in ("de", "du", "la", "le") for w in words)


def _is_short_tail(tail: list[str], kind: str) -> bool:
    lines = [line.strip() for line in tail if line.strip()]
    if not lines:
        return kind == "strong"
    if len(lines) > MAX_TAIL_LINES:
        return False
    if kind == "weak" and not _looks_like_name(lines[0]):
        return False
    for line in lines:
        words = [w for w in line.split() if any(c.isalpha() for c in w)]
        if line.endswith((".", "!")) and len(words) >= 3:
            return False  # a sentence, not a name/title/contact line
        if len(line) > MAX_TAIL_CHARS or len(words) > _MAX_TAIL_WORDS or line.endswith("?"):
            return False
        if re.match(r"^p\.?\s?s\b", line, re.IGNORECASE):
            return False
    return True


def strip_signature(lines: list[str], removed: Counter) -> list[str]:
    cut = None
    for idx, line in enumerate(lines):
        if _DASH_DELIMITER_RE.match(line) or _MOBILE_RE.match(line):
            cut = idx
            break
    hard_end = len(lines) if cut is None else cut
    for idx in range(hard_end):
        kind = _closing_kind(lines[idx])
        if kind and _is_short_tail(lines[idx + 1 : hard_end], kind):
            cut = idx
            break
    if cut is None:
        return lines
    removed["signature"] += 1
    return lines[:cut]


# --------------------------------------------------------------------------------------------
# Step 4: name block without a closing formula
# --------------------------------------------------------------------------------------------


def _is_contact_line(line: str) -> bool:
    return bool(EMAIL.search(line) or _CONTACT_RE.search(line.strip()) or has_phone(line))


def _is_title_line(line: str) -> bool:
    words = fold(line, squeeze=True).replace("'", " ").split()
    return bool(words) and words[0].strip(",.-") in TITLE_WORDS


def _is_sender(line: str, author_name: str | None) -> bool:
    """True when the words of ``line`` are all words of the sender's display name."""
    if not author_name:
        return False
    words = [w.strip(",.") for w in fold(line, squeeze=True).split()]
    sender = set(fold(author_name, squeeze=True).replace(",", " ").split())
    return bool(words) and all(w in sender for w in words)


def _is_block_line(line: str) -> bool:
    """A short line without sentence punctuation: a name, a title, an organisation, a contact."""
    line = line.strip()
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    if not line or len(line) > MAX_TAIL_CHARS or len(words) > _MAX_TAIL_WORDS or re.search(r"[!?]", line):
        return False
    if line.endswith((":", ";", ",")):
        return False
    return not line.endswith(".") or bool(_ABBREVIATION_END_RE.search(line))


def _name_block_start(lines: list[str], author_name: str | None) -> int | None:
    """Index of the first line of a final name block (see step 4), else None."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip() and end - start < MAX_NAME_BLOCK_LINES:
        start -= 1
    for first in range(start, end):
        block = lines[first:end]
        if not all(_is_block_line(line) for line in block) or not _looks_like_name(block[0]):
            continue
        sender = _is_sender(block[0], author_name)
        at_paragraph_start = first == 0 or not lines[first - 1].strip()
        if not (sender or at_paragraph_start):
            continue
        if not (sender or any(_is_contact_line(line) or _is_title_line(line) for line in block[1:])):
            continue
        if any(line.strip() for line in lines[:first]):
            return first
    return None


def strip_name_block(lines: list[str], removed: Counter, author_name: str | None = None) -> list[str]:
    """Step 4: remove a final block of the sender's name, title and contacts (see module docstring)."""
    first = _name_block_start(lines, author_name)
    if first is None:
        return lines
    lines = lines[:first]
    # a sign-off with the sender's name alone in the paragraph just above (« Nadia »)
    filled = [idx for idx, line in enumerate(lines) if line.strip()]
    if len(filled) >= 2:
        last = filled[-1]
        alone = not lines[last - 1].strip()
        if alone and _looks_like_name(lines[last]) and _is_sender(lines[last], author_name):
            lines = lines[:last]
    if not removed["signature"]:
        removed["signature"] += 1
    return lines


# --------------------------------------------------------------------------------------------


def strip_email(text: str, author_name: str | None = None) -> tuple[str, dict[str, int]]:
    """The author's own words of a normalised e-mail body, and what was removed.

    ``author_name`` (the From display name) helps recognise a signature made of the sender's
    name and title only (step 4).
    """
    removed: Counter = Counter()
    lines = text.split("\n")
    lines = strip_quoted(lines, removed)
    lines = strip_disclaimers(lines, removed)
    lines = strip_signature(lines, removed)
    lines = strip_name_block(lines, removed, author_name)
    body = "\n".join(line.rstrip() for line in lines)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return body, dict(removed)
