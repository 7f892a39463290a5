"""The ``sources`` stage: read files and folders into :class:`~posturescan.records.SourceDocument` records.

Every file gives at least one record: its text, or a skipped record saying why it was not read.
No exception escapes for a bad file. One module per format; :mod:`.dispatch` picks the reader.
"""

from __future__ import annotations

from .common import Limits
from .dispatch import SUPPORTED_FORMATS, read_file
from .htmltext import html_to_text
from .walk import FileEntry, iter_documents, iter_files

__all__ = ["SUPPORTED_FORMATS", "FileEntry", "Limits", "html_to_text", "iter_documents", "iter_files", "read_file"]
