"""CSV and Excel exports of the profile for further analysis, with the same suppression as the report.

CSV: UTF-8 with a byte-order mark (so that Excel reads accents), comma-separated, dot decimals.
``profil.xlsx`` holds the same two tables as sheets, written byte-for-byte reproducibly.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .io import fixed_date_zip, write_bytes, write_text

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


def to_xlsx(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    import datetime
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    fixed = datetime.datetime(2020, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    members = {name: archive.read(name) for name in archive.namelist()}
    # openpyxl stamps the save time: keep the file's bytes a function of its content only
    members["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z",
                                          members["docProps/core.xml"])
    return fixed_date_zip(members)


def write_tables(out_dir: Path, profile: dict) -> None:
    rows = profile_rows(profile)
    skipped = [[s["document"], s["format"], s["reason"]] for s in profile["skipped"]["documents"]]
    write_text(Path(out_dir) / "profil.csv", to_csv(HEADER, rows))
    write_text(Path(out_dir) / "documents_ignores.csv", to_csv(["document", "format", "raison"], skipped))
    write_bytes(Path(out_dir) / "profil.xlsx",
                to_xlsx({"profil": (HEADER, rows), "documents ignorés": (["document", "format", "raison"], skipped)}))
