"""Goal-seek: the fewest extra records that lift a total to a target, per indicator and as a plan.

"To reach N points (or band Tốt), how many more on-time dossiers, online dossiers, digitised
dossiers… does it take?" Each indicator's lever is its numerator: one more record that counts.
Points are non-decreasing in the numerator, so the least count for a gain is found by bisection,
each step scored exactly as :func:`kpi.whatif.simulate` scores (rounded indicator points,
:func:`kpi.scorecard.points_from_counts`; an extra #4 record lifts #8 too), so that rescoring the answer with the what-if reaches the target.
"""

from __future__ import annotations

import pandas as pd

from kpi import labels, registry, scoring
from kpi.params import ScoringRules
from kpi.scorecard import AGENCY, Scorecard, points_from_counts
from kpi.whatif import Scenario, simulate

EPSILON = 1e-9
RECORD_WORDS = {
    "procedure": "TTHC",
    "dossier": labels.DOSSIERS_WORD,
    "feedback": "PAKN",
    "announcement": "TTHC",
}

LEVER_COLUMNS = ["code", "name", "record", "numerator", "denominator", "headroom",
                 "points_now", "gain_at_full", "points_per_record"]  # fmt: skip
PLAN_COLUMNS = ["code", "name", "record", "extra", "gain", "total_after"]


def _counts(scorecard: Scorecard, scope: str) -> dict[int, tuple[float, float]]:
    rows = scorecard.scope(scope)
    return {
        int(code): (float(n), float(d))
        for code, n, d in zip(rows["code"], rows["numerator"], rows["denominator"], strict=True)
        if pd.notna(n) and pd.notna(d)
    }


def _rounded(
    counts: dict[int, tuple[float, float]], rules: ScoringRules, codes: list[int]
) -> float:
    """Sum of the rounded points of ``codes`` (group totals add rounded points)."""
    points = points_from_counts(dict(counts), rules)
    return sum(float(scoring.round_half_up(points[c] or 0.0)) for c in codes)


def gain(scorecard: Scorecard, code: int, extra: int, scope: str = AGENCY) -> float:
    """Points the total gains with ``extra`` more records in indicator ``code``'s numerator
    (capped at its denominator); other indicators unchanged."""
    return _gain(_counts(scorecard, scope), scorecard.scope_rules(scope), code, extra)


def _gain(
    counts: dict[int, tuple[float, float]], rules: ScoringRules, code: int, extra: int
) -> float:
    """:func:`gain` on one scope's counts (read once by the callers that bisect)."""
    affected = [
        code,
        *(c for c, base in registry.SCALED_BY.items() if base == code and c in counts),
    ]
    before = _rounded(counts, rules, affected)
    numerator, denominator = counts[code]
    counts = {**counts, code: (min(denominator, numerator + extra), denominator)}
    return _rounded(counts, rules, affected) - before


def levers(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """Every indicator that can still gain, with its headroom and points per record.

    Returns
    -------
    DataFrame
        :data:`LEVER_COLUMNS`, best ``points_per_record`` (the gain at a full numerator over
        the records it takes) first. Indicators already at their maximum, flat, not applicable
        or without data are left out.
    """
    rows = []
    counts, rules = _counts(scorecard, scope), scorecard.scope_rules(scope)
    now = scorecard.points_of(scope)
    status = dict(zip(*(scorecard.scope(scope)[c] for c in ("code", "status")), strict=True))
    for indicator in registry.INDICATORS:
        code = indicator.code
        if code not in counts or status[code] != scoring.SCORED:
            continue
        numerator, denominator = counts[code]
        headroom = int(denominator - numerator)
        full = _gain(counts, rules, code, headroom) if headroom else 0.0
        if full <= EPSILON:
            continue
        points_now = float(scoring.round_half_up(now[code] or 0.0))
        rows.append(
            {
                "code": code,
                "name": indicator.name,
                "record": RECORD_WORDS[indicator.basis],
                "numerator": int(numerator),
                "denominator": int(denominator),
                "headroom": headroom,
                "points_now": points_now,
                "gain_at_full": full,
                "points_per_record": full / headroom,
            }
        )
    frame = pd.DataFrame(rows, columns=LEVER_COLUMNS)
    return frame.sort_values(
        ["points_per_record", "code"], ascending=[False, True], ignore_index=True
    )


def least_extra(scorecard: Scorecard, code: int, wanted: float, scope: str = AGENCY) -> int | None:
    """The fewest extra numerator records of ``code`` that gain at least ``wanted`` points
    (None when even a full numerator does not)."""
    counts, rules = _counts(scorecard, scope), scorecard.scope_rules(scope)
    numerator, denominator = counts[code]
    high = int(denominator - numerator)
    if wanted <= EPSILON:
        return 0
    if _gain(counts, rules, code, high) < wanted - EPSILON:
        return None
    low = 0  # gain(low) < wanted <= gain(high)
    while high - low > 1:
        middle = (low + high) // 2
        if _gain(counts, rules, code, middle) >= wanted - EPSILON:
            high = middle
        else:
            low = middle
    return high


def target_points(
    scorecard: Scorecard,
    *,
    points: float | None = None,
    band: str | None = None,
    scope: str = AGENCY,
) -> float:
    """The total to reach: ``points``, or the lowest total of ``band`` (its ``min_points`` in
    the scoring parameters is a share of the applicable maximum: 80 of 100, or of a unit's
    92 when #2 and #3 do not apply to it)."""
    if points is not None:
        return float(points)
    maximum = float(scorecard.total(scope)["max_applicable"])
    for candidate in scorecard.rules.bands:
        if candidate.label == band:
            return float(candidate.min_points) * maximum / 100
    raise ValueError(labels.UNKNOWN_BAND.format(band=band))


def goal_seek(
    scorecard: Scorecard, target: float, scope: str = AGENCY
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What it takes to reach ``target`` total points.

    Returns
    -------
    alone : DataFrame
        :data:`LEVER_COLUMNS` plus ``extra_alone``: the fewest extra records of that indicator
        alone that reach the target (missing when it cannot alone).
    plan : DataFrame
        :data:`PLAN_COLUMNS`: indicators taken in order of points per record, each filled
        until the target is reached (the last one only as far as needed); empty when the total
        already reaches the target. ``total_after`` is the running total.
    """
    total = float(scoring.round_half_up(scorecard.total(scope)["points"]))
    needed = max(0.0, target - total)
    table = levers(scorecard, scope)
    table["extra_alone"] = pd.array(
        [
            least_extra(scorecard, int(code), needed, scope) if needed else 0
            for code in table["code"]
        ],
        dtype="Int64",
    )
    steps, running = [], total
    for row in table.itertuples(index=False):
        if running >= target - EPSILON:
            break
        remaining = target - running
        extra = least_extra(scorecard, int(row.code), remaining, scope)
        extra = int(row.headroom) if extra is None else extra
        gained = gain(scorecard, int(row.code), extra, scope)
        running += gained
        steps.append(
            {
                "code": row.code,
                "name": row.name,
                "record": row.record,
                "extra": extra,
                "gain": gained,
                "total_after": running,
            }
        )
    return table, pd.DataFrame(steps, columns=PLAN_COLUMNS)


def check_plan(scorecard: Scorecard, plan: pd.DataFrame, scope: str = AGENCY) -> float:
    """The total after the plan's extra records, rescored by :func:`kpi.whatif.simulate`."""
    extra = {int(code): int(n) for code, n in zip(plan["code"], plan["extra"], strict=True)}
    result = simulate(scorecard, Scenario(extra_numerator=extra), scope)
    return float(result.loc[result["code"] == 0, "points_after"].iloc[0])


def next_band(scorecard: Scorecard, scope: str = AGENCY) -> str | None:
    """The band just above the scope's current one (None at the top)."""
    share = float(scorecard.total(scope)["share_pct"])
    higher = sorted(
        (b for b in scorecard.rules.bands if b.min_points > share), key=lambda band: band.min_points
    )
    return higher[0].label if higher else None
