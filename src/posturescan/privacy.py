"""Keyed pseudonyms and the privacy settings of a run.

Authors and speakers never leave the analysis in clear: they become ``P-`` + 10 hex digits of an
HMAC-SHA256 under a secret key kept outside the output folder (generated on first use), so two runs
with the same key give the same pseudonyms and can be compared, while the pseudonyms reveal no name.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from .directory import Directory, name_key

DEFAULT_MIN_AUTHORS = 5
FLOOR_MIN_AUTHORS = 3
DEFAULT_EXCERPT_MIN_AUTHORS = 10


class PrivacyError(ValueError):
    pass


@dataclass(frozen=True)
class PrivacySettings:
    min_authors: int = DEFAULT_MIN_AUTHORS  # no figure for a group with fewer distinct authors
    excerpt_min_authors: int = DEFAULT_EXCERPT_MIN_AUTHORS  # no excerpt for a group with fewer
    excerpts: bool = True

    def __post_init__(self):
        if self.min_authors < FLOOR_MIN_AUTHORS:
            raise PrivacyError(f"le seuil minimal d'auteurs ne peut pas descendre sous {FLOOR_MIN_AUTHORS}")
        if self.excerpt_min_authors < self.min_authors:
            raise PrivacyError("le seuil des extraits ne peut pas être inférieur au seuil des chiffres")

    def to_dict(self) -> dict:
        return asdict(self)


def default_key_path() -> Path:
    if os.environ.get("POSTURESCAN_KEY_FILE"):
        return Path(os.environ["POSTURESCAN_KEY_FILE"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "posturescan" / "secret.key"


def load_or_create_key(path: Path | None = None, *, out_dir: Path | None = None) -> bytes:
    """Read the secret key, or create it (32 random bytes, owner-only) on first use."""
    path = Path(path) if path else default_key_path()
    if out_dir is not None and path.resolve().is_relative_to(Path(out_dir).resolve()):
        raise PrivacyError(f"la clé {path} ne doit pas être dans le dossier de sortie {out_dir}")
    if path.exists():
        key = path.read_bytes().strip()
        if len(key) < 32:
            raise PrivacyError(f"la clé {path} est trop courte (fichier abîmé ?)")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    os.replace(tmp, path)
    return key


class Pseudonymizer:
    def __init__(self, key: bytes, directory: Directory | None = None):
        self._key = key
        self.directory = directory

    def identity(self, who: str) -> str:
        """One identity per person: the directory's e-mail when known, else the address or folded name."""
        person = self.directory.find(who) if self.directory else None
        if person is not None:
            return person.identity
        return who.strip().lower() if "@" in who else name_key(who)

    def document(self, name: str) -> str:
        """A keyed pseudonym for a file or folder name, which is personal data (« dupont-entretien.docx »)."""
        return "D-" + hmac.new(self._key, ("document:" + name).encode("utf-8"), hashlib.sha256).hexdigest()[:10]

    def __call__(self, who: str | None) -> str | None:
        if not who or not who.strip():
            return None
        digest = hmac.new(self._key, self.identity(who).encode("utf-8"), hashlib.sha256).hexdigest()
        return f"P-{digest[:10]}"
