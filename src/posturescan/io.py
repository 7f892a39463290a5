"""Atomic, deterministic output files: written beside the target, then renamed over it."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator


def dumps(record: Any) -> str:
    """One canonical JSON line: same data, same bytes."""
    return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(", ", ": "))


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of the files with sentence-level data from every group (researcher/IT files).
PRIVATE = 0o600


@contextmanager
def atomic_file(path: Path, mode: str = "w", *, permissions: int | None = None, **open_args) -> Iterator[IO]:
    """Write to a temporary file in the same folder and move it into place only if the block succeeds.

    The file gets ``permissions`` (e.g. :data:`PRIVATE`), else the usual ones (0o666 less the umask)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask() if permissions is None else permissions)
        with os.fdopen(fd, mode, **open_args) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_text(path: Path, *, encoding: str = "utf-8", newline: str = "\n", permissions: int | None = None):
    return atomic_file(path, "w", encoding=encoding, newline=newline, permissions=permissions)


FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def fixed_date_zip(members: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on its members: sorted names, fixed dates and permissions."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
    return out.getvalue()


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path, "wb") as handle:
        handle.write(data)


def write_text(path: Path, text: str) -> None:
    with atomic_text(path) as handle:
        handle.write(text)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (the research files of a large run are hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):  # hashlib.file_digest needs Python 3.11
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data: Any) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_jsonl(path: Path, records: Iterable[Any]) -> int:
    count = 0
    with atomic_text(path) as handle:
        for record in records:
            handle.write(dumps(record) + "\n")
            count += 1
    return count


class JsonlError(ValueError):
    pass


def numbered_records(path: Path, errors: list[str] | None = None) -> Iterator[tuple[int, Any]]:
    """(line number, record) for each non-empty line; a bad line raises JsonlError naming file and line,
    or, given an ``errors`` list, is appended to it and skipped."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise JsonlError(f"cannot read {path}: {err}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            if errors is None:
                raise JsonlError(f"{path.name}:{number}: not JSON ({err.msg})") from None
            errors.append(f"{path.name}:{number}: not JSON ({err.msg})")


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
