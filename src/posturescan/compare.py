"""Compares two runs (e.g. before and after a training programme), frein by frein.

For each frein, the rate per 1,000 sentences in A and B, the rate ratio B/A with its 95 % interval
(log method; 0.5 added to both counts when one is zero), the difference with its 95 % interval, and an
exact conditional test (given the total number of detections, B's share follows a binomial law with
p = B's sentences / all sentences). P-values are adjusted for the number of freins (Holm); a change is
called significant when the adjusted p-value is below 0.05. Only slices visible in both runs are compared.
"""

from __future__ import annotations

import math

from scipy import stats

from .stats import Z95

ALPHA = 0.05


def rate_comparison(count_a: int, sentences_a: int, count_b: int, sentences_b: int) -> dict:
    rate_a = 1000 * count_a / sentences_a if sentences_a else 0.0
    rate_b = 1000 * count_b / sentences_b if sentences_b else 0.0
    ca, cb = (count_a, count_b) if count_a and count_b else (count_a + 0.5, count_b + 0.5)
    log_ratio = math.log((cb / sentences_b) / (ca / sentences_a))
    se = math.sqrt(1 / ca + 1 / cb)
    diff_se = 1000 * math.sqrt(count_a / sentences_a ** 2 + count_b / sentences_b ** 2)
    total = count_a + count_b
    p_value = 1.0 if total == 0 else float(
        stats.binomtest(count_b, total, sentences_b / (sentences_a + sentences_b)).pvalue)
    return {
        "a": {"detections": count_a, "sentences": sentences_a, "rate_per_1000_sentences": round(rate_a, 3)},
        "b": {"detections": count_b, "sentences": sentences_b, "rate_per_1000_sentences": round(rate_b, 3)},
        "difference_per_1000": round(rate_b - rate_a, 3),
        "difference_ci95": [round(rate_b - rate_a - Z95 * diff_se, 3), round(rate_b - rate_a + Z95 * diff_se, 3)],
        "rate_ratio": round(math.exp(log_ratio), 3),
        "rate_ratio_ci95": [round(math.exp(log_ratio - Z95 * se), 3), round(math.exp(log_ratio + Z95 * se), 3)],
        "p_value": round(p_value, 6),
    }


def holm(p_values: list[float]) -> list[float]:
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def compare_slices(a: dict, b: dict) -> dict:
    if a.get("suppressed") or b.get("suppressed"):
        return {"suppressed": True, "reason": "masqué dans au moins une des deux analyses (trop peu d'auteurs)"}
    freins = []
    for fa, fb in zip(a["freins"], b["freins"]):
        entry = {"id": fa["id"], "family": fa["family"], "title": fa["title"], "levier": fa["levier"]}
        entry.update(rate_comparison(fa["detections"], a["sentences"], fb["detections"], b["sentences"]))
        freins.append(entry)
    for entry, adjusted in zip(freins, holm([f["p_value"] for f in freins])):
        entry["p_adjusted"] = round(adjusted, 6)
        entry["significant"] = adjusted < ALPHA
        entry["direction"] = ("hausse" if entry["difference_per_1000"] > 0 else "baisse") if entry["significant"] else "stable"
    return {"suppressed": False, "authors": [a["authors"], b["authors"]], "sentences": [a["sentences"], b["sentences"]],
            "freins": freins}


def compare_profiles(profile_a: dict, profile_b: dict, *, names: tuple[str, str] = ("A", "B")) -> dict:
    groups = {}
    dims_a, dims_b = profile_a.get("dimensions", {}), profile_b.get("dimensions", {})
    for dimension in ("department",):
        ga = dims_a.get(dimension, {}).get("groups", {})
        gb = dims_b.get(dimension, {}).get("groups", {})
        groups[dimension] = {name: compare_slices(ga[name], gb[name]) for name in sorted(set(ga) & set(gb))}
    return {
        "runs": {"a": names[0], "b": names[1]},
        "method": __doc__.strip().split("\n\n")[1].replace("\n", " "),
        "settings": {"a": profile_a.get("settings"), "b": profile_b.get("settings")},
        "overall": compare_slices(profile_a["overall"], profile_b["overall"]),
        "groups": groups,
    }
