"""Speaker turns in minutes and notes.

The text is never changed here: :func:`split_turns` only returns :class:`Segment` ranges over
the (normalised) text, so every offset maps back to the document.

A **turn line** is ``[bullet] Name [(role)] : words`` where ``Name`` is 1 to
:data:`MAX_NAME_WORDS` capitalised words (particles such as « de », « van » allowed inside,
titles « M. », « Mme », « Dr » allowed, no digits), optionally in markdown bold
(« **Julie** : », « **Julie :** »), optionally followed by a role in parentheses or after a
comma (« Mme Dupont (DRH) : », « Julie Martin, DRH : »; a « role » that reads like a clause,
« Franchement, ce groupe était pénible : », is no role, see :data:`ROLE_STOP_WORDS`). Labels in
:data:`STOP_LABELS` (« Objet », « Décisions », « Ordre du jour », « Rédaction »… or starting
with one of them) are headings, never speakers; a colon inside a sentence (« il a dit : »)
never makes a turn because the words before it are not a capitalised name.

The name must look like a person's: a title (« M. », « Mme »…) followed by a name, or at least
two capitalised words not all of them common words (« Cap Client » is not a person), or a single
capitalised word that is not a common French word used as a label or sentence opener
(:data:`COMMON_WORDS`: « Supports », « Franchement », « Montant »…; adverbs in « -ment » of
9 letters or more too). A single word from that list is still a speaker when the same document
names someone with it in a full-name turn (« Olivier Morel : » then « Olivier : »).

The speaker is the cleaned name: bold markers and role removed, spaces collapsed, all-caps
words of 4 letters or more title-cased (« KARIM B. » -> « Karim B. », « Julie MARTIN » ->
« Julie Martin »), « MME » -> « Mme ».

**Chat lines** are turns too: a time stamp before the name (Teams « [09:47] Prénom Nom : … »,
WhatsApp « 02/05/2025 16:41 - Prénom Nom: … » or « [02/05/2025 16:41:05] Prénom Nom: … », and generic
« 09:47 Nom : … » or « 9h47 - Nom : … » lines) makes the line a turn; after a time stamp the name
only has to be 1 to :data:`MAX_NAME_WORDS` words that are no field label (chat names are often lower
case or nicknames). Every chat line is its own turn, so two lines are never one sentence.

A **turn** starts after the « Name : » label (the label itself is in no segment) and runs over
the following lines until the next turn line or a heading. After a blank line it goes on only
when the next line is a *continuation*: indented, starting with a lower-case letter, or after a
turn line ending with ':' (a list follows). Headings are markdown ``#`` lines, stop-listed
labels (« Décisions : »), all-caps lines, bold-only lines, horizontal rules and short numbered
titles (« 2. Budget »).

**Text outside any turn** (title, attendees, decisions…) gets segments with ``speaker=None``:
one per stretch between turns, trimmed to its first and last non-blank characters. So the
segments, sorted and never overlapping, cover all the text except blank lines and the turn
labels; a note without any turn gets a single ``None`` segment, like an e-mail.
"""

from __future__ import annotations

import re

from ..records import Segment
from ..text import fold

#: Labels that are headings or fields, never speakers (folded: lower case, no accents).
#: A label equal to one of them, or starting with one of them followed by a space, is rejected.
STOP_LABELS: frozenset[str] = frozenset(
    {
        "objet", "sujet", "date", "dates", "heure", "horaire", "lieu", "salle", "presents",
        "presentes", "present", "participants", "participant", "absents", "absent", "excuses",
        "excusees", "excuse", "invites", "diffusion", "copie", "cc", "destinataires",
        "ordre du jour", "odj", "agenda", "decision", "decisions", "releve de decisions",
        "note", "notes", "nb", "n.b", "n.b.", "ps", "p.s", "p.s.", "action", "actions",
        "plan d'actions", "plan d'action", "points abordes", "point", "points", "prochaine reunion",
        "prochaines etapes", "etapes", "redacteur", "redactrice", "redige par", "redigee par",
        "redaction", "redige", "redigee", "prise de notes", "notes prises par", "secretariat",
        "auteur", "auteure", "auteurs", "rapporteur", "rapporteuse", "animation", "compte rendu",
        "compte-rendu", "cr", "remarque", "remarques", "commentaire", "commentaires", "question",
        "questions", "questions diverses", "divers", "point divers", "reponse", "reponses",
        "conclusion", "conclusions", "synthese", "resume", "contexte", "rappel", "rappels",
        "info", "infos", "information", "informations", "important", "attention", "pj",
        "piece jointe", "pieces jointes", "ref", "reference", "tel", "telephone", "email",
        "e-mail", "mail", "courriel", "adresse", "todo", "to do", "a faire", "statut", "etat",
        "echeance", "echeances", "delai", "responsable", "responsables", "porteur", "pilote",
        "owner", "budget", "planning", "calendrier", "risque", "risques", "probleme",
        "problemes", "objectif", "objectifs", "resultat", "resultats", "bilan", "suivi",
        "priorite", "priorites", "indicateur", "indicateurs", "constat", "constats",
        "proposition", "propositions", "solution", "solutions", "retour", "retours", "source",
        "sources", "version", "projet", "client", "clients", "service", "equipe", "animateur",
        "animatrice", "secretaire", "secretaire de seance", "president", "presidente",
        "intervenants", "intervenant", "ras", "vote", "votes", "validation", "valide", "rapport",
        "subject", "attendees", "minutes", "next steps", "decision taken", "summary", "location",
        "time", "due", "re", "tr", "fw", "fwd",
    }
)

#: Common French words (folded) that are labels or sentence openers, not names: a label made
#: only of them (« Supports », « Franchement », « Cap Client ») is not a speaker. Ambiguous first
#: names (« Claire », « Pierre », « Olivier », « Rose », months such as « Avril ») are left out.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    support supports montant montants total totaux tarif tarifs prix cout couts facture factures
    facturation devis reclamation reclamations demande demandes motif motifs cause causes
    consequence consequences exemple exemples ex bref enfin sinon ensuite puis donc alors bon
    ok oui non merci bonjour bonsoir salut cap usager usagers public cible cibles offre offres
    produit produits formation formations session sessions stagiaire stagiaires entreprise
    entreprises contact contacts site lien liens document documents fichier fichiers outil
    outils logiciel processus process procedure procedures methode methodes organisation
    logistique materiel acces horaires rdv accueil standard avantages inconvenients urgent
    suite recap recapitulatif precision precisions idee idees avis besoin besoins attentes
    contrainte contraintes difficulte difficultes theme themes titre lecture demarche demarches
    etape phase tache taches livrable livrables chiffre chiffres statistiques stats kpi taux
    volume volumes nombre effectif effectifs delais retard retards incident incidents anomalie
    anomalies bug bugs cas situation historique origine explication raison raisons
    justification argument arguments verdict avancement nouveau nouveaute nouveautes
    changement changements evolution evolutions amelioration ameliorations formule formules
    phrase phrases message messages consigne consignes regle regles mot mots pourquoi comment
    quand combien aujourd'hui demain hier maintenant avant apres depuis lundi mardi mercredi
    jeudi vendredi samedi dimanche semaine mois annee matin soir tva ht ttc reste solde acompte
    paiement reglement remboursement attestation attestations convention conventions
    inscription inscriptions programme contenu contenus duree public niveau prerequis
    qualite securite sante accompagnement conseil conseils diagnostic interne externe global
    general generale premier premiere second seconde dernier derniere autre autres tous toutes
    chaque nouveaux nouvelles parcours plateforme portail dossier dossiers guichet
    """.split()
)

#: Words (folded) that make the text after a comma a clause, not a role (« Franchement, ce
#: groupe était pénible : »): pronouns, determiners opening a clause, common verb forms.
ROLE_STOP_WORDS: frozenset[str] = frozenset(
    """
    ce c'est ca cela il elle on je j'ai nous vous ils elles qui que qu'il qu'on est etait sont
    etaient ont avait avaient sera fait dit pense trouve mais donc car si quand pas ne n'est
    """.split()
)

MAX_NAME_WORDS = 5
_MAX_STOP_WORDS = max(len(label.split(" ")) for label in STOP_LABELS)
_ADVERB_RE = re.compile(r"^[a-z]{5,}(?:ement|emment|amment)$")
_PARTICLES = frozenset({"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "di", "da", "dos", "del", "ben", "bin", "el", "al"})
_TITLES = {"MME": "Mme", "MLLE": "Mlle", "MR": "Mr", "MRS": "Mrs", "DR": "Dr", "PR": "Pr", "ME": "Me", "M.": "M."}
_TITLE_KEYS = frozenset(key.rstrip(".") for key in _TITLES)

_TURN_RE = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*•–—+]\s+)?)(?P<label>[^:\n]{1,80}?)[ \t]*:(?:[*_]{1,2})?(?!//)[ \t]*(?P<rest>.*)$"
)
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'.-]*|d'[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'.-]*)$")
#: A chat line's time stamp: Teams « [09:47] », WhatsApp « 02/05/2025 16:41 - » or « [02/05/2025, 16:41:05] »,
#: generic « 09:47 », « 9h47 - ».
CHAT_STAMP_RE = re.compile(
    r"^[ \t]*(?:\[(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ \t]+)?\d{1,2}[:h]\d{2}(?::\d{2})?\][ \t]*"
    r"|(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ \t]+)?\d{1,2}[:h]\d{2}(?::\d{2})?[ \t]*(?:[-–][ \t]*)?(?=\S))"
)
_CHAT_NAME_RE = re.compile(r"^[^:\[\]<>@]{2,40}$")
_ROLE_RE = re.compile(r"\s*\([^()\n]{1,40}\)\s*$")
_NUMBERED_TITLE_RE = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4}|[A-Z])[.)]\s+[A-ZÀ-ÖØ-Þ]")
_RULE_RE = re.compile(r"^\s*(?:[-=_*~]\s*){3,}$")
_BOLD_ONLY_RE = re.compile(r"^\s*(?:\*\*|__)[^*_\n]+(?:\*\*|__)\s*:?\s*$")


def _is_stop_label(folded: str) -> bool:
    """Is ``folded`` a stop label, or does it start with one followed by a space? (one lookup per word)"""
    folded = folded.strip(" .")
    if folded in STOP_LABELS:
        return True
    words = folded.split(" ")
    return any(" ".join(words[:k]) in STOP_LABELS for k in range(1, min(len(words), _MAX_STOP_WORDS + 1)))


def _is_common_word(word: str) -> bool:
    folded = fold(word, squeeze=True).strip(".")
    return folded in COMMON_WORDS or folded in STOP_LABELS or bool(_ADVERB_RE.match(folded))


def _looks_like_person(words: list[str], known: frozenset[str]) -> bool:
    """Title + name, ≥ 2 words not all common, or one word that is no common word (or is ``known``)."""
    if len(words) > 1 and words[0].upper().rstrip(".") in _TITLE_KEYS:
        return True
    names = [w for w in words if w not in _PARTICLES]
    if len(names) >= 2:
        return not all(_is_common_word(w) for w in names)
    return not _is_common_word(names[0]) or fold(names[0], squeeze=True) in known


def _clean_word(word: str) -> str:
    if word.upper() in _TITLES and word.isupper():
        return _TITLES[word.upper()]
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 4 and word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def speaker_name(label: str, known: frozenset[str] = frozenset()) -> str | None:
    """The cleaned speaker name if ``label`` (the text before a colon) names a speaker, else None.

    ``known``: folded first names of the document's full-name speakers; a single word of
    :data:`COMMON_WORDS` found there is still accepted as a name.
    """
    label = label.strip().strip("*_").strip()
    label = _ROLE_RE.sub("", label)
    if "," in label:
        label, role = label.split(",", 1)
        if len(role.split()) > 4 or re.search(r"\d", role):
            return None
        if any(word in ROLE_STOP_WORDS for word in fold(role, squeeze=True).replace("*", " ").split()):
            return None
    label = label.strip().strip("*_").strip()
    words = label.split()
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    if sum(c.isalpha() for c in label) < 2 or _is_stop_label(fold(label, squeeze=True)):
        return None
    if not _NAME_WORD_RE.match(words[0]) or words[0].startswith("d'"):
        return None
    for word in words[1:]:
        if not (_NAME_WORD_RE.match(word) or word in _PARTICLES):
            return None
    if words[-1] in _PARTICLES:
        return None
    if not _looks_like_person(words, known):
        return None
    return " ".join(_clean_word(w) for w in words)


def parse_turn(line: str, known: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """(speaker, offset of the spoken words in ``line``) when ``line`` is a turn line (or a chat line)."""
    stamp = CHAT_STAMP_RE.match(line)
    if stamp:
        chat = _chat_turn(line[stamp.end():], known)
        if chat is not None:
            return chat[0], stamp.end() + chat[1]
    m = _TURN_RE.match(line)
    if not m:
        return None
    name = speaker_name(m.group("label"), known)
    if name is None:
        return None
    return name, m.start("rest")


def _chat_turn(line: str, known: frozenset[str]) -> tuple[str, int] | None:
    """The « Name: words » after a chat time stamp; the name rules are looser than in minutes."""
    m = _TURN_RE.match(line)
    if not m or m.group("lead").strip():
        return None
    label = m.group("label").strip().strip("*_").strip()
    name = speaker_name(label, known)
    if name is None:
        if not _CHAT_NAME_RE.match(label) or len(label.split()) > MAX_NAME_WORDS or _is_stop_label(fold(label)):
            return None
        name = " ".join(_clean_word(w) for w in label.split())
    return name, m.start("rest")


def is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped.startswith("#") or _RULE_RE.match(stripped) or _BOLD_ONLY_RE.match(stripped):
        return True
    m = _TURN_RE.match(line)
    if m and _is_stop_label(fold(m.group("label").strip().strip("*_"), squeeze=True)):
        return True
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 3 and not any(c.islower() for c in letters) and len(stripped.split()) <= 8:
        return True
    if _NUMBERED_TITLE_RE.match(stripped) and len(stripped.split()) <= 8 and not stripped.endswith((".", "?", "!")):
        return True
    return False


def _is_continuation(line: str, previous: str) -> bool:
    if line[:1] in (" ", "\t"):
        return True
    first = line.strip()[:1]
    if first.isalpha() and first.islower():
        return True
    return previous.rstrip().endswith(":")


def known_first_names(text: str) -> frozenset[str]:
    """Folded first words of the full-name speakers of ``text`` (« Olivier Morel : » -> olivier)."""
    known = set()
    for line in text.split("\n"):
        turn = parse_turn(line)
        if turn is not None:
            words = turn[0].split()
            if len(words) >= 2 and words[0] not in _TITLES.values():
                known.add(fold(words[0], squeeze=True))
    return frozenset(known)


def split_turns(text: str) -> list[Segment]:
    """Segments of ``text``: one per speaker turn, plus ``speaker=None`` ones for the rest."""
    known = known_first_names(text)
    segments: list[Segment] = []
    current: Segment | None = None  # open segment; start == -1 while a turn has no words yet
    last_line = ""  # last non-blank line of the open segment
    blank_before = False

    def close() -> None:
        nonlocal current
        if current is not None and current.start >= 0 and current.end > current.start:
            segments.append(current)
        current = None

    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line.rstrip())
        offset += len(line) + 1
        if not line.strip():
            blank_before = True
            continue
        turn = parse_turn(line, known)
        if turn is not None:
            close()
            name, rest = turn
            has_words = bool(line[rest:].strip())
            current = Segment(line_start + rest if has_words else -1, line_end if has_words else -1, name,
                              chat=bool(CHAT_STAMP_RE.match(line)))
        elif is_heading(line):
            if current is None or current.speaker is not None:
                close()
                current = Segment(line_start + len(line) - len(line.lstrip()), line_end, None)
            else:
                current.end = line_end
        elif current is not None and current.speaker is not None:
            if blank_before and current.start >= 0 and not _is_continuation(line, last_line):
                close()
                current = Segment(line_start + len(line) - len(line.lstrip()), line_end, None)
            else:
                if current.start < 0:
                    current.start = line_start + len(line) - len(line.lstrip())
                current.end = line_end
        elif current is not None:
            current.end = line_end
        else:
            current = Segment(line_start + len(line) - len(line.lstrip()), line_end, None)
        last_line = line
        blank_before = False
    close()
    return segments
