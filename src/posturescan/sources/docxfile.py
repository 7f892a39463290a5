"""Word documents (.docx) with python-docx: paragraphs and tables in body order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, table_row
from .dates import metadata_date
from .ziparchive import open_checked_zip

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
#: Wrappers whose children are body blocks (content controls, custom XML).
_CONTAINERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    open_checked_zip(path, "docx", limits).close()
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds of errors for a broken package
        raise SkipDocument(f"not a valid docx ({short_error(exc)})") from None
    yield ref.record("\n".join(_block_lines(document.element.body, document)), date=_core_date(document))


def _core_date(document) -> str | None:
    """The core properties' creation date, else their modification date."""
    for name in ("created", "modified"):
        try:
            found = metadata_date(getattr(document.core_properties, name))
        except Exception:  # a malformed docProps/core.xml must not hide the text
            found = None
        if found:
            return found
    return None


def _block_lines(parent, document) -> Iterator[str]:
    """Lines of text of the paragraphs and tables under ``parent``, in document order."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, document).text
        elif child.tag == _TBL:
            yield from _table_lines(child, document)
        elif child.tag in _CONTAINERS:
            yield from _block_lines(child, document)


def _table_lines(table, document) -> Iterator[str]:
    for row in table.iterchildren(_TR):
        line = table_row(_block_lines(cell, document) for cell in row.iterchildren(_TC))
        if line:
            yield line
