"""French for the messages that click and typer write themselves (usage errors, help panels, defaults).

click and typer translate their messages through :mod:`gettext`; posturescan ships no ``.mo`` catalogue, so
:func:`install` points their ``_`` / ``ngettext`` at the table below (message ids as written in click 8 and
typer 0.x; an unknown id stays as it is). Called once when the command line is built.
"""

from __future__ import annotations

FRENCH = {
    "Missing {param_type}": "{param_type} manquant(e)",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Missing command.": "commande manquante.",
    "argument": "argument",
    "option": "option",
    "parameter": "paramètre",
    "No such command {name!r}.": "commande inconnue : {name!r}.",
    "No such option {name!r}.": "option inconnue : {name!r}.",
    "No such option: {name}": "option inconnue : {name}",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de : {possibilities} ?)",
    "Option {name!r} does not take a value.": "l'option {name!r} ne prend pas de valeur.",
    "Option {name!r} requires an argument.": "l'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "l'option {name!r} attend {nargs} valeurs.",
    "Got unexpected extra argument ({args})": "argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "arguments en trop : {args}",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "valeur invalide : {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "integer": "nombre entier",
    "float": "nombre décimal",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : '{command} {option}'.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Aide : [blue]'{command_path} {help_option}'[/].",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Aborted!": "Interrompu.",
    "Aborted.": "Interrompu.",
    "Arguments": "Arguments",
    "Options": "Options",
    "Commands": "Commandes",
    "Error": "Erreur",
    "Usage:": "Usage :",
    "default: {default}": "défaut : {default}",
    "[default: {}]": "[défaut : {}]",
    "env var: {var}": "variable d'environnement : {var}",
    "[env var: {}]": "[variable d'environnement : {}]",
    "required": "obligatoire",
    "[required]": "[obligatoire]",
    "(dynamic)": "(dynamique)",
    "(deprecated) ": "(obsolète) ",
    "deprecated": "obsolète",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    return french(singular if count == 1 else plural)


USAGE_PATTERNS = [  # typer's own copy of click (0.29+) formats its messages without gettext
    (r"^Missing option (.+)\.$", r"option manquante : \1"),
    (r"^Missing argument (.+)\.$", r"argument manquant : \1"),
    (r"^Missing parameter: (.+)$", r"paramètre manquant : \1"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", r"option inconnue : \1 (options possibles : \2)"),
    (r"^No such option: (.+)$", r"option inconnue : \1"),
    (r"^No such command '(.+?)'\.(?: Did you mean (.+)\?)?$", r"commande inconnue : « \1 »"),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"argument en trop : \1"),
    (r"^Option '(.+)' requires (.+)$", r"l'option « \1 » attend une valeur"),
    (r"^Option '(.+)' does not take a value\.$", r"l'option « \1 » ne prend pas de valeur"),
    (r"^Invalid value for (.+?): Input should be a valid integer.*$", r"valeur invalide pour \1 : un nombre entier est attendu"),
    (r"^Invalid value for (.+?): Input should be a valid number.*$", r"valeur invalide pour \1 : un nombre est attendu"),
    (r"^Invalid value for (.+?): (?:Value )?'(.*)' is not a valid (.+)\.$", r"valeur invalide pour \1 : « \2 »"),
    (r"^Invalid value for (.+?): (.+)$", r"valeur invalide pour \1 : \2"),
    (r"^Missing command\.$", r"commande manquante"),
]


def translate_usage(message: str) -> str:
    """One French line for a usage error written by typer/click in English."""
    import re

    message = " ".join(message.split())
    for pattern, replacement in USAGE_PATTERNS:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def print_usage_error(error) -> None:
    """Replaces typer's boxed error: one French line on stderr (the exit code stays 2)."""
    import sys

    ctx = getattr(error, "ctx", None)
    hint = f" (aide : {ctx.command_path} --help)" if ctx is not None else ""
    sys.stderr.write(f"Erreur : {translate_usage(error.format_message())}{hint}\n")


def install() -> None:
    """French for typer's usage errors and help panels (typer ≥ 0.29 vendors click: patch both copies)."""
    import typer.core
    import typer.rich_utils as rich_utils

    rich_utils.rich_format_error = print_usage_error
    for constant in ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING",
                     "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                     "ABORTED_TEXT", "RICH_HELP"):
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, french(getattr(rich_utils, constant)))
    if hasattr(typer.core, "_"):
        typer.core._ = french
    try:
        from typer._click import core as vendored
    except ImportError:  # older typer on the real click
        import click.core as vendored
    original = vendored.Command.get_help_option
    if getattr(original, "french", False):
        return

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option

    get_help_option.french = True
    vendored.Command.get_help_option = get_help_option
    parameter = getattr(typer.core, "_TyperParameter", None)
    if parameter is not None and hasattr(parameter, "display_type"):
        english = parameter.display_type

        def display_type(self, ctx):
            label = english(self, ctx)
            if getattr(self, "is_flag", False):
                return ""
            return TYPE_NAMES.get(label, label) if label else label

        parameter.display_type = display_type
    formatter = getattr(vendored, "HelpFormatter", None) or __import__(vendored.__name__.rsplit(".", 1)[0] + ".formatting",
                                                                       fromlist=["HelpFormatter"]).HelpFormatter
    english_usage = formatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return english_usage(self, prog, args, "Usage : " if prefix is None else prefix)

    formatter.write_usage = write_usage


TYPE_NAMES = {"<bool>": "", "<int>": "<entier>", "<float>": "<nombre>", "<str>": "<texte>", "<path>": "<chemin>",
              "<file>": "<fichier>", "<dir>": "<dossier>", "<list[Path]>": "<chemins>"}
