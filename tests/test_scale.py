"""Scale: chunks of files analysed here, in worker processes or on a Dask cluster give the same bytes; the
content-hash cache serves unchanged files, re-analyses changed ones, ignores damaged entries and lets an
interrupted run resume with every document exactly once.

The real spaCy pipeline runs throughout, with the lexicon alone (``--lexicon-only``) to keep the worker
processes' model loads short; the crash test alone uses a stand-in analyzer (what it tests is the process
pool, not the NLP)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from posturescan.cache import ResultCache, analysis_settings, default_cache_dir
from posturescan.cli import app
from posturescan.executors import WORKER_STOPPED, InProcessExecutor, ProcessExecutor
from posturescan.records import Detection, SourceDocument
from posturescan.run import CHUNK_FILES, RunOptions, run_analysis
from posturescan.sources import Limits
from posturescan.work import AnalyzerSpec, FileTask, analyse_chunk, result_from_dict, result_to_dict, skipped_file

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "demo"
DEMO_STAFF = REPO / "corpus" / "demo_staff.csv"
LEXICON = AnalyzerSpec(lexicon_only=True)
runner = CliRunner()


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def options() -> RunOptions:
    from posturescan.directory import read_directory

    return RunOptions(directory=read_directory(DEMO_STAFF), limits=Limits())


def cache_for(folder: Path, spec: AnalyzerSpec = LEXICON) -> ResultCache:
    return ResultCache(folder, analysis_settings(spec.model_dir(), spec.options(), Limits()))


def document_ids(folder: Path) -> list[str]:
    return [json.loads(line)["document"] for line in (folder / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory, lexicon_analyzer):
    """The demo corpus analysed here, without cache: what every other way of running must write."""
    out = tmp_path_factory.mktemp("reference") / "run"
    run_analysis([DEMO], out, lexicon_analyzer, options())
    return out


class Counting:
    """An analyse function that counts the files it is given (and may stop the run after some chunks)."""

    def __init__(self, stop_after_chunks: int | None = None):
        self.files: list[str] = []
        self.chunks = 0
        self.stop_after_chunks = stop_after_chunks

    def __call__(self, analyzer, tasks, limits):
        if self.stop_after_chunks is not None and self.chunks >= self.stop_after_chunks:
            raise KeyboardInterrupt  # the run dies here, like a kill: nothing after this point is written
        self.chunks += 1
        self.files.extend(task.rel for task in tasks)
        return analyse_chunk(analyzer, tasks, limits)


def run_cached(out: Path, cache: ResultCache, analyzer, analyse=analyse_chunk, inputs=(DEMO,), on_start=None):
    executor = InProcessExecutor(analyzer=analyzer, limits=Limits(), analyse=analyse)
    return run_analysis(list(inputs), out, analyzer, options(), executor=executor, cache=cache, on_start=on_start,
                        chunk_files=8)


def test_results_round_trip_as_plain_data(lexicon_analyzer):
    tasks = [FileTask(str(p), p.relative_to(DEMO).as_posix()) for p in sorted((DEMO / "mails").iterdir())[:3]]
    per_file = analyse_chunk(lexicon_analyzer, tasks, Limits())
    assert [len(r) for r in per_file] == [1, 1, 1]
    for results in per_file:
        data = json.loads(json.dumps(results))
        assert [result_to_dict(result_from_dict(r)) for r in data] == results
    assert any(r["detections"] for results in per_file for r in results)


text = st.text(max_size=30)
maybe = st.none() | text
detections = st.builds(Detection, label=text, family=text, status=st.sampled_from(["asserted", "negated"]),
                       sentence=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6),
                       score=st.floats(0, 1), evidence=text, speaker=maybe, pattern=maybe,
                       explain=st.lists(text, max_size=3), document=text, path=text)
sources = st.builds(SourceDocument, document=text, path=text, format=text, kind=st.sampled_from(["text", "email"]),
                    text=st.just(""), author=maybe, author_name=maybe, date=maybe, subject=maybe,
                    status=st.sampled_from(["analysed", "skipped"]), reason=maybe)


@given(source=sources, sentences=st.integers(0, 10**6), words=st.integers(0, 10**7),
       found=st.lists(detections, max_size=4), contributions=st.dictionaries(maybe, st.integers(0, 1000), max_size=4),
       removed=st.dictionaries(text, st.integers(0, 100), max_size=3), names=st.lists(text, max_size=3))
@settings(max_examples=60, deadline=None)
def test_any_result_survives_the_trip_through_json(source, sentences, words, found, contributions, removed, names):
    from posturescan.api import DocumentResult

    result = DocumentResult(source=source, sentences=sentences, words=words, detections=found, removed=removed,
                            contributions=contributions, names=names)
    back = result_from_dict(json.loads(json.dumps(result_to_dict(result))))
    assert back == result


def test_mbox_documents_stay_with_their_file_and_numbering(tmp_path, lexicon_analyzer):
    import mailbox
    from email.message import EmailMessage

    box = mailbox.mbox(tmp_path / "fil.mbox")
    for text in ("On n'a pas le temps de rappeler ce client.", "Je le rappelle demain.", "Ce n'est pas mon rôle."):
        message = EmailMessage()
        message["From"] = "x@exemple.fr"
        message.set_content(text)
        box.add(message)
    box.flush()
    (tmp_path / "vide.txt").write_bytes(b"")
    tasks = [FileTask(str(tmp_path / "fil.mbox"), "fil.mbox"), FileTask(str(tmp_path / "vide.txt"), "vide.txt")]
    fil, vide = analyse_chunk(lexicon_analyzer, tasks, Limits())
    assert [r["source"]["document"] for r in fil] == ["fil.mbox#1", "fil.mbox#2", "fil.mbox#3"]
    assert vide[0]["source"]["status"] == "skipped" and vide[0]["source"]["reason"] == "empty file"


def test_jobs_2_writes_the_same_bytes_as_one_process(reference, tmp_path):
    with ProcessExecutor(LEXICON, Limits(), 2) as executor:
        run_analysis([DEMO], tmp_path / "j2", None, options(), executor=executor, chunk_files=5)
    assert outputs(tmp_path / "j2") == outputs(reference)


def test_rerun_reads_the_cache_and_writes_the_same_bytes(reference, tmp_path, lexicon_analyzer):
    cache = cache_for(tmp_path / "cache")
    first, second = Counting(), Counting()
    run_cached(tmp_path / "a", cache, lexicon_analyzer, first)
    seen = []
    summary = run_cached(tmp_path / "b", cache, lexicon_analyzer, second, on_start=seen.append)
    assert len(first.files) == 24 and second.files == []
    assert seen[0].files == 24 and seen[0].cached_files == 24 and seen[0].cached_documents == 28
    assert summary.cached == 28
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b") == outputs(reference)


def test_a_rerun_served_by_the_cache_loads_no_model(reference, tmp_path, lexicon_analyzer, monkeypatch):
    """The excerpts' masks are cached with the results: a fully cached re-run starts no spaCy model."""
    import posturescan.mask

    cache = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", cache, lexicon_analyzer)

    def refuse(*args, **kwargs):
        raise AssertionError("the masker was built")

    monkeypatch.setattr(posturescan.mask, "Masker", refuse)
    executor = InProcessExecutor(spec=LEXICON, limits=Limits())
    run_analysis([DEMO], tmp_path / "b", None, options(), executor=executor, cache=cache, chunk_files=8)
    assert executor.loaded_nlp() is None
    assert outputs(tmp_path / "b") == outputs(reference)


def test_cache_is_owner_only(tmp_path, lexicon_analyzer):
    cache = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", cache, lexicon_analyzer, inputs=[DEMO / "mails"])
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in entries)
    assert all(p.stat().st_mode & 0o777 == 0o700 for p in (tmp_path / "cache").rglob("*") if p.is_dir())
    assert default_cache_dir(tmp_path / "res" / "avant") == tmp_path / "res" / ".avant.posturescan-cache"


def test_a_changed_file_is_analysed_again_and_only_it(tmp_path, lexicon_analyzer):
    corpus = tmp_path / "in"
    shutil.copytree(DEMO / "mails", corpus)
    cache = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", cache, lexicon_analyzer, inputs=[corpus])
    changed = sorted(corpus.iterdir())[1]
    changed.write_bytes(changed.read_bytes().replace(b"\n\n", b"\n\nFranchement, on n'a pas le temps.\n\n", 1))
    again = Counting()
    run_cached(tmp_path / "b", cache, lexicon_analyzer, again, inputs=[corpus])
    assert again.files == [changed.name]
    fresh = tmp_path / "fresh"
    run_analysis([corpus], fresh, lexicon_analyzer, options())
    assert outputs(tmp_path / "b") == outputs(fresh) != outputs(tmp_path / "a")


def test_other_model_or_settings_never_reuse_entries(tmp_path, lexicon_analyzer):
    lexicon = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", lexicon, lexicon_analyzer, inputs=[DEMO / "mails"])
    for spec, limits in ((AnalyzerSpec(), Limits()), (AnalyzerSpec(encoder="none"), Limits()),
                         (LEXICON, Limits(max_text_chars=500_000))):
        other = ResultCache(tmp_path / "cache", analysis_settings(spec.model_dir(), spec.options(), limits))
        assert other.settings != lexicon.settings
        task = FileTask(str(sorted((DEMO / "mails").iterdir())[0]), sorted((DEMO / "mails").iterdir())[0].name)
        assert lexicon.get(lexicon.key(task)) is not None and other.get(other.key(task)) is None


def test_an_interrupted_run_resumes_with_every_document_once(reference, tmp_path, lexicon_analyzer):
    cache = cache_for(tmp_path / "cache")
    with pytest.raises(KeyboardInterrupt):
        run_cached(tmp_path / "out", cache, lexicon_analyzer, Counting(stop_after_chunks=2))
    assert not (tmp_path / "out").exists(), "a killed run leaves no output"
    resumed, seen = Counting(), []
    run_cached(tmp_path / "out", cache, lexicon_analyzer, resumed, on_start=seen.append)
    assert seen[0].cached_files == 16 and seen[0].to_analyse == 8 and len(resumed.files) == 8
    ids = document_ids(tmp_path / "out")
    assert len(ids) == len(set(ids)) == 28
    assert outputs(tmp_path / "out") == outputs(reference)


def test_a_damaged_cache_entry_is_ignored_and_rewritten(reference, tmp_path, lexicon_analyzer):
    cache = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", cache, lexicon_analyzer)
    entries = sorted(p for p in (tmp_path / "cache").rglob("*.z"))
    entries[0].write_bytes(entries[0].read_bytes()[:-7])  # torn write
    entries[1].write_bytes(b"not zlib at all")
    entries[2].write_bytes(__import__("zlib").compress(b'{"key": "another", "results": []}'))
    again = Counting()
    run_cached(tmp_path / "b", cache, lexicon_analyzer, again)
    assert len(again.files) == 3
    assert outputs(tmp_path / "b") == outputs(reference)
    assert all(cache.get(p.stem) is not None for p in entries[:3])


def test_a_failed_analysis_is_not_kept_in_the_cache(tmp_path, lexicon_analyzer):
    def failing(analyzer, tasks, limits):
        out = analyse_chunk(analyzer, tasks, limits)
        out[0] = skipped_file(tasks[0], "analysis failed (MemoryError: )")
        return out

    cache = cache_for(tmp_path / "cache")
    run_cached(tmp_path / "a", cache, lexicon_analyzer, failing, inputs=[DEMO / "mails"])
    again = Counting()
    run_cached(tmp_path / "b", cache, lexicon_analyzer, again, inputs=[DEMO / "mails"])
    firsts = [p.name for p in sorted((DEMO / "mails").iterdir())][::8]  # the first file of each chunk failed
    assert again.files == firsts


# -- worker processes that die ---------------------------------------------------------------------------
def test_a_worker_that_dies_costs_only_its_file(tmp_path):
    from scale_workers import StandInSpec, crash_on_boom

    names = ["a.txt", "b.txt", "boom.txt", "c.txt", "d.txt"]
    tasks = [FileTask(str(tmp_path / n), n) for n in names]
    with ProcessExecutor(StandInSpec(), Limits(), 2, analyse=crash_on_boom) as executor:
        handles = [executor.submit(tasks[:3]), executor.submit(tasks[3:])]
        results = [file for handle in handles for file in executor.result(handle)]
    assert [r[0]["source"]["document"] for r in results] == names
    assert [r[0]["source"]["status"] for r in results] == ["analysed"] * 2 + ["skipped"] + ["analysed"] * 2
    assert results[2][0]["source"]["reason"] == WORKER_STOPPED


# -- the command line ---------------------------------------------------------------------------------------
def test_cli_usage_errors_are_one_french_line(tmp_path, monkeypatch):
    base = ["analyse", str(DEMO / "mails"), "--out", str(tmp_path / "o"), "--lexicon-only"]
    for extra, words in ((["--jobs", "0"], "--jobs"), (["--jobs", "-2"], "--jobs"), (["--executor", "ray"], "--executor"),
                         (["--executor", "dask"], "--scheduler"), (["--scheduler", "tcp://x:1"], "--executor dask"),
                         (["--no-cache", "--cache", str(tmp_path / "c")], "--cache")):
        result = runner.invoke(app, base + extra)
        assert result.exit_code == 2, (extra, result.output)
        assert words in result.output and "Traceback" not in result.output
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    result = runner.invoke(app, base + ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "pip install 'posturescan[dask]'" in result.output
    assert not (tmp_path / "o").exists()


def test_cli_bad_scheduler_address_is_one_line(tmp_path):
    started = time.monotonic()
    result = runner.invoke(app, ["analyse", str(DEMO / "mails"), "--out", str(tmp_path / "o"), "--lexicon-only",
                                 "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "planificateur Dask injoignable" in result.output, result.output
    assert "Traceback" not in result.output and time.monotonic() - started < 60


def test_cli_killed_mid_run_resumes_and_says_so(tmp_path):
    """``kill -9`` of a real run once its first chunk is in the cache, then the same command again (the demo
    three times over: more files than one chunk)."""
    inputs = tmp_path / "in"
    for copy in ("a", "b", "c"):
        shutil.copytree(DEMO, inputs / copy)
    total = sum(1 for p in inputs.rglob("*") if p.is_file())
    assert total > CHUNK_FILES
    out, reference = tmp_path / "out", tmp_path / "reference"
    command = [sys.executable, "-c", "from posturescan.cli import app; app()", "analyse", str(inputs), "--out", str(out),
               "--directory", str(DEMO_STAFF), "--lexicon-only"]
    assert runner.invoke(app, [*command[3:6], str(reference), *command[7:], "--no-cache"]).exit_code == 0
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = default_cache_dir(out)
    deadline = time.monotonic() + 120
    while not list(cache.rglob("*.z")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not out.exists()
    done = len(list(cache.rglob("*.z")))
    assert 0 < done < total
    result = runner.invoke(app, command[3:])
    assert result.exit_code == 0, result.output
    assert "Reprise :" in result.output and f"{total - done} fichier(s) à analyser" in result.output
    ids = document_ids(out)
    assert len(ids) == len(set(ids))
    assert outputs(out) == outputs(reference)


# -- Dask ---------------------------------------------------------------------------------------------------
def test_dask_cluster_writes_the_same_outputs_as_a_local_run(tmp_path, lexicon_analyzer):
    distributed = pytest.importorskip("distributed")
    from posturescan.dask_executor import DaskExecutor

    inputs = [DEMO / "mails", DEMO / "chats"]
    local = tmp_path / "local"
    run_analysis(inputs, local, lexicon_analyzer, options())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with DaskExecutor(LEXICON, Limits(), cluster.scheduler_address) as executor:
            assert executor.in_flight == 4
            run_analysis(inputs, tmp_path / "dask", None, options(), executor=executor, chunk_files=3)
    assert outputs(tmp_path / "dask") == outputs(local)
