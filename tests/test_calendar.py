"""Working-day calendar: real 2024/2025 dates worked out by hand, convention, dtypes, overrides."""

from __future__ import annotations

import datetime as dt
import doctest
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
from kpi.errors import KpiError
from kpi.params import CalendarParams, ParamsError, UnconfirmedDay, load_calendar

T = pd.Timestamp


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def days(first: str, last: str) -> np.ndarray:
    return np.arange(np.datetime64(first), np.datetime64(last) + 1, dtype="datetime64[D]")


def test_working_days_per_year(cal: WorkCalendar) -> None:
    # 2024: 366 days from Mon 1/1 → 262 weekdays; weekday holidays: 1/1, Tết 8,9,12,13,14/2,
    # Giỗ Tổ 18/4, 29/4 (swap), 30/4, 1/5, 2/9, 3/9 = 12 → 250, plus Sat 4/5 worked = 251.
    assert cal.count(T("2023-12-31"), T("2024-12-31")) == 251
    assert cal.is_workday(days("2024-01-01", "2024-12-31")).sum() == 251
    # 2025: 365 days from Wed 1/1 → 261 weekdays; weekday holidays: 1/1, Tết 27–31/1 (5),
    # Giỗ Tổ 7/4, 30/4, 1/5, 2/5 (swap), 1/9, 2/9 = 12 → 249, plus Sat 26/4 worked = 250.
    assert cal.count(T("2024-12-31"), T("2025-12-31")) == 250
    assert cal.is_workday(days("2025-01-01", "2025-12-31")).sum() == 250


def test_tet_2025(cal: WorkCalendar) -> None:
    # The government gave Sat 25/1–Sun 2/2/2025 off; the package lists Mon 27/1–Sat 1/2 as
    # holidays, which removes the same working days (Mon 27/1–Fri 31/1; the rest is weekend).
    flags = cal.is_workday(days("2025-01-24", "2025-02-03"))
    assert flags.tolist() == [True] + [False] * 9 + [True]  # Fri 24/1 worked, Mon 3/2 worked
    assert cal.add(T("2025-01-24"), 1) == T("2025-02-03")  # Fri before Tết + 1 → Mon after
    assert cal.add(T("2025-01-22"), 5) == T("2025-02-05")  # Thu 23, Fri 24, Mon 3, Tue 4, Wed 5
    assert cal.add(T("2025-02-03"), -1) == T("2025-01-24")  # back across the whole break
    assert cal.count(T("2025-01-24"), T("2025-02-03")) == 1  # only Mon 3/2 in (24/1, 3/2]


def test_tet_2024(cal: WorkCalendar) -> None:
    # Tết Giáp Thìn: Thu 8/2–Wed 14/2/2024 off; Wed 7/2 and Thu 15/2 worked.
    assert cal.add(T("2024-02-07"), 1) == T("2024-02-15")
    assert cal.count(T("2024-02-07"), T("2024-02-15")) == 1


def test_reunification_day_2024_swap(cal: WorkCalendar) -> None:
    # 2024: Mon 29/4 off in exchange for Sat 4/5 worked; Tue 30/4 and Wed 1/5 are holidays.
    flags = cal.is_workday(days("2024-04-26", "2024-05-06"))
    # Fri 26 | Sat 27, Sun 28, Mon 29, Tue 30, Wed 1 | Thu 2, Fri 3, Sat 4 | Sun 5 | Mon 6
    assert flags.tolist() == [
        True,
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        False,
        True,
    ]
    assert cal.add(T("2024-04-26"), 1) == T("2024-05-02")  # Fri 26/4 + 1 → Thu 2/5
    assert cal.add(T("2024-04-26"), 3) == T("2024-05-04")  # Thu 2, Fri 3, Sat 4 (worked)
    assert cal.add(T("2024-05-03"), 1) == T("2024-05-04")  # Fri + 1 → the working Saturday
    assert cal.add(T("2024-05-04"), 1) == T("2024-05-06")  # working Sat + 1 → Mon
    assert cal.count(T("2024-04-26"), T("2024-05-06")) == 4  # Thu 2, Fri 3, Sat 4, Mon 6


def test_reunification_day_2025_swap(cal: WorkCalendar) -> None:
    # 2025: Fri 2/5 off in exchange for Sat 26/4 worked; Wed 30/4 and Thu 1/5 are holidays.
    assert cal.is_workday(T("2025-04-26")) is True
    assert not cal.is_workday(days("2025-04-30", "2025-05-04")).any()
    assert cal.add(T("2025-04-25"), 1) == T("2025-04-26")  # Fri 25/4 + 1 → Sat 26/4
    assert cal.add(T("2025-04-29"), 1) == T("2025-05-05")  # Tue 29/4 + 1 → Mon 5/5


def test_national_day(cal: WorkCalendar) -> None:
    # 2024: Mon 2/9 and Tue 3/9 off → Fri 30/8 + 1 is Wed 4/9.
    assert cal.is_workday(days("2024-09-02", "2024-09-04")).tolist() == [False, False, True]
    assert cal.add(T("2024-08-30"), 1) == T("2024-09-04")
    # 2025: Mon 1/9 and Tue 2/9 off → Fri 29/8 + 1 is Wed 3/9.
    assert cal.is_workday(days("2025-09-01", "2025-09-03")).tolist() == [False, False, True]
    assert cal.add(T("2025-08-29"), 1) == T("2025-09-03")


def test_package_still_knows_the_swaps() -> None:
    # The calendar relies on these attributes of holidays 0.10x; fail loudly if they change.
    vn = holidays.country_holidays("VN", years=range(2024, 2026), language="vi")
    assert dt.date(2024, 4, 29) in vn and dt.date(2025, 5, 2) in vn
    assert {dt.date(2024, 5, 4), dt.date(2025, 4, 26)} <= set(vn.weekend_workdays)


def test_matches_package_day_by_day(cal: WorkCalendar) -> None:
    # Independent of the table look-ups: ask the package about every day of 2018–2030. The
    # calendar differs from it only on the days params/calendar.yaml decides otherwise.
    vn = holidays.country_holidays("VN", years=range(2018, 2031), language="vi")
    every = days("2018-01-01", "2030-12-31")
    ours = dict(zip(every.tolist(), cal.is_workday(every).tolist(), strict=True))
    differ = {day for day, works in ours.items() if works != vn.is_working_day(day)}
    params = load_calendar()
    decided = {d.date: False for d in params.extra_holidays}
    decided |= {d.date: True for d in params.extra_workdays}
    decided |= {u.date: u.choice == "workday" for u in params.unconfirmed}
    assert differ == {day for day, works in decided.items() if works != vn.is_working_day(day)}
    assert {dt.date(2026, 1, 2), dt.date(2026, 1, 10)} <= differ  # the package's 2026 error
    assert all(ours[day] == works for day, works in decided.items())


def test_add_from_weekend(cal: WorkCalendar) -> None:
    assert cal.add(T("2024-06-08"), 1) == T("2024-06-10")  # Sat 8/6 + 1 → Mon 10/6
    assert cal.add(T("2024-06-09"), 1) == T("2024-06-10")  # Sun 9/6 + 1 → Mon 10/6
    assert cal.add(T("2024-06-08"), 5) == T("2024-06-14")  # Mon 10 … Fri 14
    assert cal.add(T("2024-06-09"), -1) == T("2024-06-07")  # Sun − 1 → Fri 7/6


def test_n_zero_returns_the_day_itself(cal: WorkCalendar) -> None:
    assert cal.add(T("2024-06-09 14:30"), 0) == T("2024-06-09")  # Sunday stays Sunday
    assert cal.add(T("2024-06-10 08:00"), 0) == T("2024-06-10")


def test_negative_n(cal: WorkCalendar) -> None:
    # Strictly before Wed 4/9/2024: Tue 3 and Mon 2 off, Sun 1, Sat 31/8, Fri 30/8 (1), Thu 29 (2).
    assert cal.add(T("2024-09-04"), -2) == T("2024-08-29")
    assert cal.add(T("2024-06-12"), -1) == T("2024-06-11")  # Wed − 1 → Tue


def test_add_with_array_of_offsets(cal: WorkCalendar) -> None:
    start = np.array(["2024-06-07", "2024-06-07", "2024-06-07"], dtype="datetime64[D]")
    out = cal.add(start, np.array([1, 0, -1]))  # Fri 7/6: next Mon 10, itself, Thu 6
    assert out.tolist() == [dt.date(2024, 6, 10), dt.date(2024, 6, 7), dt.date(2024, 6, 6)]
    assert out.dtype == np.dtype("datetime64[D]")
    nullable = pd.Series([2, None], dtype="Int64")  # NA offset → NaT
    got = cal.add(pd.Series([T("2024-06-07"), T("2024-06-07")]), nullable)
    assert got.iloc[0] == T("2024-06-11") and pd.isna(got.iloc[1])


def test_count_is_inverse_of_add_and_antisymmetric(cal: WorkCalendar) -> None:
    rng = np.random.default_rng(766)
    start = np.datetime64("2019-01-01") + rng.integers(0, 3650, 2000).astype("timedelta64[D]")
    n = rng.integers(1, 31, start.size)
    assert (cal.count(start, cal.add(start, n)) == n).all()
    # Backwards the identity needs a working start day: from Sat, −1 is Fri, and (Fri, Sat]
    # holds no working day.
    work = start[cal.is_workday(start)]
    assert (cal.count(work, cal.add(work, -n[: work.size])) == -n[: work.size]).all()
    assert cal.count(T("2024-06-08"), cal.add(T("2024-06-08"), -1)) == 0
    end = start + rng.integers(-40, 40, start.size).astype("timedelta64[D]")
    assert (cal.count(start, end) == -cal.count(end, start)).all()


def test_count_end_before_start(cal: WorkCalendar) -> None:
    # (26/4, 6/5/2024] holds Thu 2, Fri 3, Sat 4, Mon 6 → 4; the other way round → −4.
    assert cal.count(T("2024-05-06"), T("2024-04-26")) == -4
    assert cal.count(T("2024-05-06"), T("2024-05-06")) == 0
    assert cal.count(T("2024-06-08"), T("2024-06-09")) == 0  # Sat → Sun: no working day


def test_late_by_working_days(cal: WorkCalendar) -> None:
    # Due Fri 30/8/2024, finished Thu 5/9: Wed 4/9 and Thu 5/9 elapsed → late by 2 wd.
    assert cal.count(T("2024-08-30"), T("2024-09-05 16:45")) == 2


def test_nat_propagation(cal: WorkCalendar) -> None:
    s = pd.Series([T("2024-06-07"), pd.NaT])
    added = cal.add(s, 1)
    assert added.iloc[0] == T("2024-06-10") and pd.isna(added.iloc[1])
    counted = cal.count(s, pd.Series([T("2024-06-10"), T("2024-06-10")]))
    assert counted.dtype == "Int64" and counted.iloc[0] == 1 and pd.isna(counted.iloc[1])
    assert cal.is_workday(s).tolist() == [True, False]
    assert np.isnan(cal.count(pd.NaT, T("2024-06-10")))
    assert pd.isna(cal.add(pd.NaT, 3))
    arr = cal.count(np.array(["2024-06-07", "NaT"], dtype="M8[D]"), T("2024-06-10"))
    assert arr[0] == 1 and np.isnan(arr[1])


def test_series_index_name_and_dtype_preserved(cal: WorkCalendar) -> None:
    s = pd.Series(
        pd.to_datetime(["2024-06-07", "2024-06-08"]).as_unit("ns"), index=["b", "a"], name="due"
    )
    out = cal.add(s, 1)
    assert isinstance(out, pd.Series)
    assert out.index.tolist() == ["b", "a"] and out.name == "due"
    assert out.dtype == "datetime64[ns]"
    assert out.tolist() == [T("2024-06-10"), T("2024-06-10")]
    counted = cal.count(s, T("2024-06-11"))  # Fri → Tue: Mon, Tue; Sat → Tue: Mon, Tue
    assert counted.index.tolist() == ["b", "a"] and counted.tolist() == [2, 2]
    index_out = cal.add(pd.DatetimeIndex(s, name="due"), 1)
    assert isinstance(index_out, pd.DatetimeIndex) and index_out.name == "due"
    with pytest.raises(CalendarError, match="cùng chỉ mục"):
        cal.count(s, s.reset_index(drop=True))


def test_times_of_day_dropped(cal: WorkCalendar) -> None:
    s = pd.Series(pd.to_datetime(["2024-06-07 23:59:59", "2024-06-10 00:00:01"]))
    assert cal.add(s, 1).tolist() == [T("2024-06-10"), T("2024-06-11")]  # midnight results
    assert cal.add(T("2024-06-07 23:59"), 0) == T("2024-06-07")
    assert cal.count(T("2024-06-07 08:00"), T("2024-06-07 17:00")) == 0  # same day
    assert cal.count(T("2024-06-07 23:59"), T("2024-06-10 00:01")) == 1  # Fri night → Mon
    # A time-zone-aware timestamp keeps its local calendar day (23:00 in Hà Nội, 16:00 UTC).
    aware = pd.Series(pd.to_datetime(["2024-06-07 23:00"]).tz_localize("Asia/Ho_Chi_Minh"))
    assert cal.add(aware, 1).iloc[0] == T("2024-06-10")


def test_overrides_from_yaml(tmp_path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "first_year: 2024\nlast_year: 2025\n"
        "extra_holidays: [2024-06-10]\n"  # Mon 10/6/2024 declared a day off
        "extra_workdays: [2024-06-08]\n",  # Sat 8/6/2024 declared a working day
        encoding="utf-8",
    )
    cal = WorkCalendar.from_params(load_calendar(path))
    assert cal.is_workday(days("2024-06-07", "2024-06-11")).tolist() == [
        True,  # Fri 7
        True,  # Sat 8 (extra working day)
        False,  # Sun 9
        False,  # Mon 10 (extra holiday)
        True,  # Tue 11
    ]
    assert cal.add(T("2024-06-07"), 1) == T("2024-06-08")  # Fri → the working Saturday
    assert cal.add(T("2024-06-08"), 1) == T("2024-06-11")  # skips Sun and the day-off Monday
    assert cal.is_workday(days("2024-01-01", "2024-12-31")).sum() == 251  # one off, one on
    with pytest.raises(CalendarRangeError, match="2023"):
        cal.add(T("2023-12-29"), 1)  # this calendar starts in 2024


def test_overrides_win_over_the_package_both_ways(tmp_path) -> None:
    # Mon 29/4/2024 is a package day off (swap) and Sat 4/5/2024 its make-up Saturday: the
    # file can make the first a working day and the second a day off.
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "first_year: 2024\nlast_year: 2024\n"
        "extra_holidays: [{date: 2024-05-04, notice: thử}]\n"
        "extra_workdays: [{date: 2024-04-29, notice: thử}]\n",
        encoding="utf-8",
    )
    params = load_calendar(path)
    assert params.extra_holidays[0].notice == "thử"
    cal = WorkCalendar.from_params(params)
    assert cal.is_workday(T("2024-04-29")) is True and cal.is_workday(T("2024-05-04")) is False


def test_calendar_params_errors_in_vietnamese(tmp_path) -> None:
    cases = {
        "extra_holidays: [10/06/2024]\n": "extra_holidays.0.date': phải là ngày dạng YYYY-MM-DD",
        "extra_holidays: [2026-02-30]\n": "có một ngày không tồn tại",
        "extra_workdays: [{date: 2024-06-08, notes: x}]\n": "extra_workdays.0.notes': tên không",
        "unconfirmed: [{date: 2026-11-24, occasion: x, package: holiday, choice: off}]\n": (
            "unconfirmed.0.choice': phải là một trong các giá trị 'holiday', 'workday'"
        ),
        "unconfirmed: [{date: 2026-11-24, package: holiday, choice: holiday}]\n": (
            "unconfirmed.0.occasion': thiếu"
        ),
    }
    twice = "{date: 2026-11-24, occasion: x, package: holiday, choice: holiday}"
    cases[f"unconfirmed: [{twice}, {twice}]\n"] = "ngày 24/11/2026 bị nêu hai lần"
    for number, (text, message) in enumerate(cases.items()):
        path = tmp_path / f"calendar-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ParamsError) as info:
            load_calendar(path)
        assert message in str(info.value), str(info.value)


def test_overrides_conflicting_or_outside(tmp_path) -> None:
    both = tmp_path / "both.yaml"
    both.write_text("extra_holidays: [2024-06-10]\nextra_workdays: [2024-06-10]\n")
    with pytest.raises(CalendarError, match="10/06/2024"):
        WorkCalendar.from_params(load_calendar(both))
    outside = tmp_path / "outside.yaml"
    outside.write_text("last_year: 2025\nextra_holidays: [2027-01-04]\n")
    with pytest.raises(CalendarRangeError, match="04/01/2027"):
        WorkCalendar.from_params(load_calendar(outside))
    # An unconfirmed day chosen as a day off while extra_workdays makes it worked.
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "extra_workdays: [2026-11-24]\nunconfirmed:\n"
        "  - {date: 2026-11-24, occasion: x, package: holiday, choice: holiday}\n"
    )
    with pytest.raises(CalendarError, match="24/11/2026"):
        WorkCalendar.from_params(load_calendar(clash))


def test_out_of_range_raises(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarRangeError, match="nằm ngoài lịch ngày làm việc") as info:
        cal.add(pd.Series(pd.to_datetime(["2024-01-02", "2031-01-02"])), 1)
    assert isinstance(info.value, KpiError) and "02/01/2031" in str(info.value)
    with pytest.raises(CalendarRangeError, match="01/06/2017"):
        cal.count(T("2017-06-01"), T("2024-01-02"))
    with pytest.raises(CalendarRangeError, match="01/06/2017"):
        cal.is_workday(T("2017-06-01"))
    with pytest.raises(CalendarRangeError, match="ra ngoài lịch"):
        cal.add(T("2030-12-31"), 1)  # the answer would be in 2031
    with pytest.raises(CalendarRangeError, match="ra ngoài lịch"):
        cal.add(T("2018-01-02"), -1)  # Mon 1/1/2018 is a holiday: nothing earlier in range


def test_non_integer_offset_rejected(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarError, match="số nguyên"):
        cal.add(T("2024-06-07"), 1.5)


def test_default_calendar_cached_and_covers_params(cal: WorkCalendar) -> None:
    assert default_calendar() is cal
    params = load_calendar()
    assert (cal.first_year, cal.last_year) == (params.first_year, params.last_year)
    assert (np.diff(cal.workdays.astype(np.int64)) > 0).all()  # sorted, no duplicates


def test_doctest_examples() -> None:
    assert doctest.testmod(calendar_module).failed == 0


def test_holidays_cached_per_release(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KPI766_CACHE_DIR", str(tmp_path))
    # First call: computed with the package and written under the release's name.
    days_off, make_up = calendar_module.vietnam_days(2024, 2025)
    vn = holidays.country_holidays("VN", years=range(2024, 2026), language="vi")
    assert (days_off, make_up) == (sorted(vn), sorted(vn.weekend_workdays))
    (cached,) = tmp_path.glob("holidays-VN-*-2024-2025.json")
    assert holidays.__version__ in cached.name
    # Second call: read from the file (a planted day off proves the file is what is read).
    planted = cached.read_text(encoding="utf-8").replace(
        '"days_off": [', '"days_off": ["2024-06-10", '
    )
    cached.write_text(planted, encoding="utf-8")
    assert calendar_module.vietnam_days(2024, 2025)[0][0] == dt.date(2024, 6, 10)
    # A malformed file is ignored and rewritten with the package's answer.
    cached.write_text('{"days_off": [', encoding="utf-8")
    assert calendar_module.vietnam_days(2024, 2025) == (days_off, make_up)
    assert calendar_module.vietnam_days(2024, 2025) == (days_off, make_up)
    assert "2024-05-04" in cached.read_text(encoding="utf-8")  # the make-up Saturday of 2024


def test_holidays_without_writable_cache(tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KPI766_CACHE_DIR", str(blocked / "cache"))  # cannot be created
    days_off, make_up = calendar_module.vietnam_days(2024, 2024)
    assert dt.date(2024, 4, 29) in days_off and dt.date(2024, 5, 4) in make_up


# Hand-worked cases added for mutation testing (tests/MUTATION.md): exact messages, a one-year
# 2024 calendar, a three-day synthetic calendar, the holiday cache, every kind of input.


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
        dt.date(2026, 8, 22),
        dt.date(2026, 8, 31),
        dt.date(2026, 11, 24),
    ]


def test_from_params_keeps_the_unconfirmed_days_by_date() -> None:
    later = UnconfirmedDay(
        date=dt.date(2024, 11, 25), occasion="b", package="workday", choice="workday"
    )
    earlier = UnconfirmedDay(
        date=dt.date(2024, 6, 10), occasion="a", package="workday", choice="holiday"
    )
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
        "Lịch ngày làm việc: first_year (2025) lớn hơn last_year (2024) trong params/calendar.yaml."
    )


def test_from_params_conflict_lists_only_the_days_both_off_and_on() -> None:
    params = CalendarParams(
        first_year=2024,
        last_year=2024,
        extra_holidays=[{"date": "2024-06-11"}, {"date": "2024-06-10"}, {"date": "2024-06-12"}],
        extra_workdays=[{"date": "2024-06-12"}, {"date": "2024-06-10"}, {"date": "2024-06-15"}],
    )
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_params(params)
    assert _message(info) == (
        "params/calendar.yaml: các ngày vừa là ngày nghỉ vừa là ngày làm việc "
        "(extra_holidays, extra_workdays, unconfirmed): 10/06/2024, 12/06/2024"
    )


def test_from_params_outside_years_message() -> None:
    params = CalendarParams(
        first_year=2024,
        last_year=2024,
        extra_workdays=[{"date": "2025-06-14"}, {"date": "2023-06-10"}],
    )
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
    return WorkCalendar(
        ["2024-01-05", "2024-01-02", "2024-01-03", "2024-01-02"], first_year=2024, last_year=2024
    )


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
        False,
        True,
        False,
        False,
    ]


def test_tiny_calendar_add(tiny: WorkCalendar) -> None:
    start = np.array(["2024-01-01"] * 4 + ["2024-01-04"] * 3 + ["2024-01-06"] * 2, "M8[D]")
    n = np.array([1, 2, 3, 0, 1, -1, -2, -1, -3])
    # From Mon 1/1: 2/1, 3/1, 5/1, itself. From Thu 4/1: 5/1, 3/1, 2/1. From Sat 6/1: 5/1, 2/1.
    assert tiny.add(start, n).tolist() == [dt.date(2024, 1, d) for d in (2, 3, 5, 1, 5, 3, 2, 5, 2)]
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
    off_2024 = [
        "2024-01-01",
        "2024-02-08",
        "2024-02-09",
        "2024-02-10",
        "2024-02-11",
        "2024-02-12",
        "2024-02-13",
        "2024-02-14",
        "2024-04-18",
        "2024-04-29",
        "2024-04-30",
        "2024-05-01",
        "2024-09-02",
        "2024-09-03",
    ]
    # The package's make-up days are not limited to the years asked (0.109 adds 27/12/2014
    # and 5/1/2019): harmless, since only the calendar's own days are looked up in them.
    assert stored == {
        "holidays": holidays.__version__,
        "days_off": off_2024,
        "make_up": [d.isoformat() for d in make_up],
    }
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
    assert (
        got.iloc[0] == T("2024-06-10") and pd.isna(got.iloc[1]) and got.iloc[2] == T("2024-06-06")
    )
    assert cal.add(start, pd.Index([1, 2, 0])).tolist() == [
        T("2024-06-10"),
        T("2024-06-11"),
        T("2024-06-07"),
    ]
    assert cal.add(T("2024-06-07"), 2.0) == T("2024-06-11")
    assert cal.add(T("2024-06-07"), np.array([1], dtype=np.uint8)).tolist() == [
        dt.datetime(2024, 6, 10)
    ]
    for bad in (np.array([True]), np.array([1.5]), "x", [1, 2.5]):
        with pytest.raises(CalendarError) as info:
            cal.add(T("2024-06-07"), bad)
        assert _message(info) == "Số ngày làm việc cộng thêm (n) phải là số nguyên."


def test_add_at_the_edges_of_the_working_days(tiny: WorkCalendar) -> None:
    # After the last working day (Fri 5/1) or before the first (Tue 2/1), n = 0 is the day
    # itself and NaT stays NaT, whatever n.
    assert tiny.add(T("2024-12-31"), 0) == T("2024-12-31")
    assert tiny.add(T("2024-01-01"), 0) == T("2024-01-01")
    got = tiny.add(np.array(["NaT", "NaT", "NaT", "2024-06-01"], "M8[D]"), np.array([-1, 5, -4, 0]))
    assert np.isnat(got[:3]).all() and got[3] == np.datetime64("2024-06-01")
    with pytest.raises(CalendarRangeError) as info:
        tiny.add(
            np.array(["2024-01-03", "2024-01-05", "2024-01-02"], "M8[D]"), np.array([1, 2, -3])
        )
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


def test_add_offsets_from_an_object_column_with_gaps() -> None:
    # Offsets read from a column of Python objects (2, None): None gives NaT, 2 gives Tue 11/6.
    got = default_calendar().add(
        pd.Series([T("2024-06-07")] * 2), pd.Series([2, None], dtype=object)
    )
    assert got.iloc[0] == T("2024-06-11") and pd.isna(got.iloc[1])


def test_count_message_for_two_series_with_different_indexes() -> None:
    s = pd.Series([T("2024-06-07")], index=[1])
    with pytest.raises(CalendarError) as info:
        default_calendar().count(s, s.reset_index(drop=True))
    assert _message(info) == "Hai chuỗi ngày bắt đầu và kết thúc phải có cùng chỉ mục (index)."
