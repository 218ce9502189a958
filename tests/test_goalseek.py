"""Goal-seek: the fewest extra records to reach a total, checked by rescoring with the what-if."""

from __future__ import annotations

import pytest

from kpi import goalseek
from kpi.extracts import audit_period
from kpi.whatif import Scenario, simulate


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
