"""Time of cleaning and analysing a long chat export and a long minutes table, against a four times
shorter one measured in the same run: the ratio should stay near 4 (linear), never near 16 (quadratic).

    .venv/bin/python bench/bench_structure.py [LINES]
"""

from __future__ import annotations

import sys
import time

import posturescan
from posturescan.clean import clean_document
from posturescan.records import SourceDocument

CHAT = "[09:{m:02d}] Karim Benali : franchement on a pas le temps de rappeler tous ces clients 👍"
ROW = "Rappeler les clients en attente | Karim | 15 mai"


def document(lines: int) -> SourceDocument:
    text = "\n".join(CHAT.format(m=k % 60) for k in range(lines))
    text += "\n\n# Plan d'actions\n\nAction | Pilote | Échéance\n" + "\n".join([ROW] * lines)
    return SourceDocument(document="bench", path="bench", format="txt", text=text)


def timed(analyzer, lines: int) -> tuple[float, float]:
    doc = document(lines)
    start = time.perf_counter()
    clean_document(doc)
    clean = time.perf_counter() - start
    start = time.perf_counter()
    list(analyzer.analyse_documents([doc]))
    return clean, time.perf_counter() - start


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    analyzer = posturescan.load(lexicon_only=True)
    timed(analyzer, 10)  # warm-up
    base_clean, base_all = timed(analyzer, lines)
    big_clean, big_all = timed(analyzer, 4 * lines)
    print(f"clean:   {lines} lines {base_clean:.2f} s, {4 * lines} lines {big_clean:.2f} s, ratio {big_clean / base_clean:.1f} (linear: 4)")
    print(f"analyse: {lines} lines {base_all:.2f} s, {4 * lines} lines {big_all:.2f} s, ratio {big_all / base_all:.1f} (linear: 4)")


if __name__ == "__main__":
    main()
