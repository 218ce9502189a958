"""What-if scenarios, comparison, series, truncation and projection, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi import trend
from kpi.whatif import Scenario, simulate
from tests.defaults import parameters, score_period
from tests.factory import tables

PROCEDURE = {"procedure_code": "1.000001", "online_level": "full"}


def _dossier(dossier_id, **fields):
    base = {"dossier_id": dossier_id, "received_at": "2024-06-03 08:00",
            "due_at": "2024-06-10 17:00", "synced_national": True}  # fmt: skip
    return {**base, **fields}


@pytest.fixture(scope="module")
def june():
    # 4 dossiers: 2 finished on time, 2 finished late (17/6 > due 10/6); none online.
    dossiers = [
        _dossier("A", finished_at="2024-06-07 10:00", status="done"),
        _dossier("B", finished_at="2024-06-07 10:00", status="done"),
        _dossier("C", finished_at="2024-06-17 10:00", status="done"),
        _dossier("D", finished_at="2024-06-17 10:00", status="done"),
    ]
    return tables(procedures=[PROCEDURE], dossiers=dossiers)


def test_more_dossiers_on_time(june):
    card = score_period(june, "2024-06")
    table = simulate(card, Scenario(extra_on_time=1)).set_index("code")
    # #5: 2/4 -> 10 points; +1 on time: 3/4 -> 15. #21: 2/4 = 0.5 -> 6*0.5/0.9 = 3.333;
    # 3/4 -> 6 * 0.75 / 0.9 = 5.0
    assert table.loc[5, "points_before"] == pytest.approx(10.0)
    assert table.loc[5, "points_after"] == pytest.approx(15.0)
    assert table.loc[21, "points_after"] == pytest.approx(5.0)
    assert table.loc[0, "change"] == pytest.approx(5.0 + (5.0 - 3.33), abs=0.011)


def test_scenario_is_capped_at_the_denominator(june):
    card = score_period(june, "2024-06")
    table = simulate(card, Scenario(extra_on_time=100)).set_index("code")
    assert table.loc[5, "points_after"] == pytest.approx(20.0)


def test_online_share_points_use_the_sync_factor(june):
    card = score_period(june, "2024-06")
    table = simulate(card, Scenario(online_share_points=25)).set_index("code")
    # 25 % of 4 dossiers = 1 online; ratio 1/4 * sync 1.0 = 0.25; target 0.5 -> 6 * 0.5 = 3.
    assert table.loc[8, "points_before"] == 0
    assert table.loc[8, "points_after"] == pytest.approx(3.0)


def test_changing_a_target_rescales(june):
    card = score_period(june, "2024-06")
    table = simulate(card, Scenario(rule_changes={5: {"target": 0.5}})).set_index("code")
    # 2/4 = 0.5 reaches the new target: full 20 points.
    assert table.loc[5, "points_after"] == pytest.approx(20.0)


def test_compare_two_periods(june):
    june_card = score_period(june, "2024-06")
    july = {**june, "dossiers": june["dossiers"].iloc[:0]}
    july_card = score_period(july, "2024-07")
    table = trend.compare(june_card, july_card).set_index("code")
    assert table.loc[5, "points_before"] == 0  # no dossier in July: #5 zero policy
    assert table.loc[5, "change"] == pytest.approx(10.0)
    assert table.loc[0, "name"] == "Tổng điểm"


def test_series_has_one_row_per_period(june):
    cards = [score_period(june, "2024-06"), score_period(june, "2024-Q2")]
    frame = trend.series(cards)
    assert frame["period"].tolist() == ["2024-06", "2024-Q2"]
    assert frame["II"].tolist() == pytest.approx([10.0, 10.0])


def test_truncate_drops_later_records_and_blanks_later_events(june):
    cut = trend.truncate(june, pd.Timestamp("2024-06-10 00:00"))
    dossiers = cut["dossiers"].set_index("dossier_id")
    assert dossiers["finished_at"].notna().tolist() == [True, True, False, False]
    assert len(trend.truncate(june, pd.Timestamp("2024-06-01"))["dossiers"]) == 0


def test_projection_turns_overdue_dossiers_late(june):
    # Exported on 7/6 at noon: A and B finished, C and D in progress (due 10/6).
    export = pd.Timestamp("2024-06-07 12:00")
    so_far = score_period(trend.truncate(june, export), "2024-06", export_time=export)
    projected = trend.project(june, "2024-06", export, **parameters())
    assert so_far.scope().set_index("code").loc[5, "numerator"] == 4  # none overdue yet
    assert projected.scope().set_index("code").loc[5, "numerator"] == 2  # C, D late by 30/6


def test_simulate_table_is_indexed_from_zero(june) -> None:
    table = simulate(score_period(june, "2024-06"), Scenario())
    assert table.index.tolist() == list(range(22))  # 21 indicators then the total
    # 25.33 points: see the four-dossier June of tests/test_goalseek.py
    assert table["code"].iloc[-1] == 0 and table.loc[21, "points_after"] == pytest.approx(25.33)


def _counts_table(**counts: tuple[float, float]) -> pd.DataFrame:
    """A scope's 21 rows: code, name, numerator, denominator (NaN where not given)."""
    rows = [(code, f"#{code}", *counts.get(f"i{code}", (np.nan, np.nan))) for code in range(1, 22)]
    return pd.DataFrame(rows, columns=["code", "name", "numerator", "denominator"])


def test_adjusted_counts_hand_worked() -> None:
    from kpi.whatif import Scenario, _adjusted

    rows = _counts_table(i5=(2, 4), i21=(2, 4), i8=(0, 4), i19=(6, 8), i20=(5, 8), i7=(0, 1))
    scenario = Scenario(
        extra_on_time=5, online_share_points=37.5, feedback_on_time=1, extra_numerator={7: 3, 1: 2}
    )
    got = _adjusted(rows, scenario).set_index("code")["numerator"]
    # #5: 2 late, so 2 turn on time (4/4) and #21 gains the same 2 (4/4). #8: 37.5 % of 4
    # dossiers = 1.5, rounded to 2. #19: + 1 (7/8), #20 + 1 (6/8). #7 capped at 1/1. #1 has
    # no counts and stays missing.
    assert got[[5, 21, 8, 19, 20, 7]].tolist() == [4, 4, 2, 7, 6, 1]
    assert pd.isna(got[1]) and pd.isna(got[2])
    assert got.index.tolist() == list(range(1, 22))


def test_adjusted_without_counts_changes_nothing() -> None:
    from kpi.whatif import Scenario, _adjusted

    # #5 without its numerator: no late dossier is known, so #21 gains nothing either; #8 is
    # shifted although #9 (another population) has no counts; a numerator alone missing stays
    # missing whatever is added.
    rows = _counts_table(i5=(np.nan, 4), i21=(2, 4), i8=(0, 4), i3=(np.nan, 5))
    got = _adjusted(
        rows, Scenario(extra_on_time=1, online_share_points=50, extra_numerator={3: 1})
    ).set_index("code")["numerator"]
    assert got[21] == 2 and got[8] == 2 and pd.isna(got[5]) and pd.isna(got[3])
    # #8 without counts: the share is not applied (no rounding of a missing count).
    rows = _counts_table(i9=(0, 2))
    got = _adjusted(rows, Scenario(online_share_points=50)).set_index("code")["numerator"]
    assert pd.isna(got[8]) and got[9] == 0
