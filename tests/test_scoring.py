"""Edges of the scoring rule: points = max * min(1, ratio / target), zero-denominator policies."""

from __future__ import annotations

import numpy as np
import pytest

from kpi.scoring import band, group_points, points, round_half_up, status, total
from tests.conftest import rules_with
from tests.defaults import RULES


def test_ratio_below_target_scales_linearly():
    # #8: max 6, target 0.5; 30/100 = 0.3 -> 6 * 0.3 / 0.5 = 3.6
    assert points(8, 30, 100, rules=RULES) == pytest.approx(3.6)


def test_ratio_exactly_at_target_gives_full_points():
    # #21: target 0.9; 9/10 -> 6 * 0.9 / 0.9 = 6
    assert points(21, 9, 10, rules=RULES) == pytest.approx(6.0)


def test_ratio_above_target_is_capped_at_max():
    # #6: target 0.8; 19/20 = 0.95 > 0.8 -> capped at 2
    assert points(6, 19, 20, rules=RULES) == 2.0


def test_zero_denominator_each_policy():
    assert points(1, 0, 0, rules=RULES) is None  # no_score
    assert points(5, 0, 0, rules=RULES) == 0.0  # zero
    assert points(15, 0, 0, rules=RULES) == 2.0  # max
    assert points(20, 0, 0, rules=RULES) == 6.0  # max


def test_zero_denominator_policy_is_a_parameter():
    rules = rules_with(**{"5": {"zero_denominator": "max"}, "1": {"zero_denominator": "zero"}})
    assert points(5, 0, 0, rules=rules) == 20.0
    assert points(1, 0, 0, rules=rules) == 0.0


def test_not_applicable_gives_no_points_and_leaves_the_maximum():
    rules = rules_with(**{"15": {"applicable": False}})
    assert points(15, 3, 4, rules=rules) is None
    assert status(15, 4, rules=rules) == "not_applicable"
    result = total({code: 0.0 for code in range(1, 22)} | {15: None, 5: 19.6}, rules=rules)
    assert result["max_applicable"] == 98.0
    # 19.6 / 98 = 20 %
    assert result["share_pct"] == pytest.approx(20.0)


def test_numerator_above_denominator_is_rejected():
    with pytest.raises(ValueError, match=r"Chỉ số 5: tử số \(11\) lớn hơn mẫu số \(10\)"):
        points(5, 11, 10, rules=RULES)


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 10), (0, -3)])
def test_negative_counts_are_rejected(numerator, denominator):
    with pytest.raises(ValueError, match="không được âm"):
        points(5, numerator, denominator, rules=RULES)


def test_percent_rounding_of_the_ratio_changes_the_points():
    # #11: 2/3 = 66.666..% -> 66.67 % first; 6 * 0.6667 = 4.0002 (unrounded would be 4.0)
    assert points(11, 2, 3, rules=RULES) == pytest.approx(4.0002)
    assert points(
        11, 2, 3, rules=rules_with(**{"11": {"ratio_rounding": "none"}})
    ) == pytest.approx(4)


def test_status():
    assert status(5, 10, rules=RULES) == "scored"
    assert status(5, 0, rules=RULES) == "zero_denominator"
    assert status(5, None, rules=RULES) == "no_data"


def test_group_totals_add_rounded_indicator_points_and_no_score_adds_zero():
    # group I: #1 no score, #2 no score, #3 1.955 -> 1.96, #4 6 -> 7.96 of 18 (the spec's example)
    groups = group_points({1: None, 2: None, 3: 1.955, 4: 6.0}, rules=RULES).set_index("group")
    assert groups.loc["I", "points"] == pytest.approx(7.96)
    assert groups.loc["I", "max_points"] == 18
    assert groups.loc["II", "points"] == 0


def test_portal_view_has_six_groups():
    groups = group_points({9: 1.0, 10: 0.5, 11: 6.0}, portal=True, rules=RULES).set_index("group")
    assert list(groups.index) == ["I", "II", "III.1", "III.2", "IV", "V"]
    assert groups.loc["III.2", "points"] == 7.5


@pytest.mark.parametrize(
    ("total_points", "expected"),
    [
        (100, "Xuất sắc"),
        (90, "Xuất sắc"),
        (89.99, "Tốt"),
        (80, "Tốt"),
        (70, "Khá"),
        (69.99, "Trung bình"),
        (50, "Trung bình"),
        (49.99, "Yếu"),
        (0, "Yếu"),
    ],
)
def test_bands(total_points, expected):
    assert band(total_points, rules=RULES) == expected


def test_round_half_up_is_not_bankers_rounding():
    assert round_half_up(0.125) == 0.13  # an exact binary tie: round() would give 0.12
    assert round_half_up(5.925) == 5.92  # stored as 5.92499...: the portal shows 5.92
    assert round_half_up(7.665) == 7.67  # stored as 7.66500...01
    assert round_half_up(2.0) == 2.0
    assert list(round_half_up(np.array([0.125, np.nan]))[:1]) == [0.13]
