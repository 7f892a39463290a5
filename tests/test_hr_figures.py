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


def test_department_of_six_beside_unattributed_notes_stays_visible_everywhere():
    from posturescan.privacy import PrivacySettings
    from posturescan.profile import ProfileBuilder
    from posturescan.tables import profile_rows
    from posturescan.taxonomy import load_taxonomy

    builder = ProfileBuilder(load_taxonomy(), PrivacySettings())
    for i in range(6):
        builder.add({"document": f"m{i}", "format": "eml", "status": "analysed", "date": "2025-02-01", "sentences": 10,
                     "author": f"P-{i}", "contributors": [{"person": f"P-{i}", "department": "Accueil",
                                                           "team": "Front", "sentences": 10}]},
                    [{"document": f"m{i}", "label": "manque_de_temps", "status": "asserted", "department": "Accueil",
                      "team": "Front", "speaker": f"P-{i}", "sentence": None, "start": 0, "score": 0.9, "pattern": None}])
    for i in range(3):  # unsigned notes: nobody to protect, nobody to merge with
        builder.add({"document": f"n{i}", "format": "txt", "status": "analysed", "date": "2025-02-01", "sentences": 4,
                     "author": None, "contributors": [{"person": None, "department": "non attribué",
                                                       "team": "non attribué", "sentences": 4}]}, [])
    profile = builder.build()
    departments = profile["dimensions"]["department"]["groups"]
    assert set(departments) == {"Accueil", "non attribué"}
    assert departments["Accueil"]["authors"] == 6 and departments["Accueil"]["sentences"] == 60
    assert departments["non attribué"]["sentences"] == 12 and departments["non attribué"]["authors"] == 0
    assert not profile["department_period"]["Accueil | 2025-T1"]["suppressed"]
    # totals agree: departments add up to the whole
    assert sum(g["sentences"] for g in departments.values()) == profile["overall"]["sentences"] == 72
    csv_groups = {(row[0], row[1]) for row in profile_rows(profile)}
    assert ("department", "Accueil") in csv_groups


def test_staff_file_with_the_names_people_use(tmp_path):
    from posturescan.directory import read_directory

    staff = tmp_path / "annuaire.csv"
    staff.write_bytes("Adresse e-mail;Nom complet;Service;Équipe\r\nk.benali@cci.fr;Karim Benali;Accueil;Front\r\n"
                      .encode("cp1252"))
    directory = read_directory(staff)
    assert directory.find("K.Benali@cci.fr").department == "Accueil"
    assert directory.find("Karim Benali").team == "Front"
    split = tmp_path / "split.tsv"
    split.write_bytes("Prénom\tNom\tDirection\nJulie\tMartin\tRH\n".encode("utf-16"))
    assert read_directory(split).find("Julie Martin").department == "RH"


def test_staff_file_without_known_columns_is_one_french_line(tmp_path):
    import pytest

    from posturescan.directory import DirectoryError, read_directory

    bad = tmp_path / "bad.csv"
    bad.write_text("Matricule;Poste\n12;Agent\n", encoding="utf-8")
    with pytest.raises(DirectoryError) as err:
        read_directory(bad)
    message = str(err.value)
    assert "« Matricule »" in message and "Service" in message and "\n" not in message


def test_zero_to_one_is_shown_plainly_with_an_exact_interval_and_a_consistent_verdict():
    from posturescan.compare import compare_slices, rate_comparison

    one = rate_comparison(0, 1000, 1, 1000)
    assert one["rate_ratio"] is None  # no « 0,45 » from adding 0.5
    low, high = one["rate_ratio_ci95"]
    assert high is None and 0 < low < 1  # unbounded above, and 1 is inside: nothing to conclude
    assert one["p_value"] == 1.0
    a = {"suppressed": False, "authors": 8, "sentences": 1000,
         "freins": [{"id": "x", "family": "f", "title": "X", "levier": False, "detections": 0},
                    {"id": "y", "family": "f", "title": "Y", "levier": False, "detections": 40}]}
    b = {**a, "freins": [{**a["freins"][0], "detections": 1}, {**a["freins"][1], "detections": 5}]}
    result = {f["id"]: f for f in compare_slices(a, b)["freins"]}
    assert result["x"]["direction"] == "stable" and result["x"]["a"]["detections"] == 0
    assert result["y"]["direction"] == "baisse" and result["y"]["rate_ratio_ci95"][1] < 1
    for f in result.values():  # the verdict agrees with the interval shown
        low, high = f["rate_ratio_ci95"]
        excludes_one = (low is not None and low > 1) or (high is not None and high < 1)
        assert (f["direction"] != "stable") == excludes_one == (f["p_adjusted"] < 0.05)


def test_compare_refuses_a_small_change_in_authors_and_others_with_other_members():
    from test_profile_compare import build

    from posturescan.compare import compare_profiles

    before = build({"A": 10, "B": 6, "C": 3, "D": 3})
    plus_one = build({"A": 11, "B": 6, "C": 3, "D": 3})
    result = compare_profiles(before, plus_one)
    assert result["overall"]["suppressed"] and "1 seulement" in result["overall"]["reason"]
    assert result["groups"]["department"]["A"]["suppressed"]
    assert not result["groups"]["department"]["B"]["suppressed"]
    other = build({"A": 10, "B": 6, "C": 3, "E": 3})
    assert "autres" in before["dimensions"]["department"]["groups"]
    assert "autres" not in compare_profiles(before, other)["groups"]["department"]
    assert compare_profiles(before, other)["notes"]
    assert "autres" in compare_profiles(before, before)["groups"]["department"]


def test_profil_csv_is_for_french_excel_and_profil_donnees_for_programs(tmp_path):
    import csv

    from test_profile_compare import build

    from posturescan.tables import write_tables

    profile = build({"A": 6, "B": 6})
    write_tables(tmp_path, profile)
    raw = (tmp_path / "profil.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header, first = rows[0], rows[1]
    assert header[:4] == ["dimension", "groupe", "frein", "titre"]
    time = next(r for r in rows if r[0] == "ensemble" and r[2] == "manque_de_temps")
    assert time[3].startswith("Manque de temps") and time[header.index("taux_1000_phrases")] == "100,0"
    assert {r[0] for r in rows[1:]} >= {"ensemble", "service", "période"}
    machine = list(csv.DictReader((tmp_path / "profil_donnees.csv").read_text(encoding="utf-8").splitlines()))
    row = next(r for r in machine if r["dimension"] == "overall" and r["frein"] == "manque_de_temps")
    assert float(row["taux_1000_phrases"]) == 100.0 and len(machine) == len(rows) - 1


def test_usage_errors_and_period_names_in_french(tmp_path):
    from typer.testing import CliRunner

    from posturescan.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["analyse", str(tmp_path)])
    assert missing.exit_code == 2
    assert "option manquante : '--out'" in missing.output and "Missing" not in missing.output
    assert len(missing.output.strip().splitlines()) == 1
    wrong = runner.invoke(app, ["analyse", str(tmp_path), "--out", str(tmp_path / "o"), "--min-authors", "x"])
    assert wrong.exit_code == 2 and "nombre entier" in wrong.output
    (tmp_path / "in").mkdir()
    period = runner.invoke(app, ["analyse", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--period", "semaine"])
    assert period.exit_code == 2 and "« trimestre » ou « mois »" in period.output
    helped = runner.invoke(app, ["analyse", "--help"])
    assert "Affiche cette aide" in helped.output and "[défaut : trimestre]" in helped.output
    assert "Show this message" not in helped.output and "default:" not in helped.output
    from posturescan.cli import period_option

    assert period_option("mois") == "month" and period_option("Trimestre") == "quarter"
    assert period_option("month") == "month"  # English kept as alias


def test_staff_file_that_matches_no_author_is_a_usage_error(tmp_path):
    from email.message import EmailMessage

    from typer.testing import CliRunner

    from posturescan.cli import app

    docs = tmp_path / "docs"
    docs.mkdir()
    message = EmailMessage()
    message["From"] = "Karim Benali <kb@autre.fr>"
    message["Date"] = "Mon, 3 Mar 2025 10:00:00 +0100"
    message.set_content("Bonjour, on n'a pas le temps de rappeler ce client.")
    (docs / "m.eml").write_bytes(bytes(message))
    staff = tmp_path / "annuaire.csv"
    staff.write_text("Adresse e-mail;Nom complet;Service;Équipe\nx@cci.fr;Julie Martin;Accueil;Front\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyse", str(docs), "--out", str(tmp_path / "o"), "--lexicon-only",
                                      "--directory", str(staff)])
    assert result.exit_code == 2
    assert "ne correspond à aucun des auteurs" in result.output and "« Adresse e-mail »" in result.output
    # matched by display name when the address differs
    staff.write_text("Adresse e-mail;Nom complet;Service;Équipe\nx@cci.fr;Karim Benali;Accueil;Front\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyse", str(docs), "--out", str(tmp_path / "p"), "--lexicon-only",
                                      "--directory", str(staff)])
    assert result.exit_code == 0, result.output
    import json

    record = json.loads((tmp_path / "p" / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["department"] == "Accueil" and "Durée :" in result.output
    assert "docs" not in (tmp_path / "p" / "report.html").read_text(encoding="utf-8")  # no input folder name


def test_progress_lines_with_counts_rate_and_time_left():
    from posturescan.progress import ProgressLines, duration

    ticks = iter(range(0, 1000, 2))
    lines = []
    progress = ProgressLines(5, lines.append, every=2, clock=lambda: next(ticks))
    for ok in (True, True, False, True, True):
        progress.update(ok)
    assert len(lines) == 3  # after 2, 4 and the last one
    assert lines[0].startswith("Analyse : 2/5 fichiers (2 analysés, 0 ignorés)") and "reste environ" in lines[0]
    assert "4/5 fichiers (3 analysés, 1 ignorés)" in lines[1] and "fichiers/s" in lines[1]
    assert "reste" not in lines[2]
    assert duration(3725) == "1 h 02 min" and duration(65) == "1 min 05 s" and duration(4) == "4 s"


def test_department_minus_its_visible_teams_never_recovers_a_hidden_team():
    from posturescan.privacy import PrivacySettings
    from posturescan.profile import ProfileBuilder
    from posturescan.taxonomy import load_taxonomy

    builder = ProfileBuilder(load_taxonomy(), PrivacySettings())
    for team, people in (("Grande", 6), ("Petite", 2)):
        for i in range(people):
            who = f"P-{team}-{i}"
            builder.add({"document": f"{team}{i}", "format": "eml", "status": "analysed", "date": "2025-02-01",
                         "sentences": 5, "author": who,
                         "contributors": [{"person": who, "department": "Accueil", "team": team, "sentences": 5}]}, [])
    teams = builder.build()["dimensions"]["team"]["groups"]
    # « Accueil / Grande » alone would give « Petite » as Accueil − Grande: both go to « Accueil / autres »
    assert set(teams) == {"Accueil / autres"} and teams["Accueil / autres"]["authors"] == 8
