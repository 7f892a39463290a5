"""Renders the French HTML report from a profile: one self-contained file, no external request.

Split by job: :mod:`.numbers` (French number formats), :mod:`.labels` (French labels, ordering and
lookups), :mod:`.charts` (inline SVG), and here the Jinja environment. Rendering is deterministic: the
same profile gives the same bytes. Suppressed slices never show a figure, only « masqué (moins de N auteurs) ».
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..io import write_text
from ..taxonomy import Taxonomy
from ..visibility import OTHERS
from . import charts, labels
from .numbers import french_number, interval, percent, pvalue, ratio_interval, ratio_text


def environment() -> Environment:
    env = Environment(loader=PackageLoader("posturescan.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(nombre=french_number, pourcent=percent, intervalle=interval, p=pvalue, ratio=ratio_text,
                       intervalle_rapport=ratio_interval, court=labels.short_title,
                       raison=labels.reason_label)
    env.globals.update(
        STATUS_LABELS=labels.STATUS_LABELS, STATUS_HELP=labels.STATUS_HELP, DIMENSION_TITLES=labels.DIMENSION_TITLES,
        DIMENSION_SINGULAR=labels.DIMENSION_SINGULAR, MODEL_NAMES=labels.MODEL_NAMES, PERIOD_TITLES=labels.PERIOD_TITLES, OTHERS=OTHERS,
        ordered=labels.ordered, frein_of=labels.frein_of, masked_label=labels.masked_label, top_freins=labels.top_freins,
        ranked_freins=labels.ranked_freins, detected=labels.detected, masking_summary=labels.masking_summary,
        merged_phrase=labels.merged_phrase, crossed_table=labels.crossed_table, model_rows=labels.model_rows,
        by_count=labels.by_count, rate_chart=charts.rate_chart, rate_scale=charts.rate_scale,
        trend_chart=charts.trend_chart, balance_chart=charts.balance_chart, forest_chart=charts.forest_chart,
    )
    return env


def render_html(profile: dict, taxonomy: Taxonomy) -> str:
    return environment().get_template("report.html.j2").render(profile=profile, taxonomy=taxonomy)


def render_report(path: Path, profile: dict, taxonomy: Taxonomy) -> None:
    write_text(path, render_html(profile, taxonomy))


def comparison_html(comparison: dict, taxonomy: Taxonomy | None = None) -> str:
    if taxonomy is None:
        try:
            from ..taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        except Exception:  # the comparison carries the titles; family names are a nicety
            taxonomy = None
    families = {f.id: f.title for f in taxonomy.families} if taxonomy is not None else {}
    return environment().get_template("comparison.html.j2").render(c=comparison, families=families)


def render_comparison(path: Path, comparison: dict, taxonomy: Taxonomy | None = None) -> None:
    write_text(path, comparison_html(comparison, taxonomy))

