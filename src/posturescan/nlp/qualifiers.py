"""Context qualifiers in the ConText style: cues, scopes and terminations decide each detection's status.

Each cue file in ``lexicons/qualifiers/`` holds token patterns with a ``direction``: a *forward* cue
qualifies what follows it, a *backward* cue what precedes it, *both* either side. A cue's scope stops at
the sentence boundary, at a termination (« mais », « ; »…) or after ``max_scope`` tokens. When several
qualifiers apply, the strongest wins: mention > negated > hypothetical > reported > asserted.

Speaker turns in minutes (``doc._.segments``) make a detection ``reported`` with the turn's speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..io import numbered_records
from ..paths import lexicons_dir
from ..records import speaker_over
from .extensions import SPANS_KEY, add_explain, register_extensions

QUALIFIER_STATUS = {"mention": "mention", "negation": "negated", "hypothesis": "hypothetical", "reported": "reported"}
PRIORITY = ("mention", "negation", "hypothesis", "reported")
DIRECTIONS = ("forward", "backward", "both")
FIRST_PERSON = {"je", "j'", "nous", "on", "moi", "me", "m'"}
OPENING_QUOTES = {"«", "“", "\"", "‹"}
CLOSING_QUOTES = {"»", "”", "\"", "›"}


@dataclass(frozen=True)
class Cue:
    qualifier: str
    cue_id: str
    direction: str
    start: int  # token offsets in the doc
    end: int
    text: str


def read_cue_files(folder: Path) -> dict[str, list[dict]]:
    cues: dict[str, list[dict]] = {}
    for file in sorted(folder.glob("*.jsonl")):
        for number, entry in numbered_records(file):
            if entry.get("direction") not in DIRECTIONS:
                raise ValueError(f"{file.name}:{number}: direction must be one of {', '.join(DIRECTIONS)}")
            cues.setdefault(entry["label"], []).append(entry)
    return cues


class ContextQualifier:
    """Sets ``span._.status``, ``span._.speaker`` and the explain trail of every span in ``doc.spans["freins"]``."""

    def __init__(self, nlp: Language, name: str, *, cues_dir: str | None, max_scope: int,
                 extra_terminations: dict[str, list[str]]):
        register_extensions()
        folder = Path(cues_dir) if cues_dir else lexicons_dir() / "qualifiers"
        self.name = name
        self.max_scope = max_scope
        self.extra_terminations = {k: {t.lower() for t in v} for k, v in extra_terminations.items()}
        self._matcher = Matcher(nlp.vocab, validate=True)
        self._directions: dict[str, str] = {}
        for label, entries in read_cue_files(folder).items():
            for entry in entries:
                self._matcher.add(entry["id"], [entry["pattern"]])
                self._directions[entry["id"]] = entry["direction"]

    # -- cues -----------------------------------------------------------------
    def find_cues(self, doc: Doc) -> list[Cue]:
        cues = []
        for match_id, start, end in self._matcher(doc):
            cue_id = doc.vocab.strings[match_id]
            cues.append(Cue(cue_id.split("/")[0], cue_id, self._directions[cue_id], start, end, doc[start:end].text))
        # keep the longest cue of a qualifier among overlapping ones
        cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for cue in cues:
            if any(k.qualifier == cue.qualifier and k.start <= cue.start < k.end for k in kept):
                continue
            kept.append(cue)
        return kept

    def _terminated(self, doc: Doc, qualifier: str, lo: int, hi: int, terminations: list[Cue]) -> bool:
        """Is there a termination strictly between token ``lo`` (inclusive) and ``hi`` (exclusive)?"""
        if any(lo <= t.start and t.end <= hi for t in terminations):
            return True
        extra = self.extra_terminations.get(qualifier)
        return bool(extra) and any(doc[i].norm_ in extra for i in range(lo, hi))

    def applies(self, doc: Doc, cue: Cue, anchor_start: int, anchor_end: int, terminations: list[Cue]) -> bool:
        if cue.start < anchor_end and anchor_start < cue.end:
            return False  # a cue that overlaps the frein is part of it
        before = cue.end <= anchor_start
        if before and cue.direction in ("forward", "both"):
            if anchor_start - cue.end > self.max_scope:
                return False
            return not self._terminated(doc, cue.qualifier, cue.end, anchor_start, terminations)
        if not before and cue.direction in ("backward", "both"):
            if cue.start - anchor_end > self.max_scope:
                return False
            return not self._terminated(doc, cue.qualifier, anchor_end, cue.start, terminations)
        return False

    # -- speakers -------------------------------------------------------------
    @staticmethod
    def reported_speaker(doc: Doc, cue: Cue) -> str | None:
        """The subject of a reporting verb, or the name after « selon »; None when unknown."""
        tokens = doc[cue.start:cue.end]
        verb: Token | None = next((t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lemma_ != "avoir"), None)
        if verb is not None:
            subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
            if subjects:
                subject = subjects[0]
                if subject.pos_ == "PRON":
                    return None  # « il m'a dit » : someone, not named
                return " ".join(t.text for t in subject.subtree if not t.is_punct) or None
        names = [t for t in doc[cue.start:min(len(doc), cue.end + 3)] if t.pos_ == "PROPN"]
        if names:
            return " ".join(t.text for t in names)
        return None

    @staticmethod
    def is_first_person(doc: Doc, cue: Cue, sent_start: int) -> bool:
        """« je pense que », « nous estimons que »: the writer's own opinion, not reported speech."""
        verb = next((t for t in doc[cue.start:cue.end] if t.pos_ in ("VERB", "AUX") and t.lemma_ != "avoir"), None)
        if verb is not None:
            subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
            if subjects:
                return subjects[0].norm_ in FIRST_PERSON
        for token in reversed(doc[max(sent_start, cue.start - 3):cue.start]):
            if token.norm_ in FIRST_PERSON:
                return True
            if token.pos_ in ("PROPN", "NOUN", "PRON"):
                return False
        return False

    @staticmethod
    def inside_quotes(span: Span) -> bool:
        sent = span.sent
        depth = 0
        for token in doc_slice(sent.doc, sent.start, span.start):
            if token.text in OPENING_QUOTES and not (token.text == '"' and depth):
                depth += 1
            elif token.text in CLOSING_QUOTES and depth:
                depth -= 1
        if depth <= 0:
            return False
        return any(t.text in CLOSING_QUOTES for t in doc_slice(sent.doc, span.end, sent.end))

    # -- main -------------------------------------------------------------------
    def qualify(self, span: Span, cues: list[Cue]) -> None:
        doc = span.doc
        sent = span.sent
        anchor_start, anchor_end = span.start, span.end
        if span.start == sent.start and span.end == sent.end:  # a sentence-level (classifier) detection
            anchor_start, anchor_end = sent.root.i, sent.root.i + 1
        in_sentence = [c for c in cues if sent.start <= c.start and c.end <= sent.end]
        terminations = [c for c in in_sentence if c.qualifier == "termination"]
        fired: dict[str, Cue] = {}
        for cue in in_sentence:
            if cue.qualifier in QUALIFIER_STATUS and cue.qualifier not in fired:
                if self.applies(doc, cue, anchor_start, anchor_end, terminations):
                    if cue.qualifier == "reported" and self.is_first_person(doc, cue, sent.start):
                        add_explain(span, f"indice ignoré {cue.cue_id} « {cue.text} » : première personne")
                        continue
                    fired[cue.qualifier] = cue
        quoted = self.inside_quotes(span) if (anchor_start, anchor_end) == (span.start, span.end) else whole_quote(sent)
        for qualifier in PRIORITY:
            if qualifier in fired:
                cue = fired[qualifier]
                span._.status = QUALIFIER_STATUS[qualifier]
                add_explain(span, f"indice {cue.cue_id} « {cue.text} » ({cue.direction})")
                if qualifier == "reported":
                    span._.speaker = self.reported_speaker(doc, cue)
                break
        else:
            if quoted:
                span._.status = "mention"
                add_explain(span, "entre guillemets sans verbe de parole : citation")
            else:
                span._.status = "asserted"
        guess = (doc._.status_guess or {}).get(sent.start)
        if guess is not None and span._.status in ("asserted", "reported"):
            span._.status = guess[0]
            add_explain(span, f"aucun indice ; modèle de statut : {guess[0]} (p = {guess[1]:.2f})")
        if span._.status in ("asserted", "reported") and span._.speaker is None:
            turn = turn_speaker(doc, span)
            if turn:
                span._.speaker = turn
                if span._.status == "asserted":
                    span._.status = "reported"
                    add_explain(span, f"tour de parole de {turn}")

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPANS_KEY, []))
        if not spans:
            return doc
        cues = self.find_cues(doc)
        for span in spans:
            self.qualify(span, cues)
        return doc


def whole_quote(sent: Span) -> bool:
    """« … » around the whole sentence: a quotation, not the writer's own statement."""
    words = [t for t in sent if not t.is_space]
    while words and words[-1].text in {".", "!", "?", "…"}:
        words.pop()
    return len(words) > 2 and words[0].text in OPENING_QUOTES and words[-1].text in CLOSING_QUOTES


def doc_slice(doc: Doc, start: int, end: int):
    return (doc[i] for i in range(start, end))


def turn_speaker(doc: Doc, span: Span) -> str | None:
    return speaker_over(doc._.segments, span.start_char, span.end_char)


@Language.factory(
    "posturescan_qualifiers",
    default_config={"cues_dir": None, "max_scope": 20, "extra_terminations": {"hypothesis": [",", "alors", "donc"]}},
)
def make_qualifiers(nlp: Language, name: str, *, cues_dir: str | None, max_scope: int,
                    extra_terminations: dict[str, list[str]]) -> ContextQualifier:
    return ContextQualifier(nlp, name, cues_dir=cues_dir, max_scope=max_scope, extra_terminations=extra_terminations)
