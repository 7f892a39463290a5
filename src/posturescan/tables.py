"""CSV and Excel exports of the profile, with the same lines and suppression as the report.

- ``profil.csv`` is for French Excel (HR): ``;`` separator, decimal comma, UTF-8 with a byte-order mark,
  French column and dimension names, the frein's French title beside its id.
- ``profil_donnees.csv`` is the same table for programs (researchers): ``,`` separator, dot decimals,
  UTF-8 without BOM, stable English dimension keys.
- ``profil.xlsx`` holds the profile and the skipped documents as sheets (numbers as numbers), written
  byte-for-byte reproducibly.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .io import fixed_date_zip, write_bytes, write_text

HEADER = ["dimension", "groupe", "frein", "titre", "famille", "detections", "documents", "part_documents",
          "part_ic95_bas", "part_ic95_haut", "taux_1000_phrases", "taux_ic95_bas", "taux_ic95_haut", "auteurs",
          "phrases", "masque"]
DIMENSION_NAMES = {"overall": "ensemble", "department": "service", "team": "équipe", "period": "période",
                   "department_period": "service × période"}
SKIPPED_HEADER = ["document", "format", "raison"]


def slice_rows(dimension: str, group: str, summary: dict) -> list[list]:
    if summary.get("suppressed"):
        return [[dimension, group, "", "", "", "", "", "", "", "", "", "", "", "", "", summary.get("reason", "oui")]]
    rows = []
    for frein in summary["freins"]:
        rows.append([dimension, group, frein["id"], frein["title"], frein["family"], frein["detections"],
                     frein["documents"], frein["share_documents"], *frein["share_documents_ci95"],
                     frein["rate_per_1000_sentences"], *frein["rate_ci95"], summary["authors"], summary["sentences"], ""])
    return rows


def profile_rows(profile: dict) -> list[list]:
    """The profile's lines, dimension keys as stored (``overall``, ``department``…)."""
    rows = slice_rows("overall", "ensemble", profile["overall"])
    for dimension, data in profile.get("dimensions", {}).items():
        for group, summary in data["groups"].items():
            rows.extend(slice_rows(dimension, group, summary))
    for group, summary in profile.get("department_period", {}).items():
        rows.extend(slice_rows("department_period", group, summary))
    return rows


def french_cell(value) -> str:
    if isinstance(value, float):
        return repr(float(value)).replace(".", ",")
    return "" if value is None else str(value)


def to_csv(header: list[str], rows: list[list], *, excel: bool = True) -> str:
    """``excel``: French Excel (``;``, decimal comma, BOM); else plain CSV for programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([french_cell(v) for v in row] if excel else row)
    return ("\ufeff" if excel else "") + buffer.getvalue()


def french_rows(rows: list[list]) -> list[list]:
    return [[DIMENSION_NAMES.get(row[0], row[0]), *row[1:]] for row in rows]


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


def skipped_rows(profile: dict) -> list[list]:
    from .report.labels import reason_label

    return [[s["document"], s["format"], reason_label(s["reason"])] for s in profile["skipped"]["documents"]]


def write_tables(out_dir: Path, profile: dict) -> None:
    rows = profile_rows(profile)
    skipped = skipped_rows(profile)
    out_dir = Path(out_dir)
    write_text(out_dir / "profil.csv", to_csv(HEADER, french_rows(rows)))
    write_text(out_dir / "profil_donnees.csv", to_csv(HEADER, rows, excel=False))
    write_text(out_dir / "documents_ignores.csv", to_csv(SKIPPED_HEADER, skipped))
    write_bytes(out_dir / "profil.xlsx", to_xlsx({"profil": (HEADER, french_rows(rows)),
                                                  "documents ignorés": (SKIPPED_HEADER, skipped)}))
