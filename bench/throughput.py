"""Throughput of ``posturescan analyse`` against plain spaCy, measured in the same run on the same machine.

Generates a mail-like corpus (bench/mailcorpus.py), then measures, on the words of the e-mail bodies:
the spaCy tokenizer alone (``nlp.make_doc``), every ``fr_core_news_sm`` component through ``nlp.pipe`` (the
baseline), and a whole analysis run (``run_analysis``: read, clean, analyse, profile, report), with the loading
of the pipeline (start-up) reported apart. Prints words/s and ratios against the baseline. No timing assertion:
this script only reports. Usage: python bench/throughput.py [N_FILES] [--lexicon-only]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mailcorpus import make_corpus  # noqa: E402

from posturescan.clean import clean_document  # noqa: E402
from posturescan.sources import iter_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def bodies(folder: Path) -> list[str]:
    """The cleaned texts posturescan analyses (quoted replies and signatures removed)."""
    return [clean_document(doc).text for doc in iter_documents([folder]) if doc.text]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(n_files: int, lexicon_only: bool) -> None:
    import posturescan
    from posturescan.run import RunOptions, run_analysis

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["POSTURESCAN_KEY_FILE"] = str(tmp / "bench.key")
        words = make_corpus(tmp / "mail", n_files, corpus_dir=ROOT / "corpus")
        texts = bodies(tmp / "mail")
        clean_words = sum(len(t.split()) for t in texts)
        nlp = spacy.load("fr_core_news_sm")
        tokenizer_s = timed(lambda: [nlp.make_doc(t) for t in texts])
        full_s = timed(lambda: list(nlp.pipe(texts, batch_size=64)))
        analyzer = None

        def load():
            nonlocal analyzer
            analyzer = posturescan.load(lexicon_only=lexicon_only)

        startup_s = timed(load)
        analyse_s = timed(lambda: run_analysis([tmp / "mail"], tmp / "out", analyzer, RunOptions()))
    rows = [("spaCy tokenizer alone (make_doc)", tokenizer_s), ("fr_core_news_sm, every component (baseline)", full_s),
            ("posturescan analyse, end to end", analyse_s)]
    print(f"{n_files} e-mails, {words} words in the files, {clean_words} words after cleaning; {'lexicon only' if lexicon_only else 'default model'}")
    print(f"posturescan start-up (loading the pipeline, not counted below): {startup_s:.1f} s")
    print(f"{'stage':48} {'seconds':>8} {'words/s':>9} {'× baseline':>10}")
    for name, seconds in rows:
        print(f"{name:48} {seconds:8.1f} {clean_words / seconds:9.0f} {full_s / seconds:10.2f}")


if __name__ == "__main__":
    positional = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(positional[0]) if positional else 300, "--lexicon-only" in sys.argv)
