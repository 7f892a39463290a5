"""``--executor dask --scheduler ADDRESS``: the same chunks of files (:mod:`.work`) on an existing Dask cluster.

Each worker loads the analyzer once, through a worker plugin that carries the client's :class:`AnalyzerSpec`
and reading limits (a worker that joins later loads it too). Workers read the files by their absolute paths:
the input folders (and a ``--model`` folder) must be mounted at the same paths on every worker (a shared
filesystem); no document is sent over the network, only the paths and the results. Chunks are submitted a few
at a time (twice the cluster's threads) and their results are merged in input order by the client.
"""

from __future__ import annotations

import threading
from typing import Any

from distributed import Client, WorkerPlugin, get_worker

from .cache import analysis_settings, settings_digest
from .executors import Analyse, ChunkResult, Executor, ExecutorError
from .sources import Limits
from .sources.common import short_error
from .work import AnalyzerSpec, FileTask, analyse_chunk

CONNECT_TIMEOUT = "5s"


class AnalyzerPlugin(WorkerPlugin):
    """Loads the analyzer once per worker, after checking that the worker computes the client's settings digest
    (same posturescan code, model files, libraries): a worker that would give other results is refused. Its
    name depends on the settings: two runs with other models on the same cluster do not share an analyzer."""

    def __init__(self, spec: AnalyzerSpec, limits: Limits | None, digest: str):
        self.spec, self.limits, self.digest = spec, limits, digest
        self.name = f"posturescan-{digest[:16]}"
        self.analyzer = None
        self.lock = None

    def setup(self, worker) -> None:
        here = settings_digest(analysis_settings(self.spec.model_dir(), self.spec.options(), self.limits))
        if here != self.digest:  # another posturescan version, model or library: results would differ
            raise RuntimeError(f"worker {worker.address}: posturescan, its model or its libraries are not the same "
                               "as on the client")
        self.analyzer = self.spec.load()
        self.lock = threading.Lock()  # spaCy is not thread-safe: one chunk at a time per worker process


def _run_on_worker(plugin_name: str, analyse: Analyse, tasks: list[FileTask]) -> ChunkResult:
    plugin = get_worker().plugins[plugin_name]
    with plugin.lock:
        return analyse(plugin.analyzer, tasks, plugin.limits)


class DaskExecutor(Executor):
    def __init__(self, spec: AnalyzerSpec, limits: Limits | None, address: str | None, *,
                 analyse: Analyse = analyse_chunk, timeout: str = CONNECT_TIMEOUT):
        if not address:
            raise ExecutorError("--executor dask demande l'adresse du planificateur : --scheduler tcp://HÔTE:8786")
        self.spec, self.limits, self.analyse = spec, limits, analyse
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except Exception as err:  # noqa: BLE001 - a bad address or an unreachable scheduler: one line
            raise ExecutorError(f"planificateur Dask injoignable à l'adresse {address} ({short_error(err, 100)})") from None
        try:
            digest = settings_digest(analysis_settings(spec.model_dir(), spec.options(), limits))
            plugin = AnalyzerPlugin(spec, limits, digest)
            self.plugin_name = plugin.name
            self.client.register_plugin(plugin)
            threads = sum(self.client.nthreads().values())
        except Exception as err:  # noqa: BLE001
            self.close()
            raise ExecutorError(f"les workers Dask n'ont pas pu charger le modèle ({short_error(err, 160)})") from None
        if threads == 0:
            self.close()
            raise ExecutorError(f"le planificateur Dask {address} n'a aucun worker")
        self.in_flight = 2 * threads

    def submit(self, tasks: list[FileTask]) -> tuple[list[FileTask], Any]:
        return list(tasks), self.client.submit(_run_on_worker, self.plugin_name, self.analyse, list(tasks), pure=False)

    def result(self, handle) -> ChunkResult:
        tasks, future = handle
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - a worker that died (KilledWorker) or an error: file by file
            pass
        return self._one_by_one(tasks, lambda task: self.client.submit(
            _run_on_worker, self.plugin_name, self.analyse, [task], pure=False).result())

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            try:
                client.close()
            except Exception:  # noqa: BLE001
                pass
            self.client = None
