"""Points of an indicator, group and total, and the rating band.

Convention: ``*_ratio`` in [0, 1], ``*_pct`` in [0, 100], ``*_points`` in points of the index.
Points are kept unrounded; :func:`round_half_up` is for display and for comparison with the
portal's 2-decimal figures only.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from kpi import labels
from kpi.params import ScoringRules
from kpi.registry import GROUPS, INDICATORS, PORTAL_GROUPS, is_flat

SCORED = "scored"
ZERO_DENOMINATOR = "zero_denominator"
NO_DATA = "no_data"
NOT_APPLICABLE = "not_applicable"
FLAT = "flat"  # the profile awards the maximum without counts (the portal's #15)


def _round_scalar(value: float, quantum: Decimal) -> float:
    return float(Decimal(float(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up(value: Any, decimals: int = 2) -> Any:
    """Round half away from zero on the exact binary value, as the portal shows figures.

    The portal rounds the number actually stored: 5.925 is stored as 5.92499… and shows as
    5.92 (this is what reproduces every published group total in ``shared/reference``), while
    an exact tie such as 0.125 goes up to 0.13 (not to even, as ``round`` would). Scalars give
    a float, arrays, Series and DataFrames the same shape; NaN stays NaN.

    Examples
    --------
    >>> round_half_up(0.125), round_half_up(5.925), round_half_up(-1.125), round_half_up(2.0)
    (0.13, 5.92, -1.13, 2.0)
    """
    quantum = Decimal(1).scaleb(-decimals)
    if isinstance(value, pd.DataFrame):
        return value.apply(lambda column: round_half_up(column, decimals))
    if isinstance(value, pd.Series):
        return value.map(lambda item: item if pd.isna(item) else _round_scalar(item, quantum))
    if isinstance(value, np.ndarray):
        rounded = [item if np.isnan(item) else _round_scalar(item, quantum) for item in value.flat]
        return np.array(rounded, dtype=float).reshape(value.shape)
    return _round_scalar(value, quantum)


def _check_counts(indicator: int, numerator: float, denominator: float) -> None:
    if numerator < 0 or denominator < 0:
        raise ValueError(
            labels.NEGATIVE_COUNTS.format(
                indicator=indicator, numerator=numerator, denominator=denominator
            )
        )
    if numerator > denominator:
        raise ValueError(
            labels.NUMERATOR_ABOVE_DENOMINATOR.format(
                indicator=indicator, numerator=numerator, denominator=denominator
            )
        )


def ratio_pct(
    indicator: int, numerator: float, denominator: float, *, rules: ScoringRules
) -> float | None:
    """The scoring ratio as a percentage in [0, 100], rounded as the portal does.

    ``ratio_rounding: percent_2`` rounds the percentage half-up to 2 decimals before scoring
    (observed for #9-#11); ``none`` keeps ``n / d * 100`` unrounded. None when the
    denominator is 0.

    Raises
    ------
    ValueError
        Negative counts, or numerator greater than denominator (Vietnamese message).

    Examples
    --------
    >>> from kpi.params import load_rules
    >>> rules = load_rules()  # params/scoring.yaml
    >>> ratio_pct(11, 2, 3, rules=rules), ratio_pct(5, 1, 8, rules=rules)
    (66.67, 12.5)
    """
    _check_counts(indicator, numerator, denominator)
    if denominator == 0:
        return None
    value = numerator / denominator * 100
    if rules.rule(indicator).ratio_rounding == "percent_2":
        value = round_half_up(value, 2)
    return value


def points_from_pct(indicator: int, pct: float | None, *, rules: ScoringRules) -> float | None:
    """Unrounded points of ``indicator`` for a ratio given in percent (None = zero denominator).

    ``min(max_points, max_points * pct / (target * 100))``: this order of operations is the
    portal's (it decides the last binary digit, hence some published cents). When ``pct`` is
    None the zero-denominator policy decides: ``no_score`` → None, ``zero`` → 0,
    ``max`` → max points. An indicator marked ``applicable: false`` always gives None.

    Examples
    --------
    >>> from kpi.params import load_rules
    >>> rules = load_rules()  # params/scoring.yaml
    >>> points_from_pct(6, 40.0, rules=rules)  # max 2, target 80 %: 2 * 40 / 80
    1.0
    >>> points_from_pct(19, None, rules=rules)  # no PAKN at all: full points
    6.0
    """
    rule = rules.rule(indicator)
    if not rule.applicable:
        return None
    if pct is None:
        return {"no_score": None, "zero": 0.0, "max": float(rule.max_points)}[rule.zero_denominator]
    if not 0 <= pct <= 100:
        raise ValueError(labels.RATIO_OUT_OF_RANGE.format(indicator=indicator, pct=pct))
    max_points = float(rule.max_points)
    return min(max_points, max_points * pct / (rule.target * 100))


def points_from_ratio(indicator: int, ratio: float | None, *, rules: ScoringRules) -> float | None:
    """Points for a ratio in [0, 1] (None = zero denominator); see :func:`points_from_pct`.

    Used where the ratio is not a plain n/d (#8 multiplies by the sync ratio of #4) and for
    what-if scenarios.
    """
    return points_from_pct(indicator, None if ratio is None else ratio * 100, rules=rules)


def points(
    indicator: int, numerator: float, denominator: float, *, rules: ScoringRules
) -> float | None:
    """Unrounded points of ``indicator`` (1-21) for a numerator and denominator.

    Parameters
    ----------
    indicator : int
        Indicator number 1-21.
    numerator, denominator : float
        Counts (dossiers, TTHC, PAKN, online services), ``0 <= numerator <= denominator``.
    rules : ScoringRules
        Scoring parameters (:func:`kpi.params.load_rules` reads ``params/scoring.yaml``).

    Returns
    -------
    float or None
        Points in [0, max_points]; None when the indicator has no score (zero denominator under
        the ``no_score`` policy) or is not applicable. "No score" adds 0 to its group.

    Raises
    ------
    ValueError
        Negative counts or numerator > denominator.

    Examples
    --------
    >>> from kpi.params import load_rules
    >>> rules = load_rules()  # params/scoring.yaml
    >>> points(5, 18, 20, rules=rules)  # 20 * 90 / 100
    18.0
    >>> points(1, 0, 0, rules=rules) is None  # no TTHC announced in the period: no score
    True
    """
    pct = ratio_pct(indicator, numerator, denominator, rules=rules)
    return points_from_pct(indicator, pct, rules=rules)


def status(indicator: int, denominator: float | None, *, rules: ScoringRules) -> str:
    """Status of an indicator: scored, zero_denominator, no_data (None), not_applicable, or
    flat (the scoring profile awards its maximum without counts, see
    :func:`kpi.registry.is_flat`)."""
    if not rules.rule(indicator).applicable:
        return NOT_APPLICABLE
    if is_flat(indicator, rules.profile):
        return FLAT
    if denominator is None:
        return NO_DATA
    return ZERO_DENOMINATOR if denominator == 0 else SCORED


def group_points(
    indicator_points: Mapping[int, float | None], *, rules: ScoringRules, portal: bool = False
) -> pd.DataFrame:
    """Group totals from indicator points (None = no score or not applicable, adds 0).

    A group total is the sum of its indicators' points rounded half-up to 2 decimals, as the
    portal adds them. ``max_points`` is the group's maximum from ``rules``;
    ``applicable_max_points`` leaves out indicators marked not applicable.

    Returns
    -------
    DataFrame
        One row per group (I-V, or the portal's six groups when ``portal``), columns
        ``group``, ``name``, ``points``, ``max_points``, ``applicable_max_points``.
    """
    rows = []
    for group in PORTAL_GROUPS if portal else GROUPS:
        members = [i.code for i in INDICATORS if group.code in (i.group, i.portal_group)]
        earned = [indicator_points.get(code) for code in members]
        rows.append(
            {
                "group": group.code,
                "name": group.name,
                "points": float(sum(round_half_up(p) for p in earned if p is not None)),
                "max_points": sum(rules.rule(code).max_points for code in members),
                "applicable_max_points": sum(
                    rules.rule(code).max_points for code in members if rules.rule(code).applicable
                ),
            }
        )
    return pd.DataFrame(rows)


def band(total_points: float, *, rules: ScoringRules) -> str:
    """Vietnamese rating band of a total (e.g. "Tốt" for 80 ≤ total < 90 by default)."""
    for candidate in sorted(rules.bands, key=lambda b: b.min_points, reverse=True):
        if total_points >= candidate.min_points:
            return candidate.label
    return rules.bands[-1].label


class Total(TypedDict):
    """The total of one scope (see :func:`total`)."""

    points: float
    max_points: float
    max_applicable: float
    share_pct: float
    band: str


def total(indicator_points: Mapping[int, float | None], *, rules: ScoringRules) -> Total:
    """Total of the index: points, maximum, applicable maximum, share of it, and band.

    Returns
    -------
    dict
        ``points`` (sum of the group totals), ``max_points`` (100 by default),
        ``max_applicable`` (maximum of the applicable indicators), ``share_pct``
        (points / max_applicable × 100) and ``band`` (from ``share_pct``).
    """
    groups = group_points(indicator_points, rules=rules)
    total_points = float(groups["points"].sum())
    max_applicable = float(groups["applicable_max_points"].sum())
    share_pct = 100 * total_points / max_applicable if max_applicable else 0.0
    # The band follows the share of the applicable maximum (the same as the points when every
    # indicator applies), so marking an indicator not applicable does not lower the band.
    return {
        "points": total_points,
        "max_points": float(groups["max_points"].sum()),
        "max_applicable": max_applicable,
        "share_pct": share_pct,
        "band": band(share_pct, rules=rules),
    }
