"""The output folder of a run: one writer at a time, and the outputs appear whole or not at all.

A run writes into a new folder beside the target (``.NAME.tmp-PID-…``) and swaps it in at the end; the
folder then holds ``run.json``, the manifest (run id and SHA-256 of every file). A lock file beside the
target (``.NAME.lock``, with the owner's process id) refuses a second run on the same folder; what a
killed run left behind (its lock, its staging folder, a half-swapped previous run) is cleaned up by the
next one. The target must be empty, new, or an earlier run (it has ``run.json``): nothing else is ever
replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from .io import current_umask, sha256_file, write_json

MANIFEST = "run.json"


class OutputFolderError(Exception):
    """A French one-line message; ``usage`` tells a usage error (exit code 2) from an I/O error (1)."""

    def __init__(self, message: str, *, usage: bool = True):
        super().__init__(message)
        self.usage = usage


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputFolder:
    """``with OutputFolder(out) as folder:`` write into ``folder.staging``, then ``folder.commit()``.

    Leaving the block without ``commit()`` (an error, a kill) leaves the previous outputs untouched."""

    def __init__(self, target: Path):
        self.target = Path(target).absolute()
        self.parent = self.target.parent
        self.lock = self.parent / f".{self.target.name}.lock"
        self.staging: Path | None = None
        self._locked = False

    # -- checks ----------------------------------------------------------------------------------
    def check(self) -> None:
        """Usage checks, before anything is loaded or written."""
        target = self.target
        if target.exists() and not target.is_dir():
            raise OutputFolderError(f"--out doit être un dossier : {target} est un fichier")
        if target.is_dir():
            try:
                entries = [p.name for p in target.iterdir() if not _is_leftover(p.name)]
            except OSError as err:
                raise OutputFolderError(f"dossier de sortie illisible : {target} ({err.strerror or err})") from None
            if entries and MANIFEST not in entries:
                raise OutputFolderError(
                    f"le dossier de sortie {target} contient déjà des fichiers qui ne viennent pas d'une analyse "
                    "posturescan : choisissez un dossier vide ou nouveau")
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputFolderError(f"impossible de créer le dossier de sortie {target} ({err.strerror or err})") from None

    # -- lifecycle --------------------------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        self.check()
        self._acquire()
        try:
            self._clean_leftovers()
            try:
                self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.tmp-{os.getpid()}-", dir=self.parent))
                os.chmod(self.staging, 0o777 & ~current_umask())
            except OSError as err:
                raise OutputFolderError(f"impossible d'écrire à côté du dossier de sortie, dans {self.parent} "
                                        f"({err.strerror or err})") from None
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.staging is not None and self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._release()

    def commit(self) -> str:
        """Write the manifest and put the new outputs in place of the old ones; returns the run id."""
        assert self.staging is not None
        files = {p.name: sha256_file(p)
                 for p in sorted(self.staging.iterdir()) if p.is_file() and p.name != MANIFEST}
        run_id = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
        write_json(self.staging / MANIFEST, {"run_id": run_id, "files": files})
        old = None
        if self.target.exists():
            old = self.parent / f".{self.target.name}.old-{os.getpid()}"
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        self.staging = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return run_id

    # -- lock and leftovers -----------------------------------------------------------------------
    def _acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                owner = self._lock_owner()
                if owner is not None and _pid_alive(owner):
                    raise OutputFolderError(f"une autre analyse (processus {owner}) écrit déjà dans {self.target} : "
                                            "attendez qu'elle se termine") from None
                self.lock.unlink(missing_ok=True)  # left by a killed run
                continue
            except OSError as err:
                raise OutputFolderError(f"impossible d'écrire à côté du dossier de sortie, dans {self.parent} "
                                        f"({err.strerror or err})") from None
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{os.getpid()}\n")
            self._locked = True
            return
        raise OutputFolderError(f"verrou {self.lock} impossible à prendre")

    def _lock_owner(self) -> int | None:
        try:
            return int(self.lock.read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            return None

    def _release(self) -> None:
        if self._locked:
            self.lock.unlink(missing_ok=True)
            self._locked = False

    def _clean_leftovers(self) -> None:
        """Staging folders and half-written files of killed runs; a previous run caught mid-swap is restored."""
        name = re.escape(self.target.name)
        staged = re.compile(rf"^\.{name}\.(tmp|old)-\d+")
        olds = []
        for entry in self.parent.iterdir():
            match = staged.match(entry.name)
            if match and entry.is_dir():
                if match.group(1) == "old":
                    olds.append(entry)
                else:
                    shutil.rmtree(entry, ignore_errors=True)
        for old in olds:
            if not self.target.exists():
                os.replace(old, self.target)
            else:
                shutil.rmtree(old, ignore_errors=True)
        if self.target.is_dir():
            for entry in self.target.iterdir():
                if _is_leftover(entry.name) and entry.is_file():
                    entry.unlink(missing_ok=True)


def check_manifest(run_dir: Path, names: tuple[str, ...]) -> None:
    """Refuse a run folder whose files ``names`` are not the ones its manifest lists (files of two runs mixed
    by hand, or edited). A folder without manifest (an older version) is accepted."""
    path = Path(run_dir) / MANIFEST
    if not path.is_file():
        return
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise OutputFolderError(f"{path} est illisible : relancez l'analyse") from None
    for name in names:
        target = Path(run_dir) / name
        if name in files and (not target.is_file() or sha256_file(target) != files[name]):
            raise OutputFolderError(f"{target} ne vient pas de la même analyse que {MANIFEST} (fichiers mélangés ou "
                                    "modifiés) : relancez l'analyse")


def _is_leftover(name: str) -> bool:
    """A temporary file of :func:`posturescan.io.atomic_file` (``.NAME.xxxx.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp")

