"""posturescan: détecte les freins à la culture client dans les documents internes.

Python API::

    import posturescan
    analyzer = posturescan.load()                       # load the pipeline once
    analyzer.analyse_text("On n'a pas le temps pour ça.")   # -> list[Detection]
    for result in analyzer.analyse_paths(["dossier/"]):     # -> DocumentResult per document
        print(result.source.document, [d.label for d in result.detections])
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public names and the module that defines each: imported on first use (PEP 562), so that
# ``import posturescan`` stays light and ``posturescan report`` / ``compare`` never load spaCy.
_LAZY = {
    "Analyzer": ".api", "DocumentResult": ".api", "load": ".api",
    "CleanText": ".records", "Detection": ".records", "Segment": ".records", "SourceDocument": ".records",
    "load_taxonomy": ".taxonomy",
}

__all__ = [*_LAZY, "__version__"]

if TYPE_CHECKING:
    from .api import Analyzer, DocumentResult, load
    from .records import CleanText, Detection, Segment, SourceDocument
    from .taxonomy import load_taxonomy


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # cached: later lookups do not come here again
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
