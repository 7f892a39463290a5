"""A mail-like benchmark corpus, generated deterministically (seeded) for the throughput benchmark.

Each file is one e-mail (.eml) of 3 to 12 sentences: ordinary office sentences, hard neutral ones (the
vocabulary of the freins in ordinary senses), about 5 % frein sentences (counted sentences of the corpus test
split), a quoted reply (« Le … a écrit : » and « > » lines) in one mail out of three, and a signature.
Usage: python bench/mailcorpus.py OUT_DIR [N_FILES]
"""

from __future__ import annotations

import json
import random
import sys
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

ORDINARY = [
    "Je vous transmets le planning de la semaine prochaine.",
    "La réunion de service est déplacée à jeudi 14 h en salle B.",
    "Merci de compléter le tableau des congés avant vendredi.",
    "Le prestataire passera mardi matin pour la maintenance des imprimantes.",
    "Vous trouverez ci-joint le compte rendu du comité de pilotage.",
    "Pensez à badger en arrivant, le système a été réinitialisé.",
    "Le parking du personnel sera fermé lundi pour travaux.",
    "J'ai mis à jour le fichier partagé avec les chiffres du trimestre.",
    "La formation bureautique aura lieu dans la salle du deuxième étage.",
    "Pouvez-vous me confirmer votre présence au séminaire de rentrée ?",
    "Le serveur de fichiers sera indisponible samedi entre 8 h et 12 h.",
    "Bonne nouvelle, la nouvelle photocopieuse est enfin installée.",
    "Les badges visiteurs sont à récupérer à l'accueil principal.",
    "Je serai en déplacement à Lyon mercredi et jeudi.",
    "Le pot de départ de Martine aura lieu vendredi à 17 h.",
    "La note de frais doit être accompagnée des justificatifs originaux.",
    "Le catalogue des formations de l'an prochain est en ligne sur l'intranet.",
    "Nous avons reçu les nouveaux ordinateurs portables pour l'équipe projet.",
    "Je vous propose un point rapide demain matin pour caler le calendrier.",
    "Le rapport annuel est en relecture, merci pour vos contributions.",
]
HARD_NEUTRAL = [
    "Le temps de traitement moyen des dossiers est passé de douze à neuf jours.",
    "Le client a payé sa facture avec trois jours de retard, rien d'inquiétant.",
    "La procédure de remboursement est décrite page 4 du guide.",
    "Le chef de projet présentera le budget au conseil d'administration.",
    "Le changement d'horaires prendra effet au premier du mois.",
    "Un client a appelé pour remercier l'équipe de l'accueil.",
    "Le délai de livraison annoncé par le fournisseur est de deux semaines.",
    "Nous rappellerons les participants inscrits pour confirmer le lieu.",
    "Le CRM a été mis à jour vers la dernière version hier soir.",
    "La vente de billets pour le salon ouvre lundi prochain.",
]
SIGNATURES = [
    "Cordialement,\nClaire Dubois\nChargée de mission\nTél. 01 23 45 67 89",
    "Bien à vous,\nMarc Lefèvre\nService comptabilité",
    "Bonne journée,\nSophie Martin",
    "--\nJulien Bernard\nResponsable d'agence\njulien.bernard@exemple.fr",
]
PEOPLE = ["claire.dubois", "marc.lefevre", "sophie.martin", "julien.bernard", "nadia.haddad", "paul.girard",
          "lea.moreau", "hugo.petit", "ines.roux", "karim.benali"]


def frein_sentences(corpus_dir: Path) -> list[str]:
    rows = (json.loads(line) for line in (corpus_dir / "test.jsonl").read_text(encoding="utf-8").splitlines())
    return [r["text"] for r in rows if r["labels"] and r["status"] in ("asserted", "reported")]


def make_corpus(out_dir: Path, n_files: int, *, seed: int = 13, corpus_dir: Path = Path("corpus"),
                span_days: float | None = None, references: bool = False) -> int:
    """Writes ``n_files`` e-mails into ``out_dir``; returns the number of body words (quoted text included).

    ``span_days``: the mails are spread over that many days (else one every 7 hours), so that corpora of
    different sizes cover the same periods. ``references``: each mail also cites a file number and an amount
    never seen before, as real mail does (the vocabulary then grows with the corpus)."""
    rng = random.Random(seed)
    freins = frein_sentences(corpus_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
    words = 0
    for i in range(n_files):
        sentences = []
        for _ in range(rng.randint(3, 12)):
            draw = rng.random()
            pool = freins if draw < 0.05 else HARD_NEUTRAL if draw < 0.25 else ORDINARY
            sentences.append(rng.choice(pool))
        if references:
            sentences.append(f"Dossier n° {i:07d}-{rng.randint(100, 999)}, montant {rng.randint(10, 99_999)} euros.")
        body = "Bonjour,\n\n" + " ".join(sentences) + "\n\n" + rng.choice(SIGNATURES) + "\n"
        if i % 3 == 0:
            quoted = "\n".join("> " + rng.choice(ORDINARY) for _ in range(rng.randint(2, 6)))
            body += "\nLe 3 mars 2025 à 10:12, Paul Girard <paul.girard@exemple.fr> a écrit :\n" + quoted + "\n"
        sender = rng.choice(PEOPLE)
        msg = EmailMessage()
        msg["From"] = f"{sender.replace('.', ' ').title()} <{sender}@exemple.fr>"
        msg["To"] = f"{rng.choice(PEOPLE)}@exemple.fr"
        msg["Subject"] = f"Point {i}"
        step = timedelta(days=span_days / n_files) if span_days else timedelta(hours=7)
        msg["Date"] = format_datetime(start + step * i)
        msg.set_content(body)
        (out_dir / f"mail_{i:06d}.eml").write_bytes(bytes(msg))
        words += len(body.split())
    return words


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    print(f"{make_corpus(target, count)} words in {count} files written to {target}")
