"""Rebuilds the profile and the report of an earlier run from its output files, without re-analysing.

The privacy settings and the period granularity may change (stricter thresholds, no excerpts, months
instead of quarters); the documents are not read again.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from .io import read_jsonl
from .privacy import PrivacySettings
from .profile import ProfileBuilder
from .run import DETECTIONS_FILE, DOCUMENTS_FILE, PROFILE_FILE, REPORT_FILE, write_outputs
from .taxonomy import load_taxonomy


def read_profile(run_dir: Path) -> dict:
    profile_path = Path(run_dir) / PROFILE_FILE
    if not profile_path.is_file():
        raise FileNotFoundError(f"{profile_path} introuvable : ce dossier n'est pas le résultat d'une analyse")
    try:
        profile = json.loads(profile_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{profile_path} est illisible (JSON invalide ligne {err.lineno})") from None
    if "run" not in profile or "overall" not in profile:
        raise ValueError(f"{profile_path} n'est pas un profil posturescan")
    return profile


def rebuild_profile(run_dir: Path, privacy: PrivacySettings, period: str) -> dict:
    run_dir = Path(run_dir)
    for name in (DOCUMENTS_FILE, DETECTIONS_FILE):
        if not (run_dir / name).is_file():
            raise FileNotFoundError(f"{run_dir / name} introuvable")
    builder = ProfileBuilder(load_taxonomy(), privacy, period=period)
    detections = itertools.groupby(read_jsonl(run_dir / DETECTIONS_FILE), key=lambda d: d["document"])
    pending = next(detections, None)
    try:
        for document in read_jsonl(run_dir / DOCUMENTS_FILE):
            found = []
            if pending is not None and pending[0] == document["document"]:
                found = list(pending[1])
                pending = next(detections, None)
            if not privacy.excerpts:
                found = [{**d, "sentence": None, "evidence": None} for d in found]
            builder.add(document, found)
    except (json.JSONDecodeError, KeyError) as err:
        raise ValueError(f"sorties de {run_dir} abîmées ({err})") from None
    return builder.build()


def rerender_report(run_dir: Path, *, min_authors: int | None = None, excerpt_min_authors: int | None = None,
                    no_excerpts: bool = False, period: str | None = None) -> Path:
    old = read_profile(run_dir)
    settings = old.get("settings", {})
    min_authors = min_authors or settings.get("min_authors", 5)
    privacy = PrivacySettings(
        min_authors=min_authors,
        excerpt_min_authors=max(excerpt_min_authors or settings.get("excerpt_min_authors", 10), min_authors),
        excerpts=settings.get("excerpts", True) and not no_excerpts,
    )
    profile = rebuild_profile(run_dir, privacy, period or settings.get("period", "quarter"))
    profile["run"] = old["run"]
    if not privacy.excerpts:
        profile["run"]["masked"] = []
    write_outputs(Path(run_dir), profile, load_taxonomy())
    return Path(run_dir) / REPORT_FILE
