"""CSV exports of the profile for further analysis, with the same suppression as the report.

UTF-8 with a byte-order mark (so that Excel reads accents), comma-separated, dot decimals.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .io import write_text

FREIN_COLUMNS = ["detections", "documents", "share_documents", "share_documents_ci95", "rate_per_1000_sentences", "rate_ci95"]
HEADER = ["dimension", "groupe", "frein", "famille", "detections", "documents", "part_documents", "part_ic95_bas",
          "part_ic95_haut", "taux_1000_phrases", "taux_ic95_bas", "taux_ic95_haut", "auteurs", "phrases", "masque"]


def slice_rows(dimension: str, group: str, summary: dict) -> list[list]:
    if summary.get("suppressed"):
        return [[dimension, group, "", "", "", "", "", "", "", "", "", "", "", "", summary.get("reason", "oui")]]
    rows = []
    for frein in summary["freins"]:
        rows.append([dimension, group, frein["id"], frein["family"], frein["detections"], frein["documents"],
                     frein["share_documents"], *frein["share_documents_ci95"], frein["rate_per_1000_sentences"],
                     *frein["rate_ci95"], summary["authors"], summary["sentences"], ""])
    return rows


def profile_rows(profile: dict) -> list[list]:
    rows = slice_rows("ensemble", "ensemble", profile["overall"])
    for dimension, data in profile.get("dimensions", {}).items():
        for group, summary in data["groups"].items():
            rows.extend(slice_rows(dimension, group, summary))
    for group, summary in profile.get("department_period", {}).items():
        rows.extend(slice_rows("department_period", group, summary))
    return rows


def to_csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def write_tables(out_dir: Path, profile: dict) -> None:
    write_text(Path(out_dir) / "profil.csv", to_csv(HEADER, profile_rows(profile)))
    skipped = [[s["document"], s["format"], s["reason"]] for s in profile["skipped"]["documents"]]
    write_text(Path(out_dir) / "documents_ignores.csv", to_csv(["document", "format", "raison"], skipped))
