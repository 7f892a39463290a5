"""Command line: parses arguments and calls the stages. Messages are in French, for HR users."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    name="posturescan",
    help="Détecte les freins à la culture client dans des e-mails, comptes rendus et notes, "
    "et produit un profil d'attitudes lisible par les RH, sans jamais désigner une personne.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console(stderr=True)

USAGE_ERROR = 2


def fail(message: str) -> None:
    """One clear line on stderr and exit code 2 (usage error)."""
    console.print(f"[bold red]Erreur :[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


@app.callback()
def main_options() -> None:
    """posturescan : freins à la culture client."""


def count_files(paths: List[Path]) -> int:
    total = 0
    for path in paths:
        if path.is_file():
            total += 1
        else:
            total += sum(1 for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return total


@app.command("analyse")
def analyse(
    paths: List[Path] = typer.Argument(..., help="Fichiers ou dossiers à analyser (parcourus récursivement).", show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="Dossier de sortie (créé si besoin).", show_default=False),
    model: Optional[Path] = typer.Option(None, "--model", help="Modèle entraîné à utiliser (défaut : models/default)."),
    lexicon_only: bool = typer.Option(False, "--lexicon-only", help="N'utiliser que le lexique, sans classifieur."),
) -> None:
    """Analyse des documents et écrit documents.jsonl, detections.jsonl, profile.json et report.html."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"chemin introuvable : {', '.join(missing)}")
    if out.exists() and not out.is_dir():
        fail(f"--out doit être un dossier : {out} est un fichier")
    for path in paths:
        if path.is_dir() and out.resolve().is_relative_to(path.resolve()):
            fail(f"le dossier de sortie {out} ne doit pas être à l'intérieur du dossier analysé {path}")

    from .api import load
    from .run import run_analysis

    with console.status("Chargement du modèle de langue…"):
        try:
            analyzer = load(model, lexicon_only=lexicon_only)
        except (FileNotFoundError, ValueError) as err:
            fail(str(err))
    total = count_files(paths)
    progress = Progress(TextColumn("[bold]Analyse"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[doc]}"),
                        TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
    seen_paths: set[str] = set()
    with progress:
        task = progress.add_task("analyse", total=total, doc="")

        def advance(result) -> None:
            if result.source.path not in seen_paths:
                seen_paths.add(result.source.path)
                progress.update(task, advance=1, doc=result.source.path[-40:])

        summary = run_analysis(paths, out, analyzer, on_document=advance)
    print_summary(summary)
    if summary.analysed == 0:
        fail(f"aucun document lisible parmi {summary.documents} fichier(s) ; voir {out / 'documents.jsonl'}")


def print_summary(summary) -> None:
    from .taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    table = Table(title="Résumé de l'analyse", show_header=True, header_style="bold")
    table.add_column("Frein")
    table.add_column("Détections comptées", justify="right")
    for label, count in sorted(summary.labels.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(taxonomy.get(label).title, str(count))
    out = Console()
    out.print(table)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items())) or "aucune détection"
    out.print(f"Documents : {summary.documents} ({summary.analysed} analysés, {summary.skipped} ignorés) ; "
              f"phrases : {summary.sentences} ; statuts : {statuses}", highlight=False)
    for reason, count in summary.skipped_reasons.most_common():
        out.print(f"  ignoré ×{count} : {reason}", highlight=False)
    out.print(f"Rapport : {summary.out_dir / 'report.html'}", highlight=False)


def main() -> None:  # pragma: no cover
    app()
