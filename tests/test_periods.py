"""Audit periods (kpi/periods.py), worked by hand from the calendar."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.errors import PeriodError
from kpi.periods import PERIODS_PER_YEAR, Period, parse_period, previous_period, previous_year


def _days(period: Period) -> tuple[str, str]:
    return period.start.date().isoformat(), period.end.date().isoformat()


@pytest.mark.parametrize(
    ("label", "kind", "first", "last"),
    [
        # A month: first to last day; June has 30 days, February 2024 (leap year) 29.
        ("2024-06", "month", "2024-06-01", "2024-06-30"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2023-02", "month", "2023-02-01", "2023-02-28"),
        ("2024-12", "month", "2024-12-01", "2024-12-31"),
        # Quarters: Q1 Jan-Mar ... Q4 Oct-Dec.
        ("2024-Q1", "quarter", "2024-01-01", "2024-03-31"),
        ("2024-Q2", "quarter", "2024-04-01", "2024-06-30"),
        ("2024-Q3", "quarter", "2024-07-01", "2024-09-30"),
        ("2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
        # Halves: H1 Jan-Jun (six months, ends 30 June, not 31 May), H2 Jul-Dec.
        ("2024-H1", "half", "2024-01-01", "2024-06-30"),
        ("2024-H2", "half", "2024-07-01", "2024-12-31"),
        ("2024", "year", "2024-01-01", "2024-12-31"),
        ("2024-06-01..2024-06-20", "custom", "2024-06-01", "2024-06-20"),
        # A one-day range is allowed (start == end).
        ("2024-06-05..2024-06-05", "custom", "2024-06-05", "2024-06-05"),
        # A range may cross a year.
        ("2023-12-20..2024-01-10", "custom", "2023-12-20", "2024-01-10"),
    ],
)
def test_parse_period_bounds(label, kind, first, last):
    period = parse_period(label)
    assert (period.label, period.kind) == (label, kind)
    assert _days(period) == (first, last)
    # Both bounds are local midnights.
    assert period.start == period.start.normalize() and period.end == period.end.normalize()


def test_half_year_has_six_months():
    h1, h2 = parse_period("2024-H1"), parse_period("2024-H2")
    assert h1.months() == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert h2.months() == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
    # 2024 is a leap year: H1 = 31+29+31+30+31+30 = 182 days, H2 = 31+31+30+31+30+31 = 184.
    assert (h1.end - h1.start).days + 1 == 182
    assert (h2.end - h2.start).days + 1 == 184


def test_surrounding_whitespace_is_ignored():
    assert _days(parse_period("  2024-06 \n")) == ("2024-06-01", "2024-06-30")
    assert parse_period(" 2024-Q2 ").label == "2024-Q2"


@pytest.mark.parametrize(
    "label",
    [
        "2024-06-20..2024-06-01",  # reversed custom range
        "2024-06-02..2024-06-01",  # reversed by one day
        "2024-13",  # no 13th month
        "2024-00",
        "2024-Q0",
        "2024-Q5",
        "2024-H0",
        "2024-H3",
        "2024-02-30..2024-03-01",  # no 30 February
        "2024-6",  # month needs two digits
        "24-06",
        "2024-q2",  # the Q is upper case
        "2024-06-01..",
        "2024-06-01 .. 2024-06-20",
        "tháng 6",
        "",
    ],
)
def test_bad_labels_are_refused_in_vietnamese(label):
    with pytest.raises(PeriodError) as caught:
        parse_period(label)
    message = str(caught.value)
    assert message.startswith(f"Kỳ '{label.strip()}' không hợp lệ")
    assert "YYYY-MM-DD..YYYY-MM-DD" in message  # tells which forms are accepted
    # PeriodError is a ValueError too, with the CLI's exit code 2.
    assert isinstance(caught.value, ValueError) and caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("label", "last_instant"),
    [
        ("2024-06", "2024-06-30 23:59:59.999999"),
        ("2024-02", "2024-02-29 23:59:59.999999"),
        ("2024-H1", "2024-06-30 23:59:59.999999"),
        ("2024", "2024-12-31 23:59:59.999999"),
        ("2024-06-01..2024-06-20", "2024-06-20 23:59:59.999999"),
    ],
)
def test_end_instant_is_the_last_microsecond_of_the_end_day(label, last_instant):
    period = parse_period(label)
    assert period.end_instant == pd.Timestamp(last_instant)
    # One microsecond later is the next day's midnight.
    assert period.end_instant + pd.Timedelta(microseconds=1) == period.end + pd.Timedelta(days=1)


@pytest.mark.parametrize(
    ("label", "previous", "first", "last"),
    [
        ("2024-06", "2024-05", "2024-05-01", "2024-05-31"),
        ("2024-01", "2023-12", "2023-12-01", "2023-12-31"),  # across the year
        ("2024-03", "2024-02", "2024-02-01", "2024-02-29"),
        ("2024-Q1", "2023-Q4", "2023-10-01", "2023-12-31"),
        ("2024-Q3", "2024-Q2", "2024-04-01", "2024-06-30"),
        ("2024-H1", "2023-H2", "2023-07-01", "2023-12-31"),
        ("2024-H2", "2024-H1", "2024-01-01", "2024-06-30"),
        ("2024", "2023", "2023-01-01", "2023-12-31"),
        # A custom range: the same number of days just before. 1..20 June = 20 days, so the
        # previous range is the 20 days ending 31 May: 12..31 May.
        ("2024-06-01..2024-06-20", "2024-05-12..2024-05-31", "2024-05-12", "2024-05-31"),
        # 3 days across New Year: 1..3 Jan -> 29..31 Dec.
        ("2024-01-01..2024-01-03", "2023-12-29..2023-12-31", "2023-12-29", "2023-12-31"),
        # Across 29 February: 1..10 March 2024 (10 days) -> 20..29 February.
        ("2024-03-01..2024-03-10", "2024-02-20..2024-02-29", "2024-02-20", "2024-02-29"),
    ],
)
def test_previous_period(label, previous, first, last):
    before = previous_period(label)
    assert before.label == previous
    assert before.kind == parse_period(label).kind
    assert _days(before) == (first, last)
    # Same result from a Period as from its label; the previous period ends the day before.
    assert previous_period(parse_period(label)) == before
    assert before.end + pd.Timedelta(days=1) == parse_period(label).start


def test_previous_year():
    assert previous_year(parse_period("2024-06")) == "2023"
    assert previous_year(parse_period("2024-01-01..2024-01-03")) == "2023"
    # The year before the period's start, not its end.
    assert previous_year(parse_period("2023-12-20..2024-01-10")) == "2022"


@pytest.mark.parametrize(
    ("label", "months"),
    [
        ("2024-06", ["2024-06"]),
        ("2024-Q4", ["2024-10", "2024-11", "2024-12"]),
        ("2024", [f"2024-{m:02d}" for m in range(1, 13)]),
        ("2024-06-01..2024-06-20", ["2024-06"]),
        ("2024-05-31..2024-06-01", ["2024-05", "2024-06"]),  # two days, two months
        ("2023-12-20..2024-01-10", ["2023-12", "2024-01"]),
    ],
)
def test_months_the_period_touches(label, months):
    assert parse_period(label).months() == months


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2024-Q2", "2024-06", True),
        ("2024-Q2", "2024-04", True),
        ("2024-Q2", "2024-07", False),
        ("2024-H1", "2024-Q2", True),
        ("2024-H1", "2024-Q3", False),
        ("2024", "2024-H2", True),
        ("2024", "2023-12", False),
        ("2024-06", "2024-06", True),  # a period contains itself
        ("2024-06", "2024-Q2", False),  # a month does not contain its quarter
        ("2024-06", "2024-06-01..2024-06-30", True),  # same days
        ("2024-06", "2024-06-10..2024-06-20", True),
        ("2024-06", "2024-05-31..2024-06-20", False),  # starts a day before
        ("2024-06", "2024-06-10..2024-07-01", False),  # ends a day after
    ],
)
def test_contains(outer, inner, expected):
    assert parse_period(outer).contains(parse_period(inner)) is expected


@pytest.mark.parametrize(
    ("label", "fraction"),
    [
        ("2024-06", 1 / 12),
        ("2024-02", 1 / 12),  # by kind, not by days
        ("2024-Q2", 1 / 4),
        ("2024-H1", 1 / 2),
        ("2024", 1.0),
        ("2024-06-01..2024-06-20", 20 / 365),  # custom: days (both ends included) / 365
        ("2024-06-05..2024-06-05", 1 / 365),
        ("2024-01-01..2024-12-31", 366 / 365),  # a leap year's days, still over 365
    ],
)
def test_year_fraction(label, fraction):
    assert parse_period(label).year_fraction == pytest.approx(fraction)


def test_periods_per_year_match_the_kinds():
    assert PERIODS_PER_YEAR == {"month": 12, "quarter": 4, "half": 2, "year": 1}


def test_reversed_range_says_which_day_comes_first():
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-06-20..2024-06-01")
    assert str(caught.value).startswith(
        "Kỳ '2024-06-20..2024-06-01' không hợp lệ: ngày đầu 20/06/2024 sau ngày cuối 01/06/2024."
    )
    # Other bad labels keep the plain message.
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-13")
    assert str(caught.value).startswith("Kỳ '2024-13' không hợp lệ. Dùng tháng YYYY-MM")


def test_bad_label_message_in_full():
    with pytest.raises(PeriodError) as info:
        parse_period("2024-13")
    assert str(info.value) == (
        "Kỳ '2024-13' không hợp lệ. Dùng tháng YYYY-MM, quý YYYY-Qn, nửa năm YYYY-H1/H2, "
        "năm YYYY hoặc khoảng YYYY-MM-DD..YYYY-MM-DD."
    )
