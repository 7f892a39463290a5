#!/usr/bin/env python3
"""Génère le corpus de démonstration ``corpus/demo/`` et ``corpus/demo_staff.csv``.

Organisation fictive : « Chambre de commerce et d'industrie de Val-de-Loire Sud » (domaine
``cci-vls.fr``). Trois départements, six équipes, dix-huit personnes. Un parcours de formation
« Cap Client » a eu lieu les 13 et 14 mars 2025 ; les documents vont d'octobre 2024 à juin 2025.

Le script est déterministe : dates fixes, Message-ID fixes, propriétés des .docx fixées, archives
zip (.docx, .odt) réécrites avec des horodatages fixes, date de création du PDF fixée. Deux
exécutions successives produisent des fichiers identiques octet pour octet.

Usage ::

    python scripts/build_demo.py [--out corpus/demo] [--staff corpus/demo_staff.csv]

Tout le contenu est inventé ; les personnes, entreprises et chiffres sont fictifs.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import os
import quopri
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.header import Header
from email.policy import default as _default_policy
from email.utils import format_datetime, formataddr
from pathlib import Path

_FOLD = _default_policy.clone(linesep="\n", max_line_length=76)
ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "cci-vls.fr"
ORG = "CCI Val-de-Loire Sud"
ORG_LONG = "Chambre de commerce et d'industrie de Val-de-Loire Sud"

# --------------------------------------------------------------------------------------------
# Personnel
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    login: str  # partie locale de l'adresse, sans accents
    department: str
    team: str
    title: str
    phone: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{self.login}@{DOMAIN}"


FC = "Formation continue"
AE = "Appui aux entreprises"
AF = "Accueil et formalités"

STAFF = [
    # Formation continue
    Person("Hélène", "Marchetti", "helene.marchetti", FC, "Développement commercial",
           "Directrice de la formation continue", "02 54 81 23 30"),
    Person("Karim", "Benali", "karim.benali", FC, "Développement commercial",
           "Conseiller formation", "02 54 81 23 40"),
    Person("Julie", "Lefèvre", "julie.lefevre", FC, "Développement commercial",
           "Chargée de clientèle", "02 54 81 23 44"),
    Person("Marc", "Dufresne", "marc.dufresne", FC, "Ingénierie et production",
           "Ingénieur pédagogique", "02 54 81 23 46"),
    Person("Sophie", "Roussel", "sophie.roussel", FC, "Ingénierie et production",
           "Assistante de formation", "02 54 81 23 47"),
    Person("Thomas", "Nguyen", "thomas.nguyen", FC, "Ingénierie et production",
           "Formateur bureautique et numérique", "02 54 81 23 48"),
    # Appui aux entreprises
    Person("Philippe", "Garnier", "philippe.garnier", AE, "Création-transmission",
           "Directeur de l'appui aux entreprises", "02 54 81 23 60"),
    Person("Nadia", "Haddad", "nadia.haddad", AE, "Création-transmission",
           "Conseillère création", "02 54 81 23 62"),
    Person("Bruno", "Caradec", "bruno.caradec", AE, "Création-transmission",
           "Conseiller transmission d'entreprise", "02 54 81 23 65"),
    Person("Claire", "Vasseur", "claire.vasseur", AE, "Industrie et numérique",
           "Conseillère industrie", "02 54 81 23 70"),
    Person("Antoine", "Perrin", "antoine.perrin", AE, "Industrie et numérique",
           "Conseiller numérique", "02 54 81 23 72"),
    Person("Élodie", "Masson", "elodie.masson", AE, "Industrie et numérique",
           "Assistante du département", "02 54 81 23 74"),
    # Accueil et formalités
    Person("Isabelle", "Fournier", "isabelle.fournier", AF, "Centre de formalités des entreprises",
           "Responsable accueil et formalités", "02 54 81 23 10"),
    Person("Olivier", "Morel", "olivier.morel", AF, "Centre de formalités des entreprises",
           "Gestionnaire formalités", "02 54 81 23 14"),
    Person("Fatima", "Chérif", "fatima.cherif", AF, "Centre de formalités des entreprises",
           "Gestionnaire formalités", "02 54 81 23 15"),
    Person("Laurent", "Picard", "laurent.picard", AF, "Accueil et standard",
           "Agent d'accueil", "02 54 81 23 00"),
    Person("Camille", "Bertin", "camille.bertin", AF, "Accueil et standard",
           "Chargée d'accueil", "02 54 81 23 01"),
    Person("Yannick", "Le Goff", "yannick.legoff", AF, "Accueil et standard",
           "Chargé d'accueil téléphonique", "02 54 81 23 02"),
]
P = {p.first: p for p in STAFF}

# --------------------------------------------------------------------------------------------
# Dates (heure de Paris calculée sans base tz : changements d'heure 2024-10-27 et 2025-03-30)
# --------------------------------------------------------------------------------------------


def paris(y: int, mo: int, d: int, h: int, mi: int, s: int = 0) -> datetime:
    day = date(y, mo, d)
    summer = date(2024, 3, 31) <= day < date(2024, 10, 27) or date(2025, 3, 30) <= day < date(2025, 10, 26)
    return datetime(y, mo, d, h, mi, s, tzinfo=timezone(timedelta(hours=2 if summer else 1)))


JOURS_ABR = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MOIS_ABR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def gmail_attribution(dt: datetime, who: Person) -> str:
    return (f"Le {JOURS_ABR[dt.weekday()]} {dt.day} {MOIS_ABR[dt.month - 1]} {dt.year} à {dt:%H:%M}, "
            f"{who.name} <{who.email}> a écrit :")


def apple_attribution(dt: datetime, who: Person) -> str:
    return f"Le {dt.day} {MOIS_ABR[dt.month - 1]} {dt.year} à {dt:%H:%M}, {who.name} <{who.email}> a écrit :"


def thunderbird_attribution(dt: datetime, who: Person) -> str:
    return f"Le {dt:%d/%m/%Y} à {dt:%H:%M}, {who.name} a écrit :"


def outlook_date(dt: datetime) -> str:
    return f"{JOURS[dt.weekday()]} {dt.day} {MOIS[dt.month - 1]} {dt.year} {dt:%H:%M}"


def quote(text: str) -> str:
    out = []
    for line in text.rstrip("\n").split("\n"):
        if not line:
            out.append(">")
        elif line.startswith(">"):
            out.append(">" + line)
        else:
            out.append("> " + line)
    return "\n".join(out)


def signature(p: Person, greeting: str = "Cordialement,", dash: bool = False) -> str:
    lines = [greeting, ""] if greeting else []
    if dash:
        lines.append("-- ")
    lines += [p.name, f"{p.title} – {p.department}", ORG, f"Tél. {p.phone}"]
    return "\n".join(lines)


DISCLAIMER = (
    "Ce message et ses éventuelles pièces jointes sont confidentiels et établis à l'intention "
    "exclusive de leurs destinataires. Si vous avez reçu ce message par erreur, merci d'en avertir "
    "immédiatement l'expéditeur et de le détruire. Toute utilisation, diffusion ou publication non "
    "autorisée est interdite. La CCI Val-de-Loire Sud décline toute responsabilité au titre de ce "
    "message s'il a été altéré, déformé ou falsifié."
)

# --------------------------------------------------------------------------------------------
# Construction des messages (en-têtes écrits à la main pour maîtriser chaque octet)
# --------------------------------------------------------------------------------------------


def enc_header(value: str, charset: str = "utf-8") -> str:
    """Encodage RFC 2047 d'un en-tête non structuré (Subject), comme le ferait un client de messagerie."""
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        pass
    if charset == "utf-8":  # seuls les mots accentués sont encodés (« Re: » reste lisible)
        folded = _FOLD.header_factory("Subject", value).fold(policy=_FOLD)
        return folded[len("Subject: "):].rstrip("\n")
    return Header(value, charset, maxlinelen=76).encode(linesep="\n")


def addr(p: Person | tuple[str, str], charset: str = "utf-8") -> str:
    if isinstance(p, Person):
        return formataddr((p.name, p.email), charset=charset)
    return formataddr(p, charset=charset)


def message_id(dt: datetime, p: Person, n: int = 0) -> str:
    return f"<{dt:%Y%m%d%H%M%S}.{n:02d}.{p.login}@{DOMAIN}>"


def build_message(
    *,
    sender: Person,
    to: list,
    subject: str,
    dt: datetime,
    body: str,
    cc: list | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    subtype: str = "plain",
    charset: str = "utf-8",
    cte: str = "8bit",
    mailer: str | None = None,
    msgid: str | None = None,
) -> bytes:
    headers = [
        ("From", addr(sender, charset)),
        ("To", ", ".join(addr(x, charset) for x in to)),
    ]
    if cc:
        headers.append(("Cc", ", ".join(addr(x, charset) for x in cc)))
    headers += [
        ("Subject", enc_header(subject, charset)),
        ("Date", format_datetime(dt)),
        ("Message-ID", msgid or message_id(dt, sender)),
    ]
    if in_reply_to:
        headers.append(("In-Reply-To", in_reply_to))
    if references:
        headers.append(("References", " ".join(references)))
    if mailer:
        headers.append(("X-Mailer", mailer))
    headers += [
        ("MIME-Version", "1.0"),
        ("Content-Type", f'text/{subtype}; charset="{charset}"'),
        ("Content-Transfer-Encoding", cte),
        ("Content-Language", "fr-FR"),
    ]
    raw = body.rstrip("\n") + "\n"
    data = raw.encode(charset)
    if cte == "8bit":
        payload = data
    elif cte == "quoted-printable":
        payload = quopri.encodestring(data)
    elif cte == "base64":
        b = base64.b64encode(data).decode("ascii")
        payload = ("\n".join(b[i:i + 76] for i in range(0, len(b), 76)) + "\n").encode("ascii")
    else:  # pragma: no cover
        raise ValueError(cte)
    head = "".join(f"{k}: {v}\n" for k, v in headers).encode("ascii")
    return head + b"\n" + payload


# --------------------------------------------------------------------------------------------
# E-mails (.eml)
# --------------------------------------------------------------------------------------------


def emails() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    H, K, J, M, S, T = (P[n] for n in ["Hélène", "Karim", "Julie", "Marc", "Sophie", "Thomas"])
    Ph, N, B, C, A, E = (P[n] for n in ["Philippe", "Nadia", "Bruno", "Claire", "Antoine", "Élodie"])
    I, O, F, L, Ca, Y = (P[n] for n in ["Isabelle", "Olivier", "Fatima", "Laurent", "Camille", "Yannick"])
    outlook = "Microsoft Outlook 16.0"

    # 1. Karim : relance des prospects (freins dans le texte de l'auteur).
    dt = paris(2024, 10, 8, 9, 35, 12)
    body = f"""Bonjour Julie,

J'ai récupéré la liste des 46 entreprises qui ont demandé le catalogue sur notre stand au salon Entreprendre de Blois. Honnêtement, je n'ai pas une minute pour rappeler les prospects cette semaine : j'ai trois sessions qui démarrent et les conventions de novembre à boucler.

Et puis ces appels à froid, je ne suis pas à l'aise. Ils ont pris un catalogue, ils savent où nous trouver ; si je les appelle en pleine journée, je vais surtout les déranger.

Tu pourrais voir si quelqu'un peut reprendre le fichier ? Je l'ai déposé dans le dossier partagé « Prospection 2025 ».

{signature(K)}
"""
    out["mails/2024-10-08_relance-prospects-catalogue.eml"] = build_message(
        sender=K, to=[J], cc=[H], subject="Relance des prospects – catalogue 2025", dt=dt, body=body,
        mailer=outlook)

    # 2. Julie répond à Sophie : freins UNIQUEMENT dans la partie citée (Gmail).
    dt0 = paris(2024, 10, 22, 11, 47, 5)
    old = """Bonjour Julie,

Pour la session Excel intermédiaire du 5 novembre, je ne sais pas du tout quelle salle on a. Moi, on ne m'a rien dit, je pensais que c'était toi qui gérais les réservations.

Les convocations, ça attendra la semaine prochaine, je suis sur le bilan Qualiopi jusqu'à vendredi.

Sophie"""
    dt = paris(2024, 10, 22, 14, 5, 41)
    body = f"""Bonjour Sophie,

Merci pour le point. J'ai vu avec l'accueil : la salle B est réservée à notre nom du 5 au 7 novembre, de 9 h à 17 h. J'envoie les convocations demain matin avec le plan d'accès et le code du parking.

Il reste deux places ; je les propose aux personnes en liste d'attente de la session d'octobre.

Bonne fin de journée,
Julie

{gmail_attribution(dt0, S)}
{quote(old)}
"""
    mid0 = message_id(dt0, S)
    out["mails/2024-10-22_re-salle-session-excel.eml"] = build_message(
        sender=J, to=[S], subject="Re: Salle pour la session Excel du 5 novembre", dt=dt, body=body,
        in_reply_to=mid0, references=[mid0])

    # 3. Olivier transfère la question d'un client (bloc Outlook « Message d'origine »).
    dt0 = paris(2024, 11, 13, 18, 22, 0)
    dt = paris(2024, 11, 14, 10, 41, 30)
    body = f"""Isabelle,

Je te transfère la demande de M. Rault. Il veut savoir s’il doit facturer la TVA dès ses premiers chantiers : ce n’est pas ma responsabilité, je ne suis pas conseiller fiscal, qu’il voie ça avec son comptable.

Et franchement, encore un qui n’a pas lu la notice du guichet unique : ils cochent n’importe quoi et c’est nous qui rattrapons derrière.

Je lui réponds quoi ?

Olivier Morel
{O.title} – Centre de formalités des entreprises
{ORG}

-----Message d'origine-----
De : Sébastien Rault <contact@menuiserie-rault.fr>
Envoyé : {outlook_date(dt0)}
À : formalites@{DOMAIN}
Objet : Question sur mon immatriculation

Bonjour,

J'ai déposé mon dossier d'immatriculation le 4 novembre pour ma menuiserie à Romorantin. Je voudrais savoir si je dois facturer la TVA dès mes premiers chantiers, et où en est mon dossier.

Merci d'avance pour votre aide.

Sébastien Rault
Menuiserie Rault
06 71 42 18 93
"""
    out["mails/2024-11-14_tr-question-immatriculation.eml"] = build_message(
        sender=O, to=[I], subject="TR: Question sur mon immatriculation", dt=dt, body=body, mailer=outlook)

    # 4. Nadia : tarification (sujet RFC 2047 en ISO-8859-1, corps quoted-printable).
    dt = paris(2024, 12, 3, 16, 20, 9)
    body = f"""Bonjour Philippe,

Comme convenu, voici ma proposition pour les ateliers « Je crée mon entreprise » de 2025 :
- atelier collectif d'une demi-journée : 60 euros HT ;
- accompagnement individuel (trois rendez-vous) : 240 euros HT ;
- étude de marché simplifiée : sur devis.

Je te le dis franchement : je ne sais pas comment je vais annoncer ces tarifs aux porteurs de projet. Avant c'était gratuit, ils vont me répondre qu'ils paient déjà assez de charges et qu'ils ne voient pas pourquoi la Chambre leur ferait payer un conseil.

Et parler d'argent à quelqu'un qui vient de perdre son emploi et qui veut se lancer, j'ai vraiment l'impression de jouer les marchands de tapis. Ce n'est pas pour ça que je suis entrée à la CCI.

On peut en parler jeudi après le comité ?

Nadia

Nadia Haddad
{N.title} - {N.department}
{ORG}
Tél. {N.phone}
"""
    out["mails/2024-12-03_tarification-ateliers-creation.eml"] = build_message(
        sender=N, to=[Ph], subject="Tarification des ateliers création - proposition", dt=dt, body=body,
        charset="iso-8859-1", cte="quoted-printable", mailer=outlook)

    # 5. Antoine répond depuis son téléphone (« Envoyé de mon iPhone », citation Apple Mail).
    dt0 = paris(2025, 1, 9, 17, 30, 44)
    old = """Antoine,

La Fonderie Barbier (Vendôme) a rappelé ce matin pour le diagnostic numérique. Leur ERP ne communique plus avec le logiciel de devis et ils perdent des commandes. Le dirigeant aimerait un premier rendez-vous avant fin janvier.

Peux-tu le caler ?

Merci,
Claire"""
    dt = paris(2025, 1, 9, 18, 52, 3)
    body = f"""Je regarde ça lundi. Ça attendra bien quelques jours, ils ne sont pas à une semaine près.

Envoyé de mon iPhone

{quote(apple_attribution(dt0, C) + chr(10) + chr(10) + old)}
"""
    mid0 = message_id(dt0, C)
    out["mails/2025-01-09_re-diagnostic-fonderie-barbier.eml"] = build_message(
        sender=A, to=[C], subject="Re: Diagnostic numérique – Fonderie Barbier", dt=dt, body=body,
        in_reply_to=mid0, references=[mid0], mailer="iPhone Mail (22C152)")

    # 6. Philippe annonce le parcours Cap Client (message HTML seul, base64).
    dt6 = paris(2025, 2, 4, 9, 12, 26)
    paras6 = [
        "Bonjour à toutes et à tous,",
        "La direction générale a retenu notre département, avec la Formation continue et l'Accueil-formalités, "
        "pour le parcours Cap Client animé par le cabinet Orée Conseil les 13 et 14 mars, sur le site de Blois "
        "(salle du Conseil).",
        "Soyons clairs sur le contexte : la taxe pour frais de chambre baisse encore cette année, et si l'on se met "
        "à la relation client, c'est uniquement parce qu'il faut trouver des recettes pour combler le trou du "
        "budget. Ce n'est pas une lubie de la direction, c'est une question de chiffres.",
        "Merci de vous inscrire avant le 21 février :",
    ]
    items6 = ["auprès d'Élodie Masson pour l'Appui aux entreprises ;",
              "en précisant vos contraintes d'agenda (permanences, rendez-vous extérieurs)."]
    sign6 = ["Bien cordialement,", "Philippe Garnier", Ph.title, ORG]
    appui_list = ("Appui aux entreprises", f"appui-entreprises@{DOMAIN}")

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    html = ["<html>", "<head><meta charset=\"utf-8\"><style>p{font-family:Calibri,sans-serif;font-size:11pt}</style></head>",
            "<body>"]
    html.append(f"<p>{esc(paras6[0])}</p>")
    html.append(f"<p>{esc(paras6[1]).replace('Cap Client', '<b>Cap Client</b>').replace('13 et 14 mars', '<b>13 et 14 mars</b>')}</p>")
    html += [f"<p>{esc(x)}</p>" for x in paras6[2:]]
    html.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in items6) + "</ul>")
    html.append("<p>" + "<br>".join(esc(x) for x in sign6) + "</p>")
    html += ["</body>", "</html>"]
    mid6 = message_id(dt6, Ph)
    out["mails/2025-02-04_parcours-cap-client-inscriptions.eml"] = build_message(
        sender=Ph, to=[appui_list], subject="Parcours Cap Client – inscriptions pour les 13 et 14 mars", dt=dt6,
        body="\n".join(html), subtype="html", cte="base64", mailer=outlook, msgid=mid6)

    # 7. Bruno répond à Philippe (citation Gmail : le frein de Philippe n'est que dans la citation).
    plain6 = "\n\n".join(paras6) + "\n\n" + "\n".join("- " + x for x in items6) + "\n\n" + "\n".join(sign6)
    dt = paris(2025, 2, 4, 11, 58, 17)
    body = f"""Philippe,

Je m'inscris, puisqu'il le faut. Mais je préfère le dire tout de suite : je ne vais pas appeler les cédants des « clients ». Ce sont des ressortissants de la Chambre, des chefs d'entreprise que l'on accompagne, pas les clients d'un supermarché.

Et je ne suis pas commercial. Vendre, c'est un vrai métier qui s'apprend pendant des années ; moi je suis conseiller en transmission, je ne vais pas devenir vendeur en deux jours de formation.

Bruno

{signature(B, greeting="", dash=True)}

{gmail_attribution(dt6, Ph)}
{quote(plain6)}
"""
    out["mails/2025-02-04_re-parcours-cap-client.eml"] = build_message(
        sender=B, to=[Ph], cc=[appui_list], subject="Re: Parcours Cap Client – inscriptions pour les 13 et 14 mars",
        dt=dt, body=body, in_reply_to=mid6, references=[mid6])

    # 8. Julie, après la formation : frein nié + posture client ; l'ancien message de Karim est cité (Outlook).
    dt0 = paris(2025, 3, 21, 17, 3, 50)
    dt = paris(2025, 3, 24, 10, 15, 2)
    body = f"""Salut Karim,

Bonne nouvelle : j'ai rappelé les trois entreprises qui avaient téléchargé le programme « Manager de proximité ». Deux veulent un devis pour une session intra en juin, la troisième nous demande de la recontacter en septembre.

Ce n'est pas vrai qu'on n'a pas le temps : j'ai fait ces appels pendant les confirmations de convocation, ça m'a pris vingt minutes. Je leur ai surtout demandé ce qu'ils cherchaient à régler avec leurs managers, et la conversation est venue toute seule.

Je prépare les devis aujourd'hui ; tu peux relire celui de la Laiterie de Contres ?

Julie

Julie Lefèvre
{J.title} – {J.department}
{ORG}
Tél. {J.phone}

________________________________
De : Karim Benali <{K.email}>
Envoyé : {outlook_date(dt0)}
À : Julie Lefèvre <{J.email}>
Cc : Hélène Marchetti <{H.email}>
Objet : Relances catalogue – on s'y met ?

Julie,

Après les deux jours de formation, je veux bien essayer, mais je n'ai pas le temps de rappeler tout le monde avant les vacances de Pâques. On se partage la liste ?

Karim
"""
    mid0 = message_id(dt0, K)
    out["mails/2025-03-24_re-relances-catalogue.eml"] = build_message(
        sender=J, to=[K], cc=[H], subject="RE: Relances catalogue – on s'y met ?", dt=dt, body=body,
        in_reply_to=mid0, references=[mid0], mailer=outlook)

    # 9. Camille : posture client + hypothèse, et mention légale en pied de message.
    dt = paris(2025, 4, 15, 8, 47, 55)
    body = f"""Bonjour Isabelle,

Petit retour sur l'affluence d'hier matin : 23 personnes à l'accueil entre 8 h 30 et 12 h, dont une dizaine pour des formalités.

Une cliente est venue pour une modification de statuts alors que Fatima était en rendez-vous. Plutôt que de lui donner un numéro de téléphone, je l'ai installée, j'ai noté sa demande et Fatima l'a reçue dès 10 h 15. Elle est repartie avec son récépissé et nous a remerciées.

Pour les lundis chargés, si jamais on n'a pas le temps de tout traiter sur place, je propose qu'on prenne les coordonnées et qu'on rappelle les gens le mardi avant 10 h, pour que personne ne reparte sans solution.

Tu me dis si ça te convient ?

{signature(Ca)}

{DISCLAIMER}
"""
    out["mails/2025-04-15_retour-accueil-lundi.eml"] = build_message(
        sender=Ca, to=[I], subject="Retour sur la matinée de lundi à l'accueil", dt=dt, body=body, mailer=outlook)

    # 10. Élodie : posture client ; le frein d'Antoine n'est que dans la citation (Outlook sans séparateur).
    dt0 = paris(2025, 5, 5, 16, 12, 8)
    dt = paris(2025, 5, 6, 9, 4, 37)
    body = f"""Bonjour Antoine, bonjour Claire,

J'ai quand même pris une heure hier pour appeler les douze entreprises passées sur notre stand l'an dernier. Huit reviendront, et trois m'ont demandé un rendez-vous avec vous pendant le salon pour parler de cybersécurité et des aides à l'investissement. Je vous ai bloqué des créneaux de 30 minutes le 12 juin.

Le stand est confirmé : emplacement C14, deux mange-debout et un écran. La facture de l'organisateur (1 850 € HT) est partie au service comptable.

Bonne journée,
Élodie

De : Antoine Perrin <{A.email}>
Envoyé : {outlook_date(dt0)}
À : Élodie Masson <{E.email}>
Cc : Claire Vasseur <{C.email}>
Objet : Salon Industrie en Loir-et-Cher – stand CCI

Élodie,

Pour le salon, inutile d'appeler les exposants et visiteurs de l'an dernier, ils savent où nous trouver. Les relancer, c'est les déranger pour rien.

Antoine
"""
    mid0 = message_id(dt0, A)
    out["mails/2025-05-06_re-salon-industrie.eml"] = build_message(
        sender=E, to=[A], cc=[C], subject="RE: Salon Industrie en Loir-et-Cher – stand CCI", dt=dt, body=body,
        in_reply_to=mid0, references=[mid0], mailer=outlook)

    # 11. Marc : deux freins affirmés après la formation.
    dt = paris(2025, 5, 20, 17, 40, 19)
    body = f"""Bonjour Hélène,

Le calendrier prévisionnel du second semestre est dans le dossier partagé : 14 sessions inter, dont 4 nouvelles (IA générative pour les PME, facturation électronique, Excel Power Query, prise de parole en public).

Deux remarques avant le comité de juin :

1. Si on ajoute encore les trois sessions intra que Julie est en train de vendre, l'équipe pédagogique ne suivra pas : Thomas est déjà à 95 % de son temps en face-à-face et nous n'avons aucun formateur de réserve en bureautique. On va droit à l'embouteillage.

2. On me demande maintenant de saisir chaque échange avec les entreprises dans le CRM. Sincèrement, c'est de la paperasse qui ne sert à rien : personne ne lit ces fiches, elles servent juste à remplir un tableau pour le siège.

Bonne soirée,
Marc

{M.name}
{M.title} – {M.department}
{ORG}
"""
    out["mails/2025-05-20_calendrier-s2-et-crm.eml"] = build_message(
        sender=M, to=[H], subject="Calendrier du second semestre et saisie CRM", dt=dt, body=body, mailer=outlook)

    return out


# --------------------------------------------------------------------------------------------
# Fil interne (.mbox)
# --------------------------------------------------------------------------------------------


def mbox() -> dict[str, bytes]:
    I, O, F, L, Y = (P[n] for n in ["Isabelle", "Olivier", "Fatima", "Laurent", "Yannick"])
    lst = ("Accueil et formalités", f"accueil-formalites@{DOMAIN}")
    subj = "Permanence téléphonique du vendredi après-midi"

    msgs: list[tuple[Person, datetime, str]] = []
    d1 = paris(2024, 11, 26, 9, 14, 0)
    b1 = """Bonjour à tous,

À partir de décembre, le standard ne basculera plus sur la messagerie le vendredi à 15 h : la direction souhaite une réponse en direct jusqu'à 17 h. Il me faut donc une personne de permanence chaque vendredi après-midi, en alternance entre l'accueil et le CFE.

Merci de me dire d'ici jeudi qui peut prendre quelles dates (6, 13 et 20 décembre).

Isabelle"""
    msgs.append((I, d1, b1))

    d2 = paris(2024, 11, 26, 10, 2, 31)
    own2 = """Je peux prendre le 6. Mais si les appels portent sur les formalités, ce n'est pas à l'accueil d'y répondre, ce n'est pas mon rôle : je transférerai au CFE ou je prendrai un message.

Laurent"""
    b2 = own2 + "\n\n" + gmail_attribution(d1, I) + "\n" + quote(b1)
    msgs.append((L, d2, b2))

    d3 = paris(2024, 11, 26, 11, 30, 12)
    own3 = """Côté CFE, je ne vois pas bien l'intérêt. On a toujours fait comme ça : le vendredi après-midi sert à finir les dossiers de la semaine, et personne ne s'en est jamais plaint. Pourquoi changer ce qui marche ?

Fatima"""
    b3 = own3 + "\n\n" + gmail_attribution(d2, L) + "\n" + quote(b2)
    msgs.append((F, d3, b3))

    d4 = paris(2024, 11, 26, 14, 47, 3)
    own4 = """Je prends le 13 et le 20, ça ne me gêne pas. Par contre je vous préviens : ceux qui appellent le vendredi à 16 h 30, ce sont toujours les mêmes râleurs qui découvrent leur dossier la veille de l'échéance. Qu'on ne s'étonne pas si ça grogne au téléphone.

Yannick"""
    b4 = own4 + "\n\n" + thunderbird_attribution(d3, F) + "\n" + quote(own3)
    msgs.append((Y, d4, b4))

    d5 = paris(2024, 11, 27, 8, 55, 40)
    own5 = """Merci à tous. Planning : Laurent le 6, Yannick le 13 et le 20. Fatima et Olivier restent en soutien pour les questions CFE.

Pour les rappels, je vous rappelle que la procédure qualité impose de rappeler sous 48 heures. Faites-le et notez-le dans le registre, c'est ce que les auditeurs regarderont en janvier ; le reste, on verra plus tard.

Isabelle"""
    b5 = own5 + "\n\n" + thunderbird_attribution(d4, Y) + "\n" + quote(own4)
    msgs.append((I, d5, b5))

    parts = []
    ids: list[str] = []
    for i, (who, dt, body) in enumerate(msgs):
        mid = message_id(dt, who, i + 1)
        raw = build_message(
            sender=who, to=[lst], cc=[O] if i == 0 else None, subject=subj if i == 0 else "Re: " + subj,
            dt=dt, body=body, in_reply_to=ids[-1] if ids else None, references=list(ids) if ids else None,
            msgid=mid, mailer="Microsoft Outlook 16.0" if who is I else None)
        ids.append(mid)
        utc = dt.astimezone(timezone.utc)
        from_line = f"From {who.email} {utc:%a %b %d %H:%M:%S %Y}\n".encode("ascii")
        lines = raw.split(b"\n")
        lines = [b">" + ln if ln.lstrip(b">").startswith(b"From ") else ln for ln in lines]
        parts.append(from_line + b"\n".join(lines).rstrip(b"\n") + b"\n\n")
    return {"mails/2024-11-26_permanence-vendredi.mbox": b"".join(parts)}


# --------------------------------------------------------------------------------------------
# Comptes rendus Markdown
# --------------------------------------------------------------------------------------------


def minutes_md() -> dict[str, bytes]:
    out = {}
    out["comptes-rendus/2024-10-17_reunion-equipe-formation.md"] = """# Réunion d'équipe – Formation continue

**Date** : jeudi 17 octobre 2024, 9 h 30 – 11 h
**Lieu** : site de Blois, salle A
**Présents** : Hélène Marchetti (animation), Karim Benali, Julie Lefèvre, Marc Dufresne, Sophie Roussel, Thomas Nguyen
**Rédaction** : Sophie Roussel

## Ordre du jour

1. Bilan des sessions de septembre
2. Catalogue 2025 et prospection
3. Questions diverses

## 1. Bilan des sessions de septembre

**Hélène Marchetti** : Sept sessions réalisées sur huit, 61 stagiaires, satisfaction moyenne de 4,4 sur 5. La session « Comptabilité pour non-comptables » a été annulée faute d'inscrits.

**Thomas Nguyen** : Les retours sur Excel sont bons, mais deux stagiaires ont signalé que les postes de la salle B sont très lents. J'ai ouvert un ticket au service informatique.

**Julie Lefèvre** : J'ai eu Sologne Emballages au téléphone la semaine dernière ; ils ont trois nouveaux chefs d'équipe à former. Je leur prépare une proposition en intra.

## 2. Catalogue 2025 et prospection

**Hélène Marchetti** : La direction nous demande d'augmenter le chiffre d'affaires de 8 % en 2025, surtout sur l'intra-entreprise. Chacun devra contacter davantage d'entreprises.

**Karim Benali** : Honnêtement, on n'a pas le temps de faire de la prospection en plus des sessions. Entre les convocations, les feuilles d'émargement et les bilans, mes journées sont pleines.

**Sophie Roussel** : Et moi, je ne peux pas présenter le catalogue langues ou management à une entreprise, je n'y connais rien. Il faut être spécialiste du sujet pour en parler correctement.

Marc estime que relancer les anciens stagiaires pour leur proposer une suite, c'est les harceler, et qu'ils reviendront d'eux-mêmes s'ils en ont besoin.

**Hélène Marchetti** : Je note ces réserves. Nous y reviendrons dans le cadre du parcours prévu au premier trimestre.

## 3. Questions diverses

- Le pot de départ de Monique (comptabilité) aura lieu le 8 novembre à 12 h.
- Thomas sera en congé du 28 octobre au 1er novembre ; Marc assure la session PowerPoint du 30.

## Décisions

- Julie envoie la proposition à Sologne Emballages avant le 25 octobre.
- Thomas relance le service informatique pour les postes de la salle B.
- Hélène transmet les objectifs 2025 détaillés avant la fin du mois.
"""

    out["comptes-rendus/2025-01-23_point-mensuel-appui.md"] = """# Point mensuel – Appui aux entreprises

Date : 23 janvier 2025, 14 h – 16 h
Présents : Philippe Garnier, Nadia Haddad, Bruno Caradec, Claire Vasseur, Antoine Perrin, Élodie Masson
Compte rendu : Élodie Masson

## Ordre du jour

- Programme d'actions 2025
- Offre « Diagnostic numérique »
- Base contacts entreprises
- Parcours Cap Client (mars)

## Échanges

Philippe : Pour 2025, on garde les mêmes axes : création-transmission, industrie, numérique. J'ai vu passer l'idée d'une enquête auprès des entreprises pour connaître leurs besoins. Ce n'est pas la peine : je connais ce territoire depuis vingt ans, je sais très bien ce que veulent les entreprises.

Claire : Sur le diagnostic numérique payant, je suis sceptique. Les industriels ne paieront jamais 800 euros pour un diagnostic, ils estiment qu'ils paient déjà la taxe pour ça.

Antoine : Et si on en vend plus que prévu, je ne pourrai pas suivre. Je suis seul sur le numérique avec douze diagnostics en cours ; plus on en vend, plus je serai noyé, et les délais vont exploser.

Élodie : Pour la base contacts, personne ne m'a prévenue que c'était à moi de la mettre à jour après chaque salon. J'attendais qu'on me dise quoi faire.

Nadia : J'ai accompagné 14 porteurs de projet en décembre, dont 5 ont immatriculé leur entreprise. Trois d'entre eux m'ont demandé un suivi après la création ; je pense qu'il y a une vraie demande à laquelle on ne répond pas encore.

Bruno répond que ce n'est pas à lui de proposer aux cédants les formations de la Formation continue : « chacun son périmètre ».

Philippe : Pour le parcours Cap Client, tout le monde sera inscrit. On fera le point en avril.

## Décisions

- Maintien des axes 2025 ; pas d'enquête sur les besoins cette année.
- Tarif du diagnostic numérique à arbitrer au comité de direction du 6 février.
- Élodie met à jour la base contacts après chaque événement (modèle fourni par Claire).
- Nadia formalise une offre de suivi post-création pour le comité de mars.
"""

    out["comptes-rendus/2025-04-10_reunion-equipe-formation.md"] = """# Réunion d'équipe – Formation continue : retour sur Cap Client

**Date** : jeudi 10 avril 2025, 9 h 30 – 11 h
**Présents** : Hélène Marchetti, Karim Benali, Julie Lefèvre, Marc Dufresne, Sophie Roussel, Thomas Nguyen
**Rédaction** : Julie Lefèvre

## Ordre du jour

1. Ce qui a changé depuis le parcours Cap Client
2. Demandes d'intra du printemps
3. Fiches de suivi

## 1. Ce qui a changé depuis Cap Client

**Hélène Marchetti** : Trois semaines après la formation, je voulais qu'on regarde ensemble ce qui a bougé concrètement.

**Karim Benali** : J'ai rappelé onze anciens stagiaires de l'an dernier. Aucun ne s'est senti dérangé, au contraire : plusieurs étaient contents qu'on prenne de leurs nouvelles, et deux inscriptions sont déjà arrivées.

**Julie Lefèvre** : Je ne crois plus qu'on manque de temps pour ça. Il suffit de glisser deux questions sur les besoins dans les appels qu'on passe déjà pour les convocations.

**Thomas Nguyen** : Je ne connais pas tout le catalogue, mais ça ne m'a pas empêché d'orienter un stagiaire vers la formation gestion de Marc. Pas besoin d'être expert pour mettre quelqu'un en relation avec la bonne personne.

## 2. Demandes d'intra du printemps

**Julie Lefèvre** : Cinq demandes d'intra depuis le 17 mars, dont deux signées (Laiterie de Contres, Transports Delorme).

**Marc Dufresne** : Attention quand même : si jamais les demandes continuent à ce rythme, il faudra recruter un formateur vacataire, sinon l'équipe sera saturée à la rentrée.

## 3. Fiches de suivi

**Sophie Roussel** : De mon côté, je remplis les fiches de suivi parce que la procédure Qualiopi l'exige. Je le fais pour l'auditeur, pas vraiment pour les stagiaires.

Hélène souligne que ces fiches devraient d'abord servir à repérer ce dont les entreprises ont besoin, et propose de les revoir ensemble pour qu'elles soient utiles à l'équipe.

## Décisions

- Karim et Julie se partagent la liste des anciens stagiaires 2024 (rappels d'ici fin mai).
- Marc chiffre le recours à un formateur vacataire pour le comité de juin.
- Atelier de refonte des fiches de suivi le 24 avril (Hélène, Sophie, Thomas).
"""

    out["comptes-rendus/2025-06-05_point-mensuel-accueil-formalites.md"] = """# Point mensuel – Accueil et formalités

Date : jeudi 5 juin 2025
Présents : Isabelle Fournier, Olivier Morel, Fatima Chérif, Laurent Picard, Camille Bertin, Yannick Le Goff
Secrétaire de séance : Camille Bertin

## Ordre du jour

1. Indicateurs de mai
2. Orientation des visiteurs vers les conseillers
3. Organisation de l'été

## 1. Indicateurs de mai

Isabelle : 312 formalités traitées en mai ; le délai moyen est passé de 5,8 jours en janvier à 3,2 jours. L'enquête de satisfaction donne 4,5 sur 5, avec beaucoup de commentaires sur l'accueil.

Fatima : Le nouveau portail, finalement, je m'y suis faite. Les dossiers incomplets, je les traite maintenant le jour même par téléphone plutôt que de les laisser attendre.

## 2. Orientation des visiteurs vers les conseillers

Camille : Depuis Cap Client, on ne répond plus « ce n'est pas mon service ». On prend les coordonnées, on trouve la bonne personne et on rappelle dans la journée.

Yannick : Quand quelqu'un appelle pour une immatriculation, je lui propose aussi un rendez-vous avec Nadia pour l'accompagnement à la création. Ça a fait neuf rendez-vous en mai.

Olivier : Je veux bien faire des efforts, mais appeler les gens des « clients », je n'y arrive pas. Ce sont des usagers d'un service public, pas des clients.

Isabelle rappelle que le mot importe moins que la manière dont la personne repart : avec une réponse ou avec un rendez-vous.

## 3. Organisation de l'été

Laurent : Si on n'a pas le temps de tout absorber en août avec les congés, il faudra prévoir une permanence partagée avec le CFE.

## Décisions

- Permanence partagée accueil / CFE du 4 au 22 août (planning : Laurent et Fatima).
- Les rendez-vous création pris à l'accueil sont suivis dans un tableau commun avec l'Appui aux entreprises.
- Prochain point mensuel : jeudi 3 juillet.
"""
    return {k: v.encode("utf-8") for k, v in out.items()}


# --------------------------------------------------------------------------------------------
# Archives zip reproductibles (.docx, .odt)
# --------------------------------------------------------------------------------------------


def normalize_zip(data: bytes, when: datetime) -> bytes:
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = info.compress_type
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return buf.getvalue()


def word_typo(s: str) -> str:
    """Typographie que Word applique en français : apostrophe courbe, espaces insécables."""
    s = s.replace("'", "’")
    for a, b in ((" :", "\u00a0:"), (" ;", "\u00a0;"), (" ?", "\u00a0?"), (" !", "\u00a0!"),
                 ("« ", "«\u00a0"), (" »", "\u00a0»")):
        s = s.replace(a, b)
    return s


def make_docx(title: str, author: str, when: datetime, blocks: list) -> bytes:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for kind, *rest in blocks:
        if kind == "title":
            doc.add_heading(word_typo(rest[0]), level=0)
        elif kind == "h":
            doc.add_heading(word_typo(rest[0]), level=1)
        elif kind == "field":  # libellé en gras, valeur
            p = doc.add_paragraph()
            p.add_run(word_typo(rest[0] + " :")).bold = True
            p.add_run(" " + word_typo(rest[1]))
        elif kind == "turn":  # tour de parole : nom en gras
            p = doc.add_paragraph()
            p.add_run(word_typo(rest[0] + " :")).bold = True
            p.add_run(" " + word_typo(rest[1]))
        elif kind == "p":
            doc.add_paragraph(word_typo(rest[0]))
        elif kind == "bullet":
            doc.add_paragraph(word_typo(rest[0]), style="List Bullet")
        elif kind == "table":
            header, rows = rest
            t = doc.add_table(rows=1, cols=len(header))
            t.style = "Table Grid"
            for cell, txt in zip(t.rows[0].cells, header):
                cell.text = ""
                cell.paragraphs[0].add_run(word_typo(txt)).bold = True
            for row in rows:
                cells = t.add_row().cells
                for cell, txt in zip(cells, row):
                    cell.text = word_typo(txt)
        else:  # pragma: no cover
            raise ValueError(kind)
    cp = doc.core_properties
    naive = when.astimezone(timezone.utc).replace(tzinfo=None)
    cp.author = author
    cp.last_modified_by = author
    cp.title = title
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.language = "fr-FR"
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), when)


def docx_files() -> dict[str, bytes]:
    out = {}
    when = paris(2024, 12, 12, 17, 30)
    blocks = [
        ("title", "Séminaire de fin d'année – Appui aux entreprises"),
        ("field", "Date", "jeudi 12 décembre 2024, 9 h – 16 h 30"),
        ("field", "Lieu", "site de Vendôme, salle Ronsard"),
        ("field", "Présents", "Philippe Garnier, Nadia Haddad, Bruno Caradec, Claire Vasseur, Antoine Perrin, "
                              "Élodie Masson"),
        ("field", "Rédaction", "Élodie Masson"),
        ("h", "Ordre du jour"),
        ("bullet", "Bilan d'activité 2024"),
        ("bullet", "Nouvelles offres payantes 2025"),
        ("bullet", "Outils de suivi"),
        ("bullet", "Cérémonie des vœux et agenda du premier trimestre"),
        ("h", "Bilan d'activité 2024"),
        ("turn", "Philippe Garnier", "412 entreprises accompagnées, 96 créations, 38 diagnostics industrie et "
                                     "numérique, 7 transmissions finalisées. C'est au niveau de 2023."),
        ("turn", "Bruno Caradec", "J'ai 22 dossiers de cession en portefeuille. La bourse d'opportunités doit "
                                  "migrer vers la nouvelle plateforme régionale en février."),
        ("turn", "Claire Vasseur", "Un exemple qui m'a marquée : la Fonderie Barbier m'a remerciée d'avoir pris "
                                   "le temps de comprendre leur problème de devis avant de proposer quoi que ce "
                                   "soit. C'est ce genre de retour qu'on devrait chercher."),
        ("h", "Nouvelles offres payantes 2025"),
        ("turn", "Philippe Garnier", "Je vais être direct : si la Région n'avait pas réduit sa subvention de "
                                     "15 %, on ne parlerait pas de vendre nos prestations. On le fait parce que "
                                     "les comptes l'imposent, point."),
        ("turn", "Nadia Haddad", "Aller voir une entreprise pour lui vendre une prestation, j'ai l'impression de "
                                 "trahir ce qu'on est. On est là pour aider les gens, pas pour faire du chiffre."),
        ("h", "Outils de suivi"),
        ("turn", "Antoine Perrin", "La saisie de chaque rendez-vous dans l'outil de suivi, honnêtement, c'est de "
                                   "l'administratif pur. Ça ne sert qu'à produire des tableaux pour le siège."),
        ("turn", "Élodie Masson", "Je peux préparer un modèle plus court, avec trois champs obligatoires seulement."),
        ("h", "Cérémonie des vœux"),
        ("p", "La cérémonie des vœux aura lieu le jeudi 16 janvier 2025 à 18 h à l'hôtel consulaire ; "
              "120 chefs d'entreprise sont invités. Élodie coordonne les invitations avec le service communication."),
        ("h", "Plan d'actions"),
        ("table", ["Action", "Responsable", "Échéance"], [
            ["Envoyer les invitations à la cérémonie des vœux", "Élodie Masson", "20 décembre 2024"],
            ["Préparer la grille tarifaire 2025 des ateliers création", "Nadia Haddad", "15 janvier 2025"],
            ["Migrer la bourse d'opportunités de transmission", "Bruno Caradec", "28 février 2025"],
            ["Rédiger le modèle de compte rendu de diagnostic", "Antoine Perrin", "31 janvier 2025"],
            ["Proposer un modèle de saisie simplifié", "Élodie Masson", "31 janvier 2025"],
            ["Inscrire l'équipe au parcours Cap Client", "Philippe Garnier", "21 février 2025"],
        ]),
    ]
    out["comptes-rendus/2024-12-12_seminaire-appui-entreprises.docx"] = make_docx(
        "Séminaire de fin d'année – Appui aux entreprises", "Élodie Masson", when, blocks)

    when = paris(2025, 5, 15, 11, 0)
    blocks = [
        ("title", "Note – Bilan à deux mois du parcours Cap Client"),
        ("field", "Date", "15 mai 2025"),
        ("field", "Rédigée par", "Hélène Marchetti, directrice de la formation continue"),
        ("field", "Destinataires", "Comité de direction"),
        ("h", "Contexte"),
        ("p", "Le parcours Cap Client s'est tenu les 13 et 14 mars 2025 à Blois. Dix-sept collaborateurs des "
              "départements Formation continue, Appui aux entreprises et Accueil et formalités y ont participé. "
              "Cette note dresse un premier bilan, deux mois après."),
        ("h", "Ce qui a changé"),
        ("p", "Les équipes rappellent davantage les entreprises après un premier contact, et l'accueil oriente "
              "systématiquement les porteurs de projet vers un conseiller création."),
        ("table", ["Indicateur", "Janvier – mars 2025", "Avril – mai 2025"], [
            ["Rappels d'anciens stagiaires", "4", "31"],
            ["Demandes de devis intra", "3", "8"],
            ["Rendez-vous création pris par l'accueil", "2", "17"],
            ["Délai moyen de traitement des formalités", "5,8 jours", "3,2 jours"],
        ]),
        ("p", "En réunion, les formules du type « ce n'est pas mon rôle » ou « avant c'était gratuit », qui "
              "revenaient souvent à l'automne, se font nettement plus rares."),
        ("h", "Points de vigilance"),
        ("p", "Plusieurs conseillers disent encore qu'ils n'ont pas le temps de relancer les entreprises après un "
              "premier rendez-vous. La charge de l'équipe pédagogique devient aussi un sujet : les demandes d'intra "
              "augmentent plus vite que nos capacités de production."),
        ("h", "Propositions"),
        ("bullet", "Prévoir un rappel systématique sous huit jours après chaque premier contact, pour vérifier "
                   "avec l'entreprise que notre réponse a bien réglé son problème."),
        ("bullet", "Partager chaque mois, entre les trois départements, les demandes qui relèvent d'un autre "
                   "service, pour qu'aucune entreprise ne reste sans interlocuteur."),
        ("bullet", "Étudier le recours à deux formateurs vacataires à partir de septembre."),
    ]
    out["notes/2025-05-15_bilan-cap-client.docx"] = make_docx(
        "Bilan à deux mois du parcours Cap Client", "Hélène Marchetti", when, blocks)

    when = paris(2025, 6, 12, 17, 0)
    blocks = [
        ("title", "Comité relation client – Appui aux entreprises"),
        ("field", "Date", "jeudi 12 juin 2025, 14 h – 16 h"),
        ("field", "Lieu", "site de Vendôme, salle Ronsard"),
        ("field", "Présents", "Philippe Garnier, Nadia Haddad, Bruno Caradec, Claire Vasseur, Antoine Perrin, "
                              "Élodie Masson"),
        ("h", "Relation client : point d'étape"),
        ("turn", "Philippe Garnier", "Depuis mars, nous rappelons chaque entreprise dans la semaine qui suit un "
                                     "premier rendez-vous ; 42 rappels en mai."),
        ("turn", "Bruno Caradec", "Je continue de penser que ce n'est pas à nous de relancer les cédants : s'ils "
                                  "veulent vendre, ils savent où nous trouver."),
        ("turn", "Claire Vasseur", "J'ai proposé à la Fonderie Barbier un point d'étape à trois mois pour vérifier "
                                   "que le plan d'action leur convient."),
        ("h", "Ce qui a changé"),
        ("p", "Les devis partent désormais le lendemain de la demande, et l'accueil prend les rendez-vous "
              "création directement dans l'agenda des conseillers."),
        ("h", "Actions"),
        ("table", ["Action", "Pilote", "Échéance", "Commentaire"], [
            ["Relancer les cédants inscrits en 2024", "Bruno Caradec", "30 juin 2025",
             "À caler avec la plateforme régionale"],
            ["Préparer le bilan semestriel", "Élodie Masson", "15 juillet 2025", "–"],
            ["Former l'équipe au nouvel outil de suivi", "Antoine Perrin", "septembre 2025",
             "Encore un outil imposé par le siège, on s'en passait très bien avant."],
        ]),
    ]
    out["comptes-rendus/2025-06-12_comite-relation-client.docx"] = make_docx(
        "Comité relation client – Appui aux entreprises", "Élodie Masson", when, blocks)
    return out


# --------------------------------------------------------------------------------------------
# Compte rendu OpenDocument (.odt)
# --------------------------------------------------------------------------------------------


def odt_file() -> dict[str, bytes]:
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, List, ListItem, P as OP, Span

    when = paris(2025, 2, 20, 16, 45)
    doc = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    iso = when.astimezone(timezone.utc).replace(tzinfo=None).isoformat()
    doc.meta.addElement(dc.Title(text="Compte rendu – Réunion CFE : guichet unique et accueil"))
    doc.meta.addElement(dc.Creator(text="Fatima Chérif"))
    doc.meta.addElement(meta.InitialCreator(text="Fatima Chérif"))
    doc.meta.addElement(meta.CreationDate(text=iso))
    doc.meta.addElement(dc.Date(text=iso))
    doc.meta.addElement(dc.Language(text="fr-FR"))

    def para(text: str) -> None:
        doc.text.addElement(OP(text=text))

    def labelled(label: str, text: str) -> None:
        p = OP()
        p.addElement(Span(stylename=bold, text=label + " : "))
        p.addText(text)
        doc.text.addElement(p)

    doc.text.addElement(H(outlinelevel=1, text="Compte rendu – Réunion CFE : guichet unique et accueil"))
    labelled("Date", "jeudi 20 février 2025, 14 h – 15 h 30")
    labelled("Présents", "Isabelle Fournier, Olivier Morel, Fatima Chérif, Laurent Picard, Camille Bertin")
    labelled("Excusé", "Yannick Le Goff")
    labelled("Rédaction", "Fatima Chérif")
    doc.text.addElement(H(outlinelevel=2, text="Ordre du jour"))
    lst = List()
    for item in ["Stock de dossiers sur le guichet unique", "Information des usagers à l'accueil",
                 "Horaires d'ouverture du CFE"]:
        li = ListItem()
        li.addElement(OP(text=item))
        lst.addElement(li)
    doc.text.addElement(lst)
    doc.text.addElement(H(outlinelevel=2, text="Échanges"))
    labelled("Isabelle Fournier", "Nous avons 47 dossiers en attente sur le guichet unique, dont 19 incomplets. "
             "Le greffe nous a signalé trois rejets la semaine dernière.")
    labelled("Olivier Morel", "Le papier, ça marchait très bien. On a toujours fonctionné avec des dossiers "
             "papier et des rendez-vous, je ne vois pas ce que le portail apporte à part des bugs.")
    labelled("Fatima Chérif", "Les dossiers incomplets attendront la semaine prochaine. Je dois d'abord finir la "
             "clôture des radiations, on verra après.")
    labelled("Laurent Picard", "À l'accueil, on ne nous a jamais présenté le nouveau portail. Personne ne nous a "
             "dit quoi répondre aux gens, alors je les renvoie vers le CFE.")
    labelled("Camille Bertin", "Je me suis créé un compte de test pour voir les écrans. Je peux montrer à Laurent "
             "comment guider quelqu'un jusqu'à la pièce manquante, ça évitera des allers-retours aux entreprises.")
    labelled("Isabelle Fournier", "L'organisation du service, c'est moi qui la décide. Je sais ce qui fonctionne "
             "ici ; on ne va pas demander leur avis aux usagers sur nos horaires.")
    doc.text.addElement(H(outlinelevel=2, text="Décisions"))
    lst = List()
    for item in ["Camille présente le portail à l'équipe d'accueil le 27 février.",
                 "Les 19 dossiers incomplets sont répartis entre Olivier et Fatima.",
                 "Horaires du CFE inchangés : 9 h – 12 h et 14 h – 17 h, fermé le mercredi après-midi."]:
        li = ListItem()
        li.addElement(OP(text=item))
        lst.addElement(li)
    doc.text.addElement(lst)
    para("Prochaine réunion : jeudi 20 mars 2025.")

    buf = io.BytesIO()
    doc.write(buf)
    return {"comptes-rendus/2025-02-20_reunion-cfe-guichet-unique.odt": normalize_zip(buf.getvalue(), when)}


# --------------------------------------------------------------------------------------------
# Note PDF (polices de base : latin-1 seulement)
# --------------------------------------------------------------------------------------------


def pdf_file() -> dict[str, bytes]:
    from fpdf import FPDF

    when = paris(2025, 4, 28, 15, 20)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(when)
    pdf.set_title("Note - Permanence entreprises du jeudi : premier bilan")
    pdf.set_author("Claire Vasseur")
    pdf.set_creator(ORG)
    pdf.set_producer("posturescan build_demo")
    pdf.set_lang("fr-FR")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    w = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(w, 8, "Note - Permanence entreprises du jeudi : premier bilan")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(w, 5, "Date : 28 avril 2025\nRédigée par : Claire Vasseur, conseillère industrie - "
                         "Appui aux entreprises\nDestinataires : Philippe Garnier, équipe Industrie et numérique")
    pdf.ln(4)
    paras = [
        ("Contexte", "Depuis le 20 mars, l'équipe Industrie et numérique tient une permanence sans rendez-vous "
                     "le jeudi matin, de 9 h à 12 h, au site de Blois. En cinq semaines, nous avons reçu 17 "
                     "entreprises, dont 6 qui n'avaient jamais eu de contact avec la Chambre."),
        ("Ce que nous avons appris", "Contrairement à ce que nous pensions, les entreprises ne refusent pas de "
                                     "payer un diagnostic : quand on prend le temps d'expliquer ce qu'il leur "
                                     "apporte, quatre sur cinq acceptent le devis. Nous commençons désormais "
                                     "chaque entretien par les questions du dirigeant, et non par notre "
                                     "catalogue, et nous lui envoyons une synthèse écrite le lendemain."),
        ("Points ouverts", "Antoine indique qu'il n'est pas commercial et qu'il préfère laisser la partie devis à "
                           "quelqu'un dont c'est le métier. Nous proposons qu'Élodie prépare les devis à partir "
                           "de ses notes, Antoine restant l'interlocuteur technique."),
        ("Proposition", "Maintenir la permanence jusqu'à fin juin, puis décider en comité de la suite à donner. "
                        "Budget : aucun coût supplémentaire (salle et café déjà prévus)."),
    ]
    for head, text in paras:
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(w, 6, head)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(w, 5, text)
        pdf.ln(3)
    data = bytes(pdf.output())
    return {"notes/2025-04-28_note-permanence-entreprises.pdf": data}


# --------------------------------------------------------------------------------------------
# Note texte cp1252 et page intranet HTML
# --------------------------------------------------------------------------------------------


def txt_file() -> dict[str, bytes]:
    text = """Notes – appel de Mme Delorme (Transports Delorme) – 05/11/2024 – Thomas Nguyen

- Réclamation sur la session « Word avancé » du 28/10 : salle trop froide, supports pas envoyés après la formation, attestation manquante pour 2 stagiaires.
- Le chauffage de la salle B, ce n’est pas mon problème, c’est la logistique (Sophie / services généraux). Je ne suis pas là pour régler les radiateurs.
- Supports : envoyés le 30/10 sur l’adresse générique de l’entreprise ; à vérifier avec leur RH.
- Franchement, ce groupe était pénible : ils arrivent en retard, ils ont le nez sur leur téléphone et après ils se plaignent qu’on va trop vite.
- Montant de la session : 1 260 € HT (facture FC-2024-0412). Mme Delorme demande un geste.
- Le cœur du problème pour elle : ses chauffeurs ont perdu une journée sans obtenir leur attestation.

À faire :
- renvoyer les attestations (Sophie) ;
- proposer une demi-journée de reprise gratuite ? voir avec Hélène ;
- rappeler Mme Delorme avant vendredi.
"""
    return {"notes/2024-11-05_notes-appel-transports-delorme.txt":
            text.replace("\n", "\r\n").encode("cp1252")}


def chat_file() -> dict[str, bytes]:
    """Export d'une conversation Teams (copier-coller du canal), style oral : ni point final ni majuscule."""
    text = """[08:52] Camille Bertin : bonjour tout le monde
[08:53] Laurent Picard : salut 👋
[08:55] Camille Bertin : la société Ferrand a rappelé pour son extrait Kbis, personne ne l'a recontactée depuis mardi
[08:57] Yannick Le Goff : c pas mon dossier, voyez avec le CFE
[08:58] Fatima Chérif : je m'en occupe, je la rappelle ce matin pour lui expliquer les démarches
[08:58] Camille Bertin : merci 👍
[09:10] Olivier Morel : franchement on a pas le temps de rappeler tout le monde avec la file d'attente au guichet
[09:12] Isabelle Fournier : ok, on en parle à la réunion de jeudi
"""
    return {"chats/2025-05-27_teams-canal-accueil.txt": text.encode("utf-8")}


def html_file() -> dict[str, bytes]:
    html = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Cap Client : deux jours pour changer de regard – Intranet CCI Val-de-Loire Sud</title>
<meta name="author" content="Élodie Masson">
<meta name="date" content="2025-03-18">
<style>
body { font-family: Arial, sans-serif; max-width: 52em; margin: auto; }
.bannir li { color: #a00; }
</style>
<script>
window.dataLayer = window.dataLayer || [];
</script>
</head>
<body>
<nav class="menu">
<ul>
<li><a href="/">Accueil</a></li>
<li><a href="/actualites">Actualités</a></li>
<li><a href="/annuaire">Annuaire</a></li>
<li><a href="/rh">Ressources humaines</a></li>
</ul>
</nav>
<main>
<article>
<h1>Cap Client&nbsp;: deux jours pour changer de regard</h1>
<p class="meta">Publié le 18 mars 2025 par Élodie Masson, correspondante communication interne</p>
<p><strong>Les 13 et 14 mars, dix-sept collaborateurs de la Formation continue, de l’Appui aux entreprises et de l’Accueil et formalités ont suivi le parcours Cap Client, animé par le cabinet Orée Conseil dans la salle du Conseil à Blois.</strong></p>
<h2>Partir des besoins de l’entreprise</h2>
<p>La première matinée a été consacrée à un exercice simple&nbsp;: reconstituer le parcours d’un chef d’entreprise qui pousse notre porte, de son premier appel jusqu’à la facture. Les participants ont relevé pas moins de neuf moments où la personne risque de repartir sans réponse.</p>
<h2>Les phrases à bannir</h2>
<p>Les formateurs ont demandé à chaque groupe de lister les phrases qu’un client ne devrait jamais entendre. Le florilège affiché au mur à la fin de la journée&nbsp;:</p>
<ul class="bannir">
<li>«&nbsp;On n’a pas le temps.&nbsp;»</li>
<li>«&nbsp;Ce n’est pas ma responsabilité.&nbsp;»</li>
<li>«&nbsp;Avant, c’était gratuit.&nbsp;»</li>
<li>«&nbsp;On ne m’a rien dit.&nbsp;»</li>
<li>«&nbsp;On a toujours fait comme ça.&nbsp;»</li>
<li>«&nbsp;Ça attendra la semaine prochaine.&nbsp;»</li>
<li>«&nbsp;Les appeler, ce serait les déranger.&nbsp;»</li>
</ul>
<h2>Et ce qu’on dit à la place</h2>
<ul>
<li>«&nbsp;Je m’en occupe et je vous rappelle avant midi.&nbsp;»</li>
<li>«&nbsp;Ce n’est pas mon domaine, mais je vous mets en relation avec la collègue qui connaît le sujet.&nbsp;»</li>
<li>«&nbsp;Qu’est-ce qui vous aiderait le plus aujourd’hui&nbsp;?&nbsp;»</li>
</ul>
<h2>La suite</h2>
<p>Chaque équipe choisit d’ici fin mars deux engagements concrets, qui seront suivis en réunion mensuelle. Un bilan sera présenté au comité de direction en mai.</p>
<p>Les supports de la formation sont disponibles dans l’espace documentaire, rubrique <a href="/docs/cap-client">Cap Client</a>.</p>
</article>
</main>
<footer>
<p>Intranet CCI Val-de-Loire Sud – Service communication – <a href="/mentions">Mentions légales</a></p>
</footer>
</body>
</html>
"""
    return {"intranet/2025-03-18_cap-client-retour.html": html.encode("utf-8")}


# --------------------------------------------------------------------------------------------


def staff_csv() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["email", "name", "department", "team"])
    for p in STAFF:
        w.writerow([p.email, p.name, p.department, p.team])
    return buf.getvalue().encode("utf-8")


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in (emails, mbox, minutes_md, docx_files, odt_file, pdf_file, txt_file, chat_file, html_file):
        files.update(part())
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "demo")
    ap.add_argument("--staff", type=Path, default=ROOT / "corpus" / "demo_staff.csv")
    args = ap.parse_args(argv)
    files = build()
    for rel, data in sorted(files.items()):
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        # Date de modification = date du document (préfixe AAAA-MM-JJ du nom), à 18 h, heure de Paris.
        y, mo, d = (int(x) for x in Path(rel).name[:10].split("-"))
        stamp = paris(y, mo, d, 18, 0).timestamp()
        os.utime(path, (stamp, stamp))
    args.staff.parent.mkdir(parents=True, exist_ok=True)
    args.staff.write_bytes(staff_csv())
    print(f"{len(files)} fichiers écrits dans {args.out}, personnel dans {args.staff}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
