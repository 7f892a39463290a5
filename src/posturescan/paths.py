"""Where the data files shipped inside the package live (lexicons, cue lists, taxonomy, default model)."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent / "resources"


def lexicons_dir() -> Path:
    """The lexicons folder: $POSTURESCAN_LEXICONS, else the one shipped in the package."""
    return Path(os.environ.get("POSTURESCAN_LEXICONS", RESOURCES_DIR / "lexicons"))


NO_ENCODER_MODEL = "sans-encodeur"  # the shipped model trained with ``--encoder none``


def default_model_dir(encoder: str | None = None) -> Path:
    """The default model: $POSTURESCAN_MODEL, else the one shipped in the package (with ``encoder="none"``,
    the shipped model trained without an encoder)."""
    if os.environ.get("POSTURESCAN_MODEL"):
        return Path(os.environ["POSTURESCAN_MODEL"])
    name = NO_ENCODER_MODEL if encoder is not None and encoder.strip().lower() == "none" else "default"
    return RESOURCES_DIR / "models" / name
