"""The researcher's loop: export a real run to Label Studio / Doccano / Prodigy, import the tools' export
shapes back into a corpus batch, and measure agreement (kappa and alpha against hand-computed values)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from posturescan.annotate.agreement import agreement, krippendorff_alpha_nominal
from posturescan.annotate.formats import Annotation, read_annotations
from posturescan.cli import app
from posturescan.corpus import CorpusError, read_examples
from posturescan.records import STATUSES
from posturescan.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = load_taxonomy()
runner = CliRunner()

DOCUMENT = """Compte rendu de la réunion du 12 mars 2025.

Franchement, on n'a pas le temps de rappeler tous les clients cette semaine, écrivez à jean.dupont@example.org si besoin.
Marie Lefèvre estime que ce n'est pas notre rôle de gérer les réclamations.
Ce n'est pas vrai qu'on n'a pas le temps de vendre la formation.
Si jamais la production ne suit pas, on décalera la campagne.
Vendre, c'est un métier, et moi je ne sais pas faire.
On a toujours fait comme ça, je ne vois pas pourquoi changer.
"""
EXISTING = [  # a small existing corpus batch
    {"text": "Le temps de trajet jusqu'à Namur est d'une heure.", "labels": [], "status": "none", "meta": {"source": "old"}},
    {"text": "C'est pas mon service, voyez avec l'accueil.", "labels": ["hors_perimetre"], "status": "asserted", "meta": {"source": "old"}},
]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """A real analysis of a document naming a person and giving an e-mail address."""
    root = tmp_path_factory.mktemp("annotate")
    (root / "in").mkdir()
    (root / "in" / "note.txt").write_text(DOCUMENT, encoding="utf-8")
    result = run("analyse", root / "in", "--out", root / "run", "--min-authors", "3", "--excerpt-min-authors", "3")
    assert result.exit_code == 0, result.output
    return root / "run"


def corpus_dir(tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "corpus" / "sources" / "old.jsonl", EXISTING)
    return tmp_path / "corpus"


# ------------------------------------------------------------------ export

@pytest.mark.parametrize("fmt", ["label-studio", "doccano", "prodigy"])
def test_export_is_masked_and_preannotated(real_run, tmp_path, fmt):
    out = tmp_path / f"lot.{fmt}"
    result = run("annotate", "export", real_run, "--out", out, "--format", fmt, "--select", "random", "--n", "50")
    assert result.exit_code == 0, result.output
    raw = out.read_text(encoding="utf-8")
    assert "jean.dupont" not in raw and "example.org" not in raw and "Lefèvre" not in raw and "Marie" not in raw
    rows = json.loads(raw) if fmt == "label-studio" else read_jsonl(out)
    texts = [r["data"]["text"] if fmt == "label-studio" else r["text"] for r in rows]
    masked_run = {d["sentence"] for d in read_jsonl(real_run / "detections.jsonl")}
    assert set(texts) == masked_run  # exactly the run's masked sentences, each once
    assert any("[courriel]" in t for t in texts) and any("[personne]" in t for t in texts)
    by_text = dict(zip(texts, rows))
    change = by_text["On a toujours fait comme ça, je ne vois pas pourquoi changer."]
    if fmt == "label-studio":
        result_items = change["predictions"][0]["result"]
        assert {(i["from_name"], i["type"], tuple(i["value"]["choices"])) for i in result_items} == {
            ("labels", "choices", ("resistance_changement",)), ("status", "choices", ("asserted",))}
    elif fmt == "doccano":
        assert change["label"] == ["resistance_changement", "asserted"]
    else:
        assert change["accept"] == ["resistance_changement", "asserted"]
        assert {o["id"] for o in change["options"]} == set(TAXONOMY.ids) | set(STATUSES)
        # one span per sentence and frein (a sentence counts a frein once), at the first pattern that matched
        assert [change["text"][s["start"]:s["end"]] for s in change["spans"]] == ["On a toujours fait comme ça"]
    config = (tmp_path / f"lot.label-studio.xml").read_text(encoding="utf-8")
    assert all(f'value="{i}"' in config for i in (*TAXONOMY.ids, *STATUSES))


def test_export_refuses_a_run_without_sentences(tmp_path):
    run_dir = tmp_path / "run"
    write_jsonl(run_dir / "detections.jsonl", [{"document": "a.txt", "label": "manque_de_temps", "status": "asserted",
                                                "sentence": None, "score": 0.9, "evidence": None, "pattern": None}])
    result = run("annotate", "export", run_dir, "--out", tmp_path / "x.json")
    assert result.exit_code == 2 and "--no-excerpts" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()
    (run_dir / "detections.jsonl").unlink()
    (run_dir / "profile.json").write_text("{}", encoding="utf-8")
    assert "--no-excerpts" in run("annotate", "export", run_dir, "--out", tmp_path / "x.json").output
    (run_dir / "detections.jsonl").write_text("", encoding="utf-8")
    empty = run("annotate", "export", run_dir, "--out", tmp_path / "x.json")
    assert empty.exit_code == 2 and "aucune détection" in empty.output
    assert run("annotate", "export", tmp_path / "nope", "--out", tmp_path / "x.json").exit_code == 2
    assert run("annotate", "export", run_dir, "--out", tmp_path / "x.json", "--format", "brat").exit_code == 2


def synthetic_run(path: Path) -> Path:
    """Hand-built detections: per label, sentences at known distances from the default model's thresholds."""
    decision = json.loads((REPO / "src/posturescan/resources/models/default/decision.json").read_text(encoding="utf-8"))
    rows = []
    for label, margins in (("manque_de_temps", [0.3, 0.01, 0.2, 0.05]), ("hors_perimetre", [0.02, 0.4, 0.1])):
        for k, margin in enumerate(margins):
            bar = decision["lexicon_threshold"][label]
            rows.append({"document": "d.txt", "label": label, "status": "asserted", "sentence": f"{label} phrase numéro {k}.",
                         "score": round(bar + margin, 4), "evidence": "phrase", "pattern": f"{label}/p"})
    return write_jsonl(path / "detections.jsonl", rows).parent


def test_uncertain_is_nearest_to_threshold_stratified_and_deterministic(tmp_path):
    run_dir = synthetic_run(tmp_path / "run")
    texts = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.jsonl"
        assert run("annotate", "export", run_dir, "--out", out, "--format", "doccano", "--n", "4", "--seed", "7").exit_code == 0
        texts.append([r["text"] for r in read_jsonl(out)])
    assert texts[0] == texts[1]
    # round robin in taxonomy order (manque_de_temps before hors_perimetre), smallest margin first
    assert texts[0] == ["manque_de_temps phrase numéro 1.", "hors_perimetre phrase numéro 0.",
                        "manque_de_temps phrase numéro 3.", "hors_perimetre phrase numéro 2."]
    out = tmp_path / "l.jsonl"
    assert run("annotate", "export", run_dir, "--out", out, "--format", "doccano", "--select", "label=hors_perimetre", "--n", "9").exit_code == 0
    assert sorted(r["text"] for r in read_jsonl(out)) == [f"hors_perimetre phrase numéro {k}." for k in range(3)]
    (run_dir / "profile.json").write_text(json.dumps({"run": {"model": "lexicon"}}), encoding="utf-8")
    refused = run("annotate", "export", run_dir, "--out", tmp_path / "u.jsonl")
    assert refused.exit_code == 2 and "--lexicon-only" in refused.output
    (run_dir / "profile.json").write_text(json.dumps({"run": {"model": "maison"}}), encoding="utf-8")
    refused = run("annotate", "export", run_dir, "--out", tmp_path / "u.jsonl")
    assert refused.exit_code == 2 and "--model" in refused.output
    first = tmp_path / "r1.jsonl"
    second = tmp_path / "r2.jsonl"
    for target in (first, second):
        run("annotate", "export", run_dir, "--out", target, "--format", "doccano", "--select", "random", "--n", "3", "--seed", "5")
    assert first.read_bytes() == second.read_bytes() and len(read_jsonl(first)) == 3


# ------------------------------------------------------------------ the tools' export shapes

def as_label_studio_export(export: list[dict]) -> list[dict]:
    """What Label Studio's JSON export gives once an annotator accepted the predictions."""
    return [{"id": n, "data": task["data"], "predictions": task["predictions"],
             "annotations": [{"id": 100 + n, "completed_by": 1, "was_cancelled": False,
                              "result": task["predictions"][0]["result"], "lead_time": 3.2}]}
            for n, task in enumerate(export, 1)]


def as_doccano_export(export: list[dict]) -> list[dict]:
    return [{"id": n, "text": row["text"], "label": row["label"], "Comments": []} for n, row in enumerate(export, 1)]


def as_prodigy_db_out(export: list[dict]) -> list[dict]:
    return [{**row, "_input_hash": n, "_task_hash": -n, "_view_id": "choice", "config": {"choice_style": "multiple"},
             "answer": "accept", "_timestamp": 1700000000 + n} for n, row in enumerate(export, 1)]


@pytest.mark.parametrize("fmt", ["label-studio", "doccano", "prodigy"])
def test_round_trip_through_each_tool_into_the_corpus(real_run, tmp_path, fmt):
    export = tmp_path / f"lot.{fmt}"
    assert run("annotate", "export", real_run, "--out", export, "--format", fmt, "--select", "random", "--n", "50").exit_code == 0
    if fmt == "label-studio":
        annotated = tmp_path / "ls-export.json"
        annotated.write_text(json.dumps(as_label_studio_export(json.loads(export.read_text(encoding="utf-8"))), ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "doccano":
        annotated = write_jsonl(tmp_path / "doccano-export.jsonl", as_doccano_export(read_jsonl(export)))
    else:
        annotated = write_jsonl(tmp_path / "prodigy-db-out.jsonl", as_prodigy_db_out(read_jsonl(export)))
    corpus = corpus_dir(tmp_path)
    into = corpus / "sources" / "atelier-01.jsonl"
    result = run("annotate", "import", annotated, "--into", into)
    assert result.exit_code == 0, result.output
    rows = read_jsonl(into)
    by_text = {r["text"]: r for r in rows}
    assert len(by_text) == len(rows) == len({d["sentence"] for d in read_jsonl(real_run / "detections.jsonl")})
    assert all(r["meta"]["source"] == "atelier-01" for r in rows)
    assert by_text["On a toujours fait comme ça, je ne vois pas pourquoi changer."]["labels"] == ["resistance_changement"]
    negated = by_text["Ce n'est pas vrai qu'on n'a pas le temps de vendre la formation."]
    assert negated["labels"] == [] and negated["status"] == "negated" and negated["meta"]["target"] == "manque_de_temps"
    assert read_examples(into, TAXONOMY)  # valid corpus lines
    # the split script keeps working on the imported batch
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "split_corpus.py"), str(corpus)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    split = [r["text"] for name in ("train", "dev", "test") for r in read_jsonl(corpus / f"{name}.jsonl")]
    assert sorted(split) == sorted([*by_text, *(r["text"] for r in EXISTING)])
    # importing the same batch again: every row is now a duplicate, nothing is written
    before = into.read_bytes()
    again = run("annotate", "import", annotated, "--into", into)
    assert again.exit_code == 2 and again.output.count("doublon") == len(rows)
    assert into.read_bytes() == before


def test_import_reports_every_problem_with_line_and_writes_nothing(tmp_path):
    corpus = corpus_dir(tmp_path)
    bad = write_jsonl(tmp_path / "doccano.jsonl", [
        {"id": 1, "text": "Franchement on n'a pas une minute pour les relances.", "label": ["manque_de_temps", "asserted"]},
        {"id": 2, "text": "Ça, c'est la faute du marketing.", "label": ["faute_marketing", "asserted"]},
        "{not json",
        {"id": 4, "text": "Si un jour on a le temps, on rappellera.", "label": ["manque_de_temps", "report_delai", "hypothetical"]},
        {"id": 5, "text": "le temps de trajet jusqu'a NAMUR est d'une heure", "label": []},
        {"id": 6, "text": "C'est pas mon service, voyez avec l'accueil !!", "label": ["hors_perimetre", "asserted"]},
        {"id": 7, "text": "Il pleut.", "label": ["asserted"]},
        {"id": 8, "text": "On verra ça lundi.", "label": ["report_delai"]},
        {"id": 9, "text": "Nous, on ne vend pas.", "label": ["vente_metier", "asserted", "negated"]},
        {"id": 10, "text": "Franchement, on n'a pas une minute pour toutes les relances.", "label": ["manque_de_temps", "asserted"]},
    ])
    into = corpus / "sources" / "lot.jsonl"
    result = run("annotate", "import", bad, "--into", into)
    assert result.exit_code == 2 and "Traceback" not in result.output
    for line, words in ((2, "faute_marketing"), (3, "JSON"), (4, "exactement un frein"), (5, "doublon"), (6, "old.jsonl"),
                        (7, "sans frein"), (8, "aucun statut"), (9, "plusieurs statuts"), (10, "quasi-doublon")):
        assert any(f"doccano.jsonl:{line} " in l and words in l for l in result.output.splitlines()), (line, result.output)
    assert "doccano.jsonl:1 " not in result.output
    assert "rien n'a été écrit" in result.output and not into.exists()


def test_read_examples_stops_at_first_error_or_collects_all(tmp_path):
    path = write_jsonl(tmp_path / "b.jsonl", [
        {"text": "a", "labels": ["inconnu"], "status": "asserted"}, "{oops",
        {"text": "b", "labels": [], "status": "asserted"}, {"text": "Il pleut.", "labels": [], "status": "none"}])
    with pytest.raises(CorpusError, match="b.jsonl:1"):
        read_examples(path, TAXONOMY)
    errors: list[str] = []
    examples = read_examples(path, TAXONOMY, errors)
    assert [e.text for e in examples] == ["Il pleut."]
    assert [e.split(":")[1] for e in errors] == ["1", "2", "3"]


# ------------------------------------------------------------------ agreement

def test_kappa_and_alpha_match_hand_computed_values(tmp_path):
    """A and B on four sentences. Status: A = [asserted, asserted, none, none], B = [asserted, none, none, none].

    Cohen's kappa (status): p_o = 3/4, p_e = 2/4·1/4 + 2/4·3/4 = 1/2, kappa = (3/4 − 1/2) / (1/2) = 0.5.
    manque_de_temps presence: A = [1, 1, 0, 0], B = [1, 0, 0, 0]: the same table, kappa = 0.5.
    hors_perimetre: A = [0, 1, 0, 0], B = [0, 0, 0, 1]: p_o = 1/2, p_e = 3/4·3/4 + 1/4·1/4 = 5/8,
    kappa = (1/2 − 5/8) / (3/8) = −1/3.
    Alpha (nominal) on the whole annotation: values a="asserted manque", b="asserted hors manque", n="none"
    and h="none hors"? No: B's 4th sentence says hors_perimetre without a status, which is an error in the
    corpus but allowed in agreement; its value is "none hors_perimetre". Pairs: (a,a) (b,n) (n,n) (n,h).
    Coincidences: o_aa = 2, o_bn = o_nb = 1, o_nn = 2, o_nh = o_hn = 1; n_a = 2, n_b = 1, n_n = 4, n_h = 1, n = 8.
    Σ_{c≠k} o = 4; Σ_{c≠k} n_c n_k = 8² − (4 + 1 + 16 + 1) = 42; alpha = 1 − 7 · 4 / 42 = 1/3.
    """
    texts = ["Pas le temps.", "Pas mon rôle, pas le temps.", "Il pleut.", "Voyez l'accueil."]
    a = write_jsonl(tmp_path / "a.jsonl", [
        {"text": texts[0], "label": ["manque_de_temps", "asserted"]},
        {"text": texts[1], "label": ["hors_perimetre", "manque_de_temps", "asserted"]},
        {"text": texts[2], "label": []}, {"text": texts[3], "label": []}])
    b = write_jsonl(tmp_path / "b.jsonl", [
        {"text": texts[3], "label": ["hors_perimetre"]}, {"text": texts[0], "label": ["asserted", "manque_de_temps"]},
        {"text": texts[1], "label": []}, {"text": texts[2], "label": []}, {"text": "Seulement chez B.", "label": []}])
    errors: list[str] = []
    result = agreement(read_annotations(a, errors), read_annotations(b, errors), TAXONOMY.ids)
    assert errors == [] and result.sentences == 4 and result.only_b == 1
    assert result.kappa_status == pytest.approx(0.5)
    assert result.kappa_labels["manque_de_temps"] == pytest.approx(0.5)
    assert result.kappa_labels["hors_perimetre"] == pytest.approx(-1 / 3)
    assert result.kappa_labels["faire_payer"] is None  # neither ever ticked it: undefined
    assert result.alpha == pytest.approx(1 / 3)
    assert [d["text"] for d in result.disagreements] == [texts[1], texts[3]]
    out = tmp_path / "desaccords.csv"
    cli = run("annotate", "agree", a, b, "--out", out)
    assert cli.exit_code == 0, cli.output
    assert "0.333" in cli.output and "0.500" in cli.output and "-0.333" in cli.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("text,a_labels,a_status") and len(lines) == 3
    assert "hors_perimetre|manque_de_temps,asserted,,none" in lines[1]


def test_alpha_textbook_and_missing_values():
    # two coders, A = [x, x, y, y], B = [x, y, y, y]: o_xx = 2, o_xy = o_yx = 1, o_yy = 4, n_x = 3, n_y = 5:
    # alpha = 1 − 7 · 2 / (2 · 3 · 5) = 8/15
    assert krippendorff_alpha_nominal([["x", "x"], ["x", "y"], ["y", "y"], ["y", "y"]]) == pytest.approx(8 / 15)
    # a unit with one value is not pairable and changes nothing
    assert krippendorff_alpha_nominal([["x", "x"], ["x", "y"], ["y", "y"], ["y", "y"], ["x", None]]) == pytest.approx(8 / 15)
    assert krippendorff_alpha_nominal([["x", "x"], ["x", "x"]]) is None


annotations = st.builds(
    lambda ids, status: (sorted(set(ids)), status),
    st.lists(st.sampled_from(TAXONOMY.ids), max_size=3), st.sampled_from([None, *STATUSES]))


@settings(max_examples=40, deadline=None)
@given(st.lists(annotations, min_size=1, max_size=6))
def test_every_tool_shape_reads_back_what_was_ticked(tmp_path_factory, rows):
    """Whatever is ticked, the three readers give back the same ids and status; self-agreement is perfect."""
    folder = tmp_path_factory.mktemp("shapes")
    texts = [f"Phrase {k} à annoter." for k in range(len(rows))]
    names = [[*ids, *([status] if status else [])] for ids, status in rows]
    ls = [{"id": k, "data": {"text": t}, "annotations": [{"result": [
        {"from_name": "labels", "to_name": "text", "type": "choices", "value": {"choices": [n for n in ns if n in TAXONOMY.ids]}},
        {"from_name": "status", "to_name": "text", "type": "choices", "value": {"choices": [n for n in ns if n in STATUSES]}}]}]}
          for k, (t, ns) in enumerate(zip(texts, names))]
    (folder / "ls.json").write_text(json.dumps(ls, indent=1), encoding="utf-8")
    write_jsonl(folder / "doccano.jsonl", [{"id": k, "text": t, "label": ns} for k, (t, ns) in enumerate(zip(texts, names))])
    write_jsonl(folder / "prodigy.jsonl", [{"text": t, "accept": ns, "answer": "accept"} for t, ns in zip(texts, names)])
    readings = []
    for name in ("ls.json", "doccano.jsonl", "prodigy.jsonl"):
        errors: list[str] = []
        got = read_annotations(folder / name, errors)
        assert errors == []
        assert [(a.text, sorted(a.ids), a.status) for a in got] == [(t, ids, status) for t, (ids, status) in zip(texts, rows)]
        readings.append(got)
    result = agreement(readings[0], readings[2], TAXONOMY.ids)
    assert result.disagreements == [] and result.alpha in (None, 1.0)
