"""Retraining on the same data gives byte-identical model files, also across processes (memory addresses
differ from one process to the next, so training twice in the same process would hide them)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TRAIN_AND_SAVE = """
import sys
from pathlib import Path
from posturescan.corpus import read_examples
from posturescan.model.persist import save_model
from posturescan.model.train import fit_estimators, status_class, topic_labels
from posturescan.nlp.decision import DecisionRule
from posturescan.taxonomy import load_taxonomy

taxonomy = load_taxonomy()
labels = list(taxonomy.ids)
seen, small = {}, []
for example in read_examples(Path("corpus/train.jsonl"), taxonomy):  # a few sentences per label and status
    key = (tuple(topic_labels(example)), status_class(example) if example.status != "none" else "none")
    if seen.get(key, 0) < 3:
        seen[key] = seen.get(key, 0) + 1
        small.append(example)
topic, status = fit_estimators(small, labels, seed=7)
save_model(Path(sys.argv[1]), topic, status, DecisionRule(labels, {}, {}))
print(len(small))
"""


def train_in_new_process(out: Path) -> int:
    done = subprocess.run([sys.executable, "-c", TRAIN_AND_SAVE, str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def test_training_twice_in_two_processes_gives_the_same_bytes(tmp_path):
    sentences = train_in_new_process(tmp_path / "a")
    assert 50 <= sentences <= 1000  # small and fast, but every label and status is there
    train_in_new_process(tmp_path / "b")
    for name in ("model.skops", "status.skops", "decision.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    schema = zipfile.ZipFile(tmp_path / "a" / "model.skops").read("schema.json").decode("utf-8")
    assert "TfidfVectorizer" in schema and "_stop_words_id" not in schema

    # dropping the per-process state does not break the model: it loads with skops and scores
    from posturescan.nlp.classifier import load_model

    topic, status, rule = load_model(tmp_path / "a")
    assert topic.predict_proba(["On n'a pas le temps de rappeler ce client."]).shape == (1, len(rule.labels))
    assert status.predict(["Je ne dis pas que c'est inutile."])[0] in status.classes_
