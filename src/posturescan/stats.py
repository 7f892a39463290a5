"""Small interval estimates used by the profile and the comparison of runs."""

from __future__ import annotations

import math

from scipy import stats

Z95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion (well behaved near 0 and with small totals)."""
    if total <= 0:
        return 0.0, 0.0
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def poisson_interval(count: int, exposure: float, *, per: float = 1.0, alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson rate ``count / exposure``, scaled by ``per``."""
    if exposure <= 0:
        return 0.0, 0.0
    low = 0.0 if count == 0 else stats.chi2.ppf(alpha / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return per * low / exposure, per * high / exposure
