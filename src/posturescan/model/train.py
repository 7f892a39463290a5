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
from .decision import DecisionRule
from .features import build_features

DEFAULT_SEED = 13
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.10, 0.96, 0.05))
LEXICON_GRID = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def build_estimator(seed: int = DEFAULT_SEED, *, C: float = 8.0) -> Pipeline:
    """Features → one calibrated logistic regression per label (one-vs-rest)."""
    base = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)
    return Pipeline([("features", build_features()), ("classifier", OneVsRestClassifier(calibrated))])


def fit_estimator(examples: list[Example], labels: list[str], seed: int = DEFAULT_SEED) -> Pipeline:
    binarizer = MultiLabelBinarizer(classes=labels)
    y = binarizer.fit_transform([e.labels for e in examples])
    estimator = build_estimator(seed)
    estimator.fit([e.text for e in examples], y)
    return estimator


def probabilities(estimator: Pipeline, texts: list[str], labels: list[str]) -> list[dict[str, float]]:
    matrix = estimator.predict_proba(texts)
    return [{label: float(p) for label, p in zip(labels, row)} for row in matrix]


def f_beta(tp: int, fp: int, fn: int, beta: float = 1.0) -> float:
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return (1 + b2) * tp / denominator if denominator else 0.0


def choose_thresholds(examples: list[Example], probs: list[dict[str, float]], contexts: list[SentenceContext],
                      labels: list[str], *, beta: float = 1.0) -> DecisionRule:
    """Per label, the pair (threshold, lexicon threshold) with the best F-beta on these (dev) sentences.

    Ties go to the higher thresholds: fewer false alarms for the same F.
    """
    threshold, lexicon_threshold = {}, {}
    for label in labels:
        truth = [label in e.labels for e in examples]
        best = (-1.0, 0.0, 0.0)
        for t in THRESHOLD_GRID:
            for t_lex in LEXICON_GRID:
                if t_lex > t:
                    continue
                rule = DecisionRule([label], {label: t}, {label: t_lex})
                tp = fp = fn = 0
                for gold, p, ctx in zip(truth, probs, contexts):
                    lex = {label: ctx.lexicon_status[label]} if label in ctx.lexicon_status else {}
                    predicted = label in rule.counted_labels(p, lex, ctx.sentence_status)
                    tp += gold and predicted
                    fp += predicted and not gold
                    fn += gold and not predicted
                score = (round(f_beta(tp, fp, fn, beta), 6), t, t_lex)
                if score >= best:
                    best = score
        threshold[label], lexicon_threshold[label] = best[1], best[2]
    return DecisionRule(list(labels), threshold, lexicon_threshold)


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
    return TrainingData(train, dev, test, files)


def train_model(corpus_dir: Path, out_dir: Path, *, seed: int = DEFAULT_SEED, log=print) -> dict:
    """Fit on train, choose thresholds on dev, save with skops, evaluate dev and test, write the model card."""
    from ..api import Analyzer
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
    estimator = fit_estimator(data.train, labels, seed)
    log("classifier fitted; choosing thresholds on dev")
    dev_probs = probabilities(estimator, [e.text for e in data.dev], labels)
    dev_contexts = sentence_contexts(lexicon_nlp, [e.text for e in data.dev])
    rule = choose_thresholds(data.dev, dev_probs, dev_contexts, labels)
    out_dir = Path(out_dir)
    save_model(out_dir, estimator, rule)
    combined = Analyzer(build_pipeline(classifier_dir=str(out_dir)), model_name=out_dir.name)
    lexicon = Analyzer(lexicon_nlp, model_name="lexicon")
    metrics = {}
    for split, examples in (("dev", data.dev), ("test", data.test)):
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
