"""Renders the French HTML report from a profile: one self-contained file, no external request."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..io import write_text
from ..taxonomy import Taxonomy

STATUS_LABELS = {
    "asserted": "affirmé",
    "reported": "rapporté",
    "negated": "nié",
    "hypothetical": "hypothétique",
    "mention": "cité en exemple",
}


def french_number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def percent(value, digits: int = 1) -> str:
    return "–" if value is None else french_number(100 * value, digits) + "\u00a0%"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("posturescan.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["nombre"] = french_number
    env.filters["pourcent"] = percent
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    return env


def render_html(profile: dict, taxonomy: Taxonomy) -> str:
    return environment().get_template("report.html.j2").render(profile=profile, taxonomy=taxonomy)


def render_report(path: Path, profile: dict, taxonomy: Taxonomy) -> None:
    write_text(path, render_html(profile, taxonomy))


def render_comparison(path: Path, comparison: dict) -> None:
    write_text(path, environment().get_template("comparison.html.j2").render(c=comparison))
