"""What-if scenarios: change counts or scoring parameters and rescore, without the records.

Scenarios work on a scorecard's numerators and denominators (21 rows per scope), so they are
instant whatever the number of dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi import labels, scoring
from kpi.params import ScoringRules
from kpi.scorecard import AGENCY, Scorecard, points_from_counts


@dataclass(frozen=True)
class Scenario:
    """A what-if scenario.

    Attributes
    ----------
    extra_on_time : int
        Late dossiers assumed processed on time (#5 numerator, and #21's: a late dossier is
        counted there only as late), capped at the late ones.
    online_share_points : float
        Percentage points added to the online-submission share (#8), capped at 100 %.
    feedback_on_time : int
        Late PAKN assumed handled on time (#19, and #20's numerator), capped at the late ones
        (those #19 does not count).
    rule_changes : dict
        Indicator number → fields of ``params/scoring.yaml`` to replace (``target``,
        ``max_points``, ``zero_denominator``, ``applicable``).
    extra_numerator : dict
        Indicator number → records added to its numerator (a lever for every indicator: more
        TTHC announced on time, more dossiers digitised…), capped at the denominator.
    """

    extra_on_time: int = 0
    online_share_points: float = 0.0
    feedback_on_time: int = 0
    rule_changes: dict[int, dict[str, object]] = field(default_factory=dict)
    extra_numerator: dict[int, int] = field(default_factory=dict)


def rules_with(rules: ScoringRules, changes: dict[int, dict[str, object]]) -> ScoringRules:
    """``rules`` with some indicators' fields replaced, validated like the YAML file."""
    data = rules.model_dump()
    for code, change in changes.items():
        data["indicators"][int(code)].update(change)
    return ScoringRules.model_validate(data)


def _adjusted(rows: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    rows = rows.set_index("code").copy()
    numerator, denominator = rows["numerator"].astype(float), rows["denominator"].astype(float)

    def add(code: int, amount: float) -> None:
        if pd.notna(numerator[code]) and amount:
            numerator[code] = min(denominator[code], numerator[code] + amount)

    def late(code: int) -> float:
        """Records of ``code``'s population not counted (0 without counts)."""
        missing = pd.isna(numerator[code]) or pd.isna(denominator[code])
        return 0.0 if missing else float(denominator[code] - numerator[code])

    # Only late records can turn on time: #21 (and #20) gain as many as #5 (#19) does, not
    # up to their own denominators (an on-time dossier with a complaint stays uncounted).
    extra_on_time = min(scenario.extra_on_time, late(5))
    feedback_on_time = min(scenario.feedback_on_time, late(19))
    add(5, extra_on_time)
    add(21, extra_on_time)
    add(19, feedback_on_time)
    add(20, feedback_on_time)
    if pd.notna(denominator[8]):
        add(8, round(scenario.online_share_points / 100 * denominator[8]))
    for code, extra in scenario.extra_numerator.items():
        add(int(code), extra)
    rows["numerator"] = numerator
    return rows.reset_index()


def simulate(scorecard: Scorecard, scenario: Scenario, scope: str = AGENCY) -> pd.DataFrame:
    """Points now and under ``scenario`` per indicator, with the change; last row the total.

    Returns
    -------
    DataFrame
        ``code`` (0 for the total), ``name``, ``points_before``, ``points_after``, ``change``.
    """
    base_rules = scorecard.scope_rules(scope)
    rules = rules_with(base_rules, scenario.rule_changes)
    rows = _adjusted(scorecard.scope(scope), scenario)
    counts = {
        int(code): (numerator, denominator)
        for code, numerator, denominator in zip(
            rows["code"], rows["numerator"], rows["denominator"], strict=True
        )
    }
    after = points_from_counts(counts, rules)  # #8 comes after #4, not in code order
    before = scorecard.points_of(scope)
    codes = list(counts)  # the scorecard's order, that of rows["name"]
    table = pd.DataFrame(
        {
            "code": codes,
            "name": rows["name"].to_numpy(),
            "points_before": [before[code] or 0.0 for code in codes],
            "points_after": [after[code] or 0.0 for code in codes],
        }
    )
    total = {
        "code": 0,
        "name": labels.TOTAL,
        "points_before": scorecard.total(scope)["points"],
        "points_after": scoring.total(after, rules=rules)["points"],
    }
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    return table.assign(change=table["points_after"] - table["points_before"])
