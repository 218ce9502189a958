"""Every figure published by the national portal is reproduced to the cent.

The figures are a copy of ``shared/reference/`` kept in ``tests/fixtures/reference/``: data the
repository holds, so this test never skips.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.scoring import points, round_half_up
from tests.conftest import FIXTURES
from tests.defaults import RULES

REFERENCE = FIXTURES / "reference"


def _published(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def _ours(indicator: int, numerator: float, denominator: float) -> float | None:
    if pd.isna(denominator):  # #15: the portal publishes no counts
        numerator = denominator = 0
    earned = points(indicator, numerator, denominator, rules=RULES)
    return None if earned is None else float(round_half_up(earned))


def test_every_published_indicator_score_is_reproduced():
    published = pd.read_csv(REFERENCE / "official_scores.csv")
    assert len(published) == 4264
    mismatches = [
        (row.entity, row.period_type, row.indicator, row.score, ours)
        for row in published.itertuples()
        if (ours := _ours(row.indicator, row.numerator, row.denominator)) != _published(row.score)
    ]
    assert mismatches == []


def test_every_published_group_total_is_reproduced():
    published = pd.read_csv(REFERENCE / "official_group_scores.csv")
    assert len(published) == 660
    mismatches = []
    for row in published.itertuples():
        parts = [
            _ours(
                getattr(row, f"indicator_{k}"),
                getattr(row, f"numerator_{k}"),
                getattr(row, f"denominator_{k}"),
            )
            for k in "abc"
        ]
        ours = float(round_half_up(sum(p for p in parts if p is not None)))
        if not np.isclose(ours, row.score, atol=1e-9):
            mismatches.append((row.entity, row.group, row.score, ours))
    assert mismatches == []
