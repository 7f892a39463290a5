"""Documents as people write them: structure, tables, example lists, chats (issue 11).

Each fixture is built in a real format, read from disk, cleaned and analysed with the real pipeline and
the shipped default model; each test asserts the exact set of counted (label, speaker) pairs of its
document, and what must not be counted (headings, table data, quoted examples, comments, deletions).
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from posturescan.api import DocumentResult
from posturescan.clean import clean_document
from posturescan.records import COUNTED_STATUSES, DATA, HEADING, LABEL, MENTION, SourceDocument
from posturescan.sources import read_file


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def analyse(analyzer, path: Path) -> DocumentResult:
    [result] = list(analyzer.analyse_paths([path]))
    assert result.source.status == "analysed", result.source.reason
    return result


def counted(result: DocumentResult) -> set[tuple[str, str | None]]:
    return {(d.label, d.speaker) for d in result.detections if d.status in COUNTED_STATUSES}


def statuses(result: DocumentResult, label: str) -> list[str]:
    return [d.status for d in result.detections if d.label == label]


def counts_alone(analyzer, text: str) -> set[str]:
    """Labels counted when ``text`` is analysed as a plain sentence (to show a fixture is a real trap)."""
    return {d.label for d in analyzer.analyse_text(text) if d.status in COUNTED_STATUSES}


def one(path: Path) -> SourceDocument:
    [doc] = list(read_file(path, path.parent))
    return doc


# ---------------------------------------------------------------------------------------------
# .docx: heading styles, an action table, a text box, tracked changes, a footnote, a comment
# ---------------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING_TRAP = "Pas le temps de rappeler les clients ?"
TEXT_BOX = "La saisie dans le logiciel, c'est de l'administratif pur, ça ne sert à rien."


def _text_box_run(text: str):
    """A run holding a text box, stored as Word does: a DrawingML choice and a VML fallback copy."""
    from docx.oxml import parse_xml

    para = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    return parse_xml(
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        f'<w:txbxContent>{para}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{para}</w:txbxContent></v:textbox>'
        '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def _tracked(kind: str, text: str):
    from docx.oxml import parse_xml

    tag = "w:t" if kind == "ins" else "w:delText"
    return parse_xml(f'<w:{kind} xmlns:w="{W_NS}" w:id="9{len(text)}" w:author="Relecteur" w:date="2025-05-12T10:00:00Z">'
                     f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r></w:{kind}>')


def _add_footnote(data: bytes, text: str) -> bytes:
    """Adds word/footnotes.xml with one footnote (python-docx cannot write notes)."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        '</w:footnotes>'
    )
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdNotes1" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                          b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(info, content)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def _toc_style(doc) -> str:
    from docx.enum.style import WD_STYLE_TYPE

    if "TOC 1" not in [style.name for style in doc.styles]:
        doc.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    return "TOC 1"


def make_minutes_docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Réunion du service accueil", level=0)
    doc.add_paragraph("Date : 12 mai 2025")
    doc.add_paragraph(f"{HEADING_TRAP}\t1", style=_toc_style(doc))  # a table of contents repeats the headings
    doc.add_heading(HEADING_TRAP, level=1)
    anchor = doc.add_paragraph("Le standard reste ouvert de 9 h à 17 h.")
    anchor._p.append(_text_box_run(TEXT_BOX))
    commented = doc.add_paragraph("Les horaires d'été seront affichés à l'entrée.")
    if hasattr(doc, "add_comment"):  # python-docx >= 1.2 writes comments
        doc.add_comment(commented.runs, text="On n'a pas le temps de tout afficher.", author="Marc Dufresne")
    doc.add_paragraph("Karim Benali : Franchement, on n'a pas le temps de rappeler les clients cette semaine.")
    doc.add_paragraph("Julie Lefèvre : Je vais rappeler moi-même chaque client pour vérifier que sa demande est réglée.")
    edited = doc.add_paragraph("Sophie Roussel : ")
    edited._p.append(_tracked("del", "Les devis, ce n'est pas mon problème."))
    edited._p.append(_tracked("ins", "Je prépare les devis demandés avant vendredi."))
    doc.add_heading("Plan d'actions", level=1)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "Pilote", "Échéance")):
        cell.text = text
    for row in (("Rappeler les clients en attente", "Karim", "15 mai"),
                ("Ce n'est pas notre rôle de relancer les impayés, on transmet à la comptabilité.", "Olivier Morel", "20 mai"),
                ("Pas le temps", "Julie", "à définir")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.save(path)
    path.write_bytes(_add_footnote(path.read_bytes(), "Avant c'était gratuit, maintenant on fait payer les attestations."))
    return path


def test_docx_reads_headings_text_boxes_insertions_and_notes_but_not_comments_or_deletions(tmp_path):
    text = one(make_minutes_docx(tmp_path / "cr.docx")).text
    lines = text.split("\n")
    assert lines[0] == "# Réunion du service accueil" and f"# {HEADING_TRAP}" in lines and "# Plan d'actions" in lines
    assert f"###### {HEADING_TRAP}\t1" in lines  # the table of contents
    box = lines.index(TEXT_BOX)  # once: the VML fallback copy is skipped
    assert lines[box - 1] == "Le standard reste ouvert de 9 h à 17 h." and text.count(TEXT_BOX) == 1
    assert "Sophie Roussel : Je prépare les devis demandés avant vendredi." in lines
    assert "pas mon problème" not in text  # deleted in tracked changes
    assert "tout afficher" not in text  # a comment
    assert lines[-2:] == ["# Notes", "Avant c'était gratuit, maintenant on fait payer les attestations."]
    assert "Ce n'est pas notre rôle de relancer les impayés, on transmet à la comptabilité. | Olivier Morel | 20 mai" in lines


def test_docx_minutes_count_turns_cells_and_notes_never_headings_or_data(analyzer, tmp_path):
    assert "manque_de_temps" in counts_alone(analyzer, HEADING_TRAP)  # as a sentence, the heading would count
    assert "manque_de_temps" in counts_alone(analyzer, "Pas le temps")
    result = analyse(analyzer, make_minutes_docx(tmp_path / "cr.docx"))
    assert counted(result) == {
        ("manque_de_temps", "Karim Benali"),
        ("posture_client", "Julie Lefèvre"),
        ("demarche_administrative", None),  # the text box
        ("hors_perimetre", None),  # the table cell that is a full sentence
        ("faire_payer", None),  # the footnote
    }
    cell = [d for d in result.detections if "impayés" in d.sentence]
    assert cell and all(d.sentence == "Ce n'est pas notre rôle de relancer les impayés, on transmet à la comptabilité."
                        for d in cell)  # the cell alone, never the row with its pilot
    assert not [d for d in result.detections if HEADING_TRAP in d.sentence or d.sentence.startswith("Pas le temps")]
    assert result.names == ["Karim", "Olivier Morel", "Julie"]
    assert result.contributions == {None: 5, "Karim Benali": 1, "Julie Lefèvre": 1, "Sophie Roussel": 1}


def test_names_in_table_cells_never_reach_an_excerpt(analyzer, tmp_path):
    from docx import Document

    from posturescan.run import DETECTIONS_FILE, run_analysis

    doc = Document()
    doc.add_heading("Suivi des réclamations", level=1)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Prénom", "Nom", "Remarque")):
        cell.text = text
    for cell, text in zip(table.add_row().cells, ("Gaspard", "Troisfontaines",
                                                  "Gaspard Troisfontaines estime que ce n'est pas son rôle de rappeler les clients.")):
        cell.text = text
    folder = tmp_path / "in"
    folder.mkdir()
    doc.save(folder / "suivi.docx")
    run_analysis([folder], tmp_path / "out", analyzer)
    detections = [json.loads(line) for line in (tmp_path / "out" / DETECTIONS_FILE).read_text(encoding="utf-8").splitlines()]
    assert detections and {d["label"] for d in detections} == {"hors_perimetre"}
    for det in detections:
        blob = json.dumps(det, ensure_ascii=False)
        assert "Gaspard" not in blob and "Troisfontaines" not in blob, blob
        assert "[personne]" in det["sentence"] and "|" not in det["sentence"]


# ---------------------------------------------------------------------------------------------
# .odt: headings, a list of phrases not to say, a footnote, a comment, a text box
# ---------------------------------------------------------------------------------------------
def make_odt(path: Path) -> Path:
    from odf.draw import Frame, TextBox
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, Note, NoteBody, NoteCitation, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Point d'étape Cap Client"))
    doc.text.addElement(H(outlinelevel=2, text="Ce qu'on ne dit plus"))
    items = List()
    for phrase in ("« Ce n'est pas mon service. »", "« On n'a pas le temps. »", "« Avant, c'était gratuit. »"):
        item = ListItem()
        item.addElement(P(text=phrase))
        items.addElement(item)
    doc.text.addElement(items)
    doc.text.addElement(H(outlinelevel=2, text="Ce qui a changé"))
    para = P(text="Isabelle Fournier : Les conseillers rappellent désormais chaque entreprise sous 48 heures pour vérifier que tout est réglé.")
    note = Note(noteclass="footnote", id="ftn1")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="Avant c'était gratuit, maintenant on fait payer les attestations."))
    note.addElement(body)
    para.addElement(note)
    doc.text.addElement(para)
    commented = P(text="La salle B est réservée pour la prochaine réunion.")
    annotation = Annotation()
    annotation.addElement(P(text="On n'a pas le temps de réserver."))
    commented.addElement(annotation)
    doc.text.addElement(commented)
    anchor = P(text="Le planning est affiché.")
    frame = Frame(width="5cm", height="2cm", anchortype="paragraph")
    box = TextBox()
    box.addElement(P(text="Laurent Picard : On attend les consignes de la direction avant de bouger."))
    frame.addElement(box)
    anchor.addElement(frame)
    doc.text.addElement(anchor)
    doc.save(str(path))
    return _add_odt_deletion(path, "Ce n'est pas mon problème, voyez avec le standard.")


def _add_odt_deletion(path: Path, deleted: str) -> Path:
    """A tracked deletion (odfpy cannot write one): its text is kept in text:tracked-changes."""
    import re

    src, out = zipfile.ZipFile(path), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "content.xml":
                region = ('<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
                          '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Relecteur</dc:creator></office:change-info>'
                          f'<text:p>{deleted}</text:p></text:deletion></text:changed-region></text:tracked-changes>')
                content = re.sub(rb"(<office:text[^>]*>)", lambda m: m.group(1) + region.encode(), content, count=1)
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())
    return path


def test_odt_structure_and_what_is_read(analyzer, tmp_path):
    path = make_odt(tmp_path / "point.odt")
    text = one(path).text
    lines = text.split("\n")
    assert lines[:3] == ["# Point d'étape Cap Client", "## Ce qu'on ne dit plus", "- « Ce n'est pas mon service. »"]
    assert "Le planning est affiché." in lines and lines[lines.index("Le planning est affiché.") + 1].startswith("Laurent Picard : ")
    assert "réserver" not in text  # comments are not read
    assert "voyez avec le standard" not in text  # tracked deletions are not read
    assert lines[-2:] == ["# Notes", "Avant c'était gratuit, maintenant on fait payer les attestations."]
    result = analyse(analyzer, path)
    assert counted(result) == {
        ("posture_client", "Isabelle Fournier"),
        ("attente_consignes", "Laurent Picard"),  # in the text box
        ("faire_payer", None),  # the footnote
    }
    assert set(statuses(result, "hors_perimetre")) == set(statuses(result, "manque_de_temps")) == {"mention"}
    assert statuses(result, "faire_payer") == ["mention", "asserted"]


# ---------------------------------------------------------------------------------------------
# Markdown minutes with an agenda; a newsletter of phrases to avoid
# ---------------------------------------------------------------------------------------------
MINUTES_MD = """\
# Réunion d'équipe formation – 12 mai 2025

Présents : Karim Benali, Julie Lefèvre, Marc Dufresne

Ordre du jour
1. Relation client : point d'étape
2. Réclamations
3. Questions diverses

## 1. Relation client : point d'étape

Karim : On n'a pas le temps de rappeler tous les anciens stagiaires, c'est impossible avec le planning actuel.

Julie : Je propose de rappeler chaque stagiaire une semaine après la session pour savoir si la formation a répondu à son besoin.

2. Réclamations

Le nombre de dossiers reste stable ce mois-ci.

Ce qui a changé
Les factures partent désormais avec l'attestation de présence.

Marc : Ce n'est pas mon travail de répondre aux réclamations sur les factures.
"""

NEWSLETTER_MD = """\
# La lettre Cap Client – juin 2025

Chaque mois, quelques phrases entendues au téléphone et ce que l'on peut dire à la place.

## Les formules qui fâchent

- Ce n'est pas mon rôle.
- On n'a pas le temps de vous rappeler.
- Avant, c'était gratuit.
- Il faut voir avec la direction, moi je ne peux rien faire.

## Exemples

1. Les clients appellent toujours pour rien, ils nous font perdre notre temps.
2. C'est comme ça, c'est la procédure.

## Le mot de la direction

Merci à toutes les équipes pour leur mobilisation.
"""


def test_markdown_minutes_agenda_and_headings_are_context(analyzer, tmp_path):
    path = tmp_path / "2025-05-12_reunion.md"
    path.write_text(MINUTES_MD, encoding="utf-8")
    clean = clean_document(one(path))
    headings = {clean.text[b.start:b.end] for b in clean.blocks if b.kind == HEADING}
    assert {"Ordre du jour", "1. Relation client : point d'étape", "2. Réclamations", "3. Questions diverses",
            "## 1. Relation client : point d'étape", "2. Réclamations", "Ce qui a changé"} <= headings
    assert {clean.text[b.start:b.end] for b in clean.blocks if b.kind == LABEL} == {"Karim :", "Julie :", "Marc :"}
    result = analyse(analyzer, path)
    assert counted(result) == {
        ("manque_de_temps", "Karim"),
        ("posture_client", "Julie"),
        ("hors_perimetre", "Marc"),
    }
    assert result.contributions == {None: 2, "Karim": 1, "Julie": 1, "Marc": 1}


def test_newsletter_of_phrases_to_avoid_counts_nothing(analyzer, tmp_path):
    for phrase in ("Ce n'est pas mon rôle.", "On n'a pas le temps de vous rappeler.", "Avant, c'était gratuit.",
                   "Les clients appellent toujours pour rien, ils nous font perdre notre temps."):
        assert counts_alone(analyzer, phrase), phrase  # each bullet alone would count
    path = tmp_path / "lettre.md"
    path.write_text(NEWSLETTER_MD, encoding="utf-8")
    clean = clean_document(one(path))
    mentions = [b for b in clean.blocks if b.kind == MENTION]
    assert [b.heading for b in mentions] == ["Les formules qui fâchent", "Exemples"]
    result = analyse(analyzer, path)
    assert counted(result) == set()
    for label in ("hors_perimetre", "manque_de_temps", "faire_payer", "denigrement_client", "conformite_procedure"):
        assert set(statuses(result, label)) == {"mention"}, label
    for det in result.detections:  # the title travels with its bullets
        assert any("« Les formules qui fâchent »" in line or "« Exemples »" in line for line in det.explain), det


def test_html_newsletter_list_under_a_heading_is_mention(analyzer, tmp_path):
    path = tmp_path / "lettre.html"
    path.write_text("<html><body><h1>Lettre d'information</h1><p>Bonne lecture à toutes et à tous.</p>"
                    "<h2>Ce qu'on ne dit plus</h2><ul><li>On n'a pas le temps.</li><li>Ce n'est pas mon rôle.</li></ul>"
                    "</body></html>", encoding="utf-8")
    result = analyse(analyzer, path)
    assert counted(result) == set()
    assert {d.label for d in result.detections if d.status == "mention"} >= {"manque_de_temps", "hors_perimetre"}


# ---------------------------------------------------------------------------------------------
# chats: Teams, WhatsApp, Slack, generic « HH:MM Nom : »
# ---------------------------------------------------------------------------------------------
TEAMS = """\
[09:47] Karim Benali : salut, vous avez vu la demande de la société Delorme ?
[09:48] Julie Lefèvre : oui 👍
[09:49] Karim Benali : franchement j'ai pas le temps de les rappeler cette semaine
[09:50] Julie Lefèvre : ok
[09:52] Marc Dufresne : c pas mon boulot les factures, voyez avec la compta
"""

WHATSAPP = """\
02/05/2025 16:40 - Les messages et les appels sont chiffrés de bout en bout.
02/05/2025 16:41 - Sophie Roussel: le client de Blois redemande un devis 🙄
02/05/2025 16:42 - Thomas Nguyen: avant c'était gratuit, ils vont pas comprendre
02/05/2025 16:43 - Sophie Roussel: ok
02/05/2025 16:44 - Sophie Roussel: je l'appelle demain pour lui expliquer ce que comprend le devis
"""

GENERIC = """\
09:02 Nadia : bonjour à tous
09:03 Bruno : on attend les consignes du siège pour les tarifs
09:04 Nadia : ok merci
"""


@pytest.mark.parametrize("name, text, expected, speakers", [
    ("teams.txt", TEAMS, {("manque_de_temps", "Karim Benali"), ("hors_perimetre", "Marc Dufresne")},
     {"Karim Benali": 2, "Julie Lefèvre": 2, "Marc Dufresne": 1}),
    ("whatsapp.txt", WHATSAPP, {("faire_payer", "Thomas Nguyen"), ("posture_client", "Sophie Roussel")},
     {None: 1, "Sophie Roussel": 3, "Thomas Nguyen": 1}),
    ("chat.txt", GENERIC, {("attente_consignes", "Bruno")}, {"Nadia": 2, "Bruno": 1}),
])
def test_chat_lines_are_speaker_turns(analyzer, tmp_path, name, text, expected, speakers):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = analyse(analyzer, path)
    assert counted(result) == expected
    assert result.contributions == speakers  # one line, one sentence at least: lines are never merged
    for det in result.detections:
        assert "\n" not in det.sentence and not det.sentence.startswith("[") and " : " not in det.sentence[:25]


def make_slack_export(root: Path) -> Path:
    root.mkdir()
    (root / "users.json").write_text(json.dumps([
        {"id": "U01KB", "name": "karim", "real_name": "Karim Benali"},
        {"id": "U02JL", "name": "julie", "profile": {"real_name": "Julie Lefèvre"}},
    ]), encoding="utf-8")
    (root / "channels.json").write_text(json.dumps([{"id": "C01", "name": "formation"}]), encoding="utf-8")
    (root / "formation").mkdir()
    day = datetime(2025, 5, 2, 7, 15, tzinfo=timezone.utc).timestamp()
    messages = [
        {"type": "message", "subtype": "channel_join", "user": "U02JL", "text": "<@U02JL> a rejoint le canal", "ts": f"{day:.6f}"},
        {"type": "message", "user": "U01KB", "text": "<@U02JL> tu as vu la demande de Delorme ?\nmoi j'ai pas le temps cette semaine",
         "ts": f"{day + 60:.6f}"},
        {"type": "message", "user": "U02JL", "text": "ok 👍", "ts": f"{day + 120:.6f}",
         "user_profile": {"real_name": "Julie Lefèvre"}},
        {"type": "message", "user": "U02JL", "text": "je l'appelle ce matin pour comprendre son besoin et lui proposer une solution",
         "ts": f"{day + 180:.6f}"},
    ]
    (root / "formation" / "2025-05-02.json").write_text(json.dumps(messages, ensure_ascii=False), encoding="utf-8")
    return root


def test_slack_export(analyzer, tmp_path):
    root = make_slack_export(tmp_path / "slack")
    results = {r.source.document: r for r in analyzer.analyse_paths([root])}
    assert results["users.json"].source.reason == "Slack export metadata (users, channels), no message"
    assert results["channels.json"].source.status == "skipped"
    day = results["formation/2025-05-02.json"]
    assert day.source.format == "slack" and day.source.date == "2025-05-02T07:16:00+00:00"
    assert day.source.text.split("\n") == [
        "[07:16] Karim Benali : Julie Lefèvre tu as vu la demande de Delorme ?",
        "    moi j'ai pas le temps cette semaine",
        "[07:17] Julie Lefèvre : ok 👍",
        "[07:18] Julie Lefèvre : je l'appelle ce matin pour comprendre son besoin et lui proposer une solution",
    ]
    assert counted(day) == {("manque_de_temps", "Karim Benali"), ("posture_client", "Julie Lefèvre")}


def test_json_that_is_not_a_slack_export_is_skipped(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    assert one(path).reason == "JSON file that is not a Slack export of messages"
    path.write_text("{broken", encoding="utf-8")
    assert one(path).reason.startswith("not valid JSON (")


# ---------------------------------------------------------------------------------------------
# Outlook .msg through the optional extra
# ---------------------------------------------------------------------------------------------
# A minimal Compound File Binary (the container of .msg files) writer: the reader is tested on a real
# .msg structure (property streams in UTF-16, a properties stream with the submit time) built here.
SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child=NOSTREAM, right=NOSTREAM, start=END, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)  # colour: black
            + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
            + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 Compound File with ``streams`` (all < 4096 bytes, so in the mini stream) under the root."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    mini, minifat, starts = b"", [], {}
    for name in names:
        data = streams[name]
        count = max(1, -(-len(data) // MINI))
        starts[name] = len(minifat)
        minifat += [len(minifat) + k + 1 for k in range(count - 1)] + [END]
        mini += data.ljust(count * MINI, b"\0")
    entries = [b""] + [_dir_entry(n, 2, right=k + 2 if k + 1 < len(names) else NOSTREAM, start=starts[n],
                                 size=len(streams[n])) for k, n in enumerate(names)]
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    pad = lambda b: b.ljust(-(-len(b) // SECTOR) * SECTOR or SECTOR, b"\0")
    mini_s, minifat_s = pad(mini), pad(minifat_bytes)
    dir_count = -(-len(entries) // 4)
    n_mini, n_minifat = len(mini_s) // SECTOR, len(minifat_s) // SECTOR
    body_sectors = dir_count + n_minifat + n_mini
    n_fat = 1
    while (body_sectors + n_fat) > n_fat * 128:
        n_fat += 1
    fat = [FATSECT] * n_fat
    def chain(count):
        first = len(fat)
        fat.extend(list(range(first + 1, first + count)) + [END])
        return first
    dir_start, minifat_start, mini_start = chain(dir_count), chain(n_minifat), chain(n_mini)
    fat += [FREE] * (n_fat * 128 - len(fat))
    entries[0] = _dir_entry("Root Entry", 5, child=1 if names else NOSTREAM, start=mini_start, size=len(mini))
    directory = b"".join(entries).ljust(dir_count * SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, END, 0))
    difat = [*range(n_fat)] + [FREE] * (109 - n_fat)
    header += b"".join(struct.pack("<I", v) for v in difat)
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    return header + fat_bytes + directory + minifat_s + mini_s


def msg_file(*, sender: str, email: str, subject: str, body: str, when: datetime) -> bytes:
    def text(value):
        return value.encode("utf-16-le")
    strings = {"001A": "IPM.Note", "0037": subject, "1000": body, "0C1A": sender, "0C1F": email,
               "5D01": email, "0065": email, "0042": sender}
    streams = {f"__substg1.0_{pid}001F": text(v) for pid, v in strings.items()}
    filetime = int((when - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10_000_000)
    props = b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8
    for pid, v in strings.items():
        props += struct.pack("<IIQ", (int(pid, 16) << 16) | 0x001F, 6, len(text(v)) + 2)
    for pid in (0x0039, 0x0E06):  # PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME
        props += struct.pack("<IIQ", (pid << 16) | 0x0040, 6, filetime)
    streams["__properties_version1.0"] = props
    return compound_file(streams)


MSG_EXTRA = "the optional GPL extra is not installed: pip install 'posturescan[msg]' to run this test"


def test_outlook_msg_read_with_the_extra(analyzer, tmp_path):
    pytest.importorskip("extract_msg", reason=MSG_EXTRA)
    path = tmp_path / "relances.msg"
    path.write_bytes(msg_file(sender="Karim Benali", email="karim.benali@cci-vls.fr", subject="Relances catalogue",
                              body="Bonjour Julie,\n\nFranchement, on n'a pas le temps de rappeler les prospects ce mois-ci."
                                   "\n\nCordialement,\nKarim Benali",
                              when=datetime(2025, 3, 4, 9, 15, tzinfo=timezone.utc)))
    source = one(path)
    assert (source.status, source.format, source.kind) == ("analysed", "msg", "email"), source.reason
    assert (source.author, source.author_name, source.subject) == ("karim.benali@cci-vls.fr", "Karim Benali", "Relances catalogue")
    assert source.date == "2025-03-04T09:15:00+00:00"
    result = analyse(analyzer, path)
    assert counted(result) == {("manque_de_temps", "karim.benali@cci-vls.fr")}
    assert result.removed.get("signature")

def test_msg_without_the_extra_is_skipped_with_the_reason(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_extract_msg(name, *args, **kwargs):
        if name == "extract_msg":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_extract_msg)
    path = tmp_path / "message.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert one(path).reason == "reading .msg needs the optional extra: pip install 'posturescan[msg]'"
