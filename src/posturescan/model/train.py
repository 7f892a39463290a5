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
from .targets import DEFAULT_SEED, topic_labels
from ..records import COUNTED_STATUSES
from ..nlp.decision import COUNTED, DecisionRule
from .features import build_features

THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.20, 0.96, 0.05))
LEXICON_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
STATUS_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
GUARD_GRID = (0.0, 0.84, 0.86, 0.88, 0.90, 0.92)  # minimum cosine to a label's training sentences (e5 scale)
FALSE_ALARM_BUDGET = 0.025  # on dev; the target on test is 3 %
FALSE_ALARM_WEIGHT = 2.0  # above the budget, one point of false-alarm rate is worth two points of macro F1
VECTOR_WEIGHT = 1.0


def status_class(example: Example) -> str:
    return COUNTED if example.status in ("asserted", "reported") else example.status


def build_topic_estimator(seed: int = DEFAULT_SEED, *, C: float = 8.0, encoder: str = "none") -> Pipeline:
    """Features (with the encoder's sentence vectors, if any) → one calibrated logistic regression per label."""
    base = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)
    return Pipeline([("features", build_features(vector_weight=VECTOR_WEIGHT, encoder=encoder)),
                     ("classifier", OneVsRestClassifier(calibrated))])


def build_status_estimator(seed: int = DEFAULT_SEED, *, C: float = 4.0, encoder: str = "none") -> Pipeline:
    """Features → a multinomial logistic regression over counted / negated / hypothetical / mention."""
    return Pipeline([("features", build_features(vector_weight=VECTOR_WEIGHT, encoder=encoder)),
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


def fit_estimators(examples: list[Example], labels: list[str], seed: int = DEFAULT_SEED, *,
                   encoder: str = "none") -> tuple[Pipeline, Pipeline]:
    check_training_data(examples, labels)
    binarizer = MultiLabelBinarizer(classes=labels)
    topic = build_topic_estimator(seed, encoder=encoder)
    topic.fit([e.text for e in examples], binarizer.fit_transform([topic_labels(e) for e in examples]))
    with_topic = [e for e in examples if e.status != "none"]
    status = build_status_estimator(seed, encoder=encoder)
    status.fit([e.text for e in with_topic], [status_class(e) for e in with_topic])
    return topic, status


def probabilities(estimator: Pipeline, texts: list[str], labels: list[str]) -> list[dict[str, float]]:
    matrix = estimator.predict_proba(texts)
    return [{label: float(p) for label, p in zip(labels, row)} for row in matrix]


def status_guesses(estimator: Pipeline, texts: list[str]) -> list[tuple[str, float]]:
    classes = list(estimator.classes_)
    return [(classes[int(row.argmax())], float(row.max())) for row in estimator.predict_proba(texts)]


class ThresholdSearch:
    """Vectorised evaluation of the decision rule on the tuning rows (dev, plus out-of-domain neutral text).

    A candidate for one label is ``(t, t_lex, g)``: classifier threshold, lexicon threshold and similarity
    guard (``g = 0``: no guard). The columns of all candidates are computed once per label."""

    def __init__(self, examples, probs, contexts, guesses, labels, status_confidence, similarities=None):
        rule = DecisionRule(labels, {}, {}, status_confidence)
        self.labels = labels
        self.gold = np.array([[label in e.labels for label in labels] for e in examples]).reshape(len(examples), len(labels))
        self.frein_free = ~self.gold.any(axis=1)
        self.p = np.array([[row[label] for label in labels] for row in probs]).reshape(len(examples), len(labels))
        self.sim = (np.array([[row[label] for label in labels] for row in similarities]).reshape(len(examples), len(labels))
                    if similarities is not None else None)
        self.lex_present = np.array([[label in c.lexicon_status for label in labels] for c in contexts]).reshape(len(examples), len(labels))
        self.lex_counted = np.array([[label in c.lexicon_status and
                                      rule.final_status(c.lexicon_status[label], g) in COUNTED_STATUSES
                                      for label in labels] for c, g in zip(contexts, guesses)]).reshape(len(examples), len(labels))
        self.sent_counted = np.array([rule.final_status(c.sentence_status, g) in COUNTED_STATUSES
                                      for c, g in zip(contexts, guesses)], dtype=bool)
        guards = GUARD_GRID if self.sim is not None else (0.0,)
        self.grid = [(t, t_lex, g) for t in THRESHOLD_GRID for t_lex in LEXICON_GRID if t_lex <= t for g in guards]
        self._columns: dict[int, np.ndarray] = {}

    def predict(self, j: int, t: float, t_lex: float, g: float = 0.0) -> np.ndarray:
        p = self.p[:, j]
        alone = ~self.lex_present[:, j] & self.sent_counted & (p >= t)
        if g > 0 and self.sim is not None:
            alone &= self.sim[:, j] >= g
        return (self.lex_present[:, j] & self.lex_counted[:, j] & (p >= t_lex)) | alone

    def candidate_columns(self, j: int) -> np.ndarray:
        """(candidates, rows) boolean predictions of label ``j`` for every grid point."""
        if j not in self._columns:
            self._columns[j] = np.stack([self.predict(j, *c) for c in self.grid])
        return self._columns[j]

    def f1_many(self, j: int, columns: np.ndarray) -> np.ndarray:
        gold = self.gold[:, j]
        tp = columns[:, gold].sum(axis=1)
        fp = columns[:, ~gold].sum(axis=1)
        fn = gold.sum() - tp
        denominator = 2 * tp + fp + fn
        return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)

    def f1(self, j: int, predicted: np.ndarray) -> float:
        return float(self.f1_many(j, predicted[None, :])[0])

    def best_for_label(self, j: int) -> tuple[float, float, float]:
        """The best-F1 candidate (ties to higher thresholds, then to a higher guard)."""
        scores = np.round(self.f1_many(j, self.candidate_columns(j)), 6)
        return max(zip(scores.tolist(), self.grid))[1]

    def columns(self, choice: dict[int, tuple]) -> np.ndarray:
        return np.column_stack([self.predict(j, *choice[j]) for j in range(len(self.labels))])

    def scores(self, predicted: np.ndarray) -> tuple[float, float]:
        f1s = [self.f1(j, predicted[:, j]) for j in range(len(self.labels)) if self.gold[:, j].any()]
        false_alarm = predicted[self.frein_free].any(axis=1).mean() if self.frein_free.any() else 0.0
        return float(np.mean(f1s)), float(false_alarm)


def objective(macro: float, false_alarm: float, budget: float) -> float:
    return macro - FALSE_ALARM_WEIGHT * max(0.0, false_alarm - budget)


def choose_thresholds(examples: list[Example], probs: list[dict[str, float]], contexts: list[SentenceContext],
                      guesses: list[tuple[str, float] | None], labels: list[str], *,
                      false_alarm_budget: float = FALSE_ALARM_BUDGET, similarities: list[dict[str, float]] | None = None,
                      encoder: str = "none") -> DecisionRule:
    """On the tuning rows, for each status-model confidence: start from the best candidate per label (F1),
    then repeatedly make the single raise (threshold, lexicon threshold or similarity guard) that costs the
    fewest macro-F1 points per false alarm removed, until the false-alarm rate is within budget or nothing
    removes one. Along that path, keep the point with the best ``macro F1 - 2 × (false-alarm rate above the
    budget)``; across confidences, the best such point wins. ``similarities`` (per row and label, from the
    guard) adds the guard to the candidates."""
    best = None
    for confidence in STATUS_GRID:
        search = ThresholdSearch(examples, probs, contexts, guesses, labels, confidence, similarities)
        grid = np.array(search.grid)
        choice = {j: search.best_for_label(j) for j in range(len(labels))}
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
                current = np.array(choice[j])
                allowed = (grid >= current).all(axis=1) & (grid != current).any(axis=1)
                if not allowed.any():
                    continue
                index = np.flatnonzero(allowed)
                columns = search.candidate_columns(j)[index]
                others = (counts - predicted[:, j]) > 0
                fa = (columns[:, free] | others[free]).mean(axis=1)
                better = fa < false_alarm
                if not better.any():
                    continue
                index, columns, fa = index[better], columns[better], fa[better]
                if j in f1:
                    new_f1 = search.f1_many(j, columns)
                    m = macro + (new_f1 - f1[j]) / len(supported)
                else:
                    new_f1, m = np.zeros(len(index)), np.full(len(index), macro)
                cost = np.round((macro - m) / (false_alarm - fa), 6)
                points = grid[index]
                k = int(np.lexsort((-points[:, 2], -points[:, 1], -points[:, 0], cost))[0])
                candidate = search.grid[index[k]]
                key = (float(cost[k]), -candidate[0], -candidate[1], -candidate[2], j)
                if best_step is None or key < best_step[0]:
                    best_step = (key, j, candidate, columns[k], float(new_f1[k]), float(m[k]), float(fa[k]))
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
    ordered = sorted(choice.items())
    return DecisionRule(list(labels), {labels[j]: float(c[0]) for j, c in ordered},
                        {labels[j]: float(c[1]) for j, c in ordered}, confidence,
                        notes={"tuning_macro_f1": round(macro, 4), "tuning_false_alarm_rate": round(false_alarm, 4),
                               "false_alarm_budget": false_alarm_budget, "false_alarm_weight": FALSE_ALARM_WEIGHT},
                        guard={labels[j]: float(c[2]) for j, c in ordered if c[2] > 0}, encoder=encoder)


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
    ood: list[Example] | None = None  # out-of-domain neutral text: tunes the thresholds and guard with dev

    @property
    def digest(self) -> str:
        return file_digest(self.files)


def _metric_cells(m: dict) -> str:
    cells = f"{m['macro_f1']:.3f} | {m['micro_f1']:.3f} | {m['false_alarm_rate']:.1%}"
    real = m.get("real")
    if real:
        cells += (f" | {real['stated_recall']:.2f} [{real['stated_recall_ci95'][0]:.2f}–{real['stated_recall_ci95'][1]:.2f}]"
                  f" | {real['neutral_false_alarm_rate']:.2f} [{real['neutral_false_alarm_ci95'][0]:.2f}–"
                  f"{real['neutral_false_alarm_ci95'][1]:.2f}] | {real['quoted_counted_rate']:.2f}")
    else:
        cells += " | | |"
    return cells


def card_markdown(card: dict) -> str:
    lines = [f"# Model card — {card['name']}", "", card["description"], "", f"Encoder: `{card.get('encoder', 'none')}`.",
             "", "## Data", ""]
    lines += [f"- {k}: {v}" for k, v in card["data"].items() if k != "label_counts"]
    lines += ["", "## Decision rule", "", card["decision_rule"], ""]
    first = card.get("first_pass")
    if first:
        lines += ["## First pass", "", first["description"], "", f"Threshold: {first['threshold']:.2f}.", "",
                  "| split | sentences | kept | counted sentences lost | frein-free sentences kept |", "|---|---|---|---|---|"]
        for split, m in first["measured"].items():
            if isinstance(m, dict):
                lines.append(f"| {split} | {m['sentences']} | {m['kept']:.1%} | "
                             + (f"{m['counted_lost']:.1%}" if "counted_lost" in m else "") + " | "
                             + (f"{m['frein_free_kept']:.1%}" if "frein_free_kept" in m else "") + " |")
        lines.append("")
    lines += ["## Metrics", "",
              "Stated recall: share of stated freins (asserted / reported; real_dev: direct / reported) found with "
              "their label; neutral false alarms: share of frein-free, non-quoted sentences with a counted "
              "detection; quoted counted: share of quoted sentences counted anyway. Brackets: 95 % Wilson interval.",
              ""]
    for split, metrics in card["metrics"].items():
        lines.append(f"### {split}")
        lines.append("")
        lines.append("| system | macro F1 | micro F1 | false-alarm rate | stated recall | neutral false alarms | quoted counted |")
        lines.append("|---|---|---|---|---|---|---|")
        for system, m in metrics.items():
            lines.append(f"| {system} | {_metric_cells(m)} |")
        lines.append("")
    combined = card["metrics"].get("test", {}).get("combined")
    if combined:
        lines += ["### Per label (test, combined)", "", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label, m in combined["per_label"].items():
            lines.append(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
        lines.append("")
    status = card.get("status_model")
    if status:
        lines += ["### Status model (4 classes: counted, negated, hypothetical, mention)", "",
                  "| split | macro F1 | accuracy |", "|---|---|---|"]
        lines += [f"| {split} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} |" for split, m in status.items()]
        lines.append("")
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in card["versions"].items()] + [""]
    return "\n".join(lines)


def card_json(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False, indent=2) + "\n"


DECISION_RULE_TEXT = (
    "A lexicon hit counts when the context qualifiers say asserted or reported and the classifier's "
    "probability reaches the label's lexicon threshold; without a lexicon hit, a label counts when the "
    "probability reaches the label's threshold, the sentence is asserted or reported and (with an encoder) "
    "the sentence's highest cosine similarity to the training sentences about that label reaches the label's "
    "guard. Thresholds and guards are chosen per label on dev plus the out-of-domain neutral sentences "
    "(best F1, then the cheapest raises while false alarms exceed the budget)."
)

FIRST_PASS_TEXT = (
    "Before the analysis, a first pass keeps the candidate sentences: a lexicon pattern matches on the folded "
    "words alone (lemma constraints expanded into inflected forms), or a logistic regression on TF-IDF word "
    "1-2-grams gives a probability of being about a frein at least the threshold, chosen on dev so that at most "
    "1.5 % of dev's counted sentences are lost. Only candidates go through the parser, the qualifiers, the "
    "encoder and the classifiers. 'combined_first_pass' figures are the whole system with this first pass."
)
GATED_SPLITS = ("test", "challenge", "real_dev")

OOD_FOLDER = "ood"  # corpus/ood/*.jsonl: out-of-domain neutral sentences (labels [], status none)


def load_training_data(corpus_dir: Path, taxonomy) -> TrainingData:
    from ..corpus import read_examples

    corpus_dir = Path(corpus_dir)
    files = [corpus_dir / "train.jsonl", corpus_dir / "dev.jsonl"]
    test_file = corpus_dir / "test.jsonl"
    train, dev = (read_examples(f, taxonomy) for f in files)
    test = read_examples(test_file, taxonomy) if test_file.exists() else None
    if test is not None:
        files.append(test_file)
    challenge_file = corpus_dir / "challenge.jsonl"
    challenge = read_examples(challenge_file, taxonomy) if challenge_file.exists() else None
    ood_files = sorted((corpus_dir / OOD_FOLDER).glob("*.jsonl")) if (corpus_dir / OOD_FOLDER).is_dir() else []
    ood = [e for f in ood_files for e in read_examples(f, taxonomy) if not e.labels and e.status == "none"] or None
    return TrainingData(train, dev, test, files + ood_files, challenge, ood)


def status_model_metrics(status, examples: list[Example]) -> dict:
    """4-class macro F1 of the status model alone, on the sentences that have a frein (counted or not)."""
    from sklearn.metrics import accuracy_score, f1_score

    with_topic = [e for e in examples if e.status != "none"]
    if not with_topic:
        return {}
    gold = [status_class(e) for e in with_topic]
    predicted = list(status.predict([e.text for e in with_topic]))
    return {"sentences": len(with_topic), "macro_f1": round(float(f1_score(gold, predicted, average="macro")), 4),
            "accuracy": round(float(accuracy_score(gold, predicted)), 4)}


def tuning_similarities(encoder_spec: str, train: list[Example], tuning: list[Example], labels: list[str]):
    """(guard prototypes, similarity rows of the tuning sentences), or (None, None) without an encoder."""
    from ..encoders import get_encoder
    from ..nlp.guard import Prototypes

    encoder = get_encoder(encoder_spec)
    if encoder is None:
        return None, None
    prototypes = Prototypes.from_examples(encoder.encode([e.text for e in train]), [topic_labels(e) for e in train], labels)
    return prototypes, prototypes.similarity_rows(encoder.encode([e.text for e in tuning]))


def train_model(corpus_dir: Path, out_dir: Path, *, seed: int = DEFAULT_SEED, encoder: str = "none",
                real_dev: Path | None = None, log=print) -> dict:
    """Fit on train, choose thresholds (and guards) on dev + out-of-domain neutral text, save with skops,
    evaluate dev, test, challenge and (for reporting only) a real-text set, write the model card."""
    from ..nlp.detections import TextAnalyzer
    from ..corpus import label_counts
    from ..encoders import encoder_identity, normalise_spec
    from ..io import write_text
    from ..nlp.pipeline import build_pipeline
    from ..taxonomy import load_taxonomy
    from .context import sentence_contexts
    from .evaluate import evaluate_examples, read_eval_set
    from .persist import CARD_JSON, CARD_MD, save_model

    encoder = normalise_spec(encoder)
    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    data = load_training_data(Path(corpus_dir), taxonomy)
    real = read_eval_set(Path(real_dev), taxonomy) if real_dev else None
    log(f"train {len(data.train)}, dev {len(data.dev)}, test {len(data.test or [])}, out-of-domain neutral "
        f"{len(data.ood or [])} sentences; encoder {encoder}")
    lexicon_nlp = build_pipeline()
    topic, status = fit_estimators(data.train, labels, seed, encoder=encoder)
    log("classifiers fitted; choosing thresholds on dev" + (" + out-of-domain neutral text" if data.ood else ""))
    tuning = data.dev + (data.ood or [])
    tuning_texts = [e.text for e in tuning]
    prototypes, similarities = tuning_similarities(encoder, data.train, tuning, labels)
    rule = choose_thresholds(tuning, probabilities(topic, tuning_texts, labels), sentence_contexts(lexicon_nlp, tuning_texts),
                             status_guesses(status, tuning_texts), labels, similarities=similarities, encoder=encoder)
    from .firstpass import fit_first_pass

    first_estimator, first_rule = fit_first_pass(
        data.train, data.dev, lexicon_nlp, seed=seed,
        measure={"test": data.test, "challenge": data.challenge, "ood_neutral": data.ood})
    log(f"first pass: threshold {first_rule.threshold:.2f} (dev); test counted sentences lost "
        f"{first_rule.measured.get('test', {}).get('counted_lost', float('nan')):.1%}, frein-free test sentences kept "
        f"{first_rule.measured.get('test', {}).get('frein_free_kept', float('nan')):.1%}")
    out_dir = Path(out_dir)
    save_model(out_dir, topic, status, rule, prototypes, first_pass=(first_estimator, first_rule))
    from ..nlp.firstpass import FirstPass

    combined_nlp = build_pipeline(classifier_dir=str(out_dir))
    combined = TextAnalyzer(combined_nlp, model_name=out_dir.name)
    gated = TextAnalyzer(combined_nlp, model_name=out_dir.name, first_pass=FirstPass.load(combined_nlp, out_dir))
    lexicon = TextAnalyzer(lexicon_nlp, model_name="lexicon")
    metrics, status_metrics = {}, {}
    splits = (("dev", data.dev), ("test", data.test), ("challenge", data.challenge), ("ood_neutral", data.ood),
              ("real_dev", real))
    for split, examples in splits:
        if not examples:
            continue
        metrics[split] = {"combined": evaluate_examples(combined, examples, labels),
                          "lexicon": evaluate_examples(lexicon, examples, labels)}
        if split in GATED_SPLITS:
            metrics[split]["combined_first_pass"] = evaluate_examples(gated, examples, labels)
        for system in metrics[split]:
            metrics[split][system].pop("confusion")
        c, x = metrics[split]["combined"], metrics[split]["lexicon"]
        log(f"{split}: macro F1 {c['macro_f1']:.3f} (lexicon alone {x['macro_f1']:.3f}), false alarms "
            f"{c['false_alarm_rate']:.1%} (lexicon alone {x['false_alarm_rate']:.1%}), stated recall "
            f"{c['real']['stated_recall']:.2f} (lexicon alone {x['real']['stated_recall']:.2f})")
        if split in ("dev", "test", "challenge"):
            status_metrics[split] = status_model_metrics(status, examples)
    card = {
        "name": out_dir.name,
        "description": "Multi-label sentence classifier for the posturescan freins (TF-IDF word n-grams with "
                       "negation marks + character n-grams + averaged static word vectors"
                       + (f" + {encoder} sentence vectors" if encoder != "none" else "") +
                       ", one calibrated logistic regression per label) and a status model on the same features, "
                       "combined with the lexicon patterns, the context qualifiers"
                       + (" and a similarity guard in encoder space" if rule.guard else "") + ".",
        "seed": seed,
        "encoder": encoder,
        "encoder_identity": encoder_identity(encoder),
        "data": {
            "corpus": str(Path(corpus_dir).as_posix()),
            "sha256": data.digest,
            "files": [f.name for f in data.files],
            "train_sentences": len(data.train),
            "dev_sentences": len(data.dev),
            "test_sentences": len(data.test or []),
            "challenge_sentences": len(data.challenge or []),
            "ood_neutral_sentences": len(data.ood or []),
            "real_dev_sentences": len(real or []),
            "label_counts": {"train": label_counts(data.train), "dev": label_counts(data.dev)},
        },
        "decision_rule": DECISION_RULE_TEXT,
        "thresholds": rule.to_dict(),
        "first_pass": {"description": FIRST_PASS_TEXT, "threshold": first_rule.threshold,
                       "measured": first_rule.measured},
        "metrics": metrics,
        "status_model": status_metrics,
        "versions": versions(),
    }
    write_text(out_dir / CARD_JSON, card_json(card))
    write_text(out_dir / CARD_MD, card_markdown(card))
    return card
