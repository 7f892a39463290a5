"""Tests of the sources stage: every fixture is built in code into tmp_path."""

from __future__ import annotations

import mailbox
import os
import sys
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from posturescan.records import ANALYSED, SKIPPED
from posturescan.sources import SUPPORTED_FORMATS, Limits, html_to_text, iter_documents, read_file
from posturescan.sources import mail as mail_module

PARIS = timezone(timedelta(hours=1))


# ---------------------------------------------------------------------------------------------
# fixture builders
# ---------------------------------------------------------------------------------------------
def make_docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Introduction : le client n'est pas notre priorité.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Équipe"
    table.cell(0, 1).text = "Délai"
    table.cell(1, 0).text = "Support"
    table.cell(1, 1).text = "Pas notre problème"
    doc.add_paragraph("Conclusion générale.")
    doc.save(path)
    return path


def make_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, List, ListItem, P, S, Span, Tab

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Compte rendu de réunion"))
    para = P(text="Le client ")
    para.addElement(Span(text="n'est pas"))
    para.addText(" prioritaire.")
    para.addElement(S(c=3))
    para.addText("après")
    para.addElement(Tab())
    para.addText("tab")
    para.addElement(LineBreak())
    para.addText("seconde ligne")
    doc.text.addElement(para)
    items = List()
    item = ListItem()
    item.addElement(P(text="Point à revoir"))
    items.addElement(item)
    doc.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for value in ("Équipe", "Délai"):
        cell = TableCell()
        cell.addElement(P(text=value))
        row.addElement(cell)
    table.addElement(row)
    doc.text.addElement(table)
    doc.text.addElement(P(text="Fin."))
    doc.save(str(path))
    return path


def make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 80, 40, style="F")
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    writer.write(target)
    return target


def plain_message(subject: str = "Réunion d'équipe : retours clients", body: str | None = None,
                  sender: str = "Élodie Martin <Elodie.Martin@Example.FR>",
                  date: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "equipe@example.fr"
    msg["Subject"] = subject
    msg["Date"] = date or format_datetime(datetime(2025, 3, 4, 9, 15, tzinfo=PARIS))
    msg.set_content(body or "Bonjour,\nCe n'est pas à nous de gérer ça, le client attendra.\nÉlodie\n",
                    charset="utf-8", cte="quoted-printable")
    return msg


def html_only_message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "paul@example.fr"
    msg["Subject"] = "Re: délais"
    msg["Date"] = "Wed, 05 Mar 2025 14:00:00 +0100"
    msg.set_content(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Je suis d&#39;accord, on verra plus tard.</p>"
        "<div>Le 4 mars, Élodie a écrit :</div>"
        "<blockquote><p>Le client attendra.</p><p>Ce n&rsquo;est pas urgent.</p></blockquote>"
        "</body></html>",
        subtype="html", charset="utf-8", cte="quoted-printable",
    )
    return msg


def alternative_message() -> EmailMessage:
    msg = plain_message(subject="Alternative", body="Texte brut : procédure d'abord.\n")
    msg.add_alternative("<p>Version <b>HTML</b> à ignorer</p>", subtype="html")
    msg.add_attachment(b"Contenu de la piece jointe SECRET", maintype="text", subtype="plain",
                       filename="annexe.txt")
    return msg


def image_only_message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "scan@example.fr"
    msg["Subject"] = "Photo"
    msg.add_attachment(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, maintype="image", subtype="png", filename="a.png")
    return msg


def make_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(path)
    for msg in messages:
        box.add(msg.as_bytes())
    box.flush()
    box.close()
    return path


def make_zip_bomb(path: Path, size: int = 50_000_000) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"a" * size)
    return path


def read_one(path: Path, limits: Limits | None = None):
    docs = list(read_file(path, path.parent, limits))
    assert len(docs) == 1, docs
    return docs[0]


# ---------------------------------------------------------------------------------------------
# text files
# ---------------------------------------------------------------------------------------------
def test_supported_formats():
    assert SUPPORTED_FORMATS[".txt"] == "txt" and SUPPORTED_FORMATS[".htm"] == "html"
    assert set(SUPPORTED_FORMATS.values()) == {"txt", "md", "html", "docx", "odt", "pdf", "eml", "mbox", "msg", "slack"}


def test_utf8_text_with_bom(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Le client ? Ça n’a pas été fait.".encode())
    doc = read_one(path)
    assert (doc.status, doc.format, doc.kind) == (ANALYSED, "txt", "text")
    assert doc.text == "Le client ? Ça n’a pas été fait."  # BOM removed
    assert doc.document == doc.path == "note.txt"


def test_cp1252_text(tmp_path):
    path = tmp_path / "ancien.md"
    path.write_bytes("Tarif « 15 € » : réclamation\r\nrefusée".encode("cp1252"))
    doc = read_one(path)
    assert doc.format == "md"
    assert doc.text == "Tarif « 15 € » : réclamation\nrefusée"


def test_latin1_text_is_read(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Procédure « standard », déjà validée.".encode("latin-1"))
    assert read_one(path).text == "Procédure « standard », déjà validée."


def test_utf16_with_bom_is_not_binary(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("Délai dépassé".encode("utf-16"))
    assert read_one(path).text == "Délai dépassé"


@pytest.mark.parametrize("data", [b"abc\x00def" * 10, bytes(range(1, 9)) * 20 + b"text"])
def test_binary_content_in_text_file(tmp_path, data):
    path = tmp_path / "data.txt"
    path.write_bytes(data)
    doc = read_one(path)
    assert (doc.status, doc.reason) == (SKIPPED, "binary content in a text file")


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------
def test_html_to_text_structure():
    html = (
        "<html><head><title>Titre</title><script>var x = 'caché';</script></head><body>"
        "<h1>Retours&nbsp;clients</h1><p>Première   ligne<br>seconde &amp; fin</p>"
        "<ul><li>un</li><li>deux</li></ul>"
        "<table><tr><th>Équipe</th><th>Délai</th></tr><tr><td>Support</td><td>3 j</td></tr></table>"
        "<blockquote><p>cité</p><blockquote>deux fois</blockquote></blockquote><style>p{}</style>Fin"
        "</body></html>"
    )
    assert html_to_text(html).split("\n") == [
        "Retours\xa0clients", "Première ligne", "seconde & fin", "un", "deux",
        "Équipe | Délai", "Support | 3 j", "> cité", "> > deux fois", "Fin",
    ]


def test_html_file_with_meta_charset(tmp_path):
    path = tmp_path / "page.htm"
    html = '<html><head><meta charset="windows-1252"></head><body><p>Coût : 15 €, réglé</p></body></html>'
    path.write_bytes(html.encode("cp1252"))
    doc = read_one(path)
    assert (doc.format, doc.text) == ("html", "Coût : 15 €, réglé")


def test_html_file_without_charset_is_detected(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("<p>Réunion annulée</p>".encode())
    assert read_one(path).text == "Réunion annulée"


# ---------------------------------------------------------------------------------------------
# docx, odt
# ---------------------------------------------------------------------------------------------
def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    doc = read_one(make_docx(tmp_path / "cr.docx"))
    assert (doc.status, doc.format) == (ANALYSED, "docx")
    assert doc.text.split("\n") == [
        "Introduction : le client n'est pas notre priorité.",
        "Équipe | Délai",
        "Support | Pas notre problème",
        "Conclusion générale.",
    ]


def test_odt_text(tmp_path):
    doc = read_one(make_odt(tmp_path / "cr.odt"))
    assert (doc.status, doc.format) == (ANALYSED, "odt")
    assert doc.text.split("\n") == [
        "# Compte rendu de réunion",  # a heading, marked as in markdown for the clean stage
        "Le client n'est pas prioritaire.   après\ttab",
        "seconde ligne",
        "- Point à revoir",  # a list item
        "Équipe | Délai",
        "Fin.",
    ]


def test_truncated_docx_is_not_a_zip(tmp_path):
    good = make_docx(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 3])
    assert read_one(path).reason == "not a valid docx (bad zip)"


def test_zip_bomb_docx_rejected_without_inflating(tmp_path, monkeypatch):
    path = make_zip_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 1_000_000
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    doc = read_one(path)
    assert doc.status == SKIPPED
    assert doc.reason.startswith("docx: archive looks like a zip bomb (ratio ")
    assert doc.reason.endswith(":1)")
    assert opened == []  # decided from the central directory only


def test_zip_declared_size_and_member_limits(tmp_path):
    path = make_docx(tmp_path / "ok.docx")
    doc = read_one(path, Limits(max_zip_uncompressed_bytes=1000))
    assert doc.reason.startswith("docx: archive looks like a zip bomb (") and "uncompressed > 1 KB" in doc.reason
    assert read_one(path, Limits(max_zip_members=3)).reason.startswith("docx: too many archive members (")
    odt = make_odt(tmp_path / "ok.odt")
    assert read_one(odt, Limits(max_zip_uncompressed_bytes=1000)).reason.startswith("odt: archive looks like")


def test_odt_without_content(tmp_path):
    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert read_one(path).reason == "not a valid odt (no content.xml)"


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------
def test_pdf_pages_joined(tmp_path):
    path = make_pdf(tmp_path / "cr.pdf", ["Réunion du comité : \"pas notre problème\"", "Deuxième page, très claire."])
    doc = read_one(path)
    assert (doc.status, doc.format) == (ANALYSED, "pdf")
    assert "Réunion du comité" in doc.text and "pas notre problème" in doc.text
    assert doc.text.index("comité") < doc.text.index("Deuxième page, très claire.")


def test_encrypted_pdf(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", ["Confidentiel : délai refusé"])
    locked = encrypt_pdf(plain, tmp_path / "locked.pdf", "secret")
    assert read_one(locked).reason == "encrypted PDF"
    open_pdf = encrypt_pdf(plain, tmp_path / "restricted.pdf", "")  # empty user password: readable
    assert "délai refusé" in read_one(open_pdf).text


def test_pdf_without_text_layer(tmp_path):
    assert read_one(make_scanned_pdf(tmp_path / "scan.pdf")).reason == "no text layer (scanned PDF?)"


def test_invalid_pdf(tmp_path):
    path = tmp_path / "faux.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    doc = read_one(path)
    assert doc.status == SKIPPED
    assert doc.reason.startswith(("not a valid PDF (", "no text layer"))


# ---------------------------------------------------------------------------------------------
# e-mail
# ---------------------------------------------------------------------------------------------
def test_eml_headers_and_quoted_printable_body(tmp_path):
    raw = plain_message().as_bytes()
    assert b"=?utf-8?" in raw and b"=C3=A0 nous" in raw  # the fixture is really encoded
    path = tmp_path / "mail.eml"
    path.write_bytes(raw)
    doc = read_one(path)
    assert (doc.status, doc.format, doc.kind) == (ANALYSED, "eml", "email")
    assert doc.author == "elodie.martin@example.fr"
    assert doc.author_name == "Élodie Martin"
    assert doc.date == "2025-03-04T09:15:00+01:00"
    assert doc.subject == "Réunion d'équipe : retours clients"
    assert doc.text == "Bonjour,\nCe n'est pas à nous de gérer ça, le client attendra.\nÉlodie\n"


def test_eml_html_only_body_keeps_quotes_marked(tmp_path):
    path = tmp_path / "html.eml"
    path.write_bytes(html_only_message().as_bytes())
    doc = read_one(path)
    assert doc.author == "paul@example.fr" and doc.author_name is None
    assert doc.text.split("\n") == [
        "Je suis d'accord, on verra plus tard.",
        "Le 4 mars, Élodie a écrit :",
        "> Le client attendra.",
        "> Ce n’est pas urgent.",
    ]


def test_eml_multipart_alternative_prefers_plain_and_ignores_attachments(tmp_path):
    path = tmp_path / "alt.eml"
    path.write_bytes(alternative_message().as_bytes())
    doc = read_one(path)
    assert doc.text == "Texte brut : procédure d'abord.\n"
    assert "SECRET" not in doc.text and "HTML" not in doc.text


def test_eml_bad_date_and_unknown_charset(tmp_path):
    raw = (
        b"From: =?utf-8?q?Ren=C3=A9?= <rene@example.fr>\r\n"
        b"Subject: test\r\nDate: not a date\r\n"
        b"Content-Type: text/plain; charset=x-unknown-charset\r\n\r\n"
        + "Réponse : non.\r\n".encode()
    )
    path = tmp_path / "odd.eml"
    path.write_bytes(raw)
    doc = read_one(path)
    assert doc.date is None
    assert (doc.author, doc.author_name) == ("rene@example.fr", "René")
    assert doc.text == "Réponse : non.\n"


def test_mbox_one_document_per_message(tmp_path):
    path = make_mbox(tmp_path / "boite.mbox",
                     [plain_message(subject="Premier"), image_only_message(), html_only_message()])
    docs = list(read_file(path, tmp_path))
    assert [d.document for d in docs] == ["boite.mbox#1", "boite.mbox#2", "boite.mbox#3"]
    assert {d.path for d in docs} == {"boite.mbox"} and {d.format for d in docs} == {"mbox"}
    assert docs[0].subject == "Premier" and "le client attendra" in docs[0].text
    assert (docs[1].status, docs[1].reason) == (SKIPPED, "no text body")
    assert docs[2].status == ANALYSED and "> Le client attendra." in docs[2].text


def test_mbox_bad_message_does_not_stop_the_others(tmp_path, monkeypatch):
    path = make_mbox(tmp_path / "b.mbox", [plain_message(subject=f"Message {i}") for i in (1, 2, 3)])
    real = mail_module.message_record

    def fragile(data, ref, *rest):
        if b"Message 2" in data:
            raise RuntimeError("corrupted\nheader")
        return real(data, ref, *rest)

    monkeypatch.setattr(mail_module, "message_record", fragile)
    docs = list(read_file(path, tmp_path))
    assert [(d.document, d.status) for d in docs] == [
        ("b.mbox#1", ANALYSED), ("b.mbox#2", SKIPPED), ("b.mbox#3", ANALYSED)]
    assert docs[1].reason == "bad message (corrupted header)"
    assert docs[2].subject == "Message 3"


def test_mbox_message_limit(tmp_path):
    path = make_mbox(tmp_path / "b.mbox", [plain_message(subject=f"M{i}") for i in range(4)])
    docs = list(read_file(path, tmp_path, Limits(max_mbox_messages=2)))
    assert [d.status for d in docs] == [ANALYSED, ANALYSED, SKIPPED]
    assert docs[2].document == "b.mbox#3" and docs[2].reason.startswith("mbox message limit reached (2)")


def test_msg_without_optional_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # import fails even if installed
    path = tmp_path / "outlook.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    doc = read_one(path)
    assert (doc.status, doc.format) == (SKIPPED, "msg")
    assert doc.reason == "reading .msg needs the optional extra: pip install 'posturescan[msg]'"


# ---------------------------------------------------------------------------------------------
# limits, walking, hostile folders
# ---------------------------------------------------------------------------------------------
def test_file_too_large_and_text_too_long(tmp_path):
    path = tmp_path / "gros.txt"
    path.write_text("x" * 2500)
    assert read_one(path, Limits(max_file_bytes=1000)).reason == "file too large (2.5 KB > 1 KB)"
    assert read_one(path, Limits(max_text_chars=100)).reason == "extracted text too long (2,500 chars > 100)"


def build_hostile_folder(root: Path) -> Path:
    root.mkdir()
    (root / "bon.txt").write_text("Le client n'est pas roi.", encoding="utf-8")
    sub = root / "sous-dossier"
    sub.mkdir()
    make_docx(sub / "compte-rendu.docx")
    (sub / "note.md").write_text("Note en « Markdown ».", encoding="utf-8")
    (root / "vide.txt").write_bytes(b"")
    (root / "binaire.txt").write_bytes(os.urandom(2000) + b"\x00")
    (root / "casse.docx").write_bytes(b"PK\x03\x04 truncated nonsense")
    make_zip_bomb(root / "bombe.docx")
    encrypt_pdf(make_pdf(tmp_pdf := root.parent / "src.pdf", ["secret"]), root / "chiffre.pdf", "pw")
    tmp_pdf.unlink()
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / ".cache.txt").write_text("hidden")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("hidden too")
    (sub / "boucle").symlink_to(root, target_is_directory=True)  # symlink loop
    (root / "lien-casse.txt").symlink_to(root / "absent.txt")
    (root / "auto.txt").symlink_to(root / "auto.txt")  # a link to itself
    return root


def test_hostile_folder(tmp_path):
    root = build_hostile_folder(tmp_path / "docs")
    docs = list(iter_documents([root], Limits()))
    by_id = {d.document: d for d in docs}
    assert len(by_id) == len(docs)  # ids are unique: the loop did not revisit anything
    assert sorted(by_id) == [
        "auto.txt", "binaire.txt", "bombe.docx", "bon.txt", "casse.docx", "chiffre.pdf", "image.png", "lien-casse.txt",
        "sous-dossier/compte-rendu.docx", "sous-dossier/note.md", "vide.txt",
    ]
    reasons = {k: d.reason for k, d in by_id.items() if d.status == SKIPPED}
    assert reasons == {
        "vide.txt": "empty file",
        "binaire.txt": "binary content in a text file",
        "casse.docx": "not a valid docx (bad zip)",
        "bombe.docx": reasons["bombe.docx"],
        "chiffre.pdf": "encrypted PDF",
        "image.png": "unsupported format .png",
        "lien-casse.txt": "broken symbolic link",
        "auto.txt": reasons["auto.txt"],
    }
    assert reasons["auto.txt"].startswith("cannot read file (")
    assert "zip bomb" in reasons["bombe.docx"]
    assert by_id["bon.txt"].text == "Le client n'est pas roi."
    assert by_id["sous-dossier/note.md"].text == "Note en « Markdown »."
    assert "Support | Pas notre problème" in by_id["sous-dossier/compte-rendu.docx"].text
    assert all(d.reason and "\n" not in d.reason for d in docs if d.status == SKIPPED)


def test_walk_order_is_deterministic(tmp_path):
    root = build_hostile_folder(tmp_path / "docs")
    first = [(d.document, d.status, d.reason, d.text) for d in iter_documents([root])]
    second = [(d.document, d.status, d.reason, d.text) for d in iter_documents([root])]
    assert first == second
    assert [doc_id for doc_id, *_ in first] == sorted(doc_id for doc_id, *_ in first)


def test_several_inputs_get_unique_ids(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "docs").mkdir(parents=True)
        (tmp_path / name / "docs" / "note.txt").write_text(f"Note {name}")
    single = tmp_path / "seul.txt"
    single.write_text("Seul")
    docs = list(iter_documents([tmp_path / "a" / "docs", tmp_path / "b" / "docs", single]))
    assert [(d.document, d.path, d.text) for d in docs] == [
        ("docs/note.txt", "docs/note.txt", "Note a"),
        ("docs~2/note.txt", "docs~2/note.txt", "Note b"),
        ("seul.txt", "seul.txt", "Seul"),
    ]
    assert [d.document for d in iter_documents([tmp_path / "a" / "docs"])] == ["note.txt"]


def test_missing_input(tmp_path):
    [doc] = iter_documents([tmp_path / "absent"])
    assert (doc.status, doc.reason) == (SKIPPED, "input not found")


def test_read_file_relative_paths_are_posix(tmp_path):
    sub = tmp_path / "x" / "y"
    sub.mkdir(parents=True)
    (sub / "n.txt").write_text("texte")
    [doc] = read_file(sub / "n.txt", tmp_path)
    assert doc.document == doc.path == "x/y/n.txt"


# ---------------------------------------------------------------------------------------------
# document dates (sources/dates.py): metadata, then the top of the text, then the file name
# ---------------------------------------------------------------------------------------------
from posturescan.sources.dates import filename_date, metadata_date, text_date  # noqa: E402


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20250428152000+02'00'", "2025-04-28T15:20:00+02:00"),
        ("D:20250428152000Z", "2025-04-28T15:20:00+00:00"),
        ("D:20250428", "2025-04-28"),
        ("2025-02-20T15:45:00Z", "2025-02-20T15:45:00+00:00"),
        ("2025-02-20T15:45:00.123456", "2025-02-20T15:45:00"),
        ("2025-03-18", "2025-03-18"),
        ("2025-03-18T09:30:00+01:00", "2025-03-18T09:30:00+01:00"),
        (datetime(2024, 12, 12, 16, 30, tzinfo=timezone.utc), "2024-12-12T16:30:00+00:00"),
        ("1985-01-01", None),  # implausible year
        ("2150-01-01T00:00:00Z", None),
        ("2025-02-31", None),  # no such day
        ("D:2025", None),  # a year alone is not a date
        ("hier", None),
        ("", None),
        (None, None),
        (datetime(2013, 12, 23, 23, 15, tzinfo=timezone.utc), None),  # python-docx template default
    ],
)
def test_metadata_date(value, expected):
    assert metadata_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Compte rendu\nDate : 12/03/2025\nLieu : Blois", "2025-03-12"),
        ("# Réunion\n\n**Date** : jeudi 12 mars 2025, 9 h 30 – 11 h", "2025-03-12"),
        ("Date : 1er Février 2025", "2025-02-01"),
        ("Date\u00a0: 4\u00a0févr. 2025", "2025-02-04"),
        ("Réunion du 4 février 2025\nPrésents : Karim", "2025-02-04"),
        ("Notes – appel de Mme Delorme – 05/11/2024 – Thomas", "2024-11-05"),
        ("Note interne\nRédigée le 03/02/2025 par Julie", "2025-02-03"),
        ("Version 2025-03-24", "2025-03-24"),
        # the « Date : » field wins over an earlier date of the title
        ("Suite à la réunion du 3 mars 2025\nDate : 10 mars 2025", "2025-03-10"),
        ("Date : 31/02/2025", None),
        ("Date : 12/03/1850", None),
        ("Réunion du 3 mars", None),  # no year
        ("Montant : 1 260 € HT, facture 2024-0412", None),
        ("\n".join(["ligne"] * 15 + ["Date : 12/03/2025"]), None),  # beyond the first 15 lines
    ],
)
def test_text_date(text, expected):
    assert text_date(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025-03-24_re-relances.eml", "2025-03-24"),
        ("cr_20250324.md", "2025-03-24"),
        ("notes/2025_03_24 appel.txt", "2025-03-24"),
        ("2024/notes-2025-01-09.txt", "2025-01-09"),
        ("2025-13-01_x.txt", None),
        ("facture_123456789.txt", None),
        ("cr.docx", None),
    ],
)
def test_filename_date(name, expected):
    assert filename_date(name) == expected


def test_text_file_date_from_text_then_file_name_never_mtime(tmp_path):
    with_field = tmp_path / "2025-01-01_cr.txt"
    with_field.write_text("Compte rendu\nDate : 12/03/2025\nKarim : bon.\n", encoding="utf-8")
    assert read_one(with_field).date == "2025-03-12"  # the text wins over the file name
    named = tmp_path / "2025-03-24_notes.md"
    named.write_text("# Notes\n\nRien de daté ici.\n", encoding="utf-8")
    assert read_one(named).date == "2025-03-24"
    plain = tmp_path / "notes.txt"
    plain.write_text("Rien de daté ici.\n", encoding="utf-8")
    os.utime(plain, (1_700_000_000, 1_700_000_000))
    assert read_one(plain).date is None


def test_docx_date_from_core_properties(tmp_path):
    from docx import Document

    path = tmp_path / "2020-01-01_cr.docx"
    doc = Document()
    doc.add_paragraph("Date : 5 mai 2024")
    doc.core_properties.created = datetime(2024, 12, 12, 16, 30)
    doc.core_properties.modified = datetime(2025, 1, 2, 8, 0)
    doc.save(path)
    assert read_one(path).date == "2024-12-12T16:30:00+00:00"  # created, before modified and text


def test_docx_template_default_date_is_ignored(tmp_path):
    # python-docx's template says 2013-12-23: not the document's date; the file name is used
    path = make_docx(tmp_path / "2025-03-24_cr.docx")
    assert read_one(path).date == "2025-03-24"


def test_odt_date_from_meta(tmp_path):
    from odf import dc, meta

    path = make_odt(tmp_path / "cr.odt")
    assert read_one(path).date is None  # no meta date, no date in the text or the name
    from odf.opendocument import load

    doc = load(str(path))
    doc.meta.addElement(dc.Date(text="2025-02-21T10:00:00"))
    doc.meta.addElement(meta.CreationDate(text="2025-02-20T15:45:00"))
    doc.save(str(path))
    assert read_one(path).date == "2025-02-20T15:45:00"  # creation date before dc:date


def test_odt_dc_date_when_no_creation_date(tmp_path):
    from odf import dc
    from odf.opendocument import load

    path = make_odt(tmp_path / "cr.odt")
    doc = load(str(path))
    doc.meta.addElement(dc.Date(text="2025-02-21"))
    doc.save(str(path))
    assert read_one(path).date == "2025-02-21"


def test_pdf_date_from_creation_date(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2025, 4, 28, 15, 20, tzinfo=timezone(timedelta(hours=2))))
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Date : 1er mars 2025")
    path = tmp_path / "note.pdf"
    pdf.output(str(path))
    assert read_one(path).date == "2025-04-28T15:20:00+02:00"


def test_html_date_from_meta_and_headings_marked(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><meta property="article:published_time" content="2025-03-18T08:00:00+01:00">'
        '<meta name="Date" content="2025-03-17"></head><body>'
        "<h1>Cap Client : ce qui change au quotidien</h1><p>Publié le 20 mars 2025.</p></body></html>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert doc.date == "2025-03-17"  # <meta name="date"> first
    assert doc.text.split("\n") == ["# Cap Client : ce qui change au quotidien", "Publié le 20 mars 2025."]
    path.write_text(
        '<html><head><meta property="article:published_time" content="2025-03-18T08:00:00+01:00">'
        "</head><body><p>Texte.</p></body></html>",
        encoding="utf-8",
    )
    assert read_one(path).date == "2025-03-18T08:00:00+01:00"


def test_html_to_text_marks_headings_only_when_asked():
    html = "<h2>Titre : sous-titre</h2><p>Texte</p>"
    assert html_to_text(html) == "Titre : sous-titre\nTexte"
    assert html_to_text(html, mark_headings=True) == "# Titre : sous-titre\nTexte"


def test_email_date_is_only_its_header(tmp_path):
    # a body date may belong to a quoted message: an e-mail without a Date header has no date
    raw = b"From: rene@example.fr\r\nSubject: test\r\n\r\nDate : 12/03/2025\r\nBonjour.\r\n"
    path = tmp_path / "2025-01-01_mail.eml"
    path.write_bytes(raw)
    assert read_one(path).date is None
