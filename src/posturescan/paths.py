"""Where the project's data files live (lexicons, default model)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]


def lexicons_dir() -> Path:
    """The lexicons folder: $POSTURESCAN_LEXICONS, else the repository's ``lexicons/``."""
    return Path(os.environ.get("POSTURESCAN_LEXICONS", PROJECT_DIR / "lexicons"))


def default_model_dir() -> Path:
    return Path(os.environ.get("POSTURESCAN_MODEL", PROJECT_DIR / "models" / "default"))
