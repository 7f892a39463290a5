"""Stand-ins for the worker-crash test of tests/test_scale.py, in a module of their own so that the worker
processes (started with ``spawn``) import little to find them."""

from __future__ import annotations

import os

from posturescan.work import AnalyzerSpec


class StandInSpec(AnalyzerSpec):
    """Loads nothing: the crash test is about the process pool, not the analysis."""

    def load(self):
        return None


def crash_on_boom(analyzer, tasks, limits):
    from posturescan.api import DocumentResult
    from posturescan.records import SourceDocument
    from posturescan.work import result_to_dict

    out = []
    for task in tasks:
        if "boom" in task.rel:
            os._exit(3)  # the worker process dies, as on a segfault or the OOM killer
        source = SourceDocument(task.rel, task.rel, "txt", text="")
        out.append([result_to_dict(DocumentResult(source=source, sentences=1))])
    return out
