"""Context qualifiers on real sentences, with the real French model: each status on several sentences."""

from __future__ import annotations

import pytest

from posturescan.records import CleanText, Segment


def statuses(analyzer, text: str, label: str) -> list[str]:
    return [d.status for d in analyzer.analyse_text(text) if d.label == label]


@pytest.mark.parametrize("text", [
    "Franchement, on n'a pas le temps de rappeler tous ces prospects.",
    "Je suis désolée mais nous n'avons pas le temps cette semaine.",
    "J'ai pas le temps pour ça.",
    "Je pense qu'on n'a pas le temps de tout faire.",
])
def test_asserted(lexicon_analyzer, text):
    assert statuses(lexicon_analyzer, text, "manque_de_temps") == ["asserted"]


@pytest.mark.parametrize("text", [
    "Ce n'est pas vrai qu'on n'a pas le temps de rappeler les clients.",
    "Personne ici ne dit qu'on n'a pas le temps.",
    "Il est faux de dire qu'on n'a pas le temps.",
    "Je n'ai jamais dit que je n'avais pas le temps.",
])
def test_negated(lexicon_analyzer, text):
    assert statuses(lexicon_analyzer, text, "manque_de_temps") == ["negated"]


@pytest.mark.parametrize("text", [
    "Si jamais on n'a pas le temps, on reportera la réunion.",
    "Au cas où nous n'aurions pas le temps, prévenez le client.",
    "Et si on n'a pas le temps de tout traiter ?",
    "Imaginons qu'on n'ait pas le temps de le rappeler.",
])
def test_hypothetical(lexicon_analyzer, text):
    assert statuses(lexicon_analyzer, text, "manque_de_temps") == ["hypothetical"]


def test_comma_ends_the_hypothesis(lexicon_analyzer):
    assert statuses(lexicon_analyzer, "Si le client rappelle, on n'a pas le temps.", "manque_de_temps") == ["asserted"]


@pytest.mark.parametrize("text", [
    "Phrase à bannir : « on n'a pas le temps ».",
    "« On n'a pas le temps » fait partie des phrases à bannir.",
    "On entend souvent « on n'a pas le temps » en réunion de service.",
    "Au lieu de dire « on n'a pas le temps », proposez un rendez-vous.",
])
def test_mention(lexicon_analyzer, text):
    assert statuses(lexicon_analyzer, text, "manque_de_temps") == ["mention"]


@pytest.mark.parametrize("text, speaker", [
    ("Julie estime qu'on n'a pas le temps de rappeler les clients.", "Julie"),
    ("Marc m'a répondu qu'il n'avait pas le temps.", "Marc"),
    ("On n'a pas le temps, selon Karim.", "Karim"),
    ("Il m'a dit : « on n'a pas le temps ».", None),
])
def test_reported_with_speaker(lexicon_analyzer, text, speaker):
    found = [d for d in lexicon_analyzer.analyse_text(text) if d.label == "manque_de_temps"]
    assert [d.status for d in found] == ["reported"]
    assert found[0].speaker == speaker


def test_speaker_turn_makes_it_reported(lexicon_analyzer):
    text = "Karim : on n'a pas le temps.\nJulie : je m'en occupe demain."
    doc = lexicon_analyzer._make_doc(CleanText(text, [Segment(8, 28, "Karim"), Segment(37, len(text), "Julie")]))
    found = lexicon_analyzer._detections(lexicon_analyzer.nlp(doc), default_speaker=None)
    times = [d for d in found if d.label == "manque_de_temps"]
    assert [(d.status, d.speaker) for d in times] == [("reported", "Karim")]


def test_own_negation_of_the_frein_is_not_a_negation(lexicon_analyzer):
    # « ne … pas » inside the frein is part of it
    assert statuses(lexicon_analyzer, "Ce n'est pas ma responsabilité.", "hors_perimetre") == ["asserted"]


def test_explain_trail_names_pattern_and_cue(lexicon_analyzer):
    [det] = [d for d in lexicon_analyzer.analyse_text("Ce n'est pas vrai qu'on n'a pas le temps.") if d.label == "manque_de_temps"]
    assert det.pattern and det.pattern.startswith("manque_de_temps/")
    assert any("negation/pas_vrai_que" in line for line in det.explain)


def test_termination_stops_a_cue(lexicon_analyzer):
    text = "Ce n'est pas vrai que le budget baisse, mais on n'a pas le temps."
    assert statuses(lexicon_analyzer, text, "manque_de_temps") == ["asserted"]


def test_headings_and_one_word_lines_are_not_classified(analyzer):
    for text in ("## Décisions", "Propositions", "Merci !", "Bonjour Marc,"):
        assert [d.label for d in analyzer.analyse_text(text) if d.status in ("asserted", "reported")] == [], text


def test_a_fully_quoted_sentence_is_a_quotation(analyzer):
    detections = analyzer.analyse_text("« Ce n'est pas mon rôle, voyez avec l'accueil. »")
    assert detections and all(d.status == "mention" for d in detections)


def test_process_returns_cue_spans_without_touching_the_doc(lexicon_analyzer):
    nlp = lexicon_analyzer.nlp
    qualifier = nlp.get_pipe("posturescan_qualifiers")
    doc = nlp.make_doc("Je ne dis pas qu'on n'a pas le temps.")
    for name, pipe in nlp.pipeline:
        if name == "posturescan_qualifiers":
            break
        doc = pipe(doc)
    [result] = qualifier.process(doc)
    [span] = doc.spans["freins"]
    assert span._.status is None and span._.cues == ()  # nothing written yet
    assert result.status == "negated"
    [cue] = result.cues
    assert (cue.label_, cue.id_, cue.text) == ("negation", "negation/ne_dis_pas_que", "ne dis pas qu'")
    qualifier(doc)
    assert span._.status == "negated" and span._.cues[0].text == "ne dis pas qu'"
    assert any("negation/ne_dis_pas_que" in line for line in span._.explain)


def test_factories_declare_what_they_assign_and_require(lexicon_analyzer):
    from spacy.language import Language

    meta = Language.get_factory_meta("posturescan_qualifiers")
    assert "span._.status" in meta.assigns and "span._.cues" in meta.assigns
    assert "token.morph" in meta.requires and "token.norm" in meta.requires
    analysis = lexicon_analyzer.nlp.analyze_pipes()
    assert not analysis["problems"]["posturescan_qualifiers"]


def test_pseudo_cue_cancels_and_confirmation_cancels_hypothesis(lexicon_analyzer):
    [det] = [d for d in lexicon_analyzer.analyse_text("Même si on n'a pas le temps, on rappellera le client.") if d.label == "manque_de_temps"]
    assert det.status == "asserted"
    [det] = [d for d in lexicon_analyzer.analyse_text("On pourrait évidemment répondre qu'on n'a pas le temps.") if d.label == "manque_de_temps"]
    assert det.status == "asserted"
    assert any("annulé par la confirmation" in line for line in det.explain)
