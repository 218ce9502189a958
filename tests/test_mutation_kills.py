"""Hand-worked cases that kill the mutants `make mutation` found alive (tests/MUTATION.md).

Each test asserts behaviour a reader can check by hand on a small input: exact Vietnamese
messages, a one-year calendar of the real 2024 days off, a three-day synthetic calendar,
the holiday cache on disk, the rounding of tables. Named parameters are passed by keyword.
"""

from __future__ import annotations

import datetime as dt
import importlib.machinery
import importlib.util
import json
import tempfile

import holidays
import numpy as np
import pandas as pd
import pytest

import kpi.calendar as calendar_module
from kpi.calendar import CalendarError, CalendarRangeError, WorkCalendar, default_calendar
from kpi.params import CalendarParams, UnconfirmedDay

T = pd.Timestamp


def _message(error: pytest.ExceptionInfo) -> str:
    return str(error.value)


# --- calendar: building it ------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_2024() -> WorkCalendar:
    """2024 alone, from the package's days (no file overrides): 251 working days."""
    return WorkCalendar.from_params(CalendarParams(first_year=2024, last_year=2024))


def test_one_year_calendar_stops_at_its_last_day(year_2024: WorkCalendar) -> None:
    # 2024 has 251 working days (366 days, 104 weekend days, 12 weekdays off, Sat 4/5 worked).
    assert year_2024.workdays.size == 251
    assert year_2024.workdays[0] == np.datetime64("2024-01-02")  # Mon 1/1 is New Year's Day
    assert year_2024.workdays[-1] == np.datetime64("2024-12-31")  # Tue 31/12
    assert repr(year_2024) == "WorkCalendar(2024–2024, 251 wd)"
    # The last two days of the range are inside it; the day after is not.
    assert year_2024.is_workday(T("2024-12-31")) is True
    assert year_2024.add(T("2024-12-30"), 1) == T("2024-12-31")
    assert year_2024.count(T("2024-12-29"), T("2024-12-31")) == 2  # Mon 30, Tue 31
    with pytest.raises(CalendarRangeError) as info:
        year_2024.add(T("2024-12-31"), 1)  # Thu 2/1/2025 is outside the calendar
    assert _message(info) == (
        "Cộng 1 ngày làm việc vào ngày 31/12/2024 ra ngoài lịch ngày làm việc (2024–2024)."
    )
    with pytest.raises(CalendarRangeError) as info:
        year_2024.is_workday(T("2025-01-01"))
    assert _message(info) == (
        "Ngày 01/01/2025 nằm ngoài lịch ngày làm việc (2024–2024); có 1 giá trị như vậy. "
        "Hãy mở rộng first_year/last_year trong params/calendar.yaml."
    )


def test_default_calendar_ends_on_31_12_of_its_last_year() -> None:
    cal = default_calendar()  # params/calendar.yaml: 2018–2030
    assert cal.is_workday(T("2030-12-31")) is True  # a Tuesday
    assert cal.count(T("2030-12-30"), T("2030-12-31")) == 1
    with pytest.raises(CalendarRangeError):
        cal.is_workday(T("2031-01-01"))


def test_from_params_without_arguments_reads_the_file() -> None:
    built = WorkCalendar.from_params()
    assert (built.first_year, built.last_year) == (2018, 2030)
    assert np.array_equal(built.workdays, default_calendar().workdays)
    assert [u.date for u in built.unconfirmed] == [
        dt.date(2026, 8, 22), dt.date(2026, 8, 31), dt.date(2026, 11, 24)
    ]  # fmt: skip


def test_from_params_keeps_the_unconfirmed_days_by_date() -> None:
    later = UnconfirmedDay(date=dt.date(2024, 11, 25), occasion="b", package="workday",
                           choice="workday")  # fmt: skip
    earlier = UnconfirmedDay(date=dt.date(2024, 6, 10), occasion="a", package="workday",
                             choice="holiday")  # fmt: skip
    params = CalendarParams(first_year=2024, last_year=2024, unconfirmed=[later, earlier])
    cal = WorkCalendar.from_params(params)
    assert cal.unconfirmed == (earlier, later)
    assert cal.unconfirmed_between("2024-06-01", "2024-06-30") == [earlier]
    assert cal.is_workday(T("2024-06-10")) is False  # chosen a day off
    assert cal.workdays.size == 250


def test_from_params_reversed_years_message() -> None:
    with pytest.raises(CalendarRangeError) as info:
        WorkCalendar.from_params(CalendarParams(first_year=2025, last_year=2024))
    assert _message(info) == (
        "Lịch ngày làm việc: first_year (2025) lớn hơn last_year (2024) trong "
        "params/calendar.yaml."
    )


def test_from_params_conflict_lists_only_the_days_both_off_and_on() -> None:
    params = CalendarParams(
        first_year=2024, last_year=2024,
        extra_holidays=[{"date": "2024-06-11"}, {"date": "2024-06-10"}, {"date": "2024-06-12"}],
        extra_workdays=[{"date": "2024-06-12"}, {"date": "2024-06-10"}, {"date": "2024-06-15"}],
    )  # fmt: skip
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_params(params)
    assert _message(info) == (
        "params/calendar.yaml: các ngày vừa là ngày nghỉ vừa là ngày làm việc "
        "(extra_holidays, extra_workdays, unconfirmed): 10/06/2024, 12/06/2024"
    )


def test_from_params_outside_years_message() -> None:
    params = CalendarParams(first_year=2024, last_year=2024,
                            extra_workdays=[{"date": "2025-06-14"}, {"date": "2023-06-10"}])  # fmt: skip
    with pytest.raises(CalendarRangeError) as info:
        WorkCalendar.from_params(params)
    assert _message(info) == (
        "params/calendar.yaml: ngày 10/06/2023 nằm ngoài các năm 2024–2024 của lịch."
    )


# --- calendar: a three-day synthetic calendar -------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> WorkCalendar:
    """Working days Tue 2/1, Wed 3/1 and Fri 5/1/2024 only, given as unsorted ISO strings
    with a duplicate (the constructor sorts and de-duplicates them)."""
    return WorkCalendar(["2024-01-05", "2024-01-02", "2024-01-03", "2024-01-02"],
                        first_year=2024, last_year=2024)  # fmt: skip


def test_tiny_calendar_tables(tiny: WorkCalendar) -> None:
    assert tiny.workdays.dtype == np.dtype("datetime64[D]")
    assert tiny.workdays.tolist() == [dt.date(2024, 1, 2), dt.date(2024, 1, 3), dt.date(2024, 1, 5)]
    assert tiny.unconfirmed == ()
    assert tiny.start == np.datetime64("2024-01-01") and tiny.end == np.datetime64("2024-12-31")
    # working days up to and including 1/1 … 6/1: 0, 1, 2, 2, 3, 3; then 3 to 31/12
    assert tiny._after[:6].tolist() == [0, 1, 2, 2, 3, 3]
    assert tiny._after.size == 366 and tiny._after[-1] == 3
    assert tiny._works[:6].tolist() == [False, True, True, False, True, False]
    assert tiny.is_workday(["2024-01-01", "2024-01-02", "2024-01-04", "2024-12-31"]).tolist() == [
        False, True, False, False
    ]  # fmt: skip


def test_tiny_calendar_add(tiny: WorkCalendar) -> None:
    start = np.array(["2024-01-01"] * 4 + ["2024-01-04"] * 3 + ["2024-01-06"] * 2, "M8[D]")
    n = np.array([1, 2, 3, 0, 1, -1, -2, -1, -3])
    # From Mon 1/1: 2/1, 3/1, 5/1, itself. From Thu 4/1: 5/1, 3/1, 2/1. From Sat 6/1: 5/1, 2/1.
    assert tiny.add(start, n).tolist() == [
        dt.date(2024, 1, d) for d in (2, 3, 5, 1, 5, 3, 2, 5, 2)
    ]  # fmt: skip
    # From a working day: Wed 3/1 + 1 is Fri 5/1, − 1 is Tue 2/1.
    assert tiny.add(T("2024-01-03"), 1) == T("2024-01-05")
    assert tiny.add(T("2024-01-03"), -1) == T("2024-01-02")
    assert tiny.add(T("2024-01-02"), 2) == T("2024-01-05")
    for day, n_out in (("2024-01-05", 1), ("2024-01-02", -1), ("2024-01-01", 4)):
        with pytest.raises(CalendarRangeError):
            tiny.add(T(day), n_out)  # past the last (first) of the three working days


def test_tiny_calendar_count(tiny: WorkCalendar) -> None:
    assert tiny.count(T("2024-01-01"), T("2024-12-31")) == 3
    assert tiny.count(T("2024-01-02"), T("2024-01-05")) == 2  # (2/1, 5/1]: 3/1 and 5/1
    assert tiny.count(T("2024-01-05"), T("2024-01-02")) == -2
    assert tiny.count(T("2024-01-03"), T("2024-01-04")) == 0


def test_day_array_sorts_into_days() -> None:
    got = calendar_module._day_array({dt.date(2024, 6, 10), dt.date(2024, 1, 1)})
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.tolist() == [dt.date(2024, 1, 1), dt.date(2024, 6, 10)]
    empty = calendar_module._day_array(set())
    assert empty.dtype == np.dtype("datetime64[D]") and empty.shape == (0,)


# --- calendar: the holiday cache -------------------------------------------------------------


def test_cache_dir_order_of_preference(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KPI766_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert calendar_module.cache_dir() == tmp_path / "own"
    monkeypatch.setenv("KPI766_CACHE_DIR", "")  # empty counts as unset
    assert calendar_module.cache_dir() == tmp_path / "xdg" / "kpi766"
    monkeypatch.delenv("KPI766_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert calendar_module.cache_dir() == tmp_path / "home" / ".cache" / "kpi766"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert calendar_module.cache_dir() == tmp_path / "home" / ".cache" / "kpi766"


def test_holidays_release_is_the_installed_version() -> None:
    assert calendar_module._holidays_release() == holidays.__version__


def test_holidays_release_unknown(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert calendar_module._holidays_release() is None
    # A package found in a folder with two (or no) holidays-*.dist-info: release unknown.
    origin = tmp_path / "site" / "holidays" / "__init__.py"
    origin.parent.mkdir(parents=True)
    origin.write_text("", encoding="utf-8")
    spec = importlib.machinery.ModuleSpec("holidays", None, origin=str(origin))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert calendar_module._holidays_release() is None
    (tmp_path / "site" / "holidays-1.0.dist-info").mkdir()
    assert calendar_module._holidays_release() == "1.0"
    (tmp_path / "site" / "holidays-2.0.dist-info").mkdir()
    assert calendar_module._holidays_release() is None
    no_origin = importlib.machinery.ModuleSpec("holidays", None, origin=None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: no_origin)
    assert calendar_module._holidays_release() is None


def test_holiday_cache_file_written_in_a_new_nested_folder(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "a" / "b" / "c"  # none of them exists yet
    monkeypatch.setenv("KPI766_CACHE_DIR", str(folder))
    # A system temporary folder that cannot be used: the file is written beside the cache.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-tmp"))
    days_off, make_up = calendar_module.vietnam_days(2024, 2024)
    name = f"holidays-VN-v1-{holidays.__version__}-2024-2024.json"
    assert [p.name for p in folder.iterdir()] == [name]
    stored = json.loads((folder / name).read_text(encoding="utf-8"))
    # 2024: New Year, Tết (Thu 8 – Wed 14/2), Hùng Kings (Thu 18/4), Mon 29/4 (swap), 30/4,
    # 1/5, 2/9 and 3/9; the make-up Saturday 4/5.
    off_2024 = ["2024-01-01", "2024-02-08", "2024-02-09", "2024-02-10", "2024-02-11",
                "2024-02-12", "2024-02-13", "2024-02-14", "2024-04-18", "2024-04-29",
                "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"]  # fmt: skip
    # The package's make-up days are not limited to the years asked (0.109 adds 27/12/2014
    # and 5/1/2019): harmless, since only the calendar's own days are looked up in them.
    assert stored == {"holidays": holidays.__version__, "days_off": off_2024,
                      "make_up": [d.isoformat() for d in make_up]}  # fmt: skip
    assert [d.isoformat() for d in days_off] == off_2024
    assert [d for d in make_up if d.year == 2024] == [dt.date(2024, 5, 4)]


def test_holiday_cache_is_not_used_without_a_release(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KPI766_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(calendar_module, "_holidays_release", lambda: None)
    planted = tmp_path / "holidays-VN-v1-None-2024-2024.json"
    planted.write_text('{"days_off": ["2024-06-10"], "make_up": []}', encoding="utf-8")
    days_off, make_up = calendar_module.vietnam_days(2024, 2024)
    assert dt.date(2024, 6, 10) not in days_off and dt.date(2024, 5, 4) in make_up
    assert [p.name for p in tmp_path.iterdir()] == [planted.name]  # nothing written


# --- goal-seek and what-if on four dossiers ---------------------------------------------------
#
# tests/test_whatif_trend.py's June: one fully online procedure and four dossiers received
# 3/6/2024, due 10/6, synced, none online; A and B finished on time (7/6), C and D late (17/6).
# Scored with the default rules: #3 1/1 (2 points), #4 4/4 (6), #6 1/1 (2), #15 flat (2) are at
# their maximum; #5 2/4 = 10.00 of 20; #21 2/4: 6 × 0.5 / 0.9 = 3.33; #7 0/1 of 4; #8, #12
# 0/4 of 6; #13, #16 0/4 of 4; #14, #18 0/4 of 2; #9-#11 and #17 0/0; #1, #2, #19, #20 no
# data. Total 2 + 6 + 10 + 2 + 2 + 3.33 = 25.33.


@pytest.fixture(scope="module")
def four():
    from kpi.scorecard import score_period
    from tests.test_whatif_trend import june

    return score_period(june.__wrapped__(), "2024-06")


def test_levers_hand_worked(four) -> None:
    from kpi import goalseek, registry

    got = goalseek.levers(four)
    # gain at full / headroom: #5 10/2, #7 4/1, #8 and #12 6/4, #21 (6 − 3.33)/2,
    # #13 and #16 4/4, #14 and #18 2/4; ties by code. #3, #4, #6 (at maximum) left out.
    expected = pd.DataFrame(
        [(5, 2, 4, 10.0, 10.0), (7, 0, 1, 0.0, 4.0), (8, 0, 4, 0.0, 6.0), (12, 0, 4, 0.0, 6.0),
         (21, 2, 4, 3.33, 2.67), (13, 0, 4, 0.0, 4.0), (16, 0, 4, 0.0, 4.0),
         (14, 0, 4, 0.0, 2.0), (18, 0, 4, 0.0, 2.0)],
        columns=["code", "numerator", "denominator", "points_now", "gain_at_full"],
    )  # fmt: skip
    names = {indicator.code: indicator.name for indicator in registry.INDICATORS}
    expected.insert(1, "name", [names[c] for c in expected["code"]])
    expected.insert(2, "record", ["hồ sơ", "TTHC"] + ["hồ sơ"] * 7)
    expected.insert(5, "headroom", expected["denominator"] - expected["numerator"])
    expected["points_per_record"] = expected["gain_at_full"] / expected["headroom"]
    assert list(got.columns) == goalseek.LEVER_COLUMNS
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, atol=1e-9)


def test_levers_follow_the_scorecards_rules(four) -> None:
    from kpi import goalseek, whatif
    from kpi.params import load_rules
    from kpi.scorecard import score_period
    from tests.test_whatif_trend import june

    # #5 with a 50 % target: 2/4 already earns its 20 points, so it is no lever any more.
    rules = whatif.rules_with(load_rules(), {5: {"target": 0.5}})
    card = score_period(june.__wrapped__(), "2024-06", rules=rules)
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
        from kpi.params import load_rules

        self.rules, self.share_pct = load_rules(), share_pct

    def total(self, scope: str) -> dict[str, float]:
        return {"share_pct": self.share_pct}


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0.0, "Trung bình"), (69.99, "Khá"), (70.0, "Tốt"), (89.99, "Xuất sắc"), (90.0, None),
     (100.0, None)],
)  # fmt: skip
def test_next_band_at_the_edges(share, expected) -> None:
    from kpi import goalseek

    # Bands from params/scoring.yaml: Xuất sắc 90, Tốt 80, Khá 70, Trung bình 50, Yếu 0;
    # exactly 70 is already Khá, so the next is Tốt; from 90 there is none.
    assert goalseek.next_band(_Share(share)) == expected


def test_simulate_table_is_indexed_from_zero(four) -> None:
    from kpi.whatif import Scenario, simulate

    table = simulate(four, Scenario())
    assert table.index.tolist() == list(range(22))  # 21 indicators then the total
    assert table["code"].iloc[-1] == 0 and table.loc[21, "points_after"] == pytest.approx(25.33)


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


def _counts_table(**counts: tuple[float, float]) -> pd.DataFrame:
    """A scope's 21 rows: code, name, numerator, denominator (NaN where not given)."""
    rows = [(code, f"#{code}", *counts.get(f"i{code}", (np.nan, np.nan))) for code in range(1, 22)]
    return pd.DataFrame(rows, columns=["code", "name", "numerator", "denominator"])


def test_adjusted_counts_hand_worked() -> None:
    from kpi.whatif import Scenario, _adjusted

    rows = _counts_table(i5=(2, 4), i21=(2, 4), i8=(0, 4), i19=(6, 8), i20=(5, 8), i7=(0, 1))
    scenario = Scenario(extra_on_time=5, online_share_points=37.5, feedback_on_time=1,
                        extra_numerator={7: 3, 1: 2})  # fmt: skip
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
    got = _adjusted(rows, Scenario(extra_on_time=1, online_share_points=50,
                                   extra_numerator={3: 1})).set_index("code")["numerator"]  # fmt: skip
    assert got[21] == 2 and got[8] == 2 and pd.isna(got[5]) and pd.isna(got[3])
    # #8 without counts: the share is not applied (no rounding of a missing count).
    rows = _counts_table(i9=(0, 2))
    got = _adjusted(rows, Scenario(online_share_points=50)).set_index("code")["numerator"]
    assert pd.isna(got[8]) and got[9] == 0


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


# --- calendar: every kind of input -------------------------------------------------------------
# Fri 7/6/2024, Sat 8, Sun 9, Mon 10, Tue 11: ordinary days of June 2024 (no holiday).


def test_add_keeps_the_kind_and_unit_of_its_input() -> None:
    cal = default_calendar()
    got = cal.add(["2024-06-07", "2024-06-08"], 1)  # strings: parsed, microseconds
    assert got.dtype == np.dtype("datetime64[us]")
    assert got.tolist() == [dt.datetime(2024, 6, 10)] * 2
    got = cal.add([dt.date(2024, 6, 7)], 1)
    assert got.dtype == np.dtype("datetime64[s]") and got.tolist() == [dt.datetime(2024, 6, 10)]
    minutes = cal.add(np.array(["2024-06-07T10:00"], "M8[m]"), 1)
    assert minutes.dtype == np.dtype("datetime64[m]")
    assert minutes.tolist() == [dt.datetime(2024, 6, 10)]
    got = cal.add(T("2024-06-07"), [1, 2])  # one date, two offsets: an array
    assert got.tolist() == [dt.datetime(2024, 6, 10), dt.datetime(2024, 6, 11)]
    assert cal.add("2024-06-07", 1) == T("2024-06-10")
    assert cal.add(dt.date(2024, 6, 7), 1) == T("2024-06-10")
    assert cal.add(np.datetime64("2024-06-07T10:00:00", "s"), 1) == T("2024-06-10")
    assert pd.isna(cal.add(pd.NaT, 1)) and pd.isna(cal.add(np.datetime64("NaT"), 1))


def test_time_zones_keep_the_local_day() -> None:
    cal = default_calendar()
    # 01:00 on Sat 8/6 in Hà Nội is 18:00 on Fri 7/6 in UTC: the local day (Saturday) counts.
    aware = T("2024-06-08 01:00", tz="Asia/Ho_Chi_Minh")
    assert cal.add(aware, 0) == T("2024-06-08")
    assert cal.is_workday(aware) is False
    index = pd.DatetimeIndex([aware], name="due")
    got = cal.add(index, 0)
    assert isinstance(got, pd.DatetimeIndex) and got.name == "due"
    assert got.tolist() == [T("2024-06-08")]
    assert cal.is_workday(pd.Series([aware])).tolist() == [False]


def test_add_offsets_as_series_index_or_floats() -> None:
    cal = default_calendar()
    start = pd.Series([T("2024-06-07")] * 3, index=[7, 8, 9])
    got = cal.add(start, pd.Series([1.0, np.nan, -1.0]))  # offsets matched by position
    assert got.index.tolist() == [7, 8, 9]
    assert got.iloc[0] == T("2024-06-10") and pd.isna(got.iloc[1]) and got.iloc[2] == T("2024-06-06")
    assert cal.add(start, pd.Index([1, 2, 0])).tolist() == [
        T("2024-06-10"), T("2024-06-11"), T("2024-06-07")
    ]  # fmt: skip
    assert cal.add(T("2024-06-07"), 2.0) == T("2024-06-11")
    assert cal.add(T("2024-06-07"), np.array([1], dtype=np.uint8)).tolist() == [
        dt.datetime(2024, 6, 10)
    ]  # fmt: skip
    for bad in (np.array([True]), np.array([1.5]), "x", [1, 2.5]):
        with pytest.raises(CalendarError) as info:
            cal.add(T("2024-06-07"), bad)
        assert _message(info) == "Số ngày làm việc cộng thêm (n) phải là số nguyên."


def test_add_at_the_edges_of_the_working_days(tiny: WorkCalendar) -> None:
    # After the last working day (Fri 5/1) or before the first (Tue 2/1), n = 0 is the day
    # itself and NaT stays NaT, whatever n.
    assert tiny.add(T("2024-12-31"), 0) == T("2024-12-31")
    assert tiny.add(T("2024-01-01"), 0) == T("2024-01-01")
    got = tiny.add(np.array(["NaT", "NaT", "2024-06-01"], "M8[D]"), np.array([-1, 5, 0]))
    assert np.isnat(got[0]) and np.isnat(got[1]) and got[2] == np.datetime64("2024-06-01")
    with pytest.raises(CalendarRangeError) as info:
        tiny.add(np.array(["2024-01-03", "2024-01-05", "2024-01-02"], "M8[D]"),
                 np.array([1, 2, -3]))  # fmt: skip
    assert _message(info) == (
        "Cộng 2 ngày làm việc vào ngày 05/01/2024 ra ngoài lịch ngày làm việc (2024–2024)."
    )
    with pytest.raises(CalendarRangeError) as info:
        tiny.add(T("2024-01-02"), -1)
    assert _message(info) == (
        "Cộng -1 ngày làm việc vào ngày 02/01/2024 ra ngoài lịch ngày làm việc (2024–2024)."
    )


def test_count_kinds_of_result() -> None:
    cal = default_calendar()
    # (7/6, 11/6]: Mon 10, Tue 11 → 2; (8/6, 11/6] also 2; reversed → −2.
    got = cal.count(pd.DatetimeIndex(["2024-06-07", "2024-06-08"]), T("2024-06-11"))
    assert isinstance(got, pd.Index) and got.dtype == "Int64" and got.tolist() == [2, 2]
    got = cal.count(["2024-06-07", "2024-06-08"], T("2024-06-11"))
    assert got.dtype == np.float64 and got.tolist() == [2.0, 2.0]
    got = cal.count(T("2024-06-11"), pd.Series([T("2024-06-07"), pd.NaT], index=[5, 6]))
    assert got.index.tolist() == [5, 6] and got.dtype == "Int64"
    assert got.iloc[0] == -2 and pd.isna(got.iloc[1])
    got = cal.count(pd.DatetimeIndex(["2024-06-07"]), pd.Series([T("2024-06-11")], index=[9]))
    assert isinstance(got, pd.Series) and got.index.tolist() == [9] and got.tolist() == [2]
    same = pd.Series([T("2024-06-07"), T("2024-06-10")], index=["a", "b"])
    assert cal.count(same, same + pd.Timedelta(days=4)).tolist() == [2, 4]  # to Tue 11, Fri 14
    assert cal.count(T("2024-06-07"), T("2024-06-11")) == 2
    assert type(cal.count(T("2024-06-07"), T("2024-06-11"))) is int
    assert np.isnan(cal.count(T("2024-06-07"), pd.NaT))
    with pytest.raises(CalendarRangeError) as info:
        cal.count(np.array(["2017-12-30", "2024-01-01", "2017-12-31"], "M8[D]"), T("2024-06-11"))
    assert _message(info) == (
        "Ngày 30/12/2017 nằm ngoài lịch ngày làm việc (2018–2030); có 2 giá trị như vậy. "
        "Hãy mở rộng first_year/last_year trong params/calendar.yaml."
    )
