"""The clean stage's structure (clean/structure.py), chat turns (clean/turns.py) and the sentence boundaries
they set (nlp/sentences.py): unit cases and invariants over many generated documents."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posturescan.clean import clean_document, find_structure, parse_turn, split_turns
from posturescan.clean.structure import is_title_line
from posturescan.records import DATA, HEADING, LABEL, MENTION, SourceDocument


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    blocks, _ = find_structure(text, split_turns(text), **kwargs)
    return [(b.kind, text[b.start:b.end]) for b in blocks]


# ---------------------------------------------------------------------------------------------
# chat lines
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, speaker, words", [
    ("[09:47] Karim Benali : on a pas le temps", "Karim Benali", "on a pas le temps"),
    ("[09:47] Karim Benali: ok", "Karim Benali", "ok"),
    ("[02/05/2025 16:41] Julie Lefèvre : je regarde", "Julie Lefèvre", "je regarde"),
    ("[02/05/2025, 16:41:05] Julie Lefèvre: je regarde", "Julie Lefèvre", "je regarde"),
    ("02/05/2025 16:41 - Sophie Roussel: le client rappelle 🙄", "Sophie Roussel", "le client rappelle 🙄"),
    ("02/05/2025, 16:41 - karim b: 👍", "karim b", "👍"),
    ("09:47 Nadia : bonjour", "Nadia", "bonjour"),
    ("9h47 - Nadia : bonjour", "Nadia", "bonjour"),
    ("[09:47] Karim Benali : réunion : salle B", "Karim Benali", "réunion : salle B"),
])
def test_chat_lines_are_turns(line, speaker, words):
    name, offset = parse_turn(line)
    assert (name, line[offset:]) == (speaker, words)


@pytest.mark.parametrize("line", [
    "02/05/2025 16:40 - Les messages et les appels sont chiffrés de bout en bout.",
    "[09:47] Karim Benali a rejoint la conversation",
    "16:41 - Karim Benali a changé le sujet en « Salon : logistique »",
    "09:47 Date : 12 mai",
])
def test_chat_system_lines_are_not_turns(line):
    assert parse_turn(line) is None


def test_every_chat_line_is_its_own_turn_even_after_a_continuation():
    text = "[09:47] Karim : salut\n    suite du message\n[09:48] Julie : ok\n[09:49] Karim : bon"
    assert [(s.speaker, text[s.start:s.end]) for s in split_turns(text)] == [
        ("Karim", "salut\n    suite du message"), ("Julie", "ok"), ("Karim", "bon")]


# ---------------------------------------------------------------------------------------------
# headings, fields, tables, example lists
# ---------------------------------------------------------------------------------------------
def test_fields_are_headings_unless_they_hold_a_statement():
    text = ("Présents : Karim Benali, Julie Lefèvre, Marc Dufresne, Sophie Roussel, Thomas Nguyen\n"
            "Décisions :\n"
            "Remarque : on ne rappelle jamais les clients parce que personne n'a le temps de le faire\n")
    assert kinds(text) == [(HEADING, text.split("\n")[0]), (HEADING, "Décisions :")]


def test_short_line_rule():
    assert is_title_line("Ce qui a changé", "", "Les factures partent plus vite.")
    assert is_title_line("Contexte", "Le 12 mai.", "Depuis mars, nous rappelons.")
    assert not is_title_line("Ce qui a changé", "", "les factures partent plus vite.")  # a wrapped sentence
    assert not is_title_line("Nous avons reçu 17 entreprises dont", "", "Six nouvelles.")  # ends with a function word
    assert not is_title_line("Ce qui a changé", "une phrase qui continue", "Les factures.")
    assert not is_title_line("Ce qui a changé.", "", "Les factures partent plus vite.")
    assert not is_title_line("Ce qui a changé", "", None)  # the last line of a document


def test_no_short_line_titles_in_e_mails_nor_in_turns():
    text = "Bonjour à tous\n\nPas le temps cette semaine\nOn verra lundi.\n"
    assert kinds(text, email=True) == []
    assert [k for k, _ in kinds(text)] == [HEADING, HEADING]
    assert kinds("Karim : Pas le temps\n\nLes factures.") == [(LABEL, "Karim :")]


def test_action_table_cells_are_data_unless_a_sentence():
    text = ("| Action | Pilote | Échéance |\n|---|---|---|\n"
            "| Rappeler les clients en attente | Karim Benali / Julie | 15 mai |\n"
            "| Ce n'est pas notre rôle de relancer les impayés. | Olivier Morel | 20 mai |\n")
    blocks, names = find_structure(text)
    assert names == ["Karim Benali", "Julie", "Olivier Morel"]
    assert all(b.kind == DATA for b in blocks)
    covered = {i for b in blocks for i in range(b.start, b.end)}
    sentence = text.index("Ce n'est")
    assert sentence not in covered and text.index("Rappeler") in covered and text.index("Olivier") in covered


def test_plain_table_keeps_long_cells_as_sentences():
    text = "Service | Remarque\nSupport | Pas notre problème\nAccueil | On a toujours fait comme ça ici depuis des années\n"
    blocks, names = find_structure(text)
    covered = {i for b in blocks for i in range(b.start, b.end)}
    assert names == [] and text.index("Pas notre") in covered and text.index("On a toujours") not in covered


def test_examples_title_makes_its_list_a_mention_and_stops_at_a_paragraph():
    text = ("## Les formules qui fâchent\n\n- Ce n'est pas mon service.\n- On n'a pas le temps.\n\n"
            "Nous en reparlerons lors de la prochaine réunion d'équipe, avec des exemples concrets tirés de vos appels.\n")
    blocks, _ = find_structure(text)
    [mention] = [b for b in blocks if b.kind == MENTION]
    assert text[mention.start:mention.end] == "- Ce n'est pas mon service.\n- On n'a pas le temps."
    assert mention.heading == "Les formules qui fâchent"


def test_agenda_items_are_headings():
    text = "Ordre du jour\n- Bilan 2024\n- Budget\n\nKarim : on n'a pas le temps.\n"
    assert kinds(text) == [(HEADING, "Ordre du jour"), (HEADING, "- Bilan 2024"), (HEADING, "- Budget"), (LABEL, "Karim :")]


# ---------------------------------------------------------------------------------------------
# invariants over generated documents
# ---------------------------------------------------------------------------------------------
LINES = st.sampled_from([
    "", "# Titre", "## Ce qu'on ne dit plus", "Ordre du jour", "2. Réclamations", "Ce qui a changé",
    "Présents : Karim Benali, Julie Lefèvre", "- On n'a pas le temps.", "1. Avant c'était gratuit.",
    "« Ce n'est pas mon rôle. »", "Karim : on n'a pas le temps.", "**Julie Lefèvre** : je m'en occupe.",
    "[09:47] Karim Benali : ok 👍", "02/05/2025 16:41 - Sophie Roussel: le client rappelle",
    "Action | Pilote | Échéance", "Relancer les clients | Karim | 15 mai",
    "| Ce n'est pas notre rôle de relancer les impayés. | Olivier | 20 mai |", "|---|---|---|",
    "les factures partent plus vite", "Les factures partent plus vite.", "  suite indentée", "Décisions :",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=25), st.booleans())
def test_blocks_are_sorted_disjoint_trimmed_and_inside_the_text(lines, email):
    text = "\n".join(lines)
    segments = [] if email else split_turns(text)
    blocks, names = find_structure(text, segments, email=email)
    previous_end = 0
    for block in blocks:
        assert previous_end <= block.start < block.end <= len(text)
        assert text[block.start:block.end] == text[block.start:block.end].strip()
        assert block.kind in (HEADING, DATA, LABEL, MENTION)
        previous_end = block.end
    assert all(name in text for name in names)
    doc = SourceDocument(document="d", path="d", format="txt", kind="email" if email else "text", text=text)
    assert clean_document(doc).text == text or email  # structure never changes the text


WORDS = st.sampled_from(["ok", "👍", "c", "pas", "mon", "dossier", "jsp", "on", "verra", "demain", "mdr", "🙄",
                         "franchement", "le", "client", "rappelle", "encore", "stp", "merci", "bjr"])
SPEAKERS = st.sampled_from(["Karim Benali", "Julie Lefèvre", "Marc Dufresne"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(SPEAKERS, st.lists(WORDS, min_size=1, max_size=8)), min_size=1, max_size=12),
       st.sampled_from(["[{t}] {who} : {words}", "02/05/2025 {t} - {who}: {words}", "{t} {who} : {words}"]))
def test_chat_lines_are_never_merged(lexicon_analyzer, messages, form):
    text = "\n".join(form.format(t=f"09:{k:02d}", who=who, words=" ".join(words)) for k, (who, words) in enumerate(messages))
    [result] = lexicon_analyzer.analyse_documents([SourceDocument(document="c", path="c", format="txt", text=text)])
    expected: dict[str, int] = {}
    for who, _ in messages:
        expected[who] = expected.get(who, 0) + 1
    assert result.contributions == expected  # one line = one sentence (no final punctuation), its author's


def test_each_line_of_a_multi_line_chat_message_is_a_sentence(lexicon_analyzer):
    text = "02/05/2025 16:41 - Sophie Roussel: salut\nle client rappelle encore\nil veut un devis\n02/05/2025 16:42 - Thomas Nguyen: ok"
    [result] = lexicon_analyzer.analyse_documents([SourceDocument(document="w", path="w", format="txt", text=text)])
    assert result.contributions == {"Sophie Roussel": 3, "Thomas Nguyen": 1}
    minutes = "Karim : on n'a pas le temps\nde rappeler tous les clients cette semaine."  # a wrapped turn in minutes
    [result] = lexicon_analyzer.analyse_documents([SourceDocument(document="m", path="m", format="txt", text=minutes)])
    assert result.contributions == {"Karim": 1}
