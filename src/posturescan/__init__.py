"""posturescan: détecte les freins à la culture client dans les documents internes.

Python API::

    import posturescan
    analyzer = posturescan.load()                       # load the pipeline once
    analyzer.analyse_text("On n'a pas le temps pour ça.")   # -> list[Detection]
    for result in analyzer.analyse_paths(["dossier/"]):     # -> DocumentResult per document
        print(result.source.document, [d.label for d in result.detections])
"""

__version__ = "0.1.0"

from .api import Analyzer, DocumentResult, load  # noqa: E402
from .records import CleanText, Detection, Segment, SourceDocument  # noqa: E402
from .taxonomy import load_taxonomy  # noqa: E402

__all__ = ["Analyzer", "CleanText", "Detection", "DocumentResult", "Segment", "SourceDocument", "load",
           "load_taxonomy", "__version__"]
