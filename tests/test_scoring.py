"""Edges of the scoring rule: points = max * min(1, ratio / target), zero-denominator policies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi.params import ScoringRules
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
    with pytest.raises(ValueError, match="không được âm") as info:
        points(5, numerator, denominator, rules=RULES)
    expected = f"Chỉ số 5: tử số ({numerator}) và mẫu số ({denominator}) không được âm."
    assert str(info.value) == expected  # the message names the indicator and both counts


def test_a_ratio_out_of_range_is_named_in_the_message():
    from kpi.scoring import points_from_pct

    with pytest.raises(ValueError) as info:
        points_from_pct(5, 100.5, rules=RULES)
    assert str(info.value) == "Chỉ số 5: tỷ lệ 100.5 % nằm ngoài [0, 100]."


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


# --- scoring: rounding of tables ---------------------------------------------------------------


def test_round_half_up_keeps_the_shape_of_tables() -> None:
    from kpi.scoring import round_half_up

    # 0.125 and −1.125 are exact binary ties: away from zero; 2.675 is stored as 2.67499…
    frame = pd.DataFrame({"a": [0.125, np.nan], "b": [2.675, -1.125]}, index=["x", "y"])
    pd.testing.assert_frame_equal(
        round_half_up(frame),
        pd.DataFrame({"a": [0.13, np.nan], "b": [2.67, -1.13]}, index=["x", "y"]),
    )
    pd.testing.assert_frame_equal(  # one decimal: 0.1, 2.7, −1.1 (−1.125 is not a tie here)
        round_half_up(frame, 1),
        pd.DataFrame({"a": [0.1, np.nan], "b": [2.7, -1.1]}, index=["x", "y"]),
    )
    series = pd.Series([0.125, None, 0.375], index=[3, 1, 2], name="p")
    pd.testing.assert_series_equal(
        round_half_up(series), pd.Series([0.13, np.nan, 0.38], index=[3, 1, 2], name="p")
    )
    assert round_half_up(series, 1).tolist()[::2] == [0.1, 0.4]
    grid = round_half_up(np.array([[0.5, 1.5], [np.nan, -2.5]]), 0)  # ties: 1, 2, −3
    assert grid.shape == (2, 2) and grid.dtype == np.float64
    assert grid[0].tolist() == [1.0, 2.0] and np.isnan(grid[1, 0]) and grid[1, 1] == -3.0
    assert round_half_up(0.0625, 3) == 0.063 and round_half_up(12345.5, 0) == 12346.0
    assert round_half_up(np.float64(1.005), decimals=2) == 1.0  # stored as 1.00499…


def test_flat_status_follows_the_profile(rules):
    # The default (portal) profile awards #15 flat, whatever its counts.
    assert status(15, None, rules=rules) == "flat" and status(15, 3, rules=rules) == "flat"
    assert status(15, 3, rules=rules.with_profile("decision")) == "scored"


def test_group_points_default_view_has_the_five_groups(rules):
    groups = group_points({3: 1.955, 4: 6.0}, rules=rules)
    assert groups["group"].tolist() == ["I", "II", "III", "IV", "V"]
    assert groups["name"].tolist() == [
        "Công khai, minh bạch",
        "Tiến độ, kết quả giải quyết",
        "Cung cấp dịch vụ trực tuyến",
        "Số hóa hồ sơ",
        "Mức độ hài lòng",
    ]
    assert groups["points"].tolist() == [7.96, 0.0, 0.0, 0.0, 0.0]
    assert groups["max_points"].tolist() == [18, 20, 22, 22, 18]


def test_band_below_every_threshold_is_the_last(rules):
    # Below the lowest threshold (0): the last band of the file.
    assert band(-1.0, rules=rules) == "Yếu"


def test_total_with_nothing_applicable_and_with_other_bands(rules):
    nothing = rules_with(**{str(code): {"applicable": False} for code in range(1, 22)})
    assert total({}, rules=nothing) == {
        "points": 0.0,
        "max_points": 100.0,
        "max_applicable": 0.0,
        "share_pct": 0.0,
        "band": "Yếu",
    }
    # Two bands only: Cao from 60, Thấp below. 22 points of 100 → Thấp (Yếu by default).
    data = rules.model_dump()
    data["bands"] = [{"label": "Cao", "min_points": 60.0}, {"label": "Thấp", "min_points": 0.0}]
    two = ScoringRules.model_validate(data)
    assert total({3: 2.0, 4: 6.0, 5: 14.0}, rules=two)["band"] == "Thấp"
    assert total({3: 2.0, 4: 6.0, 5: 14.0}, rules=rules)["band"] == "Yếu"
