"""Shared fixtures: the real spaCy pipeline, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "demo"
DEMO_STAFF = REPO / "corpus" / "demo_staff.csv"


@pytest.fixture(autouse=True, scope="session")
def _private_key_file(tmp_path_factory):
    """Tests never touch the user's real pseudonym key."""
    key = tmp_path_factory.mktemp("key") / "secret.key"
    os.environ["POSTURESCAN_KEY_FILE"] = str(key)
    yield key


@pytest.fixture(scope="session")
def lexicon_analyzer():
    import posturescan

    return posturescan.load(lexicon_only=True)


@pytest.fixture(scope="session")
def analyzer():
    """The default analyzer: lexicon + the committed classifier (models/default) when present."""
    import posturescan

    return posturescan.load()
