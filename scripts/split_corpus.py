"""Builds corpus/train.jsonl, dev.jsonl and test.jsonl from the annotated batches in corpus/sources/.

Exact duplicates (same text once case, accents and punctuation are ignored) are dropped, keeping the
first; near-duplicates are kept together in one split. The split is a stable hash, so re-running gives
the same files byte for byte. Usage: python scripts/split_corpus.py [corpus_dir]
"""

from __future__ import annotations

import sys
from pathlib import Path

from posturescan.corpus import CorpusError, assign_splits, dedupe_key, read_examples
from posturescan.io import write_jsonl
from posturescan.taxonomy import load_taxonomy


def main(corpus_dir: Path) -> int:
    taxonomy = load_taxonomy()
    examples, seen, dropped = [], set(), 0
    for batch in sorted((corpus_dir / "sources").glob("*.jsonl")):
        for example in read_examples(batch, taxonomy):
            key = dedupe_key(example.text)
            if key in seen:
                dropped += 1
                continue
            seen.add(key)
            examples.append(example)
    for name, part in assign_splits(examples).items():
        write_jsonl(corpus_dir / f"{name}.jsonl", (e.to_dict() for e in part))
        print(f"{name}: {len(part)} sentences")
    print(f"{len(examples)} sentences kept, {dropped} exact duplicates dropped")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("corpus")))
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
