"""The Python API that researchers script."""

from __future__ import annotations

import posturescan
from posturescan.records import SourceDocument


def test_analyse_text_returns_typed_detections(lexicon_analyzer):
    [det] = [d for d in lexicon_analyzer.analyse_text("Franchement, on n'a pas le temps.") if d.label == "manque_de_temps"]
    assert isinstance(det, posturescan.Detection)
    assert det.family == "charge" and det.status == "asserted"
    text = "Franchement, on n'a pas le temps."
    assert text[det.start:det.end] == det.evidence


def test_analyse_documents_cleans_and_attributes(lexicon_analyzer):
    mail = SourceDocument(document="m.eml", path="m.eml", format="eml", kind="email", author="lea@x.fr",
                          text="On n'a pas le temps.\n\nLe lun. 3 mars 2025 à 17:45, Paul <p@x.fr> a écrit :\n"
                               "> Ce n'est pas ma responsabilité.\n")
    skipped = SourceDocument.skipped("b.txt", "b.txt", "txt", "empty file")
    results = list(lexicon_analyzer.analyse_documents([mail, skipped]))
    assert [r.source.document for r in results] == ["m.eml", "b.txt"]
    labels = {(d.label, d.speaker) for d in results[0].detections}
    assert labels == {("manque_de_temps", "lea@x.fr")}
    assert results[0].contributions == {"lea@x.fr": 1}
    assert results[1].detections == [] and results[1].sentences == 0


def test_minutes_contributions_follow_speaker_turns(lexicon_analyzer):
    minutes = SourceDocument(document="cr.md", path="cr.md", format="md",
                             text="# Réunion\n\nKarim : on n'a pas le temps. Vraiment pas.\nJulie : je m'en occupe.\n")
    [result] = lexicon_analyzer.analyse_documents([minutes])
    assert result.contributions.get("Karim") == 2 and result.contributions.get("Julie") == 1
    assert [(d.status, d.speaker) for d in result.detections if d.label == "manque_de_temps"] == [("reported", "Karim")]


def test_a_document_that_breaks_the_pipeline_is_skipped_and_the_others_analysed(lexicon_analyzer):
    good = SourceDocument(document="a.txt", path="a.txt", format="txt", text="On n'a pas le temps.")
    huge = SourceDocument(document="b.txt", path="b.txt", format="txt", text="mot " * (lexicon_analyzer.nlp.max_length // 4 + 10))
    broken = SourceDocument(document="c.txt", path="c.txt", format="txt", text=b"bytes, not text")  # cleaning fails
    last = SourceDocument(document="d.txt", path="d.txt", format="txt", text="Ce n'est pas ma responsabilité.")
    results = list(lexicon_analyzer.analyse_documents([good, huge, broken, last]))
    assert [r.source.document for r in results] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [r.source.status for r in results] == ["analysed", "skipped", "skipped", "analysed"]
    assert "too long" in results[1].source.reason and "failed" in results[2].source.reason
    assert results[0].detections and results[3].detections
