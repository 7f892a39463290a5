"""Cross-validation of the combined system (``posturescan evaluate --cv``): a training procedure, fold by fold,
scored with the metrics of :mod:`.evaluate`."""

from __future__ import annotations

import random
import statistics

from ..corpus import Example, dedupe_key, stable_bucket
from ..nlp.pipeline import build_pipeline
from .context import sentence_contexts
from .evaluate import compute_metrics
from .train import choose_thresholds, fit_estimators, probabilities, status_guesses


def cross_validate(examples: list[Example], labels: list[str], *, folds: int, seed: int, log=print) -> dict:
    """K-fold cross-validation of the combined system on a training set.

    In each fold, 15 % of the training part (by stable hash) chooses the thresholds, as dev does in
    ``posturescan train``. Lexicon hits and qualifier statuses are computed once with spaCy and combined
    with each fold's probabilities through the same decision rule as the pipeline.
    """
    if folds < 2 or folds > len(examples):
        raise ValueError(f"--cv needs between 2 and {len(examples)} folds")
    contexts = sentence_contexts(build_pipeline(), [e.text for e in examples])
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    fold_of = {index: position % folds for position, index in enumerate(order)}
    results = []
    for fold in range(folds):
        held = [i for i in range(len(examples)) if fold_of[i] == fold]
        rest = [i for i in range(len(examples)) if fold_of[i] != fold]
        tune = [i for i in rest if stable_bucket(dedupe_key(examples[i].text)) < 15]
        fit = [i for i in rest if i not in set(tune)]
        topic, status = fit_estimators([examples[i] for i in fit], labels, seed)
        tune_texts = [examples[i].text for i in tune]
        rule = choose_thresholds([examples[i] for i in tune], probabilities(topic, tune_texts, labels),
                                 [contexts[i] for i in tune], status_guesses(status, tune_texts), labels)
        held_texts = [examples[i].text for i in held]
        predicted = [rule.counted_labels(p, contexts[i].lexicon_status, contexts[i].sentence_status, g)
                     for p, g, i in zip(probabilities(topic, held_texts, labels), status_guesses(status, held_texts), held)]
        metrics = compute_metrics([examples[i].labels for i in held], predicted, labels)
        log(f"fold {fold + 1}/{folds}: macro F1 {metrics['macro_f1']:.3f}, false alarms {metrics['false_alarm_rate']:.1%}")
        results.append(metrics)
    summary = {}
    for key in ("macro_f1", "micro_f1", "false_alarm_rate"):
        values = [r[key] for r in results]
        summary[key] = {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4),
                        "folds": values}
    return {"folds": folds, "seed": seed, "sentences": len(examples), "summary": summary}
