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
