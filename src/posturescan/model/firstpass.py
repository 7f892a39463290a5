"""Training the first pass (:mod:`posturescan.nlp.firstpass`): a seeded n-gram model and its threshold.

The model is a logistic regression on TF-IDF word 1–2-grams of the folded sentence, fitted on train to tell
the sentences about a frein (counted or not) from the others. Character n-grams were measured too: on the
same split they kept as many ordinary sentences for the same recall, at a quarter of the speed (see
``bench/first_pass.py``). The threshold is the highest that loses at most :data:`MAX_LOSS` of dev's counted
sentences (those a pattern matches are kept anyway); test, challenge and real text only measure it.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..corpus import Example
from ..text import fold
from .targets import DEFAULT_SEED, topic_labels

MAX_LOSS = 0.015  # on dev; the target on test is 2 %
GRID = tuple(round(x, 2) for x in np.arange(0.01, 1.0, 0.01))


def build_first_pass_estimator(seed: int = DEFAULT_SEED) -> Pipeline:
    return Pipeline([("features", TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                                  dtype=np.float32)),
                     ("classifier", LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000,
                                                       random_state=seed))])


def choose_threshold(matched: np.ndarray, p: np.ndarray, max_loss: float = MAX_LOSS) -> float:
    """The highest threshold of :data:`GRID` that keeps all but ``max_loss`` of these (counted) sentences."""
    chosen = GRID[0]
    for t in GRID:
        if (~matched & (p < t)).mean() <= max_loss:
            chosen = t
    return float(chosen)


def fit_first_pass(train: list[Example], dev: list[Example], lexicon_nlp, *, seed: int = DEFAULT_SEED,
                   measure: dict[str, list[Example]] | None = None, max_loss: float = MAX_LOSS):
    """(fitted estimator, :class:`FirstPassRule`). ``lexicon_nlp`` is the lexicon pipeline (its lemmatiser
    gives the forms of the patterns' lemmas); ``measure`` names the splits whose shares lost and kept are
    recorded (never used for a choice)."""
    from ..nlp.firstpass import FirstPass, FirstPassRule, lemma_forms, pattern_lemmas
    from ..nlp.lexicon import read_pattern_files
    from ..paths import lexicons_dir

    estimator = build_first_pass_estimator(seed)
    estimator.fit([e.text for e in train], [bool(topic_labels(e)) for e in train])
    lemmas = pattern_lemmas(read_pattern_files(lexicons_dir() / "patterns"))
    rule = FirstPassRule(threshold=1.0, lemma_forms=lemma_forms(lexicon_nlp, lemmas))
    first = FirstPass(lexicon_nlp, estimator, rule)
    counted = [e.text for e in dev if e.labels]
    rule.threshold = choose_threshold(*first.keep_texts(counted), max_loss)
    measured = {"max_loss_on_dev": max_loss}
    for name, examples in {"dev": dev, **(measure or {})}.items():
        if not examples:
            continue
        matched, p = first.keep_texts([e.text for e in examples])
        kept = matched | (p >= rule.threshold)
        is_counted = np.array([bool(e.labels) for e in examples])
        free = np.array([e.status == "none" for e in examples])
        entry = {"sentences": len(examples), "kept": round(float(kept.mean()), 4)}
        if is_counted.any():
            entry["counted_lost"] = round(float((~kept[is_counted]).mean()), 4)
        if free.any():
            entry["frein_free_kept"] = round(float(kept[free].mean()), 4)
        measured[name] = entry
    rule.measured = measured
    return estimator, rule
