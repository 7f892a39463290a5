"""Inline SVG charts of the report (no script, no font, no image from outside), deterministic text."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..visibility import OTHERS
from .labels import ranked_freins, short_title
from .numbers import french_number, interval, percent, ratio_interval, ratio_text, tick_label

FREIN_COLOUR = "#a93226"
LEVIER_COLOUR = "#1e7a46"
INK = "#1d2433"
MUTED = "#5b6478"
GRID = "#d8dde8"


def _x(value: float) -> str:
    """Coordinates with at most one decimal, always the same text for the same value."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def axis_ticks(scale: float, step: float):
    """0, step, 2 × step… up to the scale (inclusive, despite float rounding)."""
    count = int(scale / step + 1e-9)
    return [i * step for i in range(count + 1)]


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = max(top, 1e-9) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ellipsis(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(width: int, height: int, label: str, body: list[str], css_class: str = "chart") -> Markup:
    return Markup(
        f'<svg class="{css_class}" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def rate_scale(freins: list[dict]) -> float:
    """A common upper bound for the rate charts (so that all families share one scale)."""
    top = max([f["rate_ci95"][1] for f in freins if f.get("rate_ci95")] + [f["rate_per_1000_sentences"] for f in freins] + [0])
    step = _nice_step(top or 1)
    return step * math.ceil((top or 1) / step)


def rate_chart(freins: list[dict], caption: str, scale: float | None = None) -> Markup:
    """Horizontal bars of rates per 1,000 sentences with 95 % interval whiskers, one row per frein."""
    rows = ranked_freins(freins)
    scale = scale or rate_scale(rows)
    left, plot, right_text = 290, 330, 140
    width, row_h, top = left + plot + right_text, 26, 8
    height = top + row_h * max(len(rows), 1) + 30
    step = _nice_step(scale)

    def px(v: float) -> float:
        return left + plot * min(max(v, 0.0), scale) / scale

    body = []
    for tick in axis_ticks(scale, step):
        x = _x(px(tick))
        body.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{top + row_h * len(rows)}" stroke="{GRID}" stroke-width="1"/>')
        body.append(f'<text x="{x}" y="{top + row_h * len(rows) + 16}" text-anchor="middle" fill="{MUTED}">'
                    f"{escape(tick_label(tick))}</text>")
    body.append(f'<text x="{left + plot}" y="{height - 2}" text-anchor="end" fill="{MUTED}" font-size="11">'
                f"pour 1 000 phrases (trait fin : intervalle de confiance à 95 %)</text>")
    for i, f in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        colour = LEVIER_COLOUR if f.get("levier") else FREIN_COLOUR
        name = short_title(f["title"]) + (" (levier)" if f.get("levier") else "")
        body.append(f'<g><title>{escape(f["title"])} : {escape(french_number(f["rate_per_1000_sentences"]))} pour 1 000 '
                    f'phrases, IC 95 % {escape(interval(f["rate_ci95"]))}</title>')
        body.append(f'<text x="{left - 8}" y="{_x(mid + 4)}" text-anchor="end" fill="{INK}">{escape(_ellipsis(name, 44))}</text>')
        bar_w = px(f["rate_per_1000_sentences"]) - left
        if bar_w > 0:
            pattern = ' stroke="#0b3d20" stroke-width="1" stroke-dasharray="3 2"' if f.get("levier") else ""
            body.append(f'<rect class="bar" x="{left}" y="{_x(mid - 6)}" width="{_x(bar_w)}" height="12" fill="{colour}"{pattern}/>')
        else:
            body.append(f'<line x1="{left}" y1="{_x(mid - 6)}" x2="{left}" y2="{_x(mid + 6)}" stroke="{colour}" stroke-width="2"/>')
        lo, hi = f.get("rate_ci95") or (0, 0)
        x1, x2 = _x(px(lo)), _x(px(hi))
        body.append(f'<line x1="{x1}" y1="{_x(mid)}" x2="{x2}" y2="{_x(mid)}" stroke="{INK}" stroke-width="1.5"/>')
        for xe in (x1, x2):
            body.append(f'<line x1="{xe}" y1="{_x(mid - 5)}" x2="{xe}" y2="{_x(mid + 5)}" stroke="{INK}" stroke-width="1.5"/>')
        if hi > scale:
            body.append(f'<text x="{_x(px(scale) + 2)}" y="{_x(mid + 4)}" fill="{INK}">›</text>')
        body.append(f'<text x="{width - 4}" y="{_x(mid + 4)}" text-anchor="end" fill="{INK}">'
                    f'{escape(french_number(f["rate_per_1000_sentences"]))} [{escape(interval(f["rate_ci95"]))}]</text></g>')
    if not rows:
        body.append(f'<text x="{left}" y="{top + 16}" fill="{MUTED}">aucun frein</text>')
    return _svg(width, height, caption, body)


def trend_chart(periods: list[tuple[str, dict]], settings: dict | None = None) -> Markup:
    """Grouped bars per period: freins and leviers per 1,000 sentences; masked periods say so."""
    visible = [s for _, s in periods if not s.get("suppressed")]
    values = [s["balance"][k] for s in visible for k in ("freins_per_1000_sentences", "leviers_per_1000_sentences")]
    top = max(values + [0]) or 1
    step = _nice_step(top)
    scale = step * math.ceil(top / step)
    left, slot, plot_h, top_pad = 46, 110, 150, 28
    width = max(left + slot * len(periods) + 10, 420)
    height = top_pad + plot_h + 46

    def py(v: float) -> float:
        return top_pad + plot_h - plot_h * min(v, scale) / scale

    body = [
        '<defs><pattern id="hachures-leviers" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{LEVIER_COLOUR}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" '
        'stroke-width="2"/></pattern></defs>',
        f'<rect x="{left}" y="4" width="12" height="12" fill="{FREIN_COLOUR}"/>'
        f'<text x="{left + 17}" y="14" fill="{INK}">freins</text>',
        f'<rect x="{left + 80}" y="4" width="12" height="12" fill="url(#hachures-leviers)" stroke="{LEVIER_COLOUR}"/>'
        f'<text x="{left + 97}" y="14" fill="{INK}">leviers (posture client), pour 1 000 phrases</text>',
    ]
    for tick in axis_ticks(scale, step):
        y = _x(py(tick))
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - 6}" y2="{y}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 6}" y="{_x(py(tick) + 4)}" text-anchor="end" fill="{MUTED}">'
                    f"{escape(tick_label(tick))}</text>")
    for i, (name, s) in enumerate(periods):
        x0 = left + i * slot + 14
        label = "autres périodes" if name == OTHERS else name
        body.append(f'<text x="{_x(x0 + 40)}" y="{top_pad + plot_h + 18}" text-anchor="middle" fill="{INK}">{escape(label)}</text>')
        if s.get("suppressed"):
            body.append(f'<text x="{_x(x0 + 40)}" y="{_x(top_pad + plot_h - 8)}" text-anchor="middle" fill="{MUTED}" '
                        f'font-style="italic">masqué</text>')
            continue
        for j, (key, fill, what) in enumerate((("freins_per_1000_sentences", FREIN_COLOUR, "freins"),
                                                ("leviers_per_1000_sentences", "url(#hachures-leviers)", "leviers"))):
            v = s["balance"][key]
            x = x0 + j * 40
            y = py(v)
            h = max(top_pad + plot_h - y, 0.0)
            body.append(f'<rect class="bar" x="{_x(x)}" y="{_x(y)}" width="36" height="{_x(max(h, 1))}" fill="{fill}" '
                        f'stroke="{LEVIER_COLOUR if j else FREIN_COLOUR}"><title>{escape(label)}, {what} : '
                        f'{escape(french_number(v))} pour 1 000 phrases</title></rect>')
            body.append(f'<text x="{_x(x + 18)}" y="{_x(y - 4)}" text-anchor="middle" fill="{INK}" font-size="11">'
                        f"{escape(french_number(v))}</text>")
    summary = "; ".join(
        f"{n} : masqué" if s.get("suppressed") else
        f"{n} : freins {french_number(s['balance']['freins_per_1000_sentences'])}, leviers "
        f"{french_number(s['balance']['leviers_per_1000_sentences'])}" for n, s in periods)
    return _svg(width, height, "Évolution par période des freins et des leviers pour 1 000 phrases. " + summary, body)


def balance_chart(balance: dict) -> Markup:
    """One stacked bar: share of freins vs leviers among counted detections."""
    total = balance["freins"] + balance["leviers"]
    width, height, left, plot = 560, 44, 4, 552
    if not total:
        body = [f'<rect x="{left}" y="4" width="{plot}" height="18" fill="#f3f5f9" stroke="{GRID}"/>',
                f'<text x="{left + plot / 2}" y="17" text-anchor="middle" fill="{MUTED}">aucune détection comptée</text>']
        return _svg(width, height, "Équilibre freins / leviers : aucune détection comptée", body, "chart balance")
    share = balance["leviers"] / total
    w_lev = plot * share
    body = [f'<rect class="bar" x="{left}" y="4" width="{_x(max(plot - w_lev, 0))}" height="18" fill="{FREIN_COLOUR}"/>']
    if w_lev:
        body.append(f'<rect class="bar" x="{_x(left + plot - w_lev)}" y="4" width="{_x(w_lev)}" height="18" fill="{LEVIER_COLOUR}" '
                    f'stroke="#0b3d20" stroke-dasharray="3 2"/>')
    body.append(f'<text x="{left}" y="38" fill="{INK}">freins : {escape(percent(1 - share, 0))}</text>')
    body.append(f'<text x="{left + plot}" y="38" text-anchor="end" fill="{INK}">leviers : {escape(percent(share, 0))}</text>')
    label = (f"Équilibre des détections comptées : {percent(1 - share, 0)} de freins, {percent(share, 0)} de leviers "
             f"(posture client)")
    return _svg(width, height, label, body, "chart balance")


def _log_ticks(low: float, high: float) -> list[float]:
    ticks, value = [], 2.0 ** math.floor(math.log2(low))
    while value <= high * 1.0001:
        if value >= low / 1.0001:
            ticks.append(value)
        value *= 2
    return ticks


def forest_chart(freins: list[dict], caption: str) -> Markup:
    """Rate ratios B/A with 95 % intervals on a log scale, one row per frein; 1 = no change."""
    rows = [f for f in freins]
    shown = [f for f in rows if f.get("rate_ratio_ci95")]
    lows = [f["rate_ratio_ci95"][0] for f in shown if f["rate_ratio_ci95"][0]]
    highs = [f["rate_ratio_ci95"][1] for f in shown if f["rate_ratio_ci95"][1] is not None]
    low = max(min(lows + [0.5]), 1 / 32)
    high = min(max(highs + [2.0]), 32)
    low, high = 2.0 ** math.floor(math.log2(low)), 2.0 ** math.ceil(math.log2(high))
    left, plot, right_text = 290, 300, 200
    width, row_h, top = left + plot + right_text, 26, 8
    height = top + row_h * max(len(rows), 1) + 50

    def px(v: float) -> float:
        v = min(max(v, low), high)
        return left + plot * (math.log(v) - math.log(low)) / (math.log(high) - math.log(low))

    bottom = top + row_h * len(rows)
    body = []
    ticks = _log_ticks(low, high)
    if len(ticks) > 7:  # every other power of two, keeping 1
        ticks = [t for t in ticks if round(math.log2(t)) % 2 == 0]
    for t in ticks:
        x = _x(px(t))
        strong = t == 1
        body.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{INK if strong else GRID}" '
                    f'stroke-width="{1.5 if strong else 1}"/>')
        body.append(f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="{MUTED}">{escape(tick_label(t))}</text>')
    one = px(1)
    body.append(f'<text x="{_x(one - 6)}" y="{bottom + 31}" text-anchor="end" fill="{MUTED}" font-size="11">◀ baisse</text>')
    body.append(f'<text x="{_x(one + 6)}" y="{bottom + 31}" fill="{MUTED}" font-size="11">hausse ▶</text>')
    body.append(f'<text x="{left + plot}" y="{height - 2}" text-anchor="end" fill="{MUTED}" font-size="11">'
                f"rapport des taux B/A, échelle logarithmique</text>")
    for i, f in enumerate(rows):
        mid = top + i * row_h + row_h / 2
        name = short_title(f["title"]) + (" (levier)" if f.get("levier") else "")
        point = (f"{f['a']['detections']} → {f['b']['detections']}" if f.get("rate_ratio") is None
                 else ratio_text(f["rate_ratio"]))
        body.append(f'<g><title>{escape(f["title"])} : rapport {escape(point)}, IC '
                    f'{escape(ratio_interval(f.get("rate_ratio_ci95")))}, {escape(f["direction"])}</title>')
        body.append(f'<text x="{left - 14}" y="{_x(mid + 4)}" text-anchor="end" fill="{INK}">{escape(_ellipsis(name, 42))}</text>')
        if f not in shown:
            body.append(f'<text x="{_x(px(1) + 6)}" y="{_x(mid + 4)}" fill="{MUTED}" font-style="italic">'
                        f"aucune détection</text></g>")
            continue
        lo, hi = f["rate_ratio_ci95"]
        lo, hi = lo or 0.0, high * 2 if hi is None else hi
        colour = FREIN_COLOUR if f["direction"] == "hausse" else (LEVIER_COLOUR if f["direction"] == "baisse" else MUTED)
        if f.get("levier") and f["direction"] != "stable":
            colour = LEVIER_COLOUR if f["direction"] == "hausse" else FREIN_COLOUR
        body.append(f'<line class="interval" x1="{_x(px(lo))}" y1="{_x(mid)}" x2="{_x(px(hi))}" y2="{_x(mid)}" '
                    f'stroke="{colour}" stroke-width="2"/>')
        if lo < low:
            body.append(f'<text x="{_x(px(low) - 2)}" y="{_x(mid + 4)}" text-anchor="end" fill="{colour}">‹</text>')
        if hi > high:
            body.append(f'<text x="{_x(px(high) + 2)}" y="{_x(mid + 4)}" fill="{colour}">›</text>')
        fill = colour if f.get("significant") else "#ffffff"
        if f.get("rate_ratio") is not None:  # « 0 → 1 » has no ratio to draw, only its interval
            body.append(f'<rect class="point" x="{_x(px(f["rate_ratio"]) - 5)}" y="{_x(mid - 5)}" width="10" height="10" '
                        f'fill="{fill}" stroke="{colour}" stroke-width="2"/>')
        arrow = {"hausse": "▲ hausse", "baisse": "▼ baisse"}.get(f["direction"], "= stable")
        body.append(f'<text x="{width - 4}" y="{_x(mid + 4)}" text-anchor="end" fill="{INK}">'
                    f'{escape(point)} [{escape(ratio_interval(f["rate_ratio_ci95"]))}] {escape(arrow)}</text></g>')
    return _svg(width, height, caption, body)


