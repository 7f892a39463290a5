"""Compares two runs (e.g. before and after a training programme), frein by frein.

For each frein, the rate per 1,000 sentences in A and B and the rate ratio B/A. Given the total number of
detections n = a + b, B's count follows a binomial law with p = B's sentences / all sentences when nothing
changed: the interval of the ratio is the exact (Clopper-Pearson) interval of that share, turned into a ratio,
and the p-value is the matching exact test (twice the smaller tail). Both are corrected for the number of
freins compared (Bonferroni: the intervals hold together at 95 %), so the verdict « hausse / baisse » is given
exactly when the interval shown excludes 1, else « stable ». When A or B has no detection, there is no ratio
to read: the page shows « 0 → 1 » and the interval, which is then unbounded on one side.

Privacy: only slices visible in both runs are compared; « autres » only when it groups the same slices in
both runs; a slice whose number of authors changed by fewer than the threshold is not compared (the change
could come from a handful of people, e.g. a run compared with the same run plus one person).
"""

from __future__ import annotations

from scipy import stats

from .visibility import OTHERS

ALPHA = 0.05
FRENCH_METHOD = (
    "Pour chaque frein, le taux pour 1 000 phrases en A et en B, et le rapport des taux B/A. Sachant le nombre total "
    "de détections, celui de B suit une loi binomiale quand rien ne change : l'intervalle du rapport est l'intervalle "
    "exact (Clopper-Pearson) de cette part, et la p-value le test exact correspondant. Les deux sont corrigés pour le "
    "nombre de freins comparés (Bonferroni : les intervalles tiennent ensemble à 95 %), si bien que « hausse » ou "
    "« baisse » est annoncé exactement quand l'intervalle affiché exclut 1, sinon « stable ». Quand A ou B n'a aucune "
    "détection, aucun rapport n'est calculé : « 0 → 1 » est affiché tel quel, avec un intervalle ouvert d'un côté.")


def share_interval(successes: int, total: int, alpha: float) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval of a binomial proportion."""
    low = 0.0 if successes == 0 else float(stats.beta.ppf(alpha / 2, successes, total - successes + 1))
    high = 1.0 if successes == total else float(stats.beta.ppf(1 - alpha / 2, successes + 1, total - successes))
    return low, high


def rate_comparison(count_a: int, sentences_a: int, count_b: int, sentences_b: int, *, alpha: float = ALPHA) -> dict:
    """One frein in A and B; ``alpha`` is the (already corrected) error rate of its interval."""
    rate_a = 1000 * count_a / sentences_a if sentences_a else 0.0
    rate_b = 1000 * count_b / sentences_b if sentences_b else 0.0
    total = count_a + count_b
    entry = {
        "a": {"detections": count_a, "sentences": sentences_a, "rate_per_1000_sentences": round(rate_a, 3)},
        "b": {"detections": count_b, "sentences": sentences_b, "rate_per_1000_sentences": round(rate_b, 3)},
        "difference_per_1000": round(rate_b - rate_a, 3),
        "rate_ratio": round(rate_b / rate_a, 3) if count_a and count_b else None,
        "rate_ratio_ci95": None,
        "confidence": round(1 - alpha, 6),
        "p_value": 1.0,
    }
    if total == 0 or not sentences_a or not sentences_b:
        return entry
    expected = sentences_b / (sentences_a + sentences_b)
    odds = sentences_a / sentences_b

    def ratio(share: float) -> float | None:
        return None if share >= 1.0 else round(share / (1 - share) * odds, 3)

    low, high = share_interval(count_b, total, alpha)
    entry["rate_ratio_ci95"] = [ratio(low), ratio(high)]  # None: unbounded above
    tails = min(stats.binom.cdf(count_b, total, expected), stats.binom.sf(count_b - 1, total, expected))
    entry["p_value"] = round(min(1.0, 2 * float(tails)), 6)
    return entry


def compare_slices(a: dict, b: dict, *, min_change: int = 0) -> dict:
    if a.get("suppressed") or b.get("suppressed"):
        return {"suppressed": True, "reason": "masqué dans au moins une des deux analyses (trop peu d'auteurs)"}
    change = abs(a["authors"] - b["authors"])
    if 0 < change < min_change:
        return {"suppressed": True, "reason": f"le nombre d'auteurs change de {change} seulement entre les deux analyses "
                                              f"(moins de {min_change}) : l'écart pourrait désigner ces personnes"}
    tested = [i for i, (fa, fb) in enumerate(zip(a["freins"], b["freins"])) if fa["detections"] or fb["detections"]]
    alpha = ALPHA / max(len(tested), 1)
    freins = []
    for fa, fb in zip(a["freins"], b["freins"]):
        entry = {"id": fa["id"], "family": fa["family"], "title": fa["title"], "levier": fa["levier"]}
        entry.update(rate_comparison(fa["detections"], a["sentences"], fb["detections"], b["sentences"], alpha=alpha))
        entry["p_adjusted"] = round(min(1.0, entry["p_value"] * max(len(tested), 1)), 6)
        low, high = entry["rate_ratio_ci95"] or (None, None)
        if low is not None and low > 1:
            entry["direction"] = "hausse"
        elif high is not None and high < 1:
            entry["direction"] = "baisse"
        else:
            entry["direction"] = "stable"
        entry["significant"] = entry["direction"] != "stable"
        freins.append(entry)
    return {"suppressed": False, "authors": [a["authors"], b["authors"]], "sentences": [a["sentences"], b["sentences"]],
            "freins": freins}


def compare_profiles(profile_a: dict, profile_b: dict, *, names: tuple[str, str] = ("A", "B")) -> dict:
    min_change = max((profile_a.get("settings") or {}).get("min_authors", 5),
                     (profile_b.get("settings") or {}).get("min_authors", 5))
    groups, notes = {}, []
    dims_a, dims_b = profile_a.get("dimensions", {}), profile_b.get("dimensions", {})
    for dimension in ("department",):
        da, db = dims_a.get(dimension, {}), dims_b.get(dimension, {})
        ga, gb = da.get("groups", {}), db.get("groups", {})
        names_in_both = sorted(set(ga) & set(gb))
        if OTHERS in names_in_both and (da.get("others") is None or da.get("others") != db.get("others")):
            names_in_both.remove(OTHERS)
            notes.append("« autres » n'est pas comparé : il ne regroupe pas les mêmes services dans les deux analyses.")
        groups[dimension] = {name: compare_slices(ga[name], gb[name], min_change=min_change) for name in names_in_both}
    return {
        "runs": {"a": names[0], "b": names[1]},
        "method": FRENCH_METHOD,
        "min_author_change": min_change,
        "notes": notes,
        "settings": {"a": profile_a.get("settings"), "b": profile_b.get("settings")},
        "overall": compare_slices(profile_a["overall"], profile_b["overall"], min_change=min_change),
        "groups": groups,
    }
