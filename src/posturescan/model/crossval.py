"""Cross-validation of the combined system (``posturescan evaluate --cv``): a training procedure, fold by fold,
scored with the metrics of :mod:`.evaluate`; near-duplicates always fall in the same fold."""

from __future__ import annotations

import numpy as np

from ..corpus import Example
from .evaluate import compute_metrics

def cross_validate(examples: list[Example], labels: list[str], *, folds: int, seed: int, encoder: str = "none",
                   log=print) -> dict:
    """K-fold cross-validation of the combined system on a training set, near-duplicates kept in one fold
    (scikit-learn ``GroupKFold`` over the groups of :func:`posturescan.corpus.group_near_duplicates`).

    In each fold, 15 % of the training part (by stable hash) chooses the thresholds (and guards), as dev
    does in ``posturescan train``. Lexicon hits and qualifier statuses are computed once with spaCy and
    combined with each fold's probabilities through the same decision rule as the pipeline.
    """
    import statistics

    from ..corpus import dedupe_key, stable_bucket
    from ..nlp.pipeline import build_pipeline
    from .context import sentence_contexts
    from .train import choose_thresholds, fit_estimators, probabilities, status_guesses, tuning_similarities

    texts = [e.text for e in examples]
    splits = group_folds(texts, folds, seed)
    contexts = sentence_contexts(build_pipeline(), texts)
    results = []
    for fold, (rest, held) in enumerate(splits):
        tune = [int(i) for i in rest if stable_bucket(dedupe_key(texts[i])) < 15]
        tuned = set(tune)
        fit = [int(i) for i in rest if i not in tuned]
        topic, status = fit_estimators([examples[i] for i in fit], labels, seed, encoder=encoder)
        tune_texts = [texts[i] for i in tune]
        prototypes, similarities = tuning_similarities(encoder, [examples[i] for i in fit], [examples[i] for i in tune], labels)
        rule = choose_thresholds([examples[i] for i in tune], probabilities(topic, tune_texts, labels),
                                 [contexts[i] for i in tune], status_guesses(status, tune_texts), labels,
                                 similarities=similarities, encoder=encoder)
        held_texts = [texts[i] for i in held]
        held_similarity = (prototypes.similarity_rows(get_vectors(encoder, held_texts)) if prototypes is not None
                           else [None] * len(held))
        predicted = [rule.counted_labels(p, contexts[i].lexicon_status, contexts[i].sentence_status, g, sim)
                     for p, g, sim, i in zip(probabilities(topic, held_texts, labels), status_guesses(status, held_texts),
                                             held_similarity, held)]
        metrics = compute_metrics([examples[i].labels for i in held], predicted, labels)
        log(f"fold {fold + 1}/{folds}: macro F1 {metrics['macro_f1']:.3f}, false alarms {metrics['false_alarm_rate']:.1%}")
        results.append(metrics)
    summary = {}
    for key in ("macro_f1", "micro_f1", "false_alarm_rate"):
        values = [r[key] for r in results]
        summary[key] = {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4),
                        "folds": values}
    return {"folds": folds, "seed": seed, "encoder": encoder, "grouping": "near-duplicate groups (GroupKFold)",
            "sentences": len(examples), "summary": summary}


def group_folds(texts: list[str], folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training indices, held-out indices) per fold; near-duplicates always fall in the same fold.
    ``GroupKFold`` balances fold sizes deterministically; a seeded relabelling of the groups varies the folds."""
    from sklearn.model_selection import GroupKFold

    from ..corpus import group_near_duplicates

    groups = group_near_duplicates(texts)
    if folds < 2 or folds > len(set(groups)):
        raise ValueError(f"--cv needs between 2 and {len(set(groups))} folds")
    order = sorted(set(groups))
    np.random.default_rng(seed).shuffle(order)
    relabel = {g: i for i, g in enumerate(order)}
    return list(GroupKFold(n_splits=folds).split(texts, groups=[relabel[g] for g in groups]))


def get_vectors(encoder: str, texts: list[str]):
    from ..encoders import get_encoder

    return get_encoder(encoder).encode(texts)
