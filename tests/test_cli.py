"""The command line end to end, with the real model, on the demo corpus and on hostile files."""

from __future__ import annotations

import csv
import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posturescan.cli import app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "demo"
DEMO_STAFF = REPO / "corpus" / "demo_staff.csv"

runner = CliRunner()
OUTPUTS = ("documents.jsonl", "detections.jsonl", "profile.json", "report.html", "profil.csv", "profil.xlsx")


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    result = run("analyse", DEMO, "--out", out, "--directory", DEMO_STAFF)
    assert result.exit_code == 0, result.output
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_demo_outputs_follow_the_contract(demo_run):
    documents = read_jsonl(demo_run / "documents.jsonl")
    assert len(documents) >= 20
    for record in documents:
        for key in ("document", "path", "format", "status", "reason", "author", "date", "sentences", "words"):
            assert key in record
    assert {"eml", "mbox", "md", "docx"} <= {d["format"] for d in documents}
    assert any("#" in d["document"] for d in documents if d["format"] == "mbox")
    detections = read_jsonl(demo_run / "detections.jsonl")
    assert detections, "the demo corpus contains freins"
    statuses = {d["status"] for d in detections}
    assert {"asserted", "reported"} <= statuses and statuses & {"negated", "hypothetical", "mention"}
    for det in detections:
        assert det["label"] and det["family"] and det["start"] < det["end"]


def test_no_name_or_address_in_any_output(demo_run):
    import re

    with open(DEMO_STAFF, encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    secrets = {p["email"].lower() for p in people}
    for p in people:
        secrets.update(part.lower() for part in re.split(r"[\s-]+", p["name"]) if len(part) > 2)
    for name in (*OUTPUTS[:-1], "documents_ignores.csv"):
        text = (demo_run / name).read_text(encoding="utf-8").lower()
        leaked = sorted(s for s in secrets if re.search(rf"(?<![\w.]){re.escape(s)}(?![\w@])", text))
        assert not leaked, (name, leaked)


def test_xlsx_holds_the_same_rows_as_the_csv(demo_run):
    import re

    import openpyxl

    def cell(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return "" if value is None else str(value)

    with open(demo_run / "profil.csv", encoding="utf-8-sig", newline="") as handle:  # French Excel: ; and 0,5
        csv_rows = [[cell(v.replace(",", ".") if re.fullmatch(r"-?\d+,\d+", v) else v) for v in row]
                    for row in csv.reader(handle, delimiter=";")]
    sheet = openpyxl.load_workbook(demo_run / "profil.xlsx")["profil"]
    xlsx_rows = [[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == csv_rows
    assert any(row[-1] for row in csv_rows[1:]), "the demo has masked slices, in both files"


def test_rerun_is_byte_identical(demo_run, tmp_path):
    again = tmp_path / "again"
    assert run("analyse", DEMO, "--out", again, "--directory", DEMO_STAFF).exit_code == 0
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (demo_run / name).read_bytes(), name


def test_report_rerender_changes_only_what_was_asked(demo_run, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_run, copy)
    assert run("report", copy).exit_code == 0
    assert (copy / "profile.json").read_bytes() == (demo_run / "profile.json").read_bytes()
    assert run("report", copy, "--min-authors", "7", "--no-excerpts").exit_code == 0
    profile = json.loads((copy / "profile.json").read_text(encoding="utf-8"))
    assert profile["settings"]["min_authors"] == 7 and profile["settings"]["excerpts"] is False
    assert not profile.get("excerpts")


def eml(path: Path, body: str, sender="agent@exemple.fr"):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "equipe@exemple.fr"
    message["Subject"] = "Point dossier"
    message["Date"] = "Mon, 03 Mar 2025 17:45:00 +0100"
    message.set_content(body)
    path.write_bytes(bytes(message))


def test_hostile_folder_good_files_analysed_bad_ones_listed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    eml(folder / "bon.eml", "Bonjour,\n\nFranchement, on n'a pas le temps de rappeler ce client.\n\nCordialement,\nLéa")
    eml(folder / "citation.eml", "Merci, je regarde.\n\nLe lun. 3 mars 2025 à 17:45, Paul <p@x.fr> a écrit :\n"
        "> Ce n'est pas ma responsabilité, on n'a pas le temps.\n")
    (folder / "vide.txt").write_bytes(b"")
    (folder / "binaire.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "casse.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    box = mailbox.mbox(folder / "fil.mbox")
    for text in ("Si jamais on n'a pas le temps, on décale.", "Je m'en occupe tout de suite, je le rappelle demain."):
        message = EmailMessage()
        message["From"] = "x@exemple.fr"
        message["Subject"] = "fil"
        message.set_content(text)
        box.add(message)
    box.flush()
    out = tmp_path / "out"
    result = run("analyse", folder, "--out", out)
    assert result.exit_code == 0, result.output
    documents = {d["document"]: d for d in read_jsonl(out / "documents.jsonl")}
    assert documents["bon.eml"]["status"] == "analysed"
    assert documents["fil.mbox#1"]["status"] == documents["fil.mbox#2"]["status"] == "analysed"
    for bad in ("vide.txt", "binaire.txt", "casse.docx", "image.png"):
        assert documents[bad]["status"] == "skipped" and documents[bad]["reason"], bad
    detections = read_jsonl(out / "detections.jsonl")
    assert ("bon.eml", "manque_de_temps", "asserted") in {(d["document"], d["label"], d["status"]) for d in detections}
    assert not [d for d in detections if d["document"] == "citation.eml"], "a quoted reply yields nothing"
    profile = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert profile["skipped"]["count"] == 4


def test_usage_errors_exit_2_with_one_line(tmp_path):
    result = runner.invoke(app, ["analyse", str(tmp_path / "absent"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "introuvable" in result.output and "Traceback" not in result.output
    empty = tmp_path / "vide"
    empty.mkdir()
    (empty / "a.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyse", str(empty), "--out", str(tmp_path / "o2")])
    assert result.exit_code == 2 and "aucun document lisible" in result.output
    result = runner.invoke(app, ["analyse", str(empty), "--out", str(tmp_path / "o3"), "--min-authors", "2"])
    assert result.exit_code == 2 and "3" in result.output
    assert runner.invoke(app, ["report", str(tmp_path)]).exit_code == 2


def test_compare_two_runs(tmp_path, demo_run):
    result = run("compare", demo_run, demo_run, "--out", tmp_path / "cmp")
    assert result.exit_code == 0, result.output
    comparison = json.loads((tmp_path / "cmp" / "comparaison.json").read_text(encoding="utf-8"))
    assert all(not f["significant"] for f in comparison["overall"]["freins"])  # a run against itself
    assert (tmp_path / "cmp" / "comparaison.html").exists()


def test_demo_report_shows_every_department_of_five_or_more_and_its_tables_agree(demo_run):
    import collections

    profile = json.loads((demo_run / "profile.json").read_text(encoding="utf-8"))
    with open(DEMO_STAFF, encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    sizes = collections.Counter(p["department"] for p in people)
    documents = read_jsonl(demo_run / "documents.jsonl")
    authors = collections.defaultdict(set)
    for record in documents:
        for c in record["contributors"]:
            if c["person"]:
                authors[c["department"]].add(c["person"])
    groups = profile["dimensions"]["department"]["groups"]
    large = {d for d in sizes if len(authors[d]) >= 5}
    assert large and large <= {g for g, s in groups.items() if not s["suppressed"]}
    html = (demo_run / "report.html").read_text(encoding="utf-8")
    for department in large:
        assert f'<th scope="row">{department}</th>' in html
    # the crossed table has exactly the rows of the Services table
    assert {k.split(" | ")[0] for k in profile["department_period"]} == set(groups)
    # sentences and counted detections of the departments add up to the whole
    overall = profile["overall"]
    assert sum(g["sentences"] for g in groups.values()) == overall["sentences"]
    assert sum(g["balance"]["freins"] + g["balance"]["leviers"] for g in groups.values()) == \
        overall["balance"]["freins"] + overall["balance"]["leviers"]
    assert all(g["documents"] <= overall["documents"] for g in groups.values())
    # no input folder name and no file name in what HR reads
    for name in ("report.html", "profile.json", "profil.csv", "documents_ignores.csv"):
        text = (demo_run / name).read_text(encoding="utf-8")
        assert "demo" not in text.lower().replace("démo", ""), name
        assert not any(d["document"] in text for d in documents if len(d["document"]) > 6), name
