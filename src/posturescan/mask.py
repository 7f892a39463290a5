"""Masks what identifies a person in an excerpt: names (spaCy NER, the directory, the authors and speakers,
a civility or a speech verb next to a capitalised word), e-mail addresses, phone numbers and IBANs.

NER is the analysis pipeline's own ``ner`` component (disabled there, run here on excerpts only), so a run
loads ``fr_core_news_sm`` once. Every pattern runs in linear time.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from spacy.language import Language

from .text import (CIVILITY, INITIALS, NAME_WORD, PARTICLES, SURNAME, email_spans, fold, iban_spans,
                   phone_spans)

MASKS = {"email": "[courriel]", "iban": "[IBAN]", "phone": "[téléphone]", "person": "[personne]"}

#: Verbs of saying after which (or before which, with « selon ») a capitalised word is a person.
SPEECH_VERBS = (
    "a dit", "dit", "disait", "avait dit", "estime", "a estimé", "pense", "a pensé", "explique", "a expliqué",
    "affirme", "a affirmé", "ajoute", "a ajouté", "répond", "a répondu", "rappelle", "a rappelé", "précise",
    "a précisé", "indique", "a indiqué", "souligne", "a souligné", "déclare", "a déclaré", "confirme",
    "a confirmé", "raconte", "a raconté", "trouve", "juge", "considère", "signale", "a signalé", "note",
    "regrette", "reconnaît", "admet", "insiste", "répète", "a répété", "écrit", "a écrit", "demande",
    "a demandé", "propose", "a proposé", "se plaint", "s'est plaint", "s'étonne", "nous dit", "m'a dit",
)
#: Capitalised words that start a sentence before a verb of saying without being a name (folded).
NOT_NAMES = frozenset(
    "il elle on nous vous ils elles je tu chacun chacune personne tout tous toute toutes quelqu'un quelqu'une "
    "celui celle ceux celles ceci cela ca qui que le la les un une des lui moi toi eux ce cet cette ces mon ma "
    "mes ton ta tes son sa ses notre nos votre vos leur leurs aucun aucune nul nulle l'un l'autre on "
    "merci bonjour bonsoir salut coucou hello bravo felicitations cordialement desole desolee desoles "
    "desolees pardon".split()
)
_SPEECH = "|".join(re.escape(v) for v in sorted(SPEECH_VERBS, key=len, reverse=True))
_CIVILITY_NAME = re.compile(rf"\b{CIVILITY}\s+(?P<name>(?:{INITIALS}\s?){{0,3}}(?:{SURNAME}(?:\s{SURNAME})?)|{INITIALS})")
_SPEAKER_NAME = re.compile(rf"(?<![\w-])(?P<name>{NAME_WORD}(?:\s{SURNAME})?)\s+(?:{_SPEECH})\b")
_SELON_NAME = re.compile(rf"\b(?:[Ss]elon|[Dd]'après|[Dd]’après)\s+(?P<name>{NAME_WORD}(?:\s{SURNAME})?)")
#: A first name followed by a surname with a particle (« Gwenaëlle Le Bihan », « Paul de La Tour »).
_PARTICLE_NAME = re.compile(rf"(?<![\w-])(?P<name>{NAME_WORD}\s(?:{PARTICLES}\s?){{1,3}}{NAME_WORD})")
#: What extends a masked name to the right: « -Fabre », « Le Bihan ».
_NAME_TAIL = re.compile(rf"(?:-{NAME_WORD}|\s(?:{PARTICLES}\s?){{1,3}}{NAME_WORD})")
_QUOTED = re.compile(r"« (.*?) »")
_TURN = re.compile(r"(tour de parole de ).+$")


class Masker:
    """``nlp``: the analysis pipeline (its ``ner`` and lemmatizer tables are used); without it, the base
    model is loaded (NER and lemmatizer only) — for standalone use."""

    def __init__(self, names: Iterable[str] = (), nlp: Language | None = None):
        if nlp is None:
            import spacy

            from .nlp.pipeline import BASE_MODEL

            nlp = spacy.load(BASE_MODEL, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler"])
        self._nlp = nlp
        self._ner = nlp.get_pipe("ner")
        self._common = _common_words(nlp, ("adj", "adv", "verb"))
        self._adverbs = _common_words(nlp, ("adv",))
        self.set_names(names)

    def set_names(self, names: Iterable[str]) -> None:
        self._names = names_pattern(names)

    def mask(self, text: str, extra_names: Iterable[str] = ()) -> str:
        spans: list[tuple[int, int, str]] = []
        for kind, found in (("email", email_spans(text)), ("iban", iban_spans(text)), ("phone", phone_spans(text))):
            spans.extend((start, end, kind) for start, end in found)
        text = _replace(text, spans)
        return _replace(text, [(start, end, "person") for start, end in self._person_spans(text, extra_names)
                               if "[" not in text[start:end]])

    def mask_explain(self, line: str, extra_names: Iterable[str] = ()) -> str:
        """An explain-trail line: quoted text (« … ») is masked, a speaker turn's name is always masked;
        pattern and cue ids are left as they are."""
        line = _QUOTED.sub(lambda m: "« " + self.mask(m.group(1), extra_names) + " »", line)
        return _TURN.sub(lambda m: m.group(1) + MASKS["person"], line)

    # -- names -------------------------------------------------------------------------------------
    def _person_spans(self, text: str, extra_names: Iterable[str]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        folded = same_length_fold(text)
        for pattern in (names_pattern(extra_names), self._names):
            if pattern is not None:
                spans.extend(m.span() for m in pattern.finditer(folded))
        for pattern in (_CIVILITY_NAME, _SELON_NAME, _PARTICLE_NAME):
            spans.extend(m.span("name") for m in pattern.finditer(text))
        for m in _SPEAKER_NAME.finditer(text):
            words = m.group("name").split()
            # one word may be a pronoun or an adverb (« Elle dit », « Autrement dit »); an adjective or a verb
            # right before a verb of saying is a name (« Rose estime »)
            if fold(words[0]) not in NOT_NAMES and (len(words) > 1 or words[0].lower() not in self._adverbs):
                spans.append(m.span("name"))
        spans.extend(self._ner_spans(text))
        return [_extend_name(text, start, end) for start, end in spans if end > start]

    def _ner_spans(self, text: str) -> Iterator[tuple[int, int]]:
        doc = self._ner(self._nlp.make_doc(text))
        for ent in doc.ents:
            if ent.label_ != "PER" or "[" in ent.text:
                continue
            tokens = [t for t in ent if not t.is_punct]
            # « Désolé, … », « Merci Kevin »: an ordinary word opening a sentence is not a name (elsewhere it
            # may be one: « Aimé », « Rose »); greetings and pronouns never are
            while tokens and (fold(tokens[0].text) in NOT_NAMES
                              or (_opens_sentence(tokens[0]) and self._is_common(tokens[0].text))):
                tokens.pop(0)
            while tokens and fold(tokens[-1].text) in NOT_NAMES:
                tokens.pop()
            if tokens:
                yield tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _is_common(self, word: str) -> bool:
        """An ordinary word: a pronoun, greeting or sentence opener, or an adjective, adverb or verb known
        to the lemmatizer (nouns are not, since many first names are nouns: Pierre, Rose…)."""
        key = fold(word)
        return key in NOT_NAMES or word.lower() in self._common


def _opens_sentence(token) -> bool:
    return token.i == 0 or token.nbor(-1).text in {".", "!", "?", "…", ":", "\n", "«", '"'} or "\n" in token.nbor(-1).text


def _common_words(nlp: Language, parts_of_speech: tuple[str, ...]) -> frozenset[str]:
    """The words of these parts of speech (« adj », « adv », « verb ») in the French lemmatizer's tables."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    lemmas: set[str] = set()
    for pos in parts_of_speech:
        lemmas.update(index.get(pos, ()))
    forms = set(lemmas)
    for lemma in lemmas:  # the feminine and plural of past participles (« désolée », « désolés »)
        if lemma.endswith("é"):
            forms.update((lemma + "e", lemma + "s", lemma + "es"))
    return frozenset(forms)


def _extend_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A masked name grows over its hyphenated parts and particle surname (« Morel » -> « Morel-Fabre »)."""
    while True:
        m = _NAME_TAIL.match(text, end)
        if not m:
            return start, end
        end = m.end()


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Each maximal group of overlapping spans becomes one mask (the first span's kind)."""
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        if start < pos:  # overlaps the previous mask: extend it
            if end > pos:
                pos = end
            continue
        out.append(text[pos:start])
        out.append(MASKS[kind])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def same_length_fold(text: str) -> str:
    """:func:`~posturescan.text.fold` character by character where it keeps the length, so that offsets
    found in the folded text are offsets in ``text``."""
    return "".join(f if len(f := fold(c)) == 1 else c.lower() if len(c.lower()) == 1 else c for c in text)


def name_parts(names: Iterable[str | None]) -> set[str]:
    """Full names and their parts (« Karim Benali » → also « Karim », « Benali »)."""
    out = set()
    for name in names:
        if name and "@" not in name:
            out.add(name.strip())
            out.update(part for part in re.split(r"[\s-]+", name) if len(part) > 2 and part[:1].isupper())
    return out


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One pattern for known names, matched on :func:`same_length_fold` text: case and accents do not
    matter (« kevin » for Kévin), and spaces or hyphens between parts are interchangeable."""
    cleaned = sorted({same_length_fold(n.strip()) for n in names if n and len(n.strip()) > 2}, key=lambda n: (-len(n), n))
    if not cleaned:
        return None
    parts = ("[\\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", n)) for n in cleaned)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
