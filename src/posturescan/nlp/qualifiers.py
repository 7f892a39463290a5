"""Context qualifiers in the ConText style: cues, scopes and terminations decide each detection's status.

Cues (:mod:`posturescan.nlp.cues`) have a direction: a *forward* cue qualifies what follows it, a *backward*
cue what precedes it, *both* either side. A cue applies to a frein when it starts before the frein (forward)
or ends after it (backward), even when it shares a token with it (« Si on n'a pas le temps »); a cue lying
wholly inside the frein is part of it (a frein's own « ne … pas »). The scope is the proposition: it stops at
the sentence boundary, at a termination shared by all qualifiers (« mais », « car », « parce que », « même
si », « ; »…), at a comma that closes the cue's clause (a finite verb between the cue and the comma, « Personne
ne dit que c'est facile, on n'a pas le temps »), or after ``max_scope`` tokens. Pseudo-cues cancel the cues they
overlap; a confirmation (« évidemment ») cancels the hypothesis cues of its proposition. When several
qualifiers apply, the strongest wins: mention > negated > hypothetical > reported > asserted.

Speaker turns in minutes (``doc._.segments``) make a detection ``reported`` with the turn's speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..paths import lexicons_dir
from ..records import speaker_over
from .cues import QUALIFIERS, CueMatcher
from .extensions import SPANS_KEY, add_explain, register_extensions

QUALIFIER_STATUS = {"mention": "mention", "negation": "negated", "hypothesis": "hypothetical", "reported": "reported"}
STATUS_QUALIFIER = {status: qualifier for qualifier, status in QUALIFIER_STATUS.items()}
FIRST_PERSON = {"je", "j'", "nous", "on", "moi", "me", "m'"}
OPENING_QUOTES = {"«", "“", "\"", "‹"}
CLOSING_QUOTES = {"»", "”", "\"", "›"}
NEGATION_WORDS = {"ne", "n'", "pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "nul", "nulle", "sans"}
COMMAS = {",", "(", ")"}
#: Qualifiers whose scope a comma closing a clause ends; reported speech runs on (« X a expliqué que si …, … »).
COMMA_CUT = {"negation", "hypothesis", "mention"}
CLOSED_CLASSES = {"PRON", "DET", "ADV", "SCONJ", "CCONJ", "ADP", "AUX"}
CLITIC_OBJECTS = {"le", "la", "les", "l'", "lui", "leur", "y", "en", "se", "s'", "te", "t'", "me", "m'"}


def register_cue_extension() -> None:
    if not Span.has_extension("cues"):
        Span.set_extension("cues", default=())  # the cue Spans that decided the status


@dataclass
class Qualification:
    """What the qualifiers decide for one detection, before anything is written on the Doc."""

    span: Span
    status: str = "asserted"
    speaker: str | None = None
    cues: list[Span] = field(default_factory=list)
    explain: list[str] = field(default_factory=list)


class ContextQualifier:
    """Sets ``span._.status``, ``span._.speaker``, ``span._.cues`` and the explain trail of every frein span."""

    def __init__(self, nlp: Language, name: str, *, cues_dir: str | None, max_scope: int,
                 extra_terminations: dict[str, list[str]]):
        register_extensions()
        register_cue_extension()
        folder = Path(cues_dir) if cues_dir else lexicons_dir() / "qualifiers"
        self.name = name
        self.max_scope = max_scope
        self.extra_terminations = {k: {t.lower() for t in v} for k, v in extra_terminations.items()}
        self.cue_matcher = CueMatcher(nlp, folder)

    # -- cues -----------------------------------------------------------------
    def find_cues(self, doc: Doc) -> list[Span]:
        return self.cue_matcher(doc)

    @staticmethod
    def _closes_clause(doc: Doc, lo: int, hi: int) -> bool:
        """A comma ends a cue's proposition when a predicate (a verb, or an adjective the small model often
        gives a verb) lies between the cue and the comma: « Si le client rappelle, … » but not
        « Si, par malheur, … » nor « Éventuellement, … »."""
        return any(is_predicate(doc[i]) for i in range(lo, hi))

    def _terminated(self, doc: Doc, cue: Span, lo: int, hi: int, terminations: list[Span], forward: bool) -> bool:
        """Is the scope between token ``lo`` (inclusive) and ``hi`` (exclusive) cut? Inside a quotation opened
        after a forward cue, nothing cuts: the quoted words are the speaker's as a whole."""
        if forward:
            opening = next((i for i in range(lo, hi) if doc[i].text in OPENING_QUOTES), None)
            if opening is not None and not any(doc[i].text in CLOSING_QUOTES and doc[i].text != '"'
                                               for i in range(opening + 1, hi)):
                hi = opening  # the frein is inside the quotation
        if any(lo <= t.start and t.end <= hi for t in terminations):
            return True
        extra = self.extra_terminations.get(cue.label_)
        if extra and any(doc[i].norm_ in extra for i in range(lo, hi)):
            return True
        if cue.label_ not in COMMA_CUT:
            return False
        for i in range(lo, hi):
            if doc[i].text in COMMAS:
                # forward: the cue's clause runs from the cue to the comma; backward: from the comma to the cue
                if self._closes_clause(doc, lo, i) if forward else self._closes_clause(doc, i + 1, hi):
                    return True
        return False

    def applies(self, doc: Doc, cue: Span, anchor: tuple[int, int], terminations: list[Span],
                own_negation: bool, whole_sentence: bool = False) -> bool:
        rule = self.cue_matcher.rule(cue)
        start, end = anchor
        if whole_sentence and not rule.sentence_level:
            return False
        if rule.unless_negative and own_negation:
            return False
        inside = start <= cue.start and cue.end <= end
        if inside and not whole_sentence:
            return False  # wholly inside a lexicon frein: part of it (« ce ne serait pas mon rôle »)
        if rule.governs:
            head = doc[start:end].root
            if not any(cue.start <= t.i < cue.end for t in (head, *head.ancestors)):
                return False
        if inside:
            return True  # the root of a whole-sentence detection lies in the cue: the cue governs the sentence
        cuts = [] if rule.sentence_scope else terminations
        if cue.start < start and rule.direction in ("forward", "both"):
            lo = min(cue.end, start)
            if start - lo > self.max_scope and not rule.sentence_scope:
                return False
            return rule.sentence_scope or not self._terminated(doc, cue, lo, start, cuts, forward=True)
        if cue.end > end and rule.direction in ("backward", "both"):
            hi = max(cue.start, end)
            if hi - end > self.max_scope and not rule.sentence_scope:
                return False
            return rule.sentence_scope or not self._terminated(doc, cue, end, hi, cuts, forward=False)
        return False

    # -- speakers -------------------------------------------------------------
    @staticmethod
    def _cue_verb(doc: Doc, cue: Span) -> Token | None:
        return next((t for t in doc[cue.start:cue.end] if t.pos_ in ("VERB", "AUX") and t.lemma_ != "avoir"), None)

    def reported_speaker(self, doc: Doc, cue: Span) -> str | None:
        """The subject of a reporting verb, or the name after « selon »; None when unknown."""
        verb = self._cue_verb(doc, cue)
        if verb is not None:
            subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
            if subjects:
                subject = subjects[0]
                if subject.pos_ == "PRON":
                    return None  # « il m'a dit » : someone, not named
                return " ".join(t.text for t in subject.subtree if not t.is_punct) or None
        names = [t for t in doc[cue.start:min(len(doc), cue.end + 3)] if t.pos_ == "PROPN" and t.is_alpha]
        if names:
            return " ".join(t.text for t in names)
        before = [t for t in doc[max(cue.sent.start, cue.start - 3):cue.start]
                  if t.pos_ == "PROPN" or (t.is_title and t.is_alpha and t.pos_ not in CLOSED_CLASSES)
                  or (t.pos_ == "NOUN" and t.i == cue.start - 1)]
        if before:
            head = before[-1]
            return " ".join(t.text for t in doc[head.left_edge.i:head.i + 1] if not t.is_punct) or None
        return None

    def is_first_person(self, doc: Doc, cue: Span, sent_start: int) -> bool:
        """« je pense que », « nous estimons que »: the writer's own opinion, not reported speech."""
        verb = self._cue_verb(doc, cue)
        if verb is not None:
            subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
            if subjects:
                return subjects[0].norm_ in FIRST_PERSON
        before = [t.norm_ for t in doc[max(sent_start, cue.start - 4):cue.start]]
        if any(t in FIRST_PERSON for t in before if t not in ("me", "m'", "nous")):
            return True  # « je vous le dis », « moi, je trouve »
        for token in reversed(doc[max(sent_start, cue.start - 4):cue.start]):
            if token.norm_ in CLITIC_OBJECTS:
                continue
            if token.norm_ == "nous":
                return True
            if token.pos_ in ("PROPN", "NOUN") or token.norm_ in ("il", "elle", "ils", "elles", "tu", "vous"):
                return False
        return False

    @staticmethod
    def inside_quotes(span: Span) -> bool:
        sent = span.sent
        depth = 0
        for token in sent.doc[sent.start:span.start]:
            if token.text in OPENING_QUOTES and not (token.text == '"' and depth):
                depth += 1
            elif token.text in CLOSING_QUOTES and depth:
                depth -= 1
        if depth <= 0:
            return False
        return any(t.text in CLOSING_QUOTES for t in sent.doc[span.end:sent.end])

    # -- main -------------------------------------------------------------------
    def qualification(self, span: Span, cues: list[Span]) -> Qualification:
        """The status of ``span`` given the cues of its doc; nothing is written on the Doc."""
        doc = span.doc
        sent = span.sent
        result = Qualification(span)
        whole_sentence = span.start == sent.start and span.end == sent.end
        anchor = (sent.root.i, sent.root.i + 1) if whole_sentence else (span.start, span.end)
        own_negation = any(t.norm_ in NEGATION_WORDS for t in doc[span.start:span.end]) and not whole_sentence
        in_sentence = [c for c in cues if sent.start <= c.start and c.end <= sent.end]
        terminations = [c for c in in_sentence if c.label_ == "termination"]
        fired: dict[str, Span] = {}
        for cue in in_sentence:
            if cue.label_ not in QUALIFIERS and cue.label_ != "confirmation":
                continue
            if cue.label_ in fired or not self.applies(doc, cue, anchor, terminations, own_negation, whole_sentence):
                continue
            if cue.label_ == "reported" and self.is_first_person(doc, cue, sent.start):
                result.explain.append(f"indice ignoré {cue.id_} « {cue.text} » : première personne")
                continue
            fired[cue.label_] = cue
        if "confirmation" in fired and "hypothesis" in fired:
            confirmation = fired.pop("confirmation")
            hypothesis = fired.pop("hypothesis")
            result.explain.append(f"indice {hypothesis.id_} « {hypothesis.text} » annulé par la confirmation "
                                  f"{confirmation.id_} « {confirmation.text} »")
        quoted = self.inside_quotes(span) if not whole_sentence else whole_quote(sent)
        for qualifier in QUALIFIERS:
            if qualifier in fired:
                cue = fired[qualifier]
                rule = self.cue_matcher.rule(cue)
                result.status = QUALIFIER_STATUS[qualifier]
                result.cues.append(cue)
                result.explain.append(f"indice {cue.id_} « {cue.text} » ({rule.direction})")
                if qualifier == "reported":
                    result.speaker = self.reported_speaker(doc, cue)
                break
        else:
            if quoted:
                result.status = "mention"
                result.explain.append("entre guillemets sans verbe de parole : citation")
        guess = (doc._.status_guess or {}).get(sent.start)
        if guess is not None and result.status in ("asserted", "reported"):
            verdict, confidence = str(guess[0]), float(guess[1])
            reason = None if whole_sentence else self._model_veto(
                verdict, result, in_sentence, own_negation, negation_outside(doc, sent, span))
            if reason:
                result.explain.append(f"modèle de statut ignoré ({verdict}, p = {confidence:.2f}) : {reason}")
            else:
                result.status = verdict
                result.explain.append(f"aucun indice ; modèle de statut : {verdict} (p = {confidence:.2f})")
        if result.status in ("asserted", "reported") and result.speaker is None:
            turn = speaker_over(doc._.segments, span.start_char, span.end_char)
            if turn:
                result.speaker = turn
                if result.status == "asserted":
                    result.status = "reported"
                    result.explain.append(f"tour de parole de {turn}")
        return result

    @staticmethod
    def _model_veto(verdict: str, result: Qualification, in_sentence: list[Span], own_negation: bool,
                    outside_negation: bool) -> str | None:
        """Why the status model may not override the rules here (None: it may). The model only speaks when
        the rules found nothing about this frein."""
        if result.cues:
            return "un indice a déjà décidé"
        labels = {c.label_ for c in in_sentence}
        if STATUS_QUALIFIER.get(verdict) in labels:
            return "l'indice de la phrase ne porte pas sur ce frein"
        if "pseudo" in labels:
            return "la phrase contient un faux indice"
        if verdict == "hypothetical" and "confirmation" in labels:
            return "la phrase confirme ce qu'elle avance"
        if verdict == "negated" and own_negation and not outside_negation:
            return "la négation fait partie du frein"
        return None

    def process(self, doc: Doc) -> list[Qualification]:
        """The qualification of every frein span of ``doc``, with its cues as Spans; the Doc is not modified."""
        spans = list(doc.spans.get(SPANS_KEY, []))
        if not spans:
            return []
        cues = self.find_cues(doc)
        return [self.qualification(span, cues) for span in spans]

    @staticmethod
    def write(result: Qualification) -> None:
        span = result.span
        span._.status = result.status
        if result.speaker is not None:
            span._.speaker = result.speaker
        span._.cues = tuple(result.cues)
        for line in result.explain:
            add_explain(span, line)

    def qualify(self, span: Span, cues: list[Span]) -> None:
        """Qualifies one span and writes the result on it (used by training to probe whole sentences)."""
        self.write(self.qualification(span, cues))

    def __call__(self, doc: Doc) -> Doc:
        for result in self.process(doc):
            self.write(result)
        return doc


def is_predicate(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX", "ADJ")


def negation_outside(doc: Doc, sent: Span, span: Span) -> bool:
    """A negation word in the sentence but outside the frein: the status model may have seen a real denial."""
    return any(t.norm_ in NEGATION_WORDS and t.norm_ not in ("ne", "n'")
               for t in doc[sent.start:sent.end] if not span.start <= t.i < span.end)


def whole_quote(sent: Span) -> bool:
    """« … » around the whole sentence: a quotation, not the writer's own statement."""
    words = [t for t in sent if not t.is_space]
    while words and words[-1].text in {".", "!", "?", "…"}:
        words.pop()
    return len(words) > 2 and words[0].text in OPENING_QUOTES and words[-1].text in CLOSING_QUOTES


@Language.factory(
    "posturescan_qualifiers",
    default_config={"cues_dir": None, "max_scope": 20, "extra_terminations": {"hypothesis": ["alors", "donc"]}},
    assigns=["span._.status", "span._.speaker", "span._.explain", "span._.cues"],
    requires=["token.norm", "token.lemma", "token.pos", "token.morph", "token.dep", "token.is_sent_start"],
)
def make_qualifiers(nlp: Language, name: str, *, cues_dir: str | None, max_scope: int,
                    extra_terminations: dict[str, list[str]]) -> ContextQualifier:
    return ContextQualifier(nlp, name, cues_dir=cues_dir, max_scope=max_scope, extra_terminations=extra_terminations)
