"""The ``posturescan annotate`` sub-commands (French help, one French line and exit code 2 on usage errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    name="annotate",
    help="Boucle d'annotation : exporter des phrases vers Label Studio, Doccano ou Prodigy, réimporter "
    "les annotations dans le corpus, mesurer l'accord entre annotateurs.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out_console = Console()


def usage_error(message: str) -> None:
    console.print(f"[bold red]Erreur :[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@app.command("export")
def export(
    run_dir: Path = typer.Argument(..., help="Dossier d'une analyse (celui de --out de posturescan analyse).", show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="Fichier à écrire (la configuration Label Studio est écrite à côté).", show_default=False),
    fmt: str = typer.Option("label-studio", "--format", help="label-studio (JSON), doccano (JSONL) ou prodigy (JSONL)."),
    how: str = typer.Option("uncertain", "--select", help="uncertain (les plus proches d'un seuil, par frein), random, ou label=ID."),
    n: int = typer.Option(100, "--n", help="Nombre de phrases à exporter."),
    seed: int = typer.Option(0, "--seed", help="Graine : le même choix pour la même graine."),
    model: Optional[Path] = typer.Option(None, "--model", help="Modèle dont les seuils servent à --select uncertain (défaut : le modèle fourni)."),
) -> None:
    """Exporte des phrases masquées d'une analyse, pré-annotées par le modèle (freins et statut).

    Exemple : posturescan annotate export resultats/2025-T1 --out lot-01.json --select uncertain --n 200
    """
    from ..paths import default_model_dir
    from ..taxonomy import load_taxonomy
    from .export import ExportError, read_sentences, read_thresholds, select, write_export
    from .formats import FORMATS

    if fmt not in FORMATS:
        usage_error(f"--format {fmt} : choisissez {', '.join(FORMATS)}")
    if n < 1:
        usage_error("--n doit être au moins 1")
    if not run_dir.is_dir():
        usage_error(f"dossier introuvable : {run_dir}")
    taxonomy = load_taxonomy()
    model_dir = model or default_model_dir()
    try:
        sentences = read_sentences(run_dir)
        thresholds = read_thresholds(model_dir, run_dir, model is not None) if how == "uncertain" else None
        chosen = select(sentences, how, n, seed, thresholds=thresholds, labels=taxonomy.ids)
        config = write_export(chosen, out, fmt, taxonomy, model_dir.name)
    except ExportError as err:
        usage_error(str(err))
    except OSError as err:
        usage_error(f"écriture impossible : {out} ({err.strerror})")
    console.print(f"{len(chosen)} phrases exportées vers {out} ; configuration Label Studio : {config}", highlight=False)


@app.command("import")
def import_(
    source: Path = typer.Argument(..., help="Export de Label Studio (JSON), Doccano (JSONL) ou Prodigy (db-out, JSONL).", show_default=False),
    into: Path = typer.Option(..., "--into", help="Lot du corpus à écrire, par ex. corpus/sources/atelier-01.jsonl (son nom devient meta.source).", show_default=False),
    fmt: Optional[str] = typer.Option(None, "--format", help="label-studio, doccano ou prodigy (défaut : reconnu d'après le contenu)."),
) -> None:
    """Vérifie toutes les lignes d'un export annoté, liste tous les problèmes, puis écrit le lot (ou rien).

    Exemple : posturescan annotate import lot-01-annote.json --into corpus/sources/atelier-01.jsonl
    """
    from ..taxonomy import load_taxonomy
    from .formats import FORMATS
    from .importer import import_batch

    if not source.is_file():
        usage_error(f"fichier introuvable : {source}")
    if fmt is not None and fmt not in FORMATS:
        usage_error(f"--format {fmt} : choisissez {', '.join(FORMATS)}")
    if into.suffix != ".jsonl":
        usage_error(f"--into doit être un fichier .jsonl de corpus/sources/ : {into}")
    result = import_batch(source, into, load_taxonomy(), fmt)
    if result.errors:
        for line in result.errors:
            out_console.print(line, highlight=False, soft_wrap=True)
        usage_error(f"{len(result.errors)} problème(s) : rien n'a été écrit dans {into}")
    console.print(f"{len(result.examples)} phrases ajoutées à {into} ({result.skipped} non annotées ou rejetées, ignorées). "
                  "Relancez scripts/split_corpus.py puis posturescan train.", highlight=False)


def fmt_value(value: float | None) -> str:
    return "n.d." if value is None else f"{value:.3f}"


@app.command("agree")
def agree(
    a: Path = typer.Argument(..., help="Annotations du premier annotateur (export d'un des trois outils, ou lot du corpus).", show_default=False),
    b: Path = typer.Argument(..., help="Annotations du second annotateur, sur les mêmes phrases.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Désaccords à trancher : fichier .jsonl ou .csv."),
) -> None:
    """Accord entre deux annotateurs : kappa de Cohen par frein et pour le statut, alpha de Krippendorff global.

    Exemple : posturescan annotate agree alice.json bruno.json --out desaccords.csv
    """
    from ..taxonomy import load_taxonomy
    from .agreement import agreement, write_disagreements
    from .formats import read_annotations

    for path in (a, b):
        if not path.is_file():
            usage_error(f"fichier introuvable : {path}")
    errors: list[str] = []
    first, second = read_annotations(a, errors), read_annotations(b, errors)
    if errors:
        for line in errors:
            out_console.print(line, highlight=False, soft_wrap=True)
        usage_error(f"{len(errors)} problème(s) de lecture")
    result = agreement(first, second, load_taxonomy().ids)
    if result.sentences == 0:
        usage_error("aucune phrase commune aux deux fichiers")
    table = Table(title=f"Accord sur {result.sentences} phrases communes")
    table.add_column("mesure")
    table.add_column("valeur", justify="right")
    for label, value in result.kappa_labels.items():
        table.add_row(f"kappa {label}", fmt_value(value))
    table.add_row("kappa statut", fmt_value(result.kappa_status))
    table.add_row("alpha de Krippendorff (global)", fmt_value(result.alpha))
    table.add_row("désaccords", str(len(result.disagreements)))
    out_console.print(table)
    if result.only_a or result.only_b:
        console.print(f"{result.only_a} phrases seulement dans {a.name}, {result.only_b} seulement dans {b.name} (ignorées)", highlight=False)
    if out is not None:
        write_disagreements(out, result.disagreements)
        console.print(f"{len(result.disagreements)} désaccords écrits dans {out}", highlight=False)
