"""Issue 9: figures HR can trust (attribution, one count per sentence, staff files, suppression, comparison)."""

from __future__ import annotations

MINUTES = ("Compte rendu de la réunion du 3 mars 2025\n\n"
           "Karim Benali : Franchement, on croule sous les dossiers et les clients attendront bien la semaine prochaine.\n"
           "Julie Martin : On n'a jamais le temps de rappeler qui que ce soit avec cette charge.\n")


def test_classifier_only_statement_in_minutes_goes_to_its_speaker(analyzer, tmp_path):
    (tmp_path / "cr.txt").write_text(MINUTES, encoding="utf-8")
    result = next(iter(analyzer.analyse_paths([tmp_path])))
    classifier_only = [d for d in result.detections if d.pattern is None]
    assert classifier_only, "the default model should find the paraphrase « on croule sous les dossiers »"
    for det in classifier_only:
        assert det.speaker == "Karim Benali", det
        assert det.status == "reported"
    assert result.contributions.get("Karim Benali") == 1


def test_one_sentence_counts_a_frein_once(lexicon_analyzer):
    found = lexicon_analyzer.analyse_text("Avant c'était gratuit, ils paient déjà assez.")
    assert [d.label for d in found] == ["faire_payer"]
    two = lexicon_analyzer.analyse_text("Avant c'était gratuit. Ils paient déjà assez.")
    assert [d.label for d in two] == ["faire_payer", "faire_payer"]
