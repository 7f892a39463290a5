"""Peak memory of ``posturescan analyse`` against the size of the input: is it flat?

For each size (in body sentences), generates a mail-like corpus on disk (bench/mailcorpus.py: one e-mail per
file, 3 to 12 sentences, written file by file, never held in memory), runs a whole ``posturescan analyse`` in a
child process and reads that child's own peak resident set size (``os.wait4``: the kernel's ``ru_maxrss`` of
that process alone, so sizes measured one after the other do not mix). Prints each peak, the sentences the run
counted, and the ratio of the largest size's peak to the baseline (the first size) against the target of the
throughput issue: peak RSS on 1,000,000 sentences within 1.2× of the peak on 100,000. Since loading the models
may be the peak of a small run, the highest RSS sampled (``/proc``, every 0.5 s) in the second half of each run
is printed too: it shows whether the analysis itself grows.

The corpora cover the same year whatever their size (the tables of the report then have the same lines) and
each mail cites a file number and an amount never seen before (the vocabulary grows with the corpus, as in
real mail). The run writes every output (``documents.jsonl`` and ``detections.jsonl`` included).

Usage: python bench/memory.py [--sizes 100000,1000000] [--lexicon-only | --model DIR] [--encoder E]
                              [--keep DIR] [--extra-args "..."]

The corpora are kept under ``--keep DIR`` (reused when already there, so a second measurement skips
generation), else in a temporary folder removed at the end. No assertion: this script only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mailcorpus import make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.2
#: Mean body sentences of a generated e-mail (3 to 12, uniform, plus one citing a new file number and amount).
SENTENCES_PER_MAIL = 8.5
#: Every corpus covers the same year (four quarters), whatever its size: the tables do not grow with it.
SPAN_DAYS = 365


def corpus(folder: Path, sentences: int) -> Path:
    """The generated corpus of about ``sentences`` body sentences, written once (a marker file says it is whole)."""
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        make_corpus(folder / "mail", max(1, round(sentences / SENTENCES_PER_MAIL)), corpus_dir=ROOT / "corpus",
                    span_days=SPAN_DAYS, references=True)
        done.write_text("ok\n")
    return folder / "mail"


def measure(inputs: Path, out: Path, options: list[str], key_file: Path) -> dict:
    """Runs ``posturescan analyse`` in a child process: its peak RSS (MB, from the kernel), the highest RSS
    sampled in the second half of its run (start-up, i.e. loading the models, left out), its wall time and the
    documents and sentences it counted."""
    command = [str(Path(sys.executable).parent / "posturescan"), "analyse", str(inputs), "--out", str(out),
               "--key-file", str(key_file), *options]
    started = time.perf_counter()
    # its messages (progress lines) go to a file: a pipe read only at the end would fill and block the child
    log = tempfile.TemporaryFile()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    samples = []  # (seconds, RSS in MB)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        samples.append((time.perf_counter() - started, rss_mb(child.pid)))
        time.sleep(SAMPLE_SECONDS)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    log.seek(0)
    error = log.read().decode("utf-8", "replace").strip()
    log.close()
    if child.returncode != 0:
        raise SystemExit(f"posturescan analyse failed ({child.returncode}): {error[-500:]}")
    profile = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    late = [rss for t, rss in samples if t >= seconds / 2 and rss is not None]
    curve = [next((rss for t, rss in samples if t >= seconds * q and rss is not None), float("nan"))
             for q in (0.25, 0.5, 0.75, 0.95)]
    return {"peak_mb": usage.ru_maxrss / 1024, "late_mb": max(late, default=float("nan")), "seconds": seconds,
            "curve": curve,
            "documents": profile["run"]["documents"], "sentences": profile["overall"].get("sentences")}


SAMPLE_SECONDS = 0.5


def rss_mb(pid: int) -> float | None:
    """The resident set size of a running process (Linux ``/proc``), None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="body sentences per corpus, comma-separated; the first is the baseline")
    parser.add_argument("--lexicon-only", action="store_true", help="analyse with the lexicon alone")
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--encoder", help="encoder of the model (e.g. none)")
    parser.add_argument("--keep", type=Path, help="folder where the generated corpora are kept and reused")
    parser.add_argument("--extra-args", default="", help="more options for posturescan analyse")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    options = (["--lexicon-only"] if args.lexicon_only else []) + (["--model", args.model] if args.model else []) \
        + (["--encoder", args.encoder] if args.encoder else []) + shlex.split(args.extra_args)
    config = " ".join(options) or "default model"
    with tempfile.TemporaryDirectory(prefix="posturescan-memory-") as tmp:
        base = args.keep or Path(tmp)
        results = []
        for size in sizes:
            inputs = corpus(base / f"corpus-{size}", size)
            results.append((size, measure(inputs, Path(tmp) / f"out-{size}", options, Path(tmp) / "bench.key")))
    print(f"posturescan analyse ({config}), peak RSS of the child process; python {sys.version.split()[0]}")
    print(f"{'sentences asked':>15} {'documents':>9} {'sentences counted':>17} {'seconds':>8} {'peak RSS MB':>11}"
          f" {'× first':>7} {'2nd half MB':>11} {'× first':>7}")
    first, first_late = results[0][1]["peak_mb"], results[0][1]["late_mb"]
    for size, r in results:
        print(f"{size:>15,} {r['documents']:>9,} {r['sentences'] or 0:>17,} {r['seconds']:>8.0f} {r['peak_mb']:>11.1f}"
              f" {r['peak_mb'] / first:>7.3f} {r['late_mb']:>11.1f} {r['late_mb'] / first_late:>7.3f}")
    print("RSS MB at 25 / 50 / 75 / 95 % of each run's time: " + "; ".join(
        f"{size:,}: " + " / ".join(f"{v:.0f}" for v in r["curve"]) for size, r in results))
    if len(results) > 1:
        ratio = results[-1][1]["peak_mb"] / first
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"peak at {sizes[-1]:,} / peak at {sizes[0]:,} sentences: {ratio:.3f} (target ≤ {TARGET_RATIO}): {verdict}")


if __name__ == "__main__":
    main()
