"""Audit periods: month ``2024-06``, quarter ``2024-Q2``, half-year ``2024-H1``, year ``2024``,
or a custom range ``2024-06-01..2024-06-20``. Day boundaries are local days, inclusive."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kpi import labels
from kpi.errors import PeriodError

_PATTERNS = {
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "half": re.compile(r"^(\d{4})-H([12])$"),
    "year": re.compile(r"^(\d{4})$"),
    "custom": re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"),
}
# How many periods of a kind make a year (indicator 4's fallback: previous year's total / n).
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}


@dataclass(frozen=True)
class Period:
    """An audit period: ``start`` and ``end`` are the first and last local days (midnight)."""

    label: str
    kind: str
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def end_instant(self) -> pd.Timestamp:
        """The last instant of the period (end day, 23:59:59.999999)."""
        return self.end + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)

    @property
    def year_fraction(self) -> float:
        """The share of a year the period covers (1/12 for a month; days/365 when custom)."""
        if self.kind in PERIODS_PER_YEAR:
            return 1 / PERIODS_PER_YEAR[self.kind]
        return ((self.end - self.start).days + 1) / 365

    def contains(self, other: Period) -> bool:
        """True when ``other`` lies entirely within this period."""
        return self.start <= other.start and other.end <= self.end

    def months(self) -> list[str]:
        """Labels ``YYYY-MM`` of the months the period touches."""
        return [p.strftime("%Y-%m") for p in pd.period_range(self.start, self.end, freq="M")]


def parse_period(text: str) -> Period:
    """Parse a period label.

    Raises
    ------
    PeriodError
        With a Vietnamese message when the label matches none of the accepted forms.

    Examples
    --------
    >>> p = parse_period("2024-Q2")
    >>> (p.start.date().isoformat(), p.end.date().isoformat())
    ('2024-04-01', '2024-06-30')
    """
    text = str(text).strip()
    why = ""
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(text)
        if not match:
            continue
        try:
            start, end = _bounds(kind, match.groups())
        except ValueError:
            break
        if end < start:
            why = labels.PERIOD_START_AFTER_END.format(start=start, end=end)
            break
        return Period(text, kind, start, end)
    raise PeriodError(labels.INVALID_PERIOD.format(text=text, why=why))


def _bounds(kind: str, groups: tuple[str, ...]) -> tuple[pd.Timestamp, pd.Timestamp]:
    if kind == "custom":
        return pd.Timestamp(groups[0]), pd.Timestamp(groups[1])
    year = int(groups[0])
    first_month, n_months = {
        "month": (int(groups[-1]), 1),
        "quarter": (3 * int(groups[-1]) - 2, 3),
        "half": (6 * int(groups[-1]) - 5, 6),
        "year": (1, 12),
    }[kind]
    if not 1 <= first_month <= 12:
        raise ValueError(kind)
    start = pd.Timestamp(year=year, month=first_month, day=1)
    end = start + pd.DateOffset(months=n_months) - pd.Timedelta(days=1)
    return start, pd.Timestamp(end)


def previous_year(period: Period) -> str:
    """Label of the calendar year before the period's start (``2023`` for ``2024-06``)."""
    return str(period.start.year - 1)


def previous_period(period: Period | str) -> Period:
    """The period of the same kind just before ``period`` (same length for a custom range).

    Examples
    --------
    >>> [previous_period(p).label for p in ("2024-01", "2024-Q1", "2024-H2", "2024")]
    ['2023-12', '2023-Q4', '2024-H1', '2023']
    """
    period = parse_period(period) if isinstance(period, str) else period
    start = period.start
    if period.kind == "month":
        return parse_period((start - pd.DateOffset(months=1)).strftime("%Y-%m"))
    if period.kind == "quarter":
        before = start - pd.DateOffset(months=3)
        return parse_period(f"{before.year}-Q{(before.month - 1) // 3 + 1}")
    if period.kind == "half":
        before = start - pd.DateOffset(months=6)
        return parse_period(f"{before.year}-H{(before.month - 1) // 6 + 1}")
    if period.kind == "year":
        return parse_period(str(start.year - 1))
    length = period.end - period.start + pd.Timedelta(days=1)
    return parse_period(
        f"{(start - length).date().isoformat()}..{(start - pd.Timedelta(days=1)).date().isoformat()}"
    )
