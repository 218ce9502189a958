"""The civil servants' schedule of 2022–2026 (shared/spec/calendar.md), day by day.

Every weekday off and every Saturday worked of the spec's table is one case; the days marked
(?) there, and Ngày Văn hóa Việt Nam 2026, are the ``unconfirmed`` days of
params/calendar.yaml and follow the choice made there. The tests run on the package's answer
computed afresh in the test cache folder (tests/conftest.py), not on ~/.cache.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import yaml

import kpi.calendar as calendar_module
from kpi import paths
from kpi.calendar import WorkCalendar, default_calendar
from kpi.params import load_calendar

D = dt.date

# (day, occasion, notice): the weekdays off of the spec's table.
DAYS_OFF = [
    (D(2022, 1, 3), "Tết Dương lịch 2022 (1/1 là thứ Bảy)", ""),
    *((D(2022, 1, 31) + dt.timedelta(k), "Tết Nhâm Dần", "245/VPCP-KGVX") for k in range(5)),
    (D(2022, 4, 11), "Giỗ Tổ 2022 (chủ nhật 10/4)", ""),
    (D(2022, 5, 2), "30/4 (thứ Bảy) 2022", ""),
    (D(2022, 5, 3), "1/5 (chủ nhật) 2022", ""),
    (D(2022, 9, 1), "Quốc khánh 2022", ""),
    (D(2022, 9, 2), "Quốc khánh 2022", ""),
    (D(2023, 1, 2), "Tết Dương lịch 2023 (chủ nhật 1/1)", ""),
    (D(2023, 1, 20), "Tết Quý Mão", "8056/VPCP-KGVX"),
    *((D(2023, 1, 23) + dt.timedelta(k), "Tết Quý Mão", "8056/VPCP-KGVX") for k in range(4)),
    (D(2023, 5, 1), "Giỗ Tổ (thứ Bảy 29/4), 30/4, 1/5 2023", ""),
    (D(2023, 5, 2), "Giỗ Tổ (thứ Bảy 29/4), 30/4, 1/5 2023", ""),
    (D(2023, 5, 3), "Giỗ Tổ (thứ Bảy 29/4), 30/4, 1/5 2023", ""),
    (D(2023, 9, 1), "Quốc khánh 2023", "8056/VPCP-KGVX"),
    (D(2023, 9, 4), "Quốc khánh 2023", "8056/VPCP-KGVX"),
    (D(2024, 1, 1), "Tết Dương lịch 2024", ""),
    (D(2024, 2, 8), "Tết Giáp Thìn", ""),
    (D(2024, 2, 9), "Tết Giáp Thìn", ""),
    *((D(2024, 2, 12) + dt.timedelta(k), "Tết Giáp Thìn", "") for k in range(3)),
    (D(2024, 4, 18), "Giỗ Tổ 2024", ""),
    (D(2024, 4, 29), "30/4 – 1/5 2024 (đổi với thứ Bảy 4/5)", "2450/VPCP-KGVX"),
    (D(2024, 4, 30), "30/4 – 1/5 2024", "2450/VPCP-KGVX"),
    (D(2024, 5, 1), "30/4 – 1/5 2024", "2450/VPCP-KGVX"),
    (D(2024, 9, 2), "Quốc khánh 2024", ""),
    (D(2024, 9, 3), "Quốc khánh 2024", ""),
    (D(2025, 1, 1), "Tết Dương lịch 2025", ""),
    *((D(2025, 1, 27) + dt.timedelta(k), "Tết Ất Tỵ", "6150/TB-BLĐTBXH") for k in range(5)),
    (D(2025, 4, 7), "Giỗ Tổ 2025", ""),
    (D(2025, 4, 30), "30/4 – 1/5 2025", ""),
    (D(2025, 5, 1), "30/4 – 1/5 2025", ""),
    (D(2025, 5, 2), "30/4 – 1/5 2025 (đổi với thứ Bảy 26/4)", ""),
    (D(2025, 9, 1), "Quốc khánh 2025", ""),
    (D(2025, 9, 2), "Quốc khánh 2025", ""),
    (D(2026, 1, 1), "Tết Dương lịch 2026", "12729/VPCP-KGVX (25/12/2025)"),
    (D(2026, 1, 2), "Tết Dương lịch 2026 (đổi với thứ Bảy 10/1)", "12729/VPCP-KGVX (25/12/2025)"),
    *(
        (D(2026, 2, 16) + dt.timedelta(k), "Tết Bính Ngọ", "9441/TB-BNV (16/10/2025)")
        for k in range(5)
    ),
    (D(2026, 4, 27), "Giỗ Tổ 2026 (chủ nhật 26/4)", ""),
    (D(2026, 4, 30), "30/4 (thứ Năm) 2026", ""),
    (D(2026, 5, 1), "1/5 (thứ Sáu) 2026", ""),
    (D(2026, 9, 1), "Quốc khánh 2026", ""),
    (D(2026, 9, 2), "Quốc khánh 2026", ""),
]

# The Saturdays worked of the spec's table.
SATURDAYS_WORKED = [
    (D(2024, 5, 4), "làm bù cho thứ Hai 29/4/2024", "2450/VPCP-KGVX"),
    (D(2025, 4, 26), "làm bù cho thứ Sáu 2/5/2025", ""),
    (D(2026, 1, 10), "làm bù cho thứ Sáu 2/1/2026", "12729/VPCP-KGVX (25/12/2025)"),
]

# The (?) days of the spec and Ngày Văn hóa Việt Nam: (day, what the holidays package says).
UNCONFIRMED = {
    D(2026, 8, 22): "workday",
    D(2026, 8, 31): "holiday",
    D(2026, 11, 24): "holiday",
}

# Neighbours of the breaks that stay ordinary working days (or ordinary weekend days).
NEIGHBOURS = [
    (D(2022, 1, 28), True, "thứ Sáu trước Tết Nhâm Dần"),
    (D(2022, 2, 7), True, "thứ Hai sau Tết Nhâm Dần"),
    (D(2023, 1, 19), True, "thứ Năm trước Tết Quý Mão"),
    (D(2023, 1, 27), True, "thứ Sáu sau Tết Quý Mão"),
    (D(2023, 4, 28), True, "thứ Sáu trước Giỗ Tổ (thứ Bảy 29/4/2023)"),
    (D(2024, 2, 7), True, "thứ Tư trước Tết Giáp Thìn"),
    (D(2024, 2, 15), True, "thứ Năm sau Tết Giáp Thìn"),
    (D(2024, 9, 4), True, "thứ Tư sau Quốc khánh 2024"),
    (D(2025, 1, 24), True, "thứ Sáu trước Tết Ất Tỵ"),
    (D(2025, 2, 3), True, "thứ Hai sau Tết Ất Tỵ"),
    (D(2025, 4, 29), True, "thứ Ba trước 30/4/2025"),
    (D(2025, 12, 31), True, "thứ Tư cuối năm 2025"),
    (D(2026, 1, 3), False, "thứ Bảy 3/1/2026, không làm bù"),
    (D(2026, 1, 5), True, "thứ Hai sau Tết Dương lịch 2026"),
    (D(2026, 1, 9), True, "thứ Sáu trước thứ Bảy làm bù 10/1/2026"),
    (D(2026, 1, 11), False, "chủ nhật sau thứ Bảy làm bù 10/1/2026"),
    (D(2026, 2, 13), True, "thứ Sáu trước Tết Bính Ngọ"),
    (D(2026, 2, 23), True, "thứ Hai sau Tết Bính Ngọ"),
    (D(2026, 4, 28), True, "thứ Ba sau Giỗ Tổ 2026"),
    (D(2026, 4, 29), True, "thứ Tư trước 30/4/2026"),
    (D(2026, 9, 3), True, "thứ Năm sau Quốc khánh 2026"),
]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def _case_id(row: tuple) -> str:
    return f"{row[0]:%d/%m/%Y}"


@pytest.mark.parametrize("row", DAYS_OFF, ids=_case_id)
def test_weekday_off(cal: WorkCalendar, row: tuple[dt.date, str, str]) -> None:
    day, occasion, _notice = row
    assert day.weekday() < 5, f"{day}: the table lists weekdays only"
    assert cal.is_workday(np.datetime64(day)) is False, occasion


@pytest.mark.parametrize("row", SATURDAYS_WORKED, ids=_case_id)
def test_saturday_worked(cal: WorkCalendar, row: tuple[dt.date, str, str]) -> None:
    day, occasion, _notice = row
    assert day.weekday() == 5, f"{day}: not a Saturday"
    assert cal.is_workday(np.datetime64(day)) is True, occasion


@pytest.mark.parametrize("row", NEIGHBOURS, ids=_case_id)
def test_neighbouring_days_are_ordinary(cal: WorkCalendar, row: tuple[dt.date, bool, str]) -> None:
    day, works, occasion = row
    assert cal.is_workday(np.datetime64(day)) is works, occasion


def test_no_other_day_off_or_worked(cal: WorkCalendar) -> None:
    # The converse of the table: in 2022–2026 no other weekday is off and no other weekend
    # day is worked, apart from the unconfirmed days as chosen in params/calendar.yaml.
    every = np.arange(np.datetime64("2022-01-01"), np.datetime64("2027-01-01"))
    works = dict(zip(every.tolist(), cal.is_workday(every).tolist(), strict=True))
    chosen = {u.date: u.choice for u in load_calendar().unconfirmed}
    off = {row[0] for row in DAYS_OFF} | {d for d, c in chosen.items() if c == "holiday"}
    worked = {row[0] for row in SATURDAYS_WORKED} | {d for d, c in chosen.items() if c == "workday"}
    assert {d for d, w in works.items() if d.weekday() < 5 and not w} == off
    assert {d for d, w in works.items() if d.weekday() >= 5 and w} == worked


def test_working_days_2024_and_2025(cal: WorkCalendar) -> None:
    year = {
        y: np.arange(np.datetime64(f"{y}-01-01"), np.datetime64(f"{y + 1}-01-01"))
        for y in (2024, 2025)
    }
    assert cal.is_workday(year[2024]).sum() == 251
    assert cal.is_workday(year[2025]).sum() == 250


def test_2026_new_year_swap_comes_from_the_file() -> None:
    params = load_calendar()
    notice = "12729/VPCP-KGVX (25/12/2025)"
    assert [(d.date, d.notice) for d in params.extra_holidays] == [(D(2026, 1, 2), notice)]
    assert [(d.date, d.notice) for d in params.extra_workdays] == [(D(2026, 1, 10), notice)]


def test_unconfirmed_days_are_listed_with_what_the_package_says() -> None:
    # params/calendar.yaml names every unconfirmed day of the spec, and what it says about the
    # package is what the installed package says.
    params = load_calendar()
    assert {u.date: u.package for u in params.unconfirmed} == UNCONFIRMED
    days_off, make_up = calendar_module.vietnam_days(2026, 2026)
    for day in params.unconfirmed:
        package = "holiday" if day.date in days_off else "workday"
        if day.date.weekday() >= 5:
            package = "workday" if day.date in make_up else "holiday"
        assert package == day.package, day.date


def test_unconfirmed_days_follow_the_choice(cal: WorkCalendar) -> None:
    for day in load_calendar().unconfirmed:
        assert cal.is_workday(np.datetime64(day.date)) is (day.choice == "workday"), day.date


def test_default_choice_follows_the_package() -> None:
    # The documented default (params/calendar.yaml, params/assumptions.md).
    assert all(u.choice == u.package for u in load_calendar().unconfirmed)


def test_flipping_the_choice_flips_the_answer(tmp_path) -> None:
    document = yaml.safe_load(paths.CALENDAR_FILE.read_text(encoding="utf-8"))
    for entry in document["unconfirmed"]:
        entry["choice"] = "workday" if entry["choice"] == "holiday" else "holiday"
    path = tmp_path / "calendar.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    flipped, default = WorkCalendar.from_params(load_calendar(path)), default_calendar()
    for entry in load_calendar(path).unconfirmed:
        day = np.datetime64(entry.date)
        assert flipped.is_workday(day) is (entry.choice == "workday")
        assert flipped.is_workday(day) is not default.is_workday(day)
    # Everything else is unchanged.
    every = np.arange(np.datetime64("2022-01-01"), np.datetime64("2027-01-01"))
    differ = every[flipped.is_workday(every) != default.is_workday(every)]
    assert differ.tolist() == sorted(UNCONFIRMED)


def test_unconfirmed_between(cal: WorkCalendar) -> None:
    august = cal.unconfirmed_between("2026-08-22", "2026-08-31")  # both ends included
    assert [u.date for u in august] == [D(2026, 8, 22), D(2026, 8, 31)]
    assert all(u.occasion and u.note for u in august)
    assert [u.date for u in cal.unconfirmed_between(D(2026, 11, 1), D(2026, 11, 30))] == [
        D(2026, 11, 24)
    ]
    assert cal.unconfirmed_between("2024-01-01", "2025-12-31") == []
    assert cal.unconfirmed_between("2026-08-23", "2026-08-30") == []


def test_yaml_edit_takes_effect_over_the_disk_cache(tmp_path, monkeypatch) -> None:
    # The disk cache holds the package's days only; the file's overrides are applied on every
    # build, so an edit of calendar.yaml changes the answer while the cache is reused.
    monkeypatch.setenv("KPI766_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "calendar.yaml"
    path.write_text("first_year: 2026\nlast_year: 2026\nextra_holidays: [2026-06-10]\n")
    read = load_calendar.__wrapped__  # a fresh read of the file, as in a new process
    assert WorkCalendar.from_params(read(path)).is_workday(np.datetime64("2026-06-10")) is False
    (cached,) = (tmp_path / "cache").glob("holidays-VN-*-2026-2026.json")
    assert "2026-06-10" not in cached.read_text(encoding="utf-8")
    assert "2026-01-02" not in cached.read_text(encoding="utf-8")  # the package's own answer
    # Plant a day off in the cache: seeing it below proves the cache is what is read.
    cached.write_text(
        cached.read_text(encoding="utf-8").replace('"days_off": [', '"days_off": ["2026-06-12", '),
        encoding="utf-8",
    )
    path.write_text("first_year: 2026\nlast_year: 2026\nextra_holidays: [2026-06-11]\n")
    cal = WorkCalendar.from_params(read(path))
    assert cal.is_workday(
        np.array(["2026-06-10", "2026-06-11", "2026-06-12"], "M8[D]")
    ).tolist() == [
        True,  # the earlier edit is gone
        False,  # the new edit applies
        False,  # the planted cache entry: the cache was reused, not rebuilt
    ]
