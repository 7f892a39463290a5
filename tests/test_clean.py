"""Tests of the clean stage: normalisation, e-mail stripping, speaker turns."""

from __future__ import annotations

import pytest

from posturescan.clean import clean_document, normalize_text, parse_turn, speaker_name, split_turns
from posturescan.records import CleanText, SourceDocument

NBSP = "\u00a0"
NNBSP = "\u202f"


def mail(text: str) -> CleanText:
    return clean_document(SourceDocument(document="m.eml", path="m.eml", format="eml", kind="email", text=text))


def note(text: str) -> CleanText:
    return clean_document(SourceDocument(document="cr.txt", path="cr.txt", format="txt", kind="text", text=text))


def turns(clean: CleanText) -> list[tuple[str | None, str]]:
    return [(s.speaker, clean.text[s.start : s.end]) for s in clean.segments]


# ----------------------------------------------------------------------------- normalize_text


def test_normalize_keeps_length_and_maps_characters():
    raw = f"L’équipe n‘a pas le temps{NBSP}: c{NNBSP}est\u2009ainsi ʼ\u2003fin\u3000."
    out = normalize_text(raw)
    assert len(out) == len(raw)
    assert out == "L'équipe n'a pas le temps : c est ainsi ' fin ."


def test_normalize_offsets_do_not_shift():
    raw = f"Objet{NNBSP}: retard\nKarim{NBSP}: on n’a pas le temps"
    out = normalize_text(raw)
    i = raw.index("on n")
    assert out[i : i + 20] == "on n'a pas le temps"


def test_normalize_crlf_first_then_lone_cr():
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"
    assert normalize_text("ligne 1\r\nligne 2\r\n") == "ligne 1\nligne 2\n"


def test_normalize_removes_zero_width_characters():
    assert normalize_text("\ufeffpas\u200b le\u00ad temps") == "pas le temps"


def test_normalize_keeps_tabs_and_plain_text():
    text = "a\tb « guillemets » — tiret"
    assert normalize_text(text) == text


# ----------------------------------------------------------------------------- e-mails: replies


GMAIL_FR = """Bonjour Julie,

Honnêtement on n'a pas le temps de traiter cette réclamation cette semaine.

Karim

Le lun. 3 mars 2025 à 17:45, Julie Martin <julie.martin@exemple.fr> a écrit :
> Bonjour Karim,
> Le client Durand attend une réponse depuis dix jours.
> Peux-tu regarder ?
"""


def test_gmail_reply_fr():
    c = mail(GMAIL_FR)
    assert c.text == "Bonjour Julie,\n\nHonnêtement on n'a pas le temps de traiter cette réclamation cette semaine.\n\nKarim"
    assert "attend une réponse" not in c.text
    assert "a écrit" not in c.text
    assert c.removed == {"quoted": 1}
    assert len(c.segments) == 1
    assert (c.segments[0].start, c.segments[0].end, c.segments[0].speaker) == (0, len(c.text), None)


def test_gmail_reply_with_no_break_space_before_colon():
    raw = (
        "Ce n’est pas ma responsabilité, voyez avec le service client.\n\n"
        f"Le mar. 4 mars 2025 à 09:12, Paul Leroy <p.leroy@exemple.fr> a écrit{NBSP}:\n\n"
        "> Qui gère le dossier Martin ?\n"
    )
    c = mail(raw)
    assert c.text == "Ce n'est pas ma responsabilité, voyez avec le service client."
    assert "Qui gère" not in c.text


def test_gmail_attribution_wrapped_over_three_lines():
    raw = (
        "Je regarde demain.\n\n"
        "Le lun. 3 mars 2025 à 17:45, Julie Martin\n"
        "<julie.martin@exemple.fr>\n"
        "a écrit :\n"
        "\n"
        "Le client n'est jamais content de toute façon.\n"
    )
    c = mail(raw)
    assert c.text == "Je regarde demain."
    assert "jamais content" not in c.text
    assert c.removed == {"quoted": 1}


def test_gmail_attribution_wrapped_over_two_lines_with_numeric_date():
    raw = (
        "OK pour moi.\n\n"
        "Le 03/03/2025 à 17:45, Service Qualité <qualite@exemple.fr> a\n"
        "écrit :\n"
        "Les délais de réponse ne sont pas notre problème.\n"
    )
    c = mail(raw)
    assert c.text == "OK pour moi."
    assert "délais" not in c.text


def test_short_french_attribution():
    c = mail("Vu.\n\nLe 03/03/2025 à 17:45, X a écrit :\nTexte cité sans chevrons.\n")
    assert c.text == "Vu."
    assert "Texte cité" not in c.text


def test_gmail_reply_en():
    raw = (
        "Thanks, I will call the customer.\n\n"
        "On Mon, Mar 3, 2025 at 5:45 PM Julie Martin <julie@example.com> wrote:\n\n"
        "> Customer is waiting.\n"
    )
    c = mail(raw)
    assert c.text == "Thanks, I will call the customer."
    assert "waiting" not in c.text


def test_outlook_reply_fr_with_rule_and_signature():
    raw = (
        "Bonjour,\n\n"
        "Ce n'est pas à nous de rappeler ce client, c'est le rôle du commercial.\n\n"
        "Cordialement,\n"
        "Sophie Bernard\n"
        "Responsable ADV\n"
        "Tél. : 01 23 45 67 89\n\n"
        "________________________________\n"
        "De : Julie Martin <julie.martin@exemple.fr>\n"
        "Envoyé : lundi 3 mars 2025 17:45\n"
        "À : Sophie Bernard <s.bernard@exemple.fr>\n"
        "Cc : Karim Benali <k.benali@exemple.fr>\n"
        "Objet : Réclamation Durand\n\n"
        "Pouvez-vous rappeler M. Durand aujourd'hui ?\n"
    )
    c = mail(raw)
    assert c.text == "Bonjour,\n\nCe n'est pas à nous de rappeler ce client, c'est le rôle du commercial."
    assert "Pouvez-vous rappeler" not in c.text
    assert "Sophie Bernard" not in c.text and "Tél" not in c.text and "_____" not in c.text
    assert c.removed == {"quoted": 1, "signature": 1}


def test_outlook_header_with_no_break_spaces_and_bold_markdown():
    raw = (
        "On verra plus tard.\n\n"
        f"**De{NBSP}:** Julie Martin\n"
        f"**Envoyé{NBSP}:** lundi 3 mars 2025 17:45\n"
        f"**À{NBSP}:** Équipe support\n"
        f"**Objet{NBSP}:** Urgent\n\n"
        "Merci de traiter en priorité.\n"
    )
    c = mail(raw)
    assert c.text == "On verra plus tard."
    assert "priorité" not in c.text


def test_outlook_reply_en():
    raw = (
        "Not my call, ask the account manager.\n\n"
        "From: Julie Martin <julie@example.com>\n"
        "Sent: Monday, March 3, 2025 5:45 PM\n"
        "To: Support <support@example.com>\n"
        "Subject: RE: complaint\n\n"
        "Can someone answer the customer?\n"
    )
    c = mail(raw)
    assert c.text == "Not my call, ask the account manager."
    assert "Can someone" not in c.text


def test_de_line_alone_is_not_an_outlook_header():
    raw = "De : mon point de vue, le client exagère.\nÀ voir demain.\n"
    c = mail(raw)
    assert c.text == "De : mon point de vue, le client exagère.\nÀ voir demain."
    assert c.removed == {}


@pytest.mark.parametrize(
    "separator",
    [
        "-----Message d'origine-----",
        "-----Original Message-----",
        "---------- Forwarded message ---------",
        "---------- Message transféré ---------",
        "Début du message réexpédié :",
        f"Début du message réexpédié{NBSP}:",
        "-------- Message transmis --------",
    ],
)
def test_separators_cut_everything_after(separator):
    raw = (
        "Pour info, encore une demande impossible.\n\n"
        f"{separator}\n"
        "De: Client <client@exemple.com>\n"
        "Date: 3 mars 2025\n"
        "Objet: Commande\n\n"
        "Je veux être livré demain.\n"
    )
    c = mail(raw)
    assert c.text == "Pour info, encore une demande impossible."
    assert "livré demain" not in c.text
    assert c.removed == {"quoted": 1}


def test_forward_without_own_text_is_empty():
    raw = (
        "---------- Forwarded message ---------\n"
        "From: Client <client@example.com>\n"
        "Date: Mon, Mar 3, 2025 at 5:45 PM\n"
        "Subject: Order\n"
        "To: <support@example.com>\n\n"
        "Where is my order?\n"
    )
    c = mail(raw)
    assert c.text == ""
    assert c.segments == []


def test_mail_with_only_a_quote_is_empty():
    c = mail("> On n'a pas le temps.\n> Ce n'est pas ma responsabilité.\n")
    assert c.text.strip() == ""
    assert c.segments == []
    assert c.removed == {"quoted": 1}


def test_nested_quotes_are_removed():
    raw = (
        "Je ne suis pas d'accord avec toi.\n\n"
        "Le mar. 4 mars 2025 à 10:00, Paul <paul@exemple.fr> a écrit :\n"
        "> Ce n'est pas mon problème.\n"
        ">\n"
        "> Le lun. 3 mars 2025 à 17:45, Julie <julie@exemple.fr> a écrit :\n"
        ">> On n'a pas le temps.\n"
        ">>> Le client attend.\n"
    )
    c = mail(raw)
    assert c.text == "Je ne suis pas d'accord avec toi."
    for phrase in ("pas mon problème", "pas le temps", "client attend", ">"):
        assert phrase not in c.text


def test_interleaved_reply_keeps_the_authors_answers():
    raw = (
        "Le lun. 3 mars 2025 à 17:45, Julie <julie@exemple.fr> a écrit :\n"
        "> Peux-tu rappeler le client ?\n\n"
        "Non, on n'a pas le temps cette semaine.\n\n"
        "> Et pour le devis ?\n"
        "> C'est urgent.\n\n"
        "Ce n'est pas ma responsabilité.\n"
    )
    c = mail(raw)
    assert c.text == "Non, on n'a pas le temps cette semaine.\n\nCe n'est pas ma responsabilité."
    assert "rappeler le client" not in c.text and "devis" not in c.text
    assert c.removed == {"quoted": 2}


def test_quote_block_in_the_middle_is_removed():
    raw = "Tu as écrit :\n> le client se plaint\n\nEt alors ? On n'a pas le temps.\n"
    c = mail(raw)
    assert "se plaint" not in c.text
    assert c.text == "Tu as écrit :\n\nEt alors ? On n'a pas le temps."


def test_crlf_mail():
    raw = "On n'a pas le temps.\r\n\r\nLe 03/03/2025 à 17:45, X <x@y.fr> a écrit :\r\n> texte cité\r\n"
    c = mail(raw)
    assert c.text == "On n'a pas le temps."


def test_own_text_mentioning_a_quote_verb_is_kept():
    raw = "Le client m'a écrit : il attend toujours.\nLe directeur a écrit hier une note.\n"
    c = mail(raw)
    assert c.text == "Le client m'a écrit : il attend toujours.\nLe directeur a écrit hier une note."
    assert c.removed == {}


# ----------------------------------------------------------------------------- e-mails: signatures


def test_dash_dash_signature():
    raw = "Ce n'est pas notre priorité.\n\n-- \nKarim Benali\nDirecteur des opérations\n06 12 34 56 78\n"
    c = mail(raw)
    assert c.text == "Ce n'est pas notre priorité."
    assert c.removed == {"signature": 1}


@pytest.mark.parametrize(
    "footer",
    [
        "Envoyé de mon iPhone",
        "Envoyé depuis mon Android",
        "Envoyé depuis Outlook pour iOS",
        "Envoyé à partir de Outlook pour Android",
        "Sent from my iPhone",
        "Get Outlook for iOS",
        "Téléchargez Outlook pour Android",
    ],
)
def test_mobile_signatures(footer):
    raw = f"On verra ça lundi, pas le temps.\n\n{footer}\n"
    c = mail(raw)
    assert c.text == "On verra ça lundi, pas le temps."
    assert c.removed == {"signature": 1}


def test_iphone_signature_above_quote():
    raw = (
        "Pas le temps, désolé.\n\n"
        "Envoyé de mon iPhone\n\n"
        "> Le 3 mars 2025 à 17:45, Julie <julie@exemple.fr> a écrit :\n"
        "> Tu peux rappeler le client ?\n"
    )
    c = mail(raw)
    assert c.text == "Pas le temps, désolé."
    assert c.removed == {"quoted": 1, "signature": 1}


@pytest.mark.parametrize(
    "closing", ["Cordialement", "Cordialement,", "Bien cordialement,", "Bien à vous,", "Salutations distinguées.", "Sincères salutations", "Best regards,"]
)
def test_closing_formula_with_name_title_phone(closing):
    raw = (
        "Bonjour,\n\n"
        "Nous ne pouvons pas traiter votre demande avant la fin du mois.\n\n"
        f"{closing}\n"
        "Sophie Bernard\n"
        "Responsable Administration des ventes\n"
        "Tél : +33 1 23 45 67 89 | Mob : 06 12 34 56 78\n"
        "www.exemple.fr\n"
    )
    c = mail(raw)
    assert c.text == "Bonjour,\n\nNous ne pouvons pas traiter votre demande avant la fin du mois."
    assert c.removed == {"signature": 1}


def test_closing_formula_alone_at_the_end():
    c = mail("Le dossier n'est pas chez nous.\n\nCordialement\n")
    assert c.text == "Le dossier n'est pas chez nous."
    assert c.removed == {"signature": 1}


def test_closing_with_name_on_same_line():
    c = mail("Voyez avec la compta.\n\nCordialement, Karim\n")
    assert c.text == "Voyez avec la compta."


def test_bonne_journee_followed_by_name_block_is_cut():
    raw = "Je ne peux rien faire de plus.\n\nBonne journée,\nKarim Benali\nService client\n"
    c = mail(raw)
    assert c.text == "Je ne peux rien faire de plus."
    assert c.removed == {"signature": 1}


def test_merci_et_bonne_journee_followed_by_name_is_cut():
    c = mail("Ce n'est pas urgent pour nous.\n\nMerci et bonne journée\nJulie\n")
    assert c.text == "Ce n'est pas urgent pour nous."


def test_bonne_journee_without_name_block_is_kept():
    raw = "Je regarde ça demain.\n\nBonne journée !\n"
    c = mail(raw)
    assert c.text == "Je regarde ça demain.\n\nBonne journée !"
    assert c.removed == {}


def test_closing_formula_followed_by_long_text_is_kept():
    raw = (
        "Bonjour,\n\n"
        "Merci\n"
        "Je reviens vers vous car le client se plaint encore et franchement on n'a pas le temps de tout gérer.\n"
        "Il faudrait que le service qualité s'en occupe enfin sérieusement cette fois-ci.\n"
    )
    c = mail(raw)
    assert "on n'a pas le temps de tout gérer" in c.text
    assert "Merci" in c.text
    assert c.removed == {}


def test_cordialement_inside_a_sentence_is_kept():
    raw = "Je lui ai répondu cordialement que ce n'était pas ma responsabilité.\nÀ suivre.\n"
    c = mail(raw)
    assert c.text == "Je lui ai répondu cordialement que ce n'était pas ma responsabilité.\nÀ suivre."
    assert c.removed == {}


def test_signature_then_quote_then_disclaimer_counts():
    raw = (
        "On n'a pas le budget pour ça.\n\n"
        "Bien cordialement,\n"
        "Karim Benali\n"
        "Directeur commercial\n"
        "06 12 34 56 78\n\n"
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive\n"
        "de ses destinataires. Toute utilisation ou diffusion non autorisée est interdite.\n\n"
        "Le lun. 3 mars 2025 à 17:45, Julie Martin <julie.martin@exemple.fr> a écrit :\n"
        "> Peut-on offrir un geste commercial ?\n"
    )
    c = mail(raw)
    assert c.text == "On n'a pas le budget pour ça."
    assert c.removed == {"quoted": 1, "signature": 1, "disclaimer": 1}


# ----------------------------------------------------------------------------- e-mails: disclaimers


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires.",
        "Ce courriel et les documents qui y sont attachés peuvent contenir des informations confidentielles.",
        "Pensez à l'environnement avant d'imprimer ce message.",
        "P Pensez à l’environnement avant d’imprimer ce message",
        "Avis de confidentialité : ce message est destiné uniquement à son destinataire.",
        f"Avis de confidentialité{NBSP}: le contenu de ce courriel est confidentiel.",
        "This e-mail and any attachments are confidential and intended solely for the addressee.",
        "If you are not the intended recipient, please delete this message.",
    ],
)
def test_disclaimers_are_removed(disclaimer):
    raw = f"Le client attendra, ce n'est pas la priorité.\n\n{disclaimer}\n"
    c = mail(raw)
    assert c.text == "Le client attendra, ce n'est pas la priorité."
    assert c.removed == {"disclaimer": 1}


def test_wrapped_bilingual_disclaimer_counted_once():
    raw = (
        "Pas de notre ressort.\n\n"
        "Ce message et toutes les pièces jointes sont\n"
        "confidentiels et établis à l'intention exclusive de ses destinataires.\n\n"
        "This e-mail and any attachments are confidential\n"
        "and intended solely for the addressee.\n"
    )
    c = mail(raw)
    assert c.text == "Pas de notre ressort."
    assert "confidenti" not in c.text
    assert c.removed == {"disclaimer": 1}


def test_disclaimer_glued_to_signature_block():
    raw = (
        "Voyez avec le siège.\n\n"
        "Cordialement,\n"
        "Karim Benali\n"
        "Ce courriel et les documents qui y sont attachés sont confidentiels.\n"
    )
    c = mail(raw)
    assert c.text == "Voyez avec le siège."
    assert c.removed == {"signature": 1, "disclaimer": 1}


def test_word_confidential_in_own_text_is_kept():
    raw = "Ce dossier est confidentiel, ne le transmets pas au client.\n"
    c = mail(raw)
    assert c.text == "Ce dossier est confidentiel, ne le transmets pas au client."
    assert c.removed == {}


def test_full_realistic_outlook_thread():
    raw = (
        f"Bonjour Julie,\r\n\r\nFranchement, ce n’est pas ma responsabilité{NBSP}: le client n’avait qu’à lire les CGV.\r\n"
        "On a d’autres priorités.\r\n\r\n"
        "Bien à vous,\r\n\r\n"
        "Marc Petit\r\nChef de projet | Direction technique\r\nTél. 01 02 03 04 05\r\n\r\n"
        "Pensez à l'environnement avant d'imprimer ce message.\r\n\r\n"
        "-----Message d'origine-----\r\n"
        "De : Julie Martin\r\nEnvoyé : mardi 4 mars 2025 08:30\r\nÀ : Marc Petit\r\nObjet : RE: Client Durand\r\n\r\n"
        "Marc, le client Durand menace de partir.\r\n\r\n"
        "De : Client Durand\r\nEnvoyé : lundi 3 mars 2025 17:00\r\nÀ : Julie Martin\r\nObjet : Client Durand\r\n\r\n"
        "Je suis très mécontent.\r\n"
    )
    c = mail(raw)
    assert c.text == (
        "Bonjour Julie,\n\nFranchement, ce n'est pas ma responsabilité : le client n'avait qu'à lire les CGV.\n"
        "On a d'autres priorités."
    )
    for phrase in ("menace de partir", "mécontent", "Marc Petit", "environnement", "Message d'origine"):
        assert phrase not in c.text
    assert c.removed == {"quoted": 1, "signature": 1, "disclaimer": 1}


def test_speaker_at_in_email_is_none():
    c = mail("On n'a pas le temps.\n")
    assert c.speaker_at(0) is None
    assert c.segments[0].end == len(c.text)


# ----------------------------------------------------------------------------- minutes: speaker turns


MINUTES = """# Compte rendu – Comité qualité du 3 mars 2025

Date : 3 mars 2025
Lieu : salle B
Présents : Karim Benali, Julie Martin, Mme Dupont, Paul Leroy
Excusés : néant
Ordre du jour : réclamations clients

Karim : on n'a pas le temps de rappeler tous les clients.
Il faudrait plus de monde.
**Julie Martin** : ce n'est pas ma responsabilité, c'est le service client.
- Mme Dupont (DRH) : il a dit : « on verra plus tard ».
PAUL LEROY : le client a toujours tort.

Décisions :
- Karim relance le client Durand.
Prochaine réunion : 10 mars.
NB : compte rendu diffusé à tous.
"""


def test_minutes_text_unchanged_and_speakers():
    c = note(MINUTES)
    assert c.text == MINUTES
    assert c.removed == {}
    speakers = [(s, t) for s, t in turns(c) if s is not None]
    assert speakers == [
        ("Karim", "on n'a pas le temps de rappeler tous les clients.\nIl faudrait plus de monde."),
        ("Julie Martin", "ce n'est pas ma responsabilité, c'est le service client."),
        ("Mme Dupont", "il a dit : « on verra plus tard »."),
        ("Paul Leroy", "le client a toujours tort."),
    ]


def test_minutes_headings_are_not_speakers():
    c = note(MINUTES)
    names = {s.speaker for s in c.segments}
    for label in ("Date", "Lieu", "Présents", "Excusés", "Ordre du jour", "Décisions", "Prochaine réunion", "NB", "Il a dit"):
        assert label not in names
    outside = [t for s, t in turns(c) if s is None]
    assert outside[0].startswith("# Compte rendu") and outside[0].endswith("Ordre du jour : réclamations clients")
    assert outside[-1] == "Décisions :\n- Karim relance le client Durand.\nProchaine réunion : 10 mars.\nNB : compte rendu diffusé à tous."


def test_minutes_speaker_at_offsets():
    c = note(MINUTES)
    assert c.speaker_at(c.text.index("pas le temps")) == "Karim"
    assert c.speaker_at(c.text.index("plus de monde")) == "Karim"
    assert c.speaker_at(c.text.index("pas ma responsabilité")) == "Julie Martin"
    assert c.speaker_at(c.text.index("on verra plus tard")) == "Mme Dupont"
    assert c.speaker_at(c.text.index("toujours tort")) == "Paul Leroy"
    assert c.speaker_at(c.text.index("relance le client")) is None
    assert c.speaker_at(c.text.index("salle B")) is None


def test_segments_are_sorted_and_disjoint():
    c = note(MINUTES)
    ends = [0]
    for s in c.segments:
        assert ends[-1] <= s.start < s.end <= len(c.text)
        assert c.text[s.start] not in " \n" and c.text[s.end - 1] not in " \n"
        ends.append(s.end)


def test_minutes_with_no_break_spaces_keep_offsets():
    raw = f"Karim{NBSP}: on n’a pas le temps.\nJulie{NNBSP}: ce n’est pas mon job."
    c = note(raw)
    assert len(c.text) == len(raw)
    assert turns(c) == [("Karim", "on n'a pas le temps."), ("Julie", "ce n'est pas mon job.")]


@pytest.mark.parametrize(
    ("line", "speaker", "words"),
    [
        ("Karim : on n'a pas le temps", "Karim", "on n'a pas le temps"),
        ("Karim: on n'a pas le temps", "Karim", "on n'a pas le temps"),
        ("KARIM B. : on n'a pas le temps", "Karim B.", "on n'a pas le temps"),
        ("- Julie Martin : c'est pas moi", "Julie Martin", "c'est pas moi"),
        ("* Julie Martin : c'est pas moi", "Julie Martin", "c'est pas moi"),
        ("**Julie** : c'est pas moi", "Julie", "c'est pas moi"),
        ("**Julie :** c'est pas moi", "Julie", "c'est pas moi"),
        ("Mme Dupont (DRH) : pas de budget", "Mme Dupont", "pas de budget"),
        ("M. Martin : pas de budget", "M. Martin", "pas de budget"),
        ("Julie MARTIN : pas de budget", "Julie Martin", "pas de budget"),
        ("Julie Martin, DRH : pas de budget", "Julie Martin", "pas de budget"),
        ("Jean-Pierre de La Tour : pas de budget", "Jean-Pierre de La Tour", "pas de budget"),
        ("  Karim  :   on verra", "Karim", "on verra"),
    ],
)
def test_turn_lines(line, speaker, words):
    parsed = parse_turn(line)
    assert parsed is not None
    name, start = parsed
    assert name == speaker
    assert line[start:] == words


@pytest.mark.parametrize(
    "line",
    [
        "Objet : réunion",
        "Date : 3 mars",
        "Lieu : Paris",
        "Présents : Karim, Julie",
        "Excusés : Paul",
        "Ordre du jour : qualité",
        "Décision : on garde",
        "Décisions : aucune",
        "Relevé de décisions : voir plus bas",
        "Note : à revoir",
        "NB : important",
        "N.B. : important",
        "Action : rappeler",
        "Actions : rappeler",
        "Action Karim : rappeler le client",
        "Points abordés : qualité",
        "Prochaine réunion : lundi",
        "Rédacteur : Paul",
        "Compte rendu : validé",
        "Compte-rendu : validé",
        "Remarque : aucune",
        "**Décisions** : aucune",
        "ORDRE DU JOUR : qualité",
        "il a dit : on n'a pas le temps",
        "Karim a dit : on n'a pas le temps",
        "Le directeur commercial de la région Ouest a rappelé : pas de budget",
        "Réunion du 3 mars : qualité",
        "10:30 début",
        "Voir https://exemple.fr/page",
        "Q : une question",
    ],
)
def test_not_turn_lines(line):
    assert parse_turn(line) is None


def test_speaker_name_cleaning():
    assert speaker_name("**Karim**") == "Karim"
    assert speaker_name("MME DUPONT (DRH)") == "Mme Dupont"
    assert speaker_name("Un participant parmi tant d'autres") is None
    assert speaker_name("Présents") is None


def test_turn_continues_after_blank_line_only_for_continuations():
    text = (
        "Karim : trois points :\n\n"
        "- on n'a pas le temps ;\n"
        "- pas le budget.\n\n"
        "Julie : d'accord\n"
        "\n"
        "    et j'ajoute que ce n'est pas mon rôle.\n"
        "\n"
        "La séance est levée à 12h.\n"
    )
    c = note(text)
    assert turns(c) == [
        ("Karim", "trois points :\n\n- on n'a pas le temps ;\n- pas le budget."),
        ("Julie", "d'accord\n\n    et j'ajoute que ce n'est pas mon rôle."),
        (None, "La séance est levée à 12h."),
    ]


def test_heading_ends_a_turn():
    text = "Karim : on n'a pas le temps.\n## Point 2 : budget\nPas de dépense prévue.\nJulie : dommage.\n"
    c = note(text)
    assert turns(c) == [
        ("Karim", "on n'a pas le temps."),
        (None, "## Point 2 : budget\nPas de dépense prévue."),
        ("Julie", "dommage."),
    ]


def test_speaker_label_alone_on_its_line():
    text = "Karim :\nOn n'a pas le temps.\nC'est comme ça.\n\nJulie : bon.\n"
    c = note(text)
    assert turns(c) == [("Karim", "On n'a pas le temps.\nC'est comme ça."), ("Julie", "bon.")]


def test_note_without_turns_is_one_none_segment():
    text = "Note interne\n\nLe service client n'a pas le temps de répondre.\nÀ revoir.\n"
    c = note(text)
    assert c.text == text
    assert turns(c) == [(None, "Note interne\n\nLe service client n'a pas le temps de répondre.\nÀ revoir.")]


def test_empty_documents():
    assert note("").segments == [] and note("").text == ""
    assert mail("").text == "" and mail("").segments == []
    assert split_turns("\n\n  \n") == []


def test_email_kind_is_not_split_into_turns():
    c = mail("Karim : on n'a pas le temps.\nJulie : pas mon problème.\n")
    assert c.text == "Karim : on n'a pas le temps.\nJulie : pas mon problème."
    assert [(s.start, s.end, s.speaker) for s in c.segments] == [(0, len(c.text), None)]


# ----------------------------------------------------------------------------- guards against over-removal


def test_envoye_de_ma_part_is_own_text():
    raw = "Envoyé de ma part au client hier\nIl n'a pas répondu.\n"
    c = mail(raw)
    assert c.text == "Envoyé de ma part au client hier\nIl n'a pas répondu."
    assert c.removed == {}


def test_weak_formula_followed_by_short_sentence_is_kept():
    raw = "Merci\nOn n'a pas le temps.\nKarim\n"
    c = mail(raw)
    assert "On n'a pas le temps." in c.text


def test_strong_formula_followed_by_ps_is_kept():
    raw = "Voir pièce jointe.\n\nCordialement,\nKarim\n\nPS : ce n'est pas ma responsabilité\n"
    c = mail(raw)
    assert "ce n'est pas ma responsabilité" in c.text
    assert "signature" not in c.removed


def test_text_above_first_marker_fully_kept():
    own = (
        "Bonjour à tous,\n\n"
        "Je transfère la réclamation. De mon côté, ce n'est pas ma responsabilité.\n"
        "Objet du désaccord : le délai de livraison.\n"
        "Merci de votre compréhension, cordialement, et à bientôt."
    )
    raw = own + "\n\n-----Original Message-----\nFrom: a@b.c\nSent: today\nTo: me\nSubject: x\n\nquoted words\n"
    c = mail(raw)
    assert c.text == own
    assert "quoted words" not in c.text


REPLY_MARKERS = [
    "Le lun. 3 mars 2025 à 17:45, Julie Martin <julie.martin@exemple.fr> a écrit :",
    f"Le lun. 3 mars 2025 à 17:45, Julie Martin <julie.martin@exemple.fr> a écrit{NBSP}:",
    "Le lun. 3 mars 2025 à 17:45, Julie Martin <\njulie.martin@exemple.fr> a écrit :",
    "Le 03/03/2025 à 17:45, Julie Martin a écrit :",
    "On Mon, Mar 3, 2025 at 5:45 PM Julie Martin <julie@example.com> wrote:",
    "On Mon, Mar 3, 2025 at 5:45 PM Julie Martin <julie@example.com>\nwrote:",
    "De : Julie Martin\nEnvoyé : lundi 3 mars 2025 17:45\nÀ : Karim\nObjet : RE: devis",
    f"De{NBSP}: Julie Martin\nEnvoyé{NBSP}: lundi 3 mars 2025 17:45\nÀ{NBSP}: Karim\nCc{NBSP}: Paul\nObjet{NBSP}: devis",
    "From: Julie Martin\nSent: Monday, March 3, 2025 5:45 PM\nTo: Karim\nSubject: quote",
    "-----Message d'origine-----",
    "-----Original Message-----",
    "---------- Forwarded message ---------",
    "---------- Message transféré ---------",
    "Début du message réexpédié :",
]


@pytest.mark.parametrize("marker", REPLY_MARKERS)
@pytest.mark.parametrize("quote_prefix", ["", "> "])
def test_quoted_phrase_never_remains(marker, quote_prefix):
    own = "Je m'en occupe demain matin."
    quoted = "Le client attend depuis trois semaines."
    raw = f"{own}\n\n{marker}\n\n{quote_prefix}{quoted}\n{quote_prefix}Merci d'avance.\n"
    c = mail(raw)
    assert c.text == own
    assert quoted not in c.text
    assert c.removed == {"quoted": 1}


# ----------------------------------------------------------------------------- false speakers


@pytest.mark.parametrize(
    "line",
    [
        "Rédaction : Sophie Roussel",
        "**Rédaction** : Sophie Roussel",
        "Rédacteur : Paul",
        "Rédactrice : Julie Martin",
        "Rédigée par : Claire Vasseur, conseillère industrie",
        "Cap Client : ce qui change au quotidien",
        "- Supports : envoyés le 30/10 sur l'adresse générique",
        "- Franchement, ce groupe était pénible : ils arrivent en retard",
        "Franchement : ils arrivent en retard",
        "Montant : 1 260 € HT",
        "Objectif : rappeler sous 48 heures",
        "Budget : 800 euros",
        "Concrètement : on rappelle tout le monde",
        "Julie, c'est vrai : on rappelle",
    ],
)
def test_labels_that_are_not_people(line):
    assert parse_turn(line) is None


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Claire : je suis sceptique.", "Claire"),
        ("Clément : d'accord.", "Clément"),
        ("Olivier Morel : le papier, ça marchait.", "Olivier Morel"),
        ("- Yannick Le Goff : je prends le 13.", "Yannick Le Goff"),
        ("Dr Martin : pas de budget.", "Dr Martin"),
        ("Julie Martin, responsable qualité : pas de budget.", "Julie Martin"),
    ],
)
def test_people_are_still_speakers(line, speaker):
    assert parse_turn(line)[0] == speaker


def test_common_word_is_a_speaker_when_the_document_knows_the_first_name():
    assert parse_turn("Bon : on verra.") is None
    text = "Bon Nguyen : je commence.\nJulie : d'accord.\nBon : on verra.\n"
    assert [s for s, _ in turns(note(text))] == ["Bon Nguyen", "Julie", "Bon"]


def test_note_with_bullets_has_no_false_speakers():
    text = (
        "Notes – appel de Mme Delorme – 05/11/2024 – Thomas Nguyen\n\n"
        "- Réclamation sur la session du 28/10 : salle trop froide.\n"
        "- Supports : envoyés le 30/10 sur l'adresse générique de l'entreprise.\n"
        "- Franchement, ce groupe était pénible : ils arrivent en retard.\n\n"
        "À faire :\n- renvoyer les attestations (Sophie) ;\n"
    )
    c = note(text)
    assert c.text == text
    assert {s.speaker for s in c.segments} == {None}


def test_minutes_header_fields_and_html_heading_are_not_speakers():
    text = (
        "# Cap Client : deux jours pour changer de regard\n"
        "**Date** : jeudi 17 octobre 2024\n"
        "**Rédaction** : Sophie Roussel\n\n"
        "Cap Client : ce qui change au quotidien\n\n"
        "**Karim Benali** : on n'a pas le temps.\n"
    )
    assert [(s, t) for s, t in turns(note(text)) if s is not None] == [("Karim Benali", "on n'a pas le temps.")]


# ----------------------------------------------------------------------------- name-only signatures


def sent_by(text: str, author_name: str | None) -> CleanText:
    return clean_document(SourceDocument(document="m.eml", path="m.eml", format="eml", kind="email",
                                         text=text, author_name=author_name))


def test_name_title_phone_block_without_closing_is_removed():
    raw = "Je lui réponds quoi ?\n\nOlivier Morel\nChargé d'accueil – CFE\n02 47 00 00 00\n"
    for author in ("Olivier Morel", None):  # the title / phone lines suffice without the From name
        c = sent_by(raw, author)
        assert c.text == "Je lui réponds quoi ?"
        assert c.removed == {"signature": 1}


def test_name_block_matching_the_sender_is_removed():
    raw = "Je regarde ça lundi.\n\nOlivier Morel\nCCI Val-de-Loire Sud\n"
    assert sent_by(raw, "Olivier Morel").text == "Je regarde ça lundi."
    assert sent_by(raw, None).text == raw.strip()  # no From name, no title or contact: kept
    glued = "Je regarde ça lundi.\nOlivier Morel\nCCI Val-de-Loire Sud\n"
    assert sent_by(glued, "Olivier Morel").text == "Je regarde ça lundi."


def test_first_name_sign_off_and_full_block_are_removed():
    raw = (
        "On peut en parler jeudi ?\n\nNadia\n\nNadia Haddad\nConseillère création - Appui aux entreprises\n"
        "CCI Val-de-Loire Sud\nTél. 02 54 81 23 62\n"
    )
    c = sent_by(raw, "Nadia Haddad")
    assert c.text == "On peut en parler jeudi ?"
    assert c.removed == {"signature": 1}
    assert sent_by("Je prends le 6.\n\nLaurent\n", "Laurent Picard").text == "Je prends le 6."


def test_signature_counted_once_with_dash_delimiter():
    raw = "Je ne suis pas commercial.\n\nBruno\n\n-- \nBruno Caradec\nConseiller transmission\n"
    c = sent_by(raw, "Bruno Caradec")
    assert c.text == "Je ne suis pas commercial."
    assert c.removed == {"signature": 1}


@pytest.mark.parametrize(
    ("raw", "author"),
    [
        ("Je te laisse voir.\n\nMerci Olivier\n", "Olivier Morel"),  # thanks to someone, not a signature
        ("Je te laisse voir.\n\nKarim Benali\n", "Julie Lefèvre"),  # another person's name
        ("Le dossier est complet.\n\nRappelle Karim au 02 47 00 00 00\n", "Julie Lefèvre"),  # a sentence
        ("Le dossier est complet.\n\nOlivier Morel est absent.\nCCI Val-de-Loire Sud\n", "Olivier Morel"),
        ("Le dossier est complet.\nKarim Benali\nChargé d'accueil\n", None),  # glued, not the sender
        ("Olivier Morel\nChargé d'accueil – CFE\n", "Olivier Morel"),  # would leave nothing
    ],
)
def test_last_sentence_is_never_taken_for_a_name_block(raw, author):
    c = sent_by(raw, author)
    assert c.text == raw.strip()
    assert "signature" not in c.removed


def test_roles_with_et_or_a_stay_roles():
    assert parse_turn("Julie Martin, DRH et qualité : pas de budget.")[0] == "Julie Martin"
    assert parse_turn("Julie Martin, responsable à l'accueil : pas de budget.")[0] == "Julie Martin"
