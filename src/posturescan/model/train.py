"""Training: a seeded scikit-learn Pipeline, thresholds chosen on dev, a model card."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from ..corpus import Example
from .context import SentenceContext
from ..records import COUNTED_STATUSES
from ..nlp.decision import COUNTED, DecisionRule
from .features import build_features

DEFAULT_SEED = 13
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.20, 0.96, 0.05))
LEXICON_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
STATUS_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
FALSE_ALARM_BUDGET = 0.025  # on dev; the target on test is 3 %
FALSE_ALARM_WEIGHT = 2.0  # above the budget, one point of false-alarm rate is worth two points of macro F1
VECTOR_WEIGHT = 1.0


def topic_labels(example: Example) -> list[str]:
    """The frein a sentence is about, counted or not: labels, or the target of a negated / hypothetical /
    mentioned frein. The status model and the qualifiers decide whether it counts."""
    target = example.meta.get("target")
    if example.status in ("negated", "hypothetical", "mention") and target:
        return sorted({*example.labels, target})
    return list(example.labels)


def status_class(example: Example) -> str:
    return COUNTED if example.status in ("asserted", "reported") else example.status


def build_topic_estimator(seed: int = DEFAULT_SEED, *, C: float = 8.0) -> Pipeline:
    """Features → one calibrated logistic regression per label (one-vs-rest)."""
    base = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)
    return Pipeline([("features", build_features(vector_weight=VECTOR_WEIGHT)), ("classifier", OneVsRestClassifier(calibrated))])


def build_status_estimator(seed: int = DEFAULT_SEED, *, C: float = 4.0) -> Pipeline:
    """Features → a multinomial logistic regression over counted / negated / hypothetical / mention."""
    return Pipeline([("features", build_features(vector_weight=VECTOR_WEIGHT)),
                     ("classifier", LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed))])


MIN_EXAMPLES = 3  # per label and per status: the calibration uses 3-fold cross-validation


def check_training_data(examples: list[Example], labels: list[str]) -> None:
    from collections import Counter

    from ..corpus import CorpusError

    topics = Counter(label for e in examples for label in topic_labels(e))
    rare = [f"{label} ({topics[label]})" for label in labels if topics[label] < MIN_EXAMPLES]
    statuses = Counter(status_class(e) for e in examples if e.status != "none")
    rare += [f"statut {s} ({statuses[s]})" for s in (COUNTED, "negated", "hypothetical", "mention") if statuses[s] < MIN_EXAMPLES]
    if rare:
        raise CorpusError(f"too few training sentences (at least {MIN_EXAMPLES} needed) for: {', '.join(rare)}")


def fit_estimators(examples: list[Example], labels: list[str], seed: int = DEFAULT_SEED) -> tuple[Pipeline, Pipeline]:
    check_training_data(examples, labels)
    binarizer = MultiLabelBinarizer(classes=labels)
    topic = build_topic_estimator(seed)
    topic.fit([e.text for e in examples], binarizer.fit_transform([topic_labels(e) for e in examples]))
    with_topic = [e for e in examples if e.status != "none"]
    status = build_status_estimator(seed)
    status.fit([e.text for e in with_topic], [status_class(e) for e in with_topic])
    return topic, status


def probabilities(estimator: Pipeline, texts: list[str], labels: list[str]) -> list[dict[str, float]]:
    matrix = estimator.predict_proba(texts)
    return [{label: float(p) for label, p in zip(labels, row)} for row in matrix]


def status_guesses(estimator: Pipeline, texts: list[str]) -> list[tuple[str, float]]:
    classes = list(estimator.classes_)
    return [(classes[int(row.argmax())], float(row.max())) for row in estimator.predict_proba(texts)]


def f_beta(tp: int, fp: int, fn: int, beta: float = 1.0) -> float:
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return (1 + b2) * tp / denominator if denominator else 0.0


class ThresholdSearch:
    """Vectorised evaluation of the decision rule on dev, one label at a time."""

    def __init__(self, examples, probs, contexts, guesses, labels, status_confidence):
        rule = DecisionRule(labels, {}, {}, status_confidence)
        self.labels = labels
        self.gold = np.array([[label in e.labels for label in labels] for e in examples])
        self.frein_free = ~self.gold.any(axis=1)
        self.p = np.array([[row[label] for label in labels] for row in probs])
        self.lex_present = np.array([[label in c.lexicon_status for label in labels] for c in contexts])
        self.lex_counted = np.array([[label in c.lexicon_status and
                                      rule.final_status(c.lexicon_status[label], g) in COUNTED_STATUSES
                                      for label in labels] for c, g in zip(contexts, guesses)])
        self.sent_counted = np.array([rule.final_status(c.sentence_status, g) in COUNTED_STATUSES
                                      for c, g in zip(contexts, guesses)])

    def predict(self, j: int, t: float, t_lex: float) -> np.ndarray:
        p = self.p[:, j]
        return (self.lex_present[:, j] & self.lex_counted[:, j] & (p >= t_lex)) | \
               (~self.lex_present[:, j] & self.sent_counted & (p >= t))

    def f1(self, j: int, predicted: np.ndarray) -> float:
        gold = self.gold[:, j]
        return f_beta(int((gold & predicted).sum()), int((~gold & predicted).sum()), int((gold & ~predicted).sum()))

    def best_for_label(self, j: int) -> list[tuple[float, float, float]]:
        """All (F1, t, t_lex) candidates, best first (ties to higher thresholds)."""
        scored = [(round(self.f1(j, self.predict(j, t, t_lex)), 6), t, t_lex)
                  for t in THRESHOLD_GRID for t_lex in LEXICON_GRID if t_lex <= t]
        return sorted(scored, reverse=True)

    def columns(self, choice: dict[int, tuple[float, float]]) -> np.ndarray:
        return np.column_stack([self.predict(j, *choice[j]) for j in range(len(self.labels))])

    def scores(self, predicted: np.ndarray) -> tuple[float, float]:
        f1s = [self.f1(j, predicted[:, j]) for j in range(len(self.labels)) if self.gold[:, j].any()]
        false_alarm = predicted[self.frein_free].any(axis=1).mean() if self.frein_free.any() else 0.0
        return float(np.mean(f1s)), float(false_alarm)


def objective(macro: float, false_alarm: float, budget: float) -> float:
    return macro - FALSE_ALARM_WEIGHT * max(0.0, false_alarm - budget)


def choose_thresholds(examples: list[Example], probs: list[dict[str, float]], contexts: list[SentenceContext],
                      guesses: list[tuple[str, float] | None], labels: list[str], *,
                      false_alarm_budget: float = FALSE_ALARM_BUDGET) -> DecisionRule:
    """On dev, for each status-model confidence: start from the best thresholds per label (F1), then
    repeatedly make the single threshold raise that costs the fewest macro-F1 points per false alarm
    removed, until the false-alarm rate is within budget or nothing removes one. Along that path, keep
    the point with the best ``macro F1 - 2 × (false-alarm rate above the budget)``; across confidences,
    the best such point wins."""
    grid = [(t, t_lex) for t in THRESHOLD_GRID for t_lex in LEXICON_GRID if t_lex <= t]
    best = None
    for confidence in STATUS_GRID:
        search = ThresholdSearch(examples, probs, contexts, guesses, labels, confidence)
        choice = {j: search.best_for_label(j)[0][1:] for j in range(len(labels))}
        predicted = search.columns(choice)
        macro, false_alarm = search.scores(predicted)
        path = [(objective(macro, false_alarm, false_alarm_budget), dict(choice), macro, false_alarm)]
        supported = [j for j in range(len(labels)) if search.gold[:, j].any()]
        f1 = {j: search.f1(j, predicted[:, j]) for j in supported}
        free = search.frein_free
        while false_alarm > false_alarm_budget and free.any():
            counts = predicted.sum(axis=1)
            best_step = None
            for j in range(len(labels)):
                others = (counts - predicted[:, j]) > 0
                for candidate in grid:
                    if candidate[0] < choice[j][0] or candidate[1] < choice[j][1] or candidate == choice[j]:
                        continue
                    column = search.predict(j, *candidate)
                    fa = float((others | column)[free].mean())
                    if fa >= false_alarm:
                        continue
                    new_f1 = search.f1(j, column) if j in f1 else 0.0
                    m = macro + ((new_f1 - f1[j]) / len(supported) if j in f1 else 0.0)
                    cost = (round((macro - m) / (false_alarm - fa), 6), -candidate[0], -candidate[1], j)
                    if best_step is None or cost < best_step[0]:
                        best_step = (cost, j, candidate, column, new_f1, m, fa)
            if best_step is None:
                break
            _, j, choice[j], column, new_f1, macro, false_alarm = best_step
            predicted[:, j] = column
            if j in f1:
                f1[j] = new_f1
            path.append((objective(macro, false_alarm, false_alarm_budget), dict(choice), macro, false_alarm))
        score, chosen, m, fa = max(path, key=lambda point: point[0])
        if best is None or score > best[0]:
            best = (score, confidence, chosen, m, fa)
    _, confidence, choice, macro, false_alarm = best
    return DecisionRule(list(labels), {labels[j]: float(t) for j, (t, _) in sorted(choice.items())},
                        {labels[j]: float(t_lex) for j, (_, t_lex) in sorted(choice.items())}, confidence,
                        notes={"dev_macro_f1": round(macro, 4), "dev_false_alarm_rate": round(false_alarm, 4),
                               "false_alarm_budget": false_alarm_budget, "false_alarm_weight": FALSE_ALARM_WEIGHT})


def file_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    import sklearn
    import skops
    import spacy

    from .. import __version__

    return {"posturescan": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "skops": skops.__version__, "spacy": spacy.__version__, "numpy": np.__version__}


@dataclass
class TrainingData:
    train: list[Example]
    dev: list[Example]
    test: list[Example] | None
    files: list[Path]
    challenge: list[Example] | None = None  # written independently; evaluated, never used to fit or tune

    @property
    def digest(self) -> str:
        return file_digest(self.files)


def card_markdown(card: dict) -> str:
    lines = [f"# Model card — {card['name']}", "", card["description"], "", "## Data", ""]
    lines += [f"- {k}: {v}" for k, v in card["data"].items() if k != "label_counts"]
    lines += ["", "## Decision rule", "", card["decision_rule"], "", "## Metrics", ""]
    for split, metrics in card["metrics"].items():
        lines.append(f"### {split}")
        lines.append("")
        lines.append("| system | macro F1 | micro F1 | false-alarm rate |")
        lines.append("|---|---|---|---|")
        for system, m in metrics.items():
            lines.append(f"| {system} | {m['macro_f1']:.3f} | {m['micro_f1']:.3f} | {m['false_alarm_rate']:.3%} |")
        lines.append("")
    combined = card["metrics"].get("test", {}).get("combined")
    if combined:
        lines += ["### Per label (test, combined)", "", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label, m in combined["per_label"].items():
            lines.append(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
        lines.append("")
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in card["versions"].items()] + [""]
    return "\n".join(lines)


def card_json(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False, indent=2) + "\n"


DECISION_RULE_TEXT = (
    "A lexicon hit counts when the context qualifiers say asserted or reported and the classifier's "
    "probability reaches the label's lexicon threshold; without a lexicon hit, a label counts when the "
    "probability reaches the label's threshold and the sentence is asserted or reported. Thresholds are "
    "chosen per label on dev (best F1, ties to the higher threshold)."
)


def load_training_data(corpus_dir: Path, taxonomy) -> TrainingData:
    from ..corpus import read_examples

    files = [corpus_dir / "train.jsonl", corpus_dir / "dev.jsonl"]
    test_file = corpus_dir / "test.jsonl"
    train, dev = (read_examples(f, taxonomy) for f in files)
    test = read_examples(test_file, taxonomy) if test_file.exists() else None
    if test is not None:
        files.append(test_file)
    challenge_file = corpus_dir / "challenge.jsonl"
    challenge = read_examples(challenge_file, taxonomy) if challenge_file.exists() else None
    return TrainingData(train, dev, test, files, challenge)


def train_model(corpus_dir: Path, out_dir: Path, *, seed: int = DEFAULT_SEED, log=print) -> dict:
    """Fit on train, choose thresholds on dev, save with skops, evaluate dev and test, write the model card."""
    from ..nlp.detections import TextAnalyzer
    from ..corpus import label_counts
    from ..io import write_text
    from ..nlp.pipeline import build_pipeline
    from ..taxonomy import load_taxonomy
    from .context import sentence_contexts
    from .evaluate import evaluate_examples
    from .persist import CARD_JSON, CARD_MD, save_model

    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    data = load_training_data(Path(corpus_dir), taxonomy)
    log(f"train {len(data.train)}, dev {len(data.dev)}, test {len(data.test or [])} sentences")
    lexicon_nlp = build_pipeline()
    topic, status = fit_estimators(data.train, labels, seed)
    log("classifiers fitted; choosing thresholds on dev")
    dev_texts = [e.text for e in data.dev]
    rule = choose_thresholds(data.dev, probabilities(topic, dev_texts, labels), sentence_contexts(lexicon_nlp, dev_texts),
                             status_guesses(status, dev_texts), labels)
    out_dir = Path(out_dir)
    save_model(out_dir, topic, status, rule)
    combined = TextAnalyzer(build_pipeline(classifier_dir=str(out_dir)), model_name=out_dir.name)
    lexicon = TextAnalyzer(lexicon_nlp, model_name="lexicon")
    metrics = {}
    for split, examples in (("dev", data.dev), ("test", data.test), ("challenge", data.challenge)):
        if examples:
            metrics[split] = {"combined": evaluate_examples(combined, examples, labels),
                              "lexicon": evaluate_examples(lexicon, examples, labels)}
            for system in ("combined", "lexicon"):
                metrics[split][system].pop("confusion")
            log(f"{split}: macro F1 {metrics[split]['combined']['macro_f1']:.3f} (lexicon alone "
                f"{metrics[split]['lexicon']['macro_f1']:.3f}), false alarms "
                f"{metrics[split]['combined']['false_alarm_rate']:.1%}")
    card = {
        "name": out_dir.name,
        "description": "Multi-label sentence classifier for the posturescan freins (TF-IDF word n-grams with "
                       "negation marks + character n-grams, one calibrated logistic regression per label), "
                       "combined with the lexicon patterns and the context qualifiers.",
        "seed": seed,
        "data": {
            "corpus": str(Path(corpus_dir).as_posix()),
            "sha256": data.digest,
            "files": [f.name for f in data.files],
            "train_sentences": len(data.train),
            "dev_sentences": len(data.dev),
            "test_sentences": len(data.test or []),
            "challenge_sentences": len(data.challenge or []),
            "label_counts": {"train": label_counts(data.train), "dev": label_counts(data.dev)},
        },
        "decision_rule": DECISION_RULE_TEXT,
        "thresholds": rule.to_dict(),
        "metrics": metrics,
        "versions": versions(),
    }
    write_text(out_dir / CARD_JSON, card_json(card))
    write_text(out_dir / CARD_MD, card_markdown(card))
    return card
