"""The output folder (issue 8): usage and I/O errors as one French line, a run appears whole or not at all,
one writer at a time, leftovers of killed runs cleaned, research files private, --hr-only."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
from hashlib import sha256
from pathlib import Path

import pytest
from typer.testing import CliRunner

import posturescan.api
from posturescan.cli import app
from posturescan.outdir import MANIFEST

runner = CliRunner()
HR_FILES = ("profile.json", "report.html", "profil.csv", "profil.xlsx")


@pytest.fixture
def cli(lexicon_analyzer, monkeypatch):
    """Runs the CLI in-process; the real lexicon pipeline is loaded once for the session, and a test that
    must fail before the model loads says so with ``model=False``."""

    def invoke(*args, model: bool = True):
        def load(*_, **__):
            assert model, "the model must not load for this error"
            return lexicon_analyzer

        monkeypatch.setattr(posturescan.api, "load", load)
        return runner.invoke(app, ["analyse", *map(str, args), "--lexicon-only"])

    return invoke


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text("Franchement, on n'a pas le temps de rappeler ce client.\n", encoding="utf-8")
    with open(os.fsencode(folder) + b"/r\xe9union.txt", "wb") as handle:  # not UTF-8
        handle.write("Ce n'est pas mon travail de vendre.\n".encode())
    return folder


def one_line_error(result, code: int, words: str) -> None:
    assert result.exit_code == code, result.output
    progress = ("Analyse :", "Reprise :")  # the progress and resume lines written outside a terminal are not errors
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith(progress)]
    assert len(lines) == 1 and lines[0].startswith("Erreur :") and words in lines[0], result.output
    assert "Traceback" not in result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_run_writes_a_manifest_private_research_files_and_reads_non_utf8_names(cli, inputs, tmp_path):
    out = tmp_path / "out"
    result = cli(inputs, "--out", out)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert sha256((out / name).read_bytes()).hexdigest() == digest
    assert set(manifest["files"]) >= {"documents.jsonl", "detections.jsonl", *HR_FILES}
    for name in ("documents.jsonl", "detections.jsonl"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["document"] for d in documents} == {"note.txt", "r\\xe9union.txt"}
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert left == [".out.posturescan-cache"]  # no lock, no staging left; the cache stays, owner-only
    assert stat.S_IMODE((tmp_path / left[0]).stat().st_mode) == 0o700


def test_hr_only_writes_no_sentence_level_file(cli, inputs, tmp_path):
    out = tmp_path / "out"
    assert cli(inputs, "--out", out, "--hr-only").exit_code == 0
    assert not (out / "documents.jsonl").exists() and not (out / "detections.jsonl").exists()
    assert all((out / name).is_file() for name in HR_FILES)


def test_failed_run_leaves_the_previous_outputs_whole(cli, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert cli(inputs, "--out", out).exit_code == 0
    before = snapshot(out)
    (inputs / "autre.txt").write_text("On n'a pas le budget pour ça.\n", encoding="utf-8")
    real_replace = os.replace

    def disk_full(src, dst, *args, **kwargs):
        if str(dst).endswith("report.html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", disk_full)
    one_line_error(cli(inputs, "--out", out), 1, "écriture impossible")
    assert snapshot(out) == before  # new JSONL never sits beside the previous report
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".out.posturescan-cache"]


def test_second_run_on_the_same_folder_is_refused(cli, inputs, tmp_path):
    out = tmp_path / "out"
    (tmp_path / ".out.lock").write_text(f"{os.getppid()}\n", encoding="utf-8")  # a live process owns it
    one_line_error(cli(inputs, "--out", out, model=False), 2, "une autre analyse")
    assert not out.exists()


def test_leftovers_of_a_killed_run_are_cleaned(cli, inputs, tmp_path):
    out = tmp_path / "out"
    assert cli(inputs, "--out", out).exit_code == 0
    child = subprocess.Popen(["true"])
    child.wait()
    (tmp_path / ".out.lock").write_text(f"{child.pid}\n", encoding="utf-8")
    stale = tmp_path / f".out.tmp-{child.pid}-x"
    stale.mkdir()
    (stale / "documents.jsonl").write_text("{}\n", encoding="utf-8")
    (out / ".profile.json.abc.tmp").write_text("{", encoding="utf-8")
    assert cli(inputs, "--out", out).exit_code == 0
    assert not stale.exists() and not (out / ".profile.json.abc.tmp").exists()
    assert not (tmp_path / ".out.lock").exists()


def test_a_run_caught_mid_swap_is_restored(cli, inputs, tmp_path):
    out = tmp_path / "out"
    assert cli(inputs, "--out", out).exit_code == 0
    before = snapshot(out)
    os.replace(out, tmp_path / ".out.old-424242")  # killed between the two renames
    assert cli(inputs, "--out", out, "--hr-only").exit_code == 0
    assert not (out / "documents.jsonl").exists()  # the new run replaced the restored one, whole
    assert not (tmp_path / ".out.old-424242").exists()
    assert set(before) > set(snapshot(out))


def test_folder_with_other_files_is_never_replaced(cli, inputs, tmp_path):
    out = tmp_path / "mes-documents"
    out.mkdir()
    (out / "notes.txt").write_text("à garder", encoding="utf-8")
    one_line_error(cli(inputs, "--out", out, model=False), 2, "ne viennent pas d'une analyse")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "à garder"


def test_unwritable_output_place_is_a_usage_error(cli, inputs, tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    one_line_error(cli(inputs, "--out", blocker / "out", model=False), 2, "impossible de créer le dossier de sortie")
    one_line_error(cli(inputs, "--out", blocker, model=False), 2, "doit être un dossier")


def test_read_only_output_folder_is_a_usage_error(cli, inputs, tmp_path, monkeypatch):
    parent = tmp_path / "lecture-seule"
    parent.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # what a read-only mount answers, even to root
        if str(path).startswith(str(parent)) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    one_line_error(cli(inputs, "--out", parent / "out", model=False), 2, "impossible d'écrire")


@pytest.mark.parametrize("where", ["folder", "under_a_file"])
def test_bad_key_file_is_a_usage_error(cli, inputs, tmp_path, where):
    key = tmp_path / "cles" if where == "folder" else tmp_path / "fichier" / "secret.key"
    if where == "folder":
        key.mkdir()
    else:
        key.parent.write_text("x", encoding="utf-8")
    one_line_error(cli(inputs, "--out", tmp_path / "out", "--key-file", key, model=False), 2, "clé secrète inutilisable")


def test_report_refuses_a_folder_with_mixed_files(cli, inputs, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli(inputs, "--out", first).exit_code == 0
    (inputs / "autre.txt").write_text("On n'a pas le budget pour ça.\n", encoding="utf-8")
    assert cli(inputs, "--out", second).exit_code == 0
    assert runner.invoke(app, ["report", str(first)]).exit_code == 0
    assert (second / "documents.jsonl").read_bytes() != (first / "documents.jsonl").read_bytes()
    os.replace(second / "documents.jsonl", first / "documents.jsonl")  # mixed by hand
    one_line_error(runner.invoke(app, ["report", str(first)]), 2, "ne vient pas de la même analyse")


def test_disk_full_during_report_is_one_line(cli, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert cli(inputs, "--out", out).exit_code == 0
    before = snapshot(out)

    def disk_full(*_, **__):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    one_line_error(runner.invoke(app, ["report", str(out), "--min-authors", "6"]), 1, "écriture impossible")
    assert snapshot(out) == before
