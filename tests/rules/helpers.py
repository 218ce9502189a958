"""Helpers of the rule tests: score hand-made tables and read one indicator's row or evidence."""

from __future__ import annotations

import pandas as pd

from kpi.params import ScoringRules, load_rules
from kpi.scorecard import AGENCY, Scorecard
from tests.defaults import score_period
from tests.factory import tables


def score(
    period: str = "2024-06",
    *,
    export_time: str | None = None,
    rules: ScoringRules | None = None,
    **rows: list[dict],
) -> Scorecard:
    """Scorecard of hand-written rows (see :func:`tests.factory.tables`)."""
    export = pd.Timestamp(export_time) if export_time else None
    return score_period(tables(**rows), period, export_time=export, rules=rules)


def row(card: Scorecard, code: int, scope: str = AGENCY) -> pd.Series:
    """The scorecard row of one indicator and scope."""
    return card.scope(scope).set_index("code").loc[code]


def check(
    card: Scorecard,
    code: int,
    numerator: float,
    denominator: float,
    points: float | None,
    scope: str = AGENCY,
) -> None:
    """Assert numerator, denominator and points (None = no score) of one indicator."""
    import pytest

    found = row(card, code, scope)
    assert (found["numerator"], found["denominator"]) == (
        pytest.approx(numerator),
        pytest.approx(denominator),
    ), found.to_dict()
    if points is None:
        assert pd.isna(found["points"]), found.to_dict()
    else:
        assert found["points"] == pytest.approx(points), found.to_dict()


def verdicts(card: Scorecard, code: int) -> dict[str, str]:
    """Record id → reason text ("" when it counts) for the population of one indicator."""
    judgement = card.judgements[code]
    ids = judgement.records[judgement.id_column].astype(str).to_numpy()
    detail = judgement.detail
    result = {}
    for position in judgement.population.nonzero()[0]:
        text = judgement.reasons[int(judgement.reason[position])]
        n = detail[position] if detail is not None else ""
        if isinstance(n, float) and n == int(n):
            n = int(n)
        result[ids[position]] = text.replace("{n}", str(n))
    return result


def rules_choosing(**choices: object) -> ScoringRules:
    """Default scoring rules with some ``rules:`` choices replaced."""
    data = load_rules().model_dump()
    data["rules"].update(choices)
    return ScoringRules.model_validate(data)
