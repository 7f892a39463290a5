"""Executors run chunks of files (:mod:`.work`) here, in N worker processes, or on a Dask cluster.

Every executor has the same two calls: ``submit(tasks)`` returns a handle at once, ``result(handle)`` waits for
the chunk's results (for each file, its documents' results as plain data). ``in_flight`` is how many chunks the
run keeps submitted at a time, so that memory stays bounded whatever the size of the corpus. A chunk that
fails (a worker process that dies, an unexpected error) is run again one file at a time; a file that still
fails becomes a skipped document with the reason: the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Callable

from .sources import Limits
from .sources.common import short_error
from .work import AnalyzerSpec, FileTask, analyse_chunk, skipped_file

if TYPE_CHECKING:
    from .api import Analyzer

ChunkResult = list[list[dict[str, Any]]]
Analyse = Callable[["Analyzer", list[FileTask], "Limits | None"], ChunkResult]

WORKER_STOPPED = "analysis worker stopped while analysing this file"


class ExecutorError(Exception):
    """A French one-line message: the executor cannot start (usage error)."""


def failure_reason(err: BaseException) -> str:
    if isinstance(err, BrokenProcessPool) or type(err).__name__ == "KilledWorker":
        return WORKER_STOPPED
    return f"analysis failed ({type(err).__name__}: {short_error(err, 80)})"


class Executor:
    """Base class. ``model_dir``/``model_name`` describe the analyzer the workers use, for the outputs."""

    in_flight = 1
    spec: AnalyzerSpec | None = None

    def submit(self, tasks: list[FileTask]) -> Any:
        raise NotImplementedError

    def result(self, handle: Any) -> ChunkResult:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def loaded_nlp(self):
        """The spaCy pipeline of an analyzer already loaded in this process, if any (the masker reuses it)."""
        return None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def model_dir(self):
        return self.spec.model_dir() if self.spec else None

    @property
    def model_name(self) -> str:
        folder = self.model_dir
        return folder.name if folder is not None else "lexicon"

    def _one_by_one(self, tasks: list[FileTask], run_one: Callable[[FileTask], ChunkResult]) -> ChunkResult:
        """After a chunk failed: each file alone; a file that fails again is skipped with the reason."""
        out = []
        for task in tasks:
            try:
                out.extend(run_one(task))
            except Exception as err:  # noqa: BLE001 - one file never stops the run
                out.append(skipped_file(task, failure_reason(err)))
        return out


class InProcessExecutor(Executor):
    """``--jobs 1``: the chunks run in this process. The analyzer is loaded on the first chunk (a re-run served
    by the cache never loads it), or given already loaded (the Python API)."""

    def __init__(self, spec: AnalyzerSpec | None = None, limits: Limits | None = None, *,
                 analyzer: Analyzer | None = None, analyse: Analyse = analyse_chunk):
        if spec is None and analyzer is None:
            raise ValueError("an analyzer or its spec is needed")
        self.spec, self.limits, self._analyzer, self.analyse = spec, limits, analyzer, analyse

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            try:
                self._analyzer = self.spec.load()
            except (OSError, ValueError) as err:  # a model or an encoder that cannot load: nothing can be analysed
                raise ExecutorError(short_error(err, 200)) from None
        return self._analyzer

    @property
    def model_dir(self):
        return self._analyzer.model_dir if self._analyzer is not None else super().model_dir

    @property
    def model_name(self) -> str:
        return self._analyzer.model_name if self._analyzer is not None else super().model_name

    def loaded_nlp(self):
        return self._analyzer.nlp if self._analyzer is not None else None

    def submit(self, tasks: list[FileTask]) -> list[FileTask]:
        return list(tasks)

    def result(self, handle: list[FileTask]) -> ChunkResult:
        analyzer = self.analyzer
        try:
            return self.analyse(analyzer, handle, self.limits)
        except Exception:  # noqa: BLE001 - find the file
            return self._one_by_one(handle, lambda task: self.analyse(analyzer, [task], self.limits))


# -- worker processes ---------------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


class WorkerSetupError(Exception):
    """The analyzer could not be loaded in a worker process (the message says why)."""


def _start_worker(spec: AnalyzerSpec, limits: Limits | None) -> None:
    """Runs once in each worker process: the model is loaded once per process."""
    _WORKER["limits"] = limits
    try:
        _WORKER["analyzer"] = spec.load()
    except Exception as err:  # noqa: BLE001 - told to the main process with the first chunk
        _WORKER["error"] = short_error(err, 200)


def _run_in_worker(analyse: Analyse, tasks: list[FileTask]) -> ChunkResult:
    if "error" in _WORKER:
        raise WorkerSetupError(_WORKER["error"])
    return analyse(_WORKER["analyzer"], tasks, _WORKER["limits"])


#: The thread pools of the numerical libraries (OpenBLAS, OpenMP, MKL): each starts one thread per core.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _share_cores(jobs: int) -> None:
    """N workers share the cores: each worker's numerical libraries get cores // N threads instead of one per
    core (N × cores threads would fight for the cores). Read by the worker processes when they load NumPy;
    a value the user set is kept. The encoder's vectors are the same with any number of threads."""
    threads = str(max(1, (os.cpu_count() or 1) // max(1, jobs)))
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, threads)


def _context():
    """``forkserver`` where there is one (Linux): the server imports spaCy's French once and each worker starts
    as a fork of it; else ``spawn``. Never plain ``fork`` (threads of the main process)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["posturescan.work", "spacy.lang.fr"])
        return context
    return multiprocessing.get_context("spawn")


class ProcessExecutor(Executor):
    """``--jobs N``: N worker processes (each loads the model once), 2 N chunks in flight.
    A worker that dies takes its pool down: a new pool is started and the chunks it held are run again, file by
    file; the file it died on is skipped with the reason."""

    def __init__(self, spec: AnalyzerSpec, limits: Limits | None, jobs: int, *, analyse: Analyse = analyse_chunk):
        self.spec, self.limits, self.jobs, self.analyse = spec, limits, jobs, analyse
        self.in_flight = 2 * jobs
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            _share_cores(self.jobs)
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context(),
                                             initializer=_start_worker, initargs=(self.spec, self.limits))
            self._generation += 1
        return self._pool

    def _broken(self, generation: int) -> None:
        if generation == self._generation and self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def submit(self, tasks: list[FileTask]) -> tuple[list[FileTask], Future, int]:
        pool = self._get_pool()
        return list(tasks), pool.submit(_run_in_worker, self.analyse, list(tasks)), self._generation

    def result(self, handle) -> ChunkResult:
        tasks, future, generation = handle
        try:
            return future.result()
        except WorkerSetupError as err:
            raise ExecutorError(str(err)) from None
        except BrokenProcessPool:
            self._broken(generation)
        except Exception:  # noqa: BLE001 - an error inside the chunk: find the file below
            pass
        return self._one_by_one(tasks, self._alone)

    def _alone(self, task: FileTask) -> ChunkResult:
        pool = self._get_pool()
        generation = self._generation
        try:
            return pool.submit(_run_in_worker, self.analyse, [task]).result()
        except BrokenProcessPool:
            self._broken(generation)
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
