"""Goal-seek: the fewest extra records to reach a total, checked by rescoring with the what-if."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi import goalseek, registry
from kpi.calendar import default_calendar
from kpi.extracts import audit_period
from kpi.params import ScoringRules, load_rules, load_units
from kpi.scorecard import score_period as core_score_period
from kpi.whatif import Scenario, simulate
from tests.factory import tables


@pytest.fixture(scope="module")
def scorecard():
    return audit_period("2024-06").scorecard


def _total_with(scorecard, extra: dict[int, int]) -> float:
    table = simulate(scorecard, Scenario(extra_numerator=extra))
    return float(table.loc[table["code"] == 0, "points_after"].iloc[0])


def test_least_extra_on_time_dossiers_hand_worked(scorecard) -> None:
    # #5 is 978/1053 on time, 20 points at a 100 % target: 20 * 978 / 1053 = 18.58. One more
    # point needs 20 * n / 1053 >= 19.575, n >= 1030.62: 1031 rounds to 19.58, 1030 to 19.56.
    assert goalseek.least_extra(scorecard, 5, 1.0) == 1031 - 978
    assert goalseek.gain(scorecard, 5, 53) == pytest.approx(1.0)
    assert goalseek.gain(scorecard, 5, 52) < 1.0
    before = _total_with(scorecard, {})
    assert _total_with(scorecard, {5: 53}) - before == pytest.approx(1.0)


def test_a_lever_beyond_its_reach_says_so(scorecard) -> None:
    # #19 is 6/8 PAKN on time (4.50 of 6): two more give its 1.50 at most
    assert goalseek.least_extra(scorecard, 19, 1.5) == 2
    assert goalseek.least_extra(scorecard, 19, 1.6) is None


def test_plan_reaches_the_target_when_rescored_and_is_tight(scorecard) -> None:
    target = 90.0
    alone, plan = goalseek.goal_seek(scorecard, target)
    assert goalseek.check_plan(scorecard, plan) >= target - 1e-9
    last = plan.iloc[-1]
    short = plan.copy()
    short.loc[short.index[-1], "extra"] = int(last["extra"]) - 1
    assert goalseek.check_plan(scorecard, short) < target  # one record fewer falls short
    per_record = alone["points_per_record"].to_numpy()
    assert (per_record[:-1] >= per_record[1:]).all()  # ranked by points gained per record
    assert plan["total_after"].iloc[-1] == pytest.approx(goalseek.check_plan(scorecard, plan))


def test_band_target_and_each_indicator_alone(scorecard) -> None:
    target = goalseek.target_points(scorecard, band="Khá")
    assert target == 70.0  # Khá from 70 % of the applicable 100 points
    alone, plan = goalseek.goal_seek(scorecard, target)
    reachable = alone.dropna(subset=["extra_alone"])
    assert len(reachable) >= 2  # 3.17 points short: #20 (+3) cannot alone, #2 (+4) can
    for code, extra in zip(reachable["code"], reachable["extra_alone"], strict=True):
        assert _total_with(scorecard, {int(code): int(extra)}) >= target - 1e-9
        assert _total_with(scorecard, {int(code): int(extra) - 1}) < target
    assert goalseek.check_plan(scorecard, plan) >= target - 1e-9


def test_nothing_needed_when_the_total_is_already_reached(scorecard) -> None:
    alone, plan = goalseek.goal_seek(scorecard, 50.0)
    assert plan.empty
    assert (alone["extra_alone"] == 0).all()


def test_tables_and_view_for_people(scorecard) -> None:
    from kpi.report import present, widgets
    from kpi.report.notebook import open_audit

    alone, plan = goalseek.goal_seek(scorecard, 70.0)
    each, steps = present.goal_seek_tables(alone, plan)
    assert steps["Cần thêm"].tolist() == plan["extra"].tolist()
    assert steps["Tổng điểm sau bước"].iloc[-1] == pytest.approx(
        round(plan["total_after"].iloc[-1], 2)
    )
    assert (each["Cần thêm (riêng chỉ số này)"] == "—").sum() == alone["extra_alone"].isna().sum()
    audit, _ = open_audit("2024-06", compare_period="")
    sentence, view_plan, _ = widgets.goal_seek_view(audit)
    band = goalseek.next_band(audit.scorecard)
    assert band == "Khá" and f"xếp loại {band} (70.00 điểm)" in sentence
    assert view_plan["Cần thêm"].tolist() == plan["extra"].tolist()


def _message(error: pytest.ExceptionInfo) -> str:
    return str(error.value)


# --- goal-seek and what-if on four dossiers ---------------------------------------------------
#
# The June of tests/test_whatif_trend.py: one fully online procedure and four dossiers received
# 3/6/2024, due 10/6, synced, none online; A and B finished on time (7/6), C and D late (17/6).
# Scored with the default rules: #3 1/1 (2 points), #4 4/4 (6), #6 1/1 (2), #15 flat (2) are at
# their maximum; #5 2/4 = 10.00 of 20; #21 2/4: 6 × 0.5 / 0.9 = 3.33; #7 0/1 of 4; #8, #12
# 0/4 of 6; #13, #16 0/4 of 4; #14, #18 0/4 of 2; #9-#11 and #17 0/0; #1, #2, #19, #20 no
# data. Total 2 + 6 + 10 + 2 + 2 + 3.33 = 25.33.


def _score(tables_: dict[str, pd.DataFrame], rules: ScoringRules | None = None):
    """June 2024 scored with the parameters of params/ (``rules`` replaced when given), all
    passed by keyword."""
    return core_score_period(
        tables_,
        "2024-06",
        rules=rules or load_rules(),
        units=load_units(),
        calendar=default_calendar(),
    )


def _four_dossiers() -> dict[str, pd.DataFrame]:
    from tests.test_whatif_trend import PROCEDURE, _dossier

    dossiers = [
        _dossier(name, finished_at=f"2024-06-{day} 10:00", status="done")
        for name, day in (("A", "07"), ("B", "07"), ("C", "17"), ("D", "17"))
    ]
    return tables(procedures=[PROCEDURE], dossiers=dossiers)


@pytest.fixture(scope="module")
def four():
    return _score(_four_dossiers())


def test_levers_hand_worked(four) -> None:
    from kpi import goalseek, registry

    got = goalseek.levers(four)
    # gain at full / headroom: #5 10/2, #7 4/1, #8 and #12 6/4, #21 (6 − 3.33)/2,
    # #13 and #16 4/4, #14 and #18 2/4; ties by code. #3, #4, #6 (at maximum) left out.
    expected = pd.DataFrame(
        [
            (5, 2, 4, 10.0, 10.0),
            (7, 0, 1, 0.0, 4.0),
            (8, 0, 4, 0.0, 6.0),
            (12, 0, 4, 0.0, 6.0),
            (21, 2, 4, 3.33, 2.67),
            (13, 0, 4, 0.0, 4.0),
            (16, 0, 4, 0.0, 4.0),
            (14, 0, 4, 0.0, 2.0),
            (18, 0, 4, 0.0, 2.0),
        ],
        columns=["code", "numerator", "denominator", "points_now", "gain_at_full"],
    )
    names = {indicator.code: indicator.name for indicator in registry.INDICATORS}
    expected.insert(1, "name", [names[c] for c in expected["code"]])
    expected.insert(2, "record", ["hồ sơ", "TTHC"] + ["hồ sơ"] * 7)
    expected.insert(5, "headroom", expected["denominator"] - expected["numerator"])
    expected["points_per_record"] = expected["gain_at_full"] / expected["headroom"]
    assert list(got.columns) == goalseek.LEVER_COLUMNS
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, atol=1e-9)


def test_levers_follow_the_scorecards_rules(four) -> None:
    from kpi import goalseek, whatif

    # #5 with a 50 % target: 2/4 already earns its 20 points, so it is no lever any more.
    rules = whatif.rules_with(load_rules(), {5: {"target": 0.5}})
    card = _score(_four_dossiers(), rules=rules)
    assert 5 not in goalseek.levers(card)["code"].tolist()
    assert goalseek.gain(card, 5, 2) == 0.0
    assert 5 in goalseek.levers(four)["code"].tolist()


def test_goal_seek_hand_worked(four) -> None:
    from kpi import goalseek

    # 30 points: 4.67 short. #5 + 1 (3/4 = 15 points) gains 5.00 → 30.33. Alone: #5 1; #8
    # (target 50 %) 2: 1/4 gives 3 points, 2/4 all 6; #12 (target 100 %) 4: 3/4 gives 4.50;
    # the others cannot gain 4.67 at all (#7 4, #21 2.67, #13 4...).
    alone, plan = goalseek.goal_seek(four, 30.0)
    assert alone["code"].tolist() == [5, 7, 8, 12, 21, 13, 16, 14, 18]
    assert alone["extra_alone"].tolist() == [1, pd.NA, 2, 4, pd.NA, pd.NA, pd.NA, pd.NA, pd.NA]
    assert alone["extra_alone"].dtype == "Int64"
    assert plan[["code", "extra"]].values.tolist() == [[5, 1]]
    assert plan["gain"].tolist() == pytest.approx([5.0])
    assert plan["total_after"].tolist() == pytest.approx([30.33])
    assert goalseek.check_plan(four, plan) == pytest.approx(30.33)
    # 36 points (10.67 short): #5 full (+10 → 35.33), then #7 + 1 (+4 → 39.33).
    _, plan = goalseek.goal_seek(four, 36.0)
    assert plan[["code", "extra"]].values.tolist() == [[5, 2], [7, 1]]
    assert plan["total_after"].tolist() == pytest.approx([35.33, 39.33])


def test_target_points_and_next_band(four) -> None:
    from kpi import goalseek

    assert goalseek.target_points(four, points=85) == 85.0
    assert goalseek.target_points(four, band="Tốt") == 80.0  # 80 % of an applicable 100
    with pytest.raises(ValueError) as info:
        goalseek.target_points(four, band="Giỏi")
    assert _message(info) == "Không có xếp loại 'Giỏi' trong tham số chấm điểm."
    # 25.33 of 100: band Yếu; the next is Trung bình.
    assert goalseek.next_band(four) == "Trung bình"


class _Share:
    """Just what next_band reads of a scorecard: the rules and a share of the maximum."""

    def __init__(self, share_pct: float) -> None:

        self.rules, self.share_pct = load_rules(), share_pct

    def total(self, scope: str) -> dict[str, float]:
        return {"share_pct": self.share_pct}


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.0, "Trung bình"),
        (69.99, "Khá"),
        (70.0, "Tốt"),
        (89.99, "Xuất sắc"),
        (90.0, None),
        (100.0, None),
    ],
)
def test_next_band_at_the_edges(share, expected) -> None:
    from kpi import goalseek

    # Bands from params/scoring.yaml: Xuất sắc 90, Tốt 80, Khá 70, Trung bình 50, Yếu 0;
    # exactly 70 is already Khá, so the next is Tốt; from 90 there is none.
    assert goalseek.next_band(_Share(share)) == expected


def test_goal_seek_for_one_unit(four) -> None:
    from kpi import goalseek

    # Unit CNTY holds the four dossiers but #3 does not apply to a unit: 25.33 − 2 = 23.33 of
    # an applicable 94. 30 points: 6.67 short, so #5 needs + 2 (+ 1 gains 5.00 only) → 33.33;
    # #8 and #12 (6 at most) cannot alone.
    alone, plan = goalseek.goal_seek(four, 30.0, scope="CNTY")
    assert alone["extra_alone"].tolist()[:4] == [2, pd.NA, pd.NA, pd.NA]
    assert plan[["code", "extra"]].values.tolist() == [[5, 2]]
    assert goalseek.check_plan(four, plan, scope="CNTY") == pytest.approx(33.33)
    assert goalseek.check_plan(four, plan) == pytest.approx(35.33)  # the agency's 25.33 + 10
    assert goalseek.target_points(four, band="Tốt", scope="CNTY") == pytest.approx(75.2)


def test_least_extra_edges_and_the_scorecards_rules(four) -> None:
    from kpi import whatif

    # Nothing wanted (or no more than the tolerance): no record needed.
    assert goalseek.least_extra(four, 5, 0.0) == 0
    assert goalseek.least_extra(four, 5, goalseek.EPSILON) == 0
    # 6 points from #5 (2/4, 20 points at 100 %): + 1 gives 5, + 2 gives 10 → 2.
    assert goalseek.least_extra(four, 5, 6.0) == 2
    # At an 80 % target 2/4 earns 20 × 50 / 80 = 12.50; + 1: 18.75 (+ 6.25) → 1.
    card = _score(_four_dossiers(), rules=whatif.rules_with(load_rules(), {5: {"target": 0.8}}))
    assert goalseek.least_extra(card, 5, 6.0) == 1
    # At a 50 % target 2/4 already earns the 20 points: nothing to gain.
    card = _score(_four_dossiers(), rules=whatif.rules_with(load_rules(), {5: {"target": 0.5}}))
    assert goalseek.least_extra(card, 5, 1.0) is None


def test_goal_seek_per_unit_uses_that_units_counts() -> None:
    from tests.test_whatif_trend import PROCEDURE, _dossier

    # The same four dossiers, A and B (on time) in CNTY, C and D (late) in TTBVTV.
    dossiers = [
        _dossier(name, finished_at=f"2024-06-{day} 10:00", status="done", unit=unit)
        for name, day, unit in (
            ("A", "07", "CNTY"),
            ("B", "07", "CNTY"),
            ("C", "17", "TTBVTV"),
            ("D", "17", "TTBVTV"),
        )
    ]
    card = _score(tables(procedures=[PROCEDURE], dossiers=dossiers))
    # TTBVTV: #4 2/2 (6 points) and #15 flat (2): 8 points. #5 0/2, #21 0/2, #8 and #12 0/2...
    # 14 points, 6 short: #5 + 1 (1/2 = 10 points); #8 + 1 (50 % of its 50 % target: 6);
    # #12 + 2 (6 at 100 %); #21 + 2 (1/2: 6 × 0.5 / 0.9 = 3.33, 2/2: 6); #13, #16 (4 at
    # most), #14 and #18 (2) cannot. The agency's #5 (2/4) would need 2.
    alone, plan = goalseek.goal_seek(card, 14.0, scope="TTBVTV")
    assert alone["code"].tolist() == [5, 8, 12, 21, 13, 16, 14, 18]
    assert alone["extra_alone"].tolist()[:4] == [1, 1, 2, 2]
    assert alone["extra_alone"].isna().tolist() == [False] * 4 + [True] * 4
    assert plan[["code", "extra"]].values.tolist() == [[5, 1]]
    assert plan["gain"].tolist() == [10.0] and plan["total_after"].tolist() == [18.0]
    # CNTY (36 points: #5 and #21 at 2/2) has no #5 or #21 lever and needs nothing for 30.
    alone, plan = goalseek.goal_seek(card, 30.0, scope="CNTY")
    assert alone["code"].tolist() == [7, 8, 12, 13, 16, 14, 18]
    assert alone["extra_alone"].tolist() == [0] * 7 and plan.empty
    assert list(plan.columns) == goalseek.PLAN_COLUMNS


def test_a_unit_without_records_has_no_lever_and_no_plan(four) -> None:
    # Unit KL holds none of the four dossiers nor the procedure: only #15's flat 2 points, and
    # nothing any extra record could lift; the tables keep their columns and types.
    assert four.total("KL")["points"] == 2.0
    assert goalseek.levers(four, scope="KL").columns.tolist() == goalseek.LEVER_COLUMNS
    alone, plan = goalseek.goal_seek(four, 95.0, scope="KL")
    assert alone.empty and alone.columns.tolist() == [*goalseek.LEVER_COLUMNS, "extra_alone"]
    assert alone["extra_alone"].dtype == "Int64"
    assert plan.empty and plan.columns.tolist() == goalseek.PLAN_COLUMNS


def test_plan_rows_name_the_indicator_and_its_records(four) -> None:
    # 36 points: #5 + 2 (on-time dossiers), then #7 + 1 (online services with dossiers: TTHC).
    _, plan = goalseek.goal_seek(four, 36.0)
    names = {indicator.code: indicator.name for indicator in registry.INDICATORS}
    assert plan["name"].tolist() == [names[5], names[7]]
    assert plan["record"].tolist() == ["hồ sơ", "TTHC"]
    assert plan["gain"].tolist() == pytest.approx([10.0, 4.0])
