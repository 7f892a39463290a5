"""The two-stage analysis: the first pass keeps candidate sentences, the second pass analyses only them.

On the kept sentences, the detections must be exactly those of the whole pipeline (same spans, offsets,
status, speaker, explain trail); sentence counts, words and contributions never change."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posturescan.corpus import read_examples
from posturescan.nlp.firstpass import FIRST_PASS_MODEL, FIRST_PASS_RULE, expand_lemmas, lemma_forms, pattern_lemmas
from posturescan.nlp.secondpass import Candidates, window_ranges
from posturescan.records import SourceDocument
from posturescan.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def ungated():
    import posturescan

    return posturescan.load(first_pass=False)


@pytest.fixture(scope="session")
def test_sentences():
    return [e.text for e in read_examples(ROOT / "corpus" / "test.jsonl", load_taxonomy())]


def key(d):
    return (d.label, d.status, d.start, d.end, d.sentence, d.evidence, d.speaker, d.pattern, tuple(d.explain), d.score)


def kept_ranges(analyzer, source: SourceDocument) -> list[tuple[int, int]]:
    """Character ranges of the sentences the first pass keeps in a document."""
    doc, _ = analyzer._prepare(source)
    candidates = analyzer.first_pass.candidates([doc])[0]
    return [(doc[s:e].start_char, doc[s:e].end_char) for s, e in candidates.sentences]


def assert_same_on_kept(gated, ungated, sources: list[SourceDocument]) -> int:
    """Gated detections == ungated detections of the kept sentences; counts identical. Returns how many
    detections were compared."""
    compared = 0
    for source, full, fast in zip(sources, ungated.analyse_documents(sources), gated.analyse_documents(sources)):
        assert (full.sentences, full.words, full.contributions, full.text) == (fast.sentences, fast.words,
                                                                             fast.contributions, fast.text)
        kept = kept_ranges(gated, source)
        expected = [key(d) for d in full.detections if any(lo <= d.start < hi for lo, hi in kept)]
        assert [key(d) for d in fast.detections] == expected, source.document
        compared += len(expected)
    return compared


def test_the_default_model_has_a_first_pass(analyzer):
    assert analyzer.first_pass is not None
    measured = analyzer.first_pass.rule.measured
    assert measured["test"]["counted_lost"] <= 0.02
    assert 0.0 < analyzer.first_pass.rule.threshold < 1.0


def test_demo_corpus_gated_equals_ungated_on_kept_sentences(analyzer, ungated):
    from posturescan.sources import iter_documents

    sources = list(iter_documents([ROOT / "corpus" / "demo"]))
    assert assert_same_on_kept(analyzer, ungated, sources) >= 30  # the demo is seeded with freins


def documents_from(sentences: list[str], rng: random.Random, n_docs: int) -> list[SourceDocument]:
    joiners = [" ", "\n", "\n\n", " ", "  "]
    docs = []
    for i in range(n_docs):
        chosen = rng.sample(sentences, rng.randint(3, 9))
        text = chosen[0] + "".join(rng.choice(joiners) + s for s in chosen[1:])
        docs.append(SourceDocument(document=f"doc{i}.txt", path=f"doc{i}.txt", format="txt", text=text))
    return docs


def test_documents_of_test_sentences_gated_equals_ungated(analyzer, ungated, test_sentences):
    sources = documents_from(test_sentences, random.Random(13), 16)
    assert assert_same_on_kept(analyzer, ungated, sources) >= 16


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_random_documents_gated_equals_ungated(analyzer, ungated, test_sentences, seed):
    assert_same_on_kept(analyzer, ungated, documents_from(test_sentences, random.Random(seed), 2))


MARKUP = """# Point d'étape relation client

Karim : Franchement, on n'a pas le temps de rappeler tous les clients.
Julie : Je pense qu'il faudrait au moins rappeler ceux qui ont réclamé.

| Action | Pilote | Échéance |
|---|---|---|
| Rappeler les clients | Julie | juin |

Les formules qui fâchent :
- « Ce n'est pas mon travail »
- « On n'a pas le temps »

Le directeur estime que ce n'est pas à nous de gérer les réclamations. **Nous avons** reporté la formation."""


def test_inline_markup_turns_tables_and_example_lists(analyzer, ungated):
    sources = [SourceDocument(document="cr.md", path="cr.md", format="md", text=MARKUP),
               SourceDocument(document="mail.txt", path="mail.txt", format="txt", kind="email", author="a@exemple.fr",
                              text="Bonjour,\n\nSi on n'a pas le temps, *on* le dira. Ce n'est pas ma responsabilité "
                                   "d'appeler les clients, c'est le <b>commercial</b> qui s'en charge.\n\nMerci")]
    assert assert_same_on_kept(analyzer, ungated, sources) >= 3


def test_ordinary_sentences_are_not_candidates(analyzer):
    ordinary = ("Je vous transmets le planning de la semaine prochaine. Le parking du personnel sera fermé lundi "
                "pour travaux. Bonne nouvelle, la nouvelle photocopieuse est enfin installée.")
    doc = analyzer.nlp.make_doc(ordinary)
    assert analyzer.first_pass.candidates([doc])[0].sentences == []
    frein = analyzer.nlp.make_doc("Le planning est prêt. Franchement, on n'a pas le temps pour ça.")
    assert len(analyzer.first_pass.candidates([frein])[0].sentences) == 1


def test_a_model_without_first_pass_keeps_every_sentence(tmp_path, analyzer, ungated):
    from posturescan.nlp.firstpass import FirstPass

    folder = tmp_path / "old"
    shutil.copytree(analyzer.model_dir, folder)
    assert FirstPass.load(analyzer.nlp, folder) is not None
    for name in (FIRST_PASS_MODEL, FIRST_PASS_RULE):
        (folder / name).unlink()
    assert FirstPass.load(analyzer.nlp, folder) is None  # what posturescan.load then uses: every sentence analysed
    assert ungated.first_pass is None
    ordinary = "Je vous transmets le planning de la semaine prochaine. Franchement, on n'a pas le temps pour ça."
    assert [d.label for d in ungated.analyse_text(ordinary)] == ["manque_de_temps"]


def test_lemma_constraints_become_inflected_norm_forms(lexicon_analyzer):
    patterns = [{"label": "x", "id": "x-1", "pattern": [{"LEMMA": "avoir"}, {"NORM": "pas"}]},
                {"label": "x", "id": "x-2", "pattern": [{"LEMMA": {"IN": ["crouler"]}, "OP": "?"}]}]
    assert pattern_lemmas(patterns) == ["avoir", "crouler"]
    forms = lemma_forms(lexicon_analyzer.nlp, ["avoir", "crouler"])
    assert {"avons", "ont", "a", "avait", "eu"} <= set(forms["avoir"])
    assert {"croulent", "croule", "crouler"} <= set(forms["crouler"])
    expanded = expand_lemmas(patterns, forms)
    assert "LEMMA" not in expanded[0]["pattern"][0] and "avons" in expanded[0]["pattern"][0]["NORM"]["IN"]
    assert expanded[1]["pattern"][0]["OP"] == "?" and expanded[0]["pattern"][1] == {"NORM": "pas"}


def test_windows_merge_and_keep_their_context():
    import numpy as np

    candidates = Candidates([(0, 5), (8, 12), (60, 70)], np.zeros(100), np.zeros(100), True)
    assert window_ranges(candidates, 100, context=4) == [(0, 16, [(0, 5), (8, 12)]), (56, 74, [(60, 70)])]
    assert window_ranges(candidates, 72, context=4)[-1][1] == 72


def test_encoder_none_uses_the_model_trained_without_encoder():
    import posturescan
    from posturescan.paths import default_model_dir

    folder = default_model_dir("none")
    assert folder.name == "sans-encodeur" and (folder / "model.skops").exists()
    analyzer = posturescan.load(encoder="none")
    assert analyzer.model_dir == folder and analyzer.first_pass is not None
    assert [d.label for d in analyzer.analyse_text("Franchement, on n'a pas le temps pour ça.")] == ["manque_de_temps"]


def test_evaluate_without_the_first_pass(tmp_path):
    import json

    from typer.testing import CliRunner

    from posturescan.cli import app

    rows = [json.loads(line) for line in (ROOT / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()[:12]]
    data = tmp_path / "few.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(data), "--out", str(tmp_path / "ev"), "--sans-tri"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "ev" / "metrics.json").read_text(encoding="utf-8"))["first_pass"] is False
