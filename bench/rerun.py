"""Re-run and parallel runs of ``posturescan analyse``, measured end to end (the command as IT runs it).

Generates N mail-like files (``bench/mailcorpus.py``) in a temporary folder, then times, in this order:

1. a first run with the cache (``--jobs 1``), the baseline;
2. the same command again over the unchanged folder: every file is read from the cache;
3. the same command after a sentence is added to 1 % of the files: only they are analysed;
4. ``--jobs J --no-cache`` (default J = 2): the parallel speedup against the first run.

It prints each time, the re-run ratio (target < 0.10) and the speedup, and checks that the re-run's and the
parallel run's output files are byte-identical to the first run's. Do not edit posturescan while it runs: the
code is part of the cache key (run it from a copy of ``src`` on ``PYTHONPATH`` if you must).
Usage: python bench/rerun.py [N_FILES] [--jobs J] [--lexicon-only] [--jobs-only]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mailcorpus import make_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def analyse(folder: Path, out: Path, key: Path, *extra: str) -> float:
    command = [sys.executable, "-c", "from posturescan.cli import app; app()", "analyse", str(folder), "--out", str(out),
               "--key-file", str(key), *extra]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"posturescan failed ({done.returncode}):\n{done.stderr[-2000:]}")
    for line in done.stderr.splitlines():
        if line.startswith("Reprise"):
            print("   ", line)
    return seconds


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lexicon-only", action="store_true")
    parser.add_argument("--jobs-only", action="store_true", help="only --jobs 1 against --jobs J, without cache")
    args = parser.parse_args()
    model = ["--lexicon-only"] if args.lexicon_only else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "mail"
        make_corpus(corpus, args.n, corpus_dir=REPO / "corpus")
        key = tmp / "key"
        words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in corpus.iterdir())
        print(f"corpus: {args.n} e-mails, {words:,} words (headers included); model: "
              f"{'lexicon only' if args.lexicon_only else 'default'}")

        if args.jobs_only:
            serial = analyse(corpus, tmp / "serial", key, "--no-cache", *model)
            parallel = analyse(corpus, tmp / "jobs", key, "--jobs", str(args.jobs), "--no-cache", *model)
            same = outputs(tmp / "serial") == outputs(tmp / "jobs")
            print(f"--jobs 1: {serial:.1f} s; --jobs {args.jobs}: {parallel:.1f} s; speedup {serial / parallel:.2f}x; "
                  f"outputs byte-identical: {same}")
            return
        first = analyse(corpus, tmp / "run", key, *model)
        reference = outputs(tmp / "run")
        print(f"1. first run, --jobs 1, cache written: {first:7.1f} s")
        again = analyse(corpus, tmp / "run", key, *model)
        same_rerun = outputs(tmp / "run") == reference
        print(f"2. re-run, unchanged folder:           {again:7.1f} s   ratio {again / first:.3f} (target < 0.10)")

        edited = sorted(corpus.iterdir())[::100]
        originals = {path: path.read_bytes() for path in edited}
        for path in edited:
            path.write_bytes(originals[path] + b"\nFranchement, on n'a pas le temps.\n")
        changed = analyse(corpus, tmp / "run", key, *model)
        print(f"3. re-run, {len(edited)} file(s) edited:       {changed:7.1f} s   ratio {changed / first:.3f}")
        for path, data in originals.items():
            path.write_bytes(data)

        parallel = analyse(corpus, tmp / "jobs", key, "--jobs", str(args.jobs), "--no-cache", *model)
        print(f"4. --jobs {args.jobs} --no-cache:            {parallel:7.1f} s   speedup {first / parallel:.2f}x "
              "against the first run (--jobs 1)")
        same = {"re-run": same_rerun, f"--jobs {args.jobs}": outputs(tmp / "jobs") == reference}
        print("outputs byte-identical to the first run: " + ", ".join(f"{k} {v}" for k, v in same.items()))
        if not all(same.values()):
            sys.exit("outputs differ")

if __name__ == "__main__":
    main()
