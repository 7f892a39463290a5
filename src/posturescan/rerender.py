"""Re-renders the report of an earlier run from its output files, without re-analysing."""

from __future__ import annotations

import json
from pathlib import Path

from .report import render_report
from .run import PROFILE_FILE, REPORT_FILE
from .taxonomy import load_taxonomy


def rerender_report(run_dir: Path) -> Path:
    profile_path = Path(run_dir) / PROFILE_FILE
    if not profile_path.is_file():
        raise FileNotFoundError(f"{profile_path} introuvable : ce dossier n'est pas le résultat d'une analyse")
    try:
        profile = json.loads(profile_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{profile_path} est illisible (JSON invalide ligne {err.lineno})") from None
    render_report(Path(run_dir) / REPORT_FILE, profile, load_taxonomy())
    return Path(run_dir) / REPORT_FILE
