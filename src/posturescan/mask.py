"""Masks what identifies a person in an excerpt: names (spaCy NER and the directory), e-mail addresses,
phone numbers and IBANs."""

from __future__ import annotations

import re
from typing import Iterable

import spacy

from .nlp.pipeline import BASE_MODEL

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
PHONE = re.compile(r"(?<!\w)(?:\+\d{2,3}[ .-]?|0)\d(?:[ .-]?\d{2}){4}(?!\w)")
MASKS = {"email": "[courriel]", "iban": "[IBAN]", "phone": "[téléphone]", "person": "[personne]"}


class Masker:
    def __init__(self, names: Iterable[str] = ()):
        self._ner = spacy.load(BASE_MODEL, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"])
        self.set_names(names)

    def set_names(self, names: Iterable[str]) -> None:
        self._names = names_pattern(names)

    def mask(self, text: str, extra_names: Iterable[str] = ()) -> str:
        text = EMAIL.sub(MASKS["email"], text)
        text = IBAN.sub(MASKS["iban"], text)
        text = PHONE.sub(MASKS["phone"], text)
        for pattern in (names_pattern(extra_names), self._names):
            if pattern is not None:
                text = pattern.sub(MASKS["person"], text)
        doc = self._ner(text)
        for ent in reversed(doc.ents):
            if ent.label_ == "PER" and ent.text not in MASKS.values() and "[" not in ent.text:
                text = text[:ent.start_char] + MASKS["person"] + text[ent.end_char:]
        return text



def name_parts(names: Iterable[str | None]) -> set[str]:
    """Full names and their parts (« Karim Benali » → also « Karim », « Benali »)."""
    out = set()
    for name in names:
        if name and "@" not in name:
            out.add(name.strip())
            out.update(part for part in re.split(r"[\s-]+", name) if len(part) > 2 and part[:1].isupper())
    return out


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    cleaned = sorted({n.strip() for n in names if n and len(n.strip()) > 2}, key=lambda n: (-len(n), n))
    if not cleaned:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in cleaned) + r")(?!\w)", re.IGNORECASE)
