"""Context qualifiers, edsnlp style: each case is one string in inline markup that fixes the text, the frein
and its expected status, e.g. ``"Si <frein status=hypothetical>on n'a pas le temps</frein>, on reportera."``.

Attributes: ``status`` (required), ``label`` (the frein id, when the sentence has several freins),
``speaker`` (expected speaker; ``speaker=none`` for « someone, not named »). Every case runs with the lexicon
alone and with the default model; the marked span must be found by the lexicon, and every detection of it
must carry the expected status.
"""

from __future__ import annotations

import re

import pytest

from posturescan.records import COUNTED_STATUSES

MARKUP = re.compile(r"<frein((?:\s+\w+=(?:\"[^\"]*\"|\S+?))*)\s*>(.*?)</frein>")
ATTRIBUTE = re.compile(r"(\w+)=(\"[^\"]*\"|[^\s>]+)")


def parse(case: str) -> tuple[str, list[dict]]:
    """Plain text and the marked freins (start, end, attributes) of an inline-markup case."""
    text, marks, cursor = [], [], 0
    offset = 0
    for match in MARKUP.finditer(case):
        text.append(case[cursor:match.start()])
        offset += match.start() - cursor
        attributes = {k: v.strip('"') for k, v in ATTRIBUTE.findall(match.group(1))}
        marks.append({"start": offset, "end": offset + len(match.group(2)), **attributes})
        text.append(match.group(2))
        offset += len(match.group(2))
        cursor = match.end()
    text.append(case[cursor:])
    return "".join(text), marks


# -- the defects of issue 10, one case each (and their close variants) ------------------------------------
DEFECTS = [
    "Si <frein status=hypothetical>on n'a pas le temps</frein>, on reportera.",
    "Personne ne dit que c'est facile, <frein status=asserted>on n'a pas le temps</frein>.",
    "Le directeur pense que le client a raison, car <frein status=asserted>on n'a pas le temps</frein>.",
    "S'il veut un conseil, <frein status=asserted>ce n'est pas ma responsabilité</frein>, je ne suis pas conseiller fiscal.",
    "<frein status=asserted>Ce n'est pas mon problème</frein> si le planning change.",
    "Je ne crois plus qu'on <frein status=negated>manque de temps</frein>.",
    "Je nie qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Je ne dis pas qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Aucun collègue ne pense qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Peut-être qu'<frein status=hypothetical>on n'a pas le temps</frein>.",
    "Il se peut qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "À moins qu'<frein status=hypothetical>on n'ait pas le temps</frein>, on rappellera tout le monde.",
    "Les agents diraient qu'<frein status=hypothetical>on n'a pas le temps</frein> de tout faire.",
    "Elle se plaint qu'<frein status=reported speaker=none>on n'a pas le temps</frein>.",
    "Il répète qu'<frein status=reported speaker=none>on n'a pas le temps</frein>.",
    "Le directeur refuse : « <frein status=reported speaker=\"Le directeur\">ce n'est pas mon rôle</frein> ».",
]

# -- negation ------------------------------------------------------------------------------------------
NEGATION = [
    "Ce n'est pas vrai qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Il n'est pas vrai que <frein status=negated>ce n'est pas notre rôle</frein>.",
    "C'est faux de dire qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Il est faux de dire qu'<frein status=negated>on n'a pas le temps</frein>.",
    "<frein status=negated>On n'a pas le temps</frein> : c'est faux.",
    "<frein status=negated>On n'a pas le temps</frein>, c'est faux.",
    "Personne ici ne dit que <frein status=negated>ce n'est pas son rôle</frein>.",
    "Personne ne pense qu'<frein status=negated>on les embête</frein> quand on appelle.",
    "Je n'ai jamais dit que <frein status=negated>je n'avais pas le temps</frein>.",
    "On ne peut pas dire qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Arrêtons de dire qu'il <frein status=negated>faut être expert</frein> pour parler d'une offre.",
    "Cessons de croire qu'<frein status=negated>on les embête</frein>.",
    "Il dément qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Je conteste l'idée qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Nous réfutons qu'<frein status=negated>on les embête</frein>.",
    "Ils nient que <frein status=negated>ce n'est pas leur rôle</frein>.",
    "Je doute qu'<frein status=negated>on les embête</frein> en les rappelant.",
    "Je ne pense pas que <frein status=negated>ce n'est pas mon rôle</frein>.",
    "Je ne crois pas qu'<frein status=negated>on les embête</frein>.",
    "Je ne trouve pas qu'<frein status=negated>on manque de temps</frein>.",
    "Julie ne pense pas du tout qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Aucune conseillère ne dit qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Nul ne pense qu'<frein status=negated>on n'a pas le temps</frein>.",
    "On croit à tort qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Certains pensent à tort qu'<frein status=negated>on les embête</frein>.",
    "<frein status=negated>Avant c'était gratuit</frein>, loin de là : on payait déjà.",
    "<frein status=negated>On les embête</frein>, loin de là, ils attendent notre appel.",
    "<frein status=negated>C'était gratuit</frein>, loin de là.",
    "<frein status=asserted>On n'a pas le temps</frein>, loin de là.",
    "Pas besoin de se dire qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Nul besoin de penser qu'<frein status=negated>on les embête</frein>.",
    "Inutile de répéter qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Il est inexact de dire qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Fini le temps où <frein status=negated>on ne m'a rien dit</frein> servait d'excuse.",
    "Tu dis qu'<frein status=negated>on les embête</frein> en les relançant ; moi je pense au contraire qu'ils attendent notre appel.",
    "Vous dites qu'<frein status=negated>on les embête</frein> ; je crois au contraire qu'ils sont contents.",
    "Je refuse qu'on dise qu'<frein status=negated>on n'a pas le temps</frein>.",
    "Je ne laisserai personne dire qu'<frein status=negated>on n'a pas le temps</frein>.",
]

# -- a frein's own negation is part of it: plain « pas », « ne … rien », « jamais » are not cues -----------
OWN_NEGATION = [
    "<frein status=asserted>Ce n'est pas ma responsabilité</frein>.",
    "<frein status=asserted>Ce n'est pas à nous</frein> de le faire.",
    "<frein status=asserted>On ne m'a rien dit</frein> pour ce dossier.",
    "Je ne <frein status=asserted>sais pas vendre</frein>.",
    "<frein status=asserted>Je ne suis pas commercial</frein>, moi.",
    "<frein status=asserted>Je n'ai pas le temps</frein>.",
    "<frein status=asserted>Nous n'avons pas le temps</frein> cette semaine.",
    "Franchement, <frein status=asserted>on n'a pas le temps</frein> de rappeler tous ces prospects.",
    "Je suis désolée mais <frein status=asserted>nous n'avons pas le temps</frein> cette semaine.",
    "<frein status=asserted>Je ne suis pas payé pour</frein> ça.",
    "<frein status=asserted>Ce n'est pas mon problème</frein>, voyez avec l'accueil.",
    "Je pense qu'<frein status=asserted>on n'a pas le temps</frein> de tout faire.",
    "Nous estimons que <frein status=asserted>ce n'est pas notre rôle</frein>.",
    "Je trouve qu'<frein status=asserted>on les embête</frein> avec ces relances.",
    "<frein status=asserted>On n'aura pas le temps</frein> de les rappeler cette semaine, tant pis.",
]

# -- hypothesis ----------------------------------------------------------------------------------------
HYPOTHESIS = [
    "Si jamais <frein status=hypothetical>on n'a pas le temps</frein>, on reportera la réunion.",
    "Si <frein status=hypothetical>nous n'avons pas le temps</frein>, prévenez le client.",
    "Au cas où <frein status=hypothetical>nous n'aurions pas le temps</frein>, prévenez le client.",
    "Et si <frein status=hypothetical>on n'a pas le temps</frein> de tout traiter ?",
    "Imaginons qu'<frein status=hypothetical>on n'ait pas le temps</frein> de le rappeler.",
    "Supposons qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "En admettant qu'<frein status=hypothetical>on n'ait pas le temps</frein>, qui s'en charge ?",
    "Dans l'hypothèse où <frein status=hypothetical>on n'aurait pas le temps</frein>, on déléguera.",
    "Pour peu qu'<frein status=hypothetical>on n'ait pas le temps</frein>, tout sera décalé.",
    "Il se pourrait qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "Il est possible qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "Il n'est pas exclu qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "Sauf si <frein status=hypothetical>on n'a pas le temps</frein>, on rappellera.",
    "À moins que <frein status=hypothetical>nous n'ayons pas le temps</frein>, le suivi sera fait.",
    "Éventuellement, <frein status=hypothetical>on n'aura pas le temps</frein> de tout finir.",
    "<frein status=hypothetical>On n'aura pas le temps</frein> éventuellement.",
    "Peut-être que <frein status=hypothetical>ce n'est pas mon rôle</frein>.",
    "<frein status=hypothetical>Ce n'est pas mon rôle</frein> peut-être.",
    "On envisage qu'<frein status=hypothetical>on n'ait pas le temps</frein> en juin.",
    "Il semblerait qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "Il semble qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "On envisage de dire qu'<frein status=hypothetical>on n'a pas le temps</frein>.",
    "Les agents pourraient répondre qu'<frein status=hypothetical>ils n'ont pas le temps</frein>.",
    "Il faudrait qu'<frein status=hypothetical>on les embête</frein> moins souvent.",
    "Ça pourrait arriver qu'<frein status=hypothetical>on n'ait pas le temps</frein>.",
    "On risque de se dire qu'<frein status=hypothetical>on n'a pas le temps</frein>.",
    "En cas de rush, <frein status=hypothetical>on n'a pas le temps</frein> de tout faire.",
    "À condition qu'<frein status=hypothetical>on n'ait pas le temps</frein>, on déléguera.",
    "Le jour où <frein status=hypothetical>on n'aura pas le temps</frein>, on le dira.",
]

# -- pseudo-cues cancel the cue they overlap, a confirmation cancels a hypothesis -------------------------
PSEUDO = [
    "Même si <frein status=asserted>on n'a pas le temps</frein>, on rappellera le client.",
    "Même s'<frein status=asserted>on les embête</frein> un peu, il faut les relancer.",
    "Comme si <frein status=asserted>on les embête</frein> en les appelant !",
    "Disons qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Je dirais qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "C'est-à-dire qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Ça veut dire qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "À vrai dire, <frein status=asserted>on n'a pas le temps</frein>.",
    "Autrement dit, <frein status=asserted>on n'a pas le temps</frein>.",
    "Comme on dit, <frein status=asserted>on a toujours fait comme ça</frein>.",
    "S'il vous plaît, <frein status=asserted>ce n'est pas mon rôle</frein>.",
    "On pourrait évidemment répondre qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Bien sûr qu'il faudrait dire que <frein status=asserted>ce n'est pas mon rôle</frein>.",
    "C'est certain, <frein status=asserted>on n'aurait pas le temps</frein> de tout faire.",
    "Il se peut, c'est certain, qu'<frein status=asserted>on n'ait pas le temps</frein>.",
    "Je voudrais dire que <frein status=asserted>ce n'est pas notre rôle</frein>.",
]

# -- terminations: each one ends the scope of a cue before it --------------------------------------------
TERMINATIONS = [
    "Ce n'est pas vrai que le budget baisse, mais <frein status=asserted>on n'a pas le temps</frein>.",
    "Personne ne dit que le budget baisse ; <frein status=asserted>on n'a pas le temps</frein>.",
    "Personne ne dit que le budget baisse — <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison, mais <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison, cependant <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison, pourtant <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison, toutefois <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison, néanmoins <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client attend, or <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense qu'il faut rappeler, sinon <frein status=asserted>on les embête</frein> pour rien.",
    "Julie pense que le client a raison puisque <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client a raison parce qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client attend alors qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client attend bien qu'<frein status=asserted>on n'ait pas le temps</frein>.",
    "Julie pense que le client attend tandis qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que le client attend même si <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que tout va bien, par contre <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que tout va bien, en revanche <frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que tout va bien, sauf qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Julie pense que tout va bien, quoique <frein status=asserted>on n'ait pas le temps</frein>.",
    "Je ne dis pas que c'est simple, <frein status=asserted>on n'a pas le temps</frein>.",
    "Il est faux de dire que tout va bien, <frein status=asserted>on n'a pas le temps</frein>.",
    "Si le client rappelle, <frein status=asserted>on n'a pas le temps</frein>.",
    "Si la direction insiste, <frein status=asserted>ce n'est pas notre rôle</frein>.",
    "S'il pose la question, <frein status=asserted>ce n'est pas mon problème</frein>.",
    "Si on veut, on peut, donc <frein status=asserted>on n'a pas le temps</frein> n'est pas un argument.",
    "Peut-être, mais <frein status=asserted>on n'a pas le temps</frein>.",
    "Il semble que le client soit content, mais <frein status=asserted>on n'a pas le temps</frein>.",
    "Selon Karim, le client est content ; <frein status=asserted>on n'a pas le temps</frein>.",
    "<frein status=asserted>On n'a pas le temps</frein> ; Julie pense le contraire, c'est faux.",
    "Je ne dis pas que c'est simple, mais <frein status=asserted>ce n'est pas notre rôle</frein>.",
    "Personne ne dit que c'est facile, car <frein status=asserted>on ne m'a rien dit</frein>.",
    "Personne ne dit que c'est facile, et <frein status=asserted>on a toujours fait comme ça</frein>.",
]

# -- reported speech ----------------------------------------------------------------------------------
REPORTED = [
    "Julie estime qu'<frein status=reported speaker=Julie>on n'a pas le temps</frein> de rappeler les clients.",
    "Marc m'a répondu qu'<frein status=reported speaker=Marc>il n'avait pas le temps</frein>.",
    "<frein status=reported speaker=Karim>On n'a pas le temps</frein>, selon Karim.",
    "Selon Karim, <frein status=reported speaker=Karim>on n'a pas le temps</frein>.",
    "D'après Julie, <frein status=reported speaker=Julie>on n'a pas le temps</frein>.",
    "Il m'a dit : « <frein status=reported speaker=none>on n'a pas le temps</frein> ».",
    "Karim déclare qu'<frein status=reported speaker=Karim>on n'a pas le temps</frein>.",
    "Sophie rapporte qu'<frein status=reported speaker=Sophie>on n'a pas le temps</frein>.",
    "Le responsable répète que <frein status=reported speaker=\"Le responsable\">ce n'est pas son rôle</frein>.",
    "Julie se plaint qu'<frein status=reported speaker=Julie>on ne m'a rien dit</frein>.",
    "Karim râle qu'<frein status=reported>on ne m'a rien dit</frein>.",
    "Les agents protestent que <frein status=reported speaker=\"Les agents\">ce n'est pas leur rôle</frein>.",
    "Paul avoue qu'<frein status=reported speaker=Paul>il ne sait pas vendre</frein>.",
    "Nadia a fait remarquer qu'<frein status=reported speaker=Nadia>on n'a pas le temps</frein>.",
    "Gérard a expliqué à un exposant que <frein status=reported speaker=Gérard>ce n'était pas son rôle</frein>.",
    "Le responsable leur a rétorqué que <frein status=reported speaker=\"Le responsable\">ce n'était pas son problème</frein>.",
    "Plusieurs conseillers disent qu'<frein status=reported speaker=\"Plusieurs conseillers\">ils ne savent pas vendre</frein>.",
    "Le directeur coupe court : « <frein status=reported speaker=\"Le directeur\">on a toujours fait comme ça</frein> ».",
    "La cheffe tranche : « <frein status=reported speaker=\"La cheffe\">ce n'est pas notre rôle</frein> ».",
    "Marc a répondu : « <frein status=reported speaker=Marc>je n'ai pas le temps</frein> ».",
    "Le directeur rappelle que <frein status=reported speaker=\"Le directeur\">c'est la procédure</frein>.",
    "Julie répète qu'<frein status=reported speaker=Julie>on n'a pas le temps</frein>, ce qui est faux.",
    "Le comptable souligne qu'<frein status=reported speaker=\"Le comptable\">avant c'était gratuit</frein>.",
    "Tu dis qu'<frein status=reported speaker=none>on n'a pas le temps</frein>.",
    "Ils ont déclaré qu'<frein status=reported speaker=none>ils n'avaient pas le temps</frein>.",
    "Lucie proteste : « <frein status=reported speaker=Lucie>on ne m'a rien dit</frein> ».",
]

# -- first person: the writer's own opinion stays asserted ----------------------------------------------
FIRST_PERSON = [
    "Je pense que <frein status=asserted>ce n'est pas à nous</frein> de faire le suivi.",
    "J'estime qu'<frein status=asserted>on n'a pas le temps</frein>.",
    "Nous considérons que <frein status=asserted>ce n'est pas notre rôle</frein>.",
    "Je dis qu'<frein status=asserted>on n'a pas le temps</frein>, point.",
    "Moi, je trouve qu'<frein status=asserted>on les embête</frein> avec ces appels.",
    "Je le répète : <frein status=asserted>on n'a pas le temps</frein>.",
    "Je vous le dis : <frein status=asserted>on n'a pas le temps</frein>.",
]

# -- mention: quoted formulas, lists of phrases to avoid -----------------------------------------------
MENTION = [
    "Phrase à bannir : « <frein status=mention>on n'a pas le temps</frein> ».",
    "« <frein status=mention>On n'a pas le temps</frein> » fait partie des phrases à bannir.",
    "On entend souvent « <frein status=mention>on n'a pas le temps</frein> » en réunion de service.",
    "Au lieu de dire « <frein status=mention>on n'a pas le temps</frein> », proposez un rendez-vous.",
    "Exemple : « <frein status=mention>ce n'est pas mon rôle</frein> ».",
    "Le frein « <frein status=mention>on a toujours fait comme ça</frein> » sera discuté jeudi.",
    "Évitez de dire « <frein status=mention>ce n'est pas mon problème</frein> » à un adhérent.",
    "Que répondre à un collègue qui vous dit « <frein status=mention>on ne m'a rien dit</frein> » ?",
    "Citation du jour : « <frein status=mention>avant c'était gratuit</frein> ».",
    "Ne plus dire « <frein status=mention>ce n'est pas mon rôle</frein> » mais « je vous oriente ».",
    "Formation : reformuler « <frein status=mention>je ne sais pas vendre</frein> ».",
    "Les phrases qui fâchent : « <frein status=mention>ce n'est pas mon problème</frein> ».",
    "« <frein status=mention>Ce n'est pas mon rôle</frein>, voyez avec l'accueil. »",
    "Combien de fois a-t-on entendu « <frein status=mention>on n'a pas le temps</frein> » ?",
]

CASES = DEFECTS + NEGATION + OWN_NEGATION + HYPOTHESIS + PSEUDO + TERMINATIONS + REPORTED + FIRST_PERSON + MENTION


def check(analyzer, case: str, *, lexicon_only: bool) -> None:
    text, marks = parse(case)
    assert marks, f"no <frein> in {case!r}"
    detections = analyzer.analyse_text(text)
    for mark in marks:
        found = [d for d in detections if d.pattern and d.start < mark["end"] and mark["start"] < d.end
                 and ("label" not in mark or d.label == mark["label"])]
        status = mark["status"]
        if lexicon_only or status not in COUNTED_STATUSES:
            # the lexicon always finds it (the classifier may veto a counted hit it does not believe)
            assert found, f"the lexicon does not find « {text[mark['start']:mark['end']]} » in {text!r}: {detections}"
        got = [(d.label, d.status) for d in found]
        assert all(d.status == status for d in found), f"{text!r}: expected {status}, got {got} {[d.explain for d in found]}"
        if "speaker" in mark:
            expected = None if mark["speaker"] == "none" else mark["speaker"]
            assert all(d.speaker == expected for d in found), f"{text!r}: speakers {[d.speaker for d in found]}"


def test_the_suite_is_large_enough():
    assert len(CASES) >= 150
    assert len(set(CASES)) == len(CASES)


def test_parse_inline_markup():
    text, [mark] = parse("Si <frein status=hypothetical label=manque_de_temps>on n'a pas le temps</frein>, on reportera.")
    assert text == "Si on n'a pas le temps, on reportera."
    assert text[mark["start"]:mark["end"]] == "on n'a pas le temps"
    assert mark["status"] == "hypothetical" and mark["label"] == "manque_de_temps"
    _, [quoted] = parse('Le directeur refuse : « <frein status=reported speaker="Le directeur">x</frein> ».')
    assert quoted["speaker"] == "Le directeur"


@pytest.mark.parametrize("case", CASES)
def test_lexicon_only(lexicon_analyzer, case):
    check(lexicon_analyzer, case, lexicon_only=True)


@pytest.mark.parametrize("case", CASES)
def test_default_model(analyzer, case):
    check(analyzer, case, lexicon_only=False)


@pytest.mark.parametrize("text", [
    "Pas besoin d'être expert pour le présenter.",
    "Pas besoin d'être expert pour vendre nos formations.",
])
def test_denial_of_expertise_is_not_counted(analyzer, lexicon_analyzer, text):
    for an in (analyzer, lexicon_analyzer):
        assert not [d for d in an.analyse_text(text) if d.label == "vente_expertise" and d.status in COUNTED_STATUSES]


@pytest.mark.parametrize("text, label, speaker", [
    ("Le responsable leur a rétorqué qu'il savait mieux qu'eux.", "chef_sait_tout", "Le responsable"),
    ("Le directeur coupe court : « Pas de sondage, je connais nos adhérents ».", "chef_sait_tout", "Le directeur"),
])
def test_narration_is_reported_with_its_speaker(analyzer, text, label, speaker):
    """Third-person narration and a speaker's quoted words (issue 11): reported, not mention, with the speaker."""
    found = [d for d in analyzer.analyse_text(text) if d.label == label]
    assert found and all((d.status, d.speaker) == ("reported", speaker) for d in found), [(d.status, d.speaker) for d in found]


def test_a_quotation_without_speaker_in_a_list_of_phrases_stays_a_mention(analyzer):
    found = analyzer.analyse_text("Phrases à éviter : « ce n'est pas mon rôle ».")
    assert found and all(d.status == "mention" for d in found)


def test_on_dirait_is_a_hedge_not_a_hypothesis(lexicon_analyzer):
    [det] = [d for d in lexicon_analyzer.analyse_text("Franchement, on dirait qu'on les embête avec ces relances.")
             if d.label == "contact_derangement"]
    assert det.status == "asserted"
