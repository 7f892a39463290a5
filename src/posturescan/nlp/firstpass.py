"""The first pass: which sentences are worth the full analysis, at near-tokenizer cost.

Every sentence goes through the tokenizer, posturescan's sentence splitter, the lexicon patterns matched on
``NORM`` alone (a token constrained by ``LEMMA`` becomes « one of the inflected forms of that lemma »,
expanded at training time from the lemmatizer's own tables: no tagger is needed) and a linear model on word
and character n-grams of the sentence text (no parse, no vectors). A sentence is a *candidate* when a pattern
matches in it or when the model's probability that it is about a frein reaches the threshold chosen on dev
for recall (``posturescan train``). Only candidates go through the second pass (parser, lemmatiser,
qualifiers, encoder, topic and status models, decision: :mod:`.secondpass`).

A model folder holds ``first_pass.skops`` (the n-gram model) and ``first_pass.json`` (threshold, lemma
forms, and what was measured); a folder without them (older models) keeps every sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..paths import lexicons_dir
from ..text import fold
from .classifier import MIN_WORDS
from .lexicon import IndexedPatterns, read_pattern_files
from .modelfiles import ModelError, read_skops
from .secondpass import Candidates

FIRST_PASS_MODEL = "first_pass.skops"
FIRST_PASS_RULE = "first_pass.json"


@dataclass
class FirstPassRule:
    """What ``posturescan train`` chose for the first pass (``first_pass.json``)."""

    threshold: float
    lemma_forms: dict[str, list[str]]  # lemma -> folded inflected forms (NORM values)
    measured: dict = field(default_factory=dict)  # shares lost / kept on the held-out splits (model card)

    def to_dict(self) -> dict:
        return {"threshold": self.threshold, "lemma_forms": self.lemma_forms, "measured": self.measured}

    @classmethod
    def from_dict(cls, data: dict) -> "FirstPassRule":
        return cls(float(data["threshold"]), {k: list(v) for k, v in data["lemma_forms"].items()},
                   dict(data.get("measured", {})))


# -- lemma constraints as NORM forms --------------------------------------------------------------------
def pattern_lemmas(patterns: list[dict]) -> list[str]:
    """Every lemma a pattern constrains (``{"LEMMA": "avoir"}`` or ``{"LEMMA": {"IN": [...]}}``)."""
    found = set()
    for entry in patterns:
        for token in entry["pattern"]:
            value = token.get("LEMMA")
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, dict):
                found.update(value.get("IN", ()))
    return sorted(found)


def lemma_forms(nlp: Language, lemmas: list[str]) -> dict[str, list[str]]:
    """The folded word forms that the pipeline's rule lemmatiser can give each lemma: its lookup table and
    exceptions read backwards, and its suffix rules applied backwards (« crouler » → « croulent », « croulé »…).
    Over-generating is harmless here: the first pass only has to keep what the second pass could find."""
    wanted = set(lemmas)
    forms: dict[str, set[str]] = {lemma: {fold(lemma)} for lemma in lemmas}
    lookups = nlp.get_pipe("lemmatizer").lookups
    if lookups.has_table("lemma_lookup"):
        for form, lemma in lookups.get_table("lemma_lookup").items():
            if isinstance(form, str) and lemma in wanted:
                forms[lemma].add(fold(form))
    if lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            for form, values in table.items():
                for lemma in wanted.intersection(values):
                    forms[lemma].add(fold(form))
    if lookups.has_table("lemma_rules"):
        for rules in lookups.get_table("lemma_rules").values():
            for old, new in rules:
                for lemma in lemmas:
                    if lemma.endswith(new) and len(lemma) > len(new):
                        forms[lemma].add(fold(lemma[: len(lemma) - len(new)] + old))
    return {lemma: sorted(values) for lemma, values in forms.items()}


def expand_lemmas(patterns: list[dict], forms: dict[str, list[str]]) -> list[dict]:
    """The patterns with each ``LEMMA`` constraint replaced by ``NORM`` in the lemma's forms."""
    out = []
    for entry in patterns:
        tokens = []
        for token in entry["pattern"]:
            value = token.get("LEMMA")
            if value is not None:
                lemmas = [value] if isinstance(value, str) else list(value.get("IN", ()))
                norms = sorted({f for lemma in lemmas for f in forms.get(lemma, [fold(lemma)])})
                token = {**{k: v for k, v in token.items() if k != "LEMMA"}, "NORM": {"IN": norms}}
            tokens.append(token)
        out.append({**entry, "pattern": tokens})
    return out


# -- the pass ------------------------------------------------------------------------------------------
class FirstPass:
    """Tokenizer + sentence splitter + NORM lexicon + n-gram model, over batches of documents."""

    def __init__(self, nlp: Language, estimator, rule: FirstPassRule, *, patterns_dir: str | None = None):
        self.nlp = nlp
        self.estimator = estimator
        self.rule = rule
        self.splitter = nlp.get_pipe("posturescan_sentences")
        folder = Path(patterns_dir) if patterns_dir else lexicons_dir() / "patterns"
        patterns = expand_lemmas(read_pattern_files(folder), rule.lemma_forms)
        self.patterns = IndexedPatterns(nlp.vocab, patterns)
        self._folded: dict[str, str] = {}

    @classmethod
    def load(cls, nlp: Language, folder: Path) -> "FirstPass | None":
        """The first pass of a model folder; None for a folder without one (every sentence is a candidate)."""
        folder = Path(folder)
        if not (folder / FIRST_PASS_MODEL).exists():
            return None
        try:
            rule = FirstPassRule.from_dict(json.loads((folder / FIRST_PASS_RULE).read_text(encoding="utf-8")))
        except (OSError, KeyError, ValueError, TypeError) as err:
            raise ModelError(f"cannot read {FIRST_PASS_RULE} in {folder}: {err}") from None
        return cls(nlp, read_skops(folder / FIRST_PASS_MODEL), rule)

    def _fold(self, word: str) -> str:
        value = self._folded.get(word)
        if value is None:
            if len(self._folded) > 200_000:
                self._folded.clear()
            value = self._folded[word] = fold(word)
        return value

    def prepare(self, doc: Doc) -> tuple[np.ndarray, list[tuple[int, int, str, bool]], set[int]]:
        """Splits ``doc`` into sentences and matches the patterns. Returns the tokenizer's NORM values (before
        folding), the sentences as (start, end, text, scorable) and the starts of those a pattern matched in."""
        starts = self.splitter.set_starts(doc)
        norms = doc.to_array([NORM])
        strings = doc.vocab.strings
        words = [strings[orth] for orth in doc.to_array([ORTH]).tolist()]  # no Token objects: cheaper
        folded = [self._fold(word) for word in words]
        if folded:
            doc.from_array([NORM], np.array([strings.add(value) for value in folded], dtype="uint64").reshape(-1, 1))
        alpha = np.concatenate([[0], np.cumsum(doc.to_array([IS_ALPHA]).reshape(-1))]) if len(doc) else np.zeros(1)
        offsets = doc.to_array([IDX]).reshape(-1) if len(doc) else np.zeros(0, dtype=int)
        bounds = [i for i, value in enumerate(starts) if value == 1] + [len(doc)]
        sentences, matched = [], set()
        whole = doc.text  # Doc.text joins the tokens again at each call
        for begin, end in zip(bounds, bounds[1:]):
            text = whole[int(offsets[begin]):int(offsets[end - 1]) + len(words[end - 1])]
            ok = alpha[end] - alpha[begin] >= MIN_WORDS and not text.lstrip().startswith("#")  # as classifier.scorable
            sentences.append((begin, end, text, bool(ok)))
            if next(self.patterns.matches(doc[begin:end], set(folded[begin:end])), None) is not None:
                matched.add(begin)
        return norms, sentences, matched

    def probabilities(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        return self.estimator.predict_proba(texts)[:, 1]

    def candidates(self, docs: list[Doc]) -> list[Candidates]:
        """One :class:`Candidates` per document, the model scoring the whole batch's sentences at once."""
        prepared = [self.prepare(doc) for doc in docs]
        pending = [(i, begin, text) for i, (_, sentences, matched) in enumerate(prepared)
                   for begin, _, text, ok in sentences if ok and begin not in matched]
        p = self.probabilities([text for _, _, text in pending])
        kept: list[set[int]] = [set(matched) for _, _, matched in prepared]
        for (i, begin, _), value in zip(pending, p):
            if value >= self.rule.threshold:
                kept[i].add(begin)
        return [Candidates([(b, e) for b, e, _, _ in sentences if b in chosen], norms, doc.to_array([SENT_START]),
                           any(ok for _, _, _, ok in sentences))
                for doc, (norms, sentences, _), chosen in zip(docs, prepared, kept)]

    def keep_texts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """For short texts (corpus sentences): (matched by a pattern, highest model probability of a
        sentence), one row per text; the threshold search of ``posturescan train`` reads these."""
        prepared = [self.prepare(self.nlp.make_doc(t)) for t in texts]
        scored = [[text for _, _, text, ok in sentences if ok] for _, sentences, _ in prepared]
        p = iter(self.probabilities([text for texts_ in scored for text in texts_]))
        matched = np.array([bool(m) for _, _, m in prepared], dtype=bool)
        best = np.array([max((float(next(p)) for _ in texts_), default=0.0) for texts_ in scored])
        return matched, best
