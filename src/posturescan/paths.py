"""Where the data files shipped inside the package live (lexicons, cue lists, taxonomy, default model)."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent / "resources"


def lexicons_dir() -> Path:
    """The lexicons folder: $POSTURESCAN_LEXICONS, else the one shipped in the package."""
    return Path(os.environ.get("POSTURESCAN_LEXICONS", RESOURCES_DIR / "lexicons"))


def default_model_dir() -> Path:
    """The default model: $POSTURESCAN_MODEL, else the one shipped in the package."""
    return Path(os.environ.get("POSTURESCAN_MODEL", RESOURCES_DIR / "models" / "default"))
