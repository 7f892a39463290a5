"""Walk the inputs (files and folders) and read every file found, in a deterministic order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from posturescan.records import SourceDocument

from .common import Limits
from .dispatch import read_path


def iter_documents(inputs: Sequence[Path], limits: Limits | None = None) -> Iterator[SourceDocument]:
    """The documents of every file of the inputs, in input order then sorted path order.

    Ids are relative to each input (a file input: its name). With several inputs, each folder's ids
    are prefixed with the folder's name, and inputs of the same name get a ``~2``, ``~3``... suffix.
    Hidden files and folders are ignored. A symbolic link that leads outside its input folder is not
    followed (it is listed as skipped) unless ``limits.follow_links``; links inside are followed, but a
    folder is never visited twice, so link loops end. A name that is not valid UTF-8 gets its bad bytes
    written as ``\\xNN`` in the id.
    """
    limits = limits or Limits()
    for entry in iter_files(inputs, limits):
        if entry.problem:
            yield SourceDocument.skipped(entry.rel, entry.rel, "", entry.problem)
        else:
            yield from read_path(entry.path, entry.rel, limits)


@dataclass(frozen=True)
class FileEntry:
    """One file to read (``path``, its id ``rel``), or a place that cannot be read and why (``problem``)."""

    path: Path
    rel: str
    problem: str | None = None


def iter_files(inputs: Sequence[Path], limits: Limits | None = None) -> Iterator[FileEntry]:
    """The files of the inputs in the order :func:`iter_documents` reads them (see there), without reading them."""
    limits = limits or Limits()
    paths = [Path(p) for p in inputs]
    for path, label in zip(paths, _labels(paths)):
        if not path.exists() and not path.is_symlink():
            yield FileEntry(path, label, "input not found")
        elif path.is_dir():
            prefix = label if len(paths) > 1 else ""
            root = None if limits.follow_links else os.path.realpath(path)
            for file, rel, problem in _walk(path, PurePosixPath(prefix), set(), root):
                yield FileEntry(file, rel, problem)
        else:
            yield FileEntry(path, label)


def _labels(paths: list[Path]) -> list[str]:
    """A unique name per input: its own name, with a ``~n`` suffix for repeated names."""
    labels: list[str] = []
    seen: dict[str, int] = {}
    for path in paths:
        name = printable_name(path.name or path.resolve().name or "input")
        count = seen[name] = seen.get(name, 0) + 1
        if count > 1:
            stem, suffix = os.path.splitext(name)
            name = f"{stem}~{count}{suffix}"
        labels.append(name)
    return labels


LINK_OUTSIDE = "symbolic link to a place outside the input folder (not followed; see --follow-links)"


def printable_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by Python as surrogates) become ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _outside(path: str, root: str | None) -> bool:
    if root is None:
        return False
    real = os.path.realpath(path)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path, rel: PurePosixPath, visited: set[str], root: str | None) -> Iterator[tuple[Path, str, str | None]]:
    """(path, id, problem) of the files under ``folder``, sorted by name, each folder visited once.

    ``problem`` is None for a file, or the reason why a folder or link was not read. With a ``root``
    (a real path), symbolic links that resolve outside it are not followed.
    """
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    try:  # names only (70 bytes a file, a DirEntry holds 240): a folder may hold a million mails
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError as exc:
        yield folder, rel.as_posix(), f"cannot list folder ({exc.strerror or exc})"
        return
    for name in names:
        entry = os.path.join(folder, name)
        path, child_rel = Path(entry), rel / printable_name(name)
        if os.path.islink(entry) and _outside(entry, root):
            yield path, child_rel.as_posix(), LINK_OUTSIDE
            continue
        if os.path.isdir(entry):  # follows symbolic links; False for a broken or looping link
            yield from _walk(path, child_rel, visited, root)
        else:
            yield path, child_rel.as_posix(), None
