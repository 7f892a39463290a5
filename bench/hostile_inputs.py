"""Time and peak memory of the whole analysis (readers, cleaning, spaCy) on hostile inputs of size N and
10 N, as ratios against the size-N run measured in the same process: linear costs give ratios near 10.

    .venv/bin/python bench/hostile_inputs.py [N]      (default N = 2000 characters)
"""

from __future__ import annotations

import sys
import time
import tracemalloc

import posturescan
from posturescan.records import SourceDocument

CASES = {
    "punctuation run (<<<…)": lambda n: "Bonjour. " + "<" * n + " fin.",
    "parentheses run (((…)": lambda n: "Bonjour. " + "(" * n + " fin.",
    "one long token": lambda n: "Bonjour. " + "ab" * (n // 2) + " fin.",
    "one sentence, no punctuation": lambda n: "Bonjour " + "mot " * (n // 4) + "fin.",
    "French prose": lambda n: "Franchement, on n'a pas le temps de rappeler ce client. " * (n // 56),
}


def measure(analyzer, text: str) -> tuple[float, int]:
    doc = SourceDocument(document="x", path="x", format="txt", kind="text", text=text)
    tracemalloc.start()
    start = time.perf_counter()
    (result,) = analyzer.analyse_documents([doc])
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.source.status == "analysed", result.source.reason
    return elapsed, peak


def main(n: int) -> None:
    analyzer = posturescan.load()
    measure(analyzer, "Bonjour, on n'a pas le temps.")  # warm up
    print(f"{'case':32} {'t(N) s':>8} {'t(10N) s':>9} {'time x':>7} {'mem x':>6}")
    for name, make in CASES.items():
        t1, m1 = measure(analyzer, make(n))
        t10, m10 = measure(analyzer, make(10 * n))
        print(f"{name:32} {t1:8.2f} {t10:9.2f} {t10 / t1:7.1f} {m10 / max(m1, 1):6.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
