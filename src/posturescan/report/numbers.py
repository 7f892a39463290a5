"""French number formatting for the report: decimal commas, thin spaces, « – » for nothing."""

from __future__ import annotations


def french_number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{value:,.{digits}f}"
        if text.startswith("-") and not any(ch in "123456789" for ch in text):
            text = text[1:]  # no « -0,0 »
    return text.replace(",", "\u202f").replace(".", ",").replace("-", "\u2212")


def percent(value, digits: int = 1) -> str:
    return "–" if value is None else french_number(100 * value, digits) + "\u00a0%"


def interval(values, digits: int = 1) -> str:
    if not values:
        return "–"
    return f"{french_number(values[0], digits)} – {french_number(values[1], digits)}"


def pvalue(value) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< 0,001"
    return french_number(float(value), 3)


def ratio_text(value: float) -> str:
    if 0 < value < 0.01:
        return "< 0,01"
    return french_number(float(value), 2 if value < 10 else 1)



def ratio_interval(values) -> str:
    """An exact interval of a rate ratio, one side possibly open (``None``: unbounded above)."""
    if not values:
        return "–"
    low, high = values
    if high is None:
        return f"≥ {ratio_text(low)} (non borné)" if low else "non borné"
    return f"{ratio_text(low)} – {ratio_text(high)}"


def tick_label(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") or "0"
