"""Vietnamese working-day calendar for deadlines counted in working days (``wd``).

A working day is Monday–Friday, minus the public holidays and government day-off swaps known
to the ``holidays`` package, plus its make-up working Saturdays, then corrected by
``params/calendar.yaml``: ``extra_holidays`` removed, ``extra_workdays`` added, and each day of
``unconfirmed`` a holiday or a workday as chosen there. The corrections are applied on every
build, after the package's days are read (from the on-disk cache or the package), so an edit
of the file takes effect without touching the cache; ``unconfirmed_between`` lists the
unconfirmed days of a period, for a report to mention them. Working days are kept in a sorted
``datetime64[D]`` array; ``np.searchsorted`` of every calendar day into it
gives a per-day rank table, so that each record costs one table look-up (no search, no loop).

Convention: the start day is never counted. ``add(d, n)`` is the n-th working day strictly
after the calendar day of ``d`` (n > 0) or strictly before it (n < 0); ``add(d, 0)`` is the day
of ``d``. ``count(a, b)`` is the number of working days w with ``a < w <= b`` (by calendar day),
negated when ``b < a``; so ``count(d, add(d, n)) == n`` for ``n > 0``, and for ``n < 0`` when
``d`` is itself a working day.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi import labels
from kpi.errors import KpiError
from kpi.params import CalendarParams, UnconfirmedDay, load_calendar

_DAY = "datetime64[D]"


class CalendarError(KpiError, ValueError):
    """Invalid calendar parameters or arguments (message in Vietnamese)."""


class CalendarRangeError(CalendarError):
    """A date, or an offset result, lies outside the years covered by the calendar."""


def _days(dates: Any) -> tuple[np.ndarray, str, Any, str]:
    """Normalise ``dates`` to ``datetime64[D]`` values (times and time zones dropped).

    Returns the values, the input kind (``series``, ``index``, ``array``, ``scalar``), the
    input itself (for index and name) and its datetime unit (to give results the same dtype).
    """
    if isinstance(dates, pd.Series | pd.Index):
        kind = "series" if isinstance(dates, pd.Series) else "index"
        values = pd.to_datetime(dates)
        if isinstance(values.dtype, pd.DatetimeTZDtype):  # keep the local wall-clock date
            values = values.dt.tz_localize(None) if kind == "series" else values.tz_localize(None)
        array = values.to_numpy()
    elif isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        kind, array = "array", dates
    elif np.ndim(dates) == 0:
        stamp = pd.Timestamp(dates)
        if stamp is not pd.NaT and stamp.tz is not None:
            stamp = stamp.tz_localize(None)
        kind, array = "scalar", np.asarray(stamp.to_datetime64())
    else:
        days, _, _, unit = _days(pd.DatetimeIndex(pd.to_datetime(list(dates))))
        return days, "array", dates, unit
    return array.astype(_DAY), kind, dates, np.datetime_data(array.dtype)[0]


def _day_array(dates: Any) -> np.ndarray:
    return np.array(sorted(dates), dtype=_DAY).reshape(-1)


class WorkCalendar:
    """Working days of Vietnamese public bodies between 1 January ``first_year`` and
    31 December ``last_year``. Every method raises `CalendarRangeError` (Vietnamese message)
    for a date outside those years rather than give a wrong answer.

    Examples
    --------
    >>> cal = default_calendar()
    >>> cal.add(pd.Timestamp("2024-04-26"), 1)  # Fri; Mon 29/4 (swapped), 30/4, 1/5 are off
    Timestamp('2024-05-02 00:00:00')
    >>> cal.count(pd.Timestamp("2024-04-26"), pd.Timestamp("2024-05-04"))  # Thu, Fri, Sat 4/5
    3
    """

    def __init__(
        self,
        workdays: np.ndarray,
        first_year: int,
        last_year: int,
        unconfirmed: tuple[UnconfirmedDay, ...] = (),
    ) -> None:
        self.workdays: np.ndarray = np.unique(np.asarray(workdays, dtype=_DAY))
        self.unconfirmed = tuple(sorted(unconfirmed, key=lambda day: day.date))
        self.first_year, self.last_year = first_year, last_year
        self.start = np.datetime64(f"{first_year:04d}-01-01", "D")
        self.end = np.datetime64(f"{last_year:04d}-12-31", "D")
        every_day = np.arange(self.start, self.end + 1, dtype=_DAY)
        # _after[k]: working days up to and including calendar day start + k (k = 0, 1, ...)
        self._after = np.searchsorted(self.workdays, every_day, side="right")
        self._works = np.isin(every_day, self.workdays)

    @classmethod
    def from_params(cls, params: CalendarParams | None = None) -> WorkCalendar:
        """Build the calendar from ``params`` (default: ``params/calendar.yaml``)."""
        p = params if params is not None else load_calendar()
        if p.first_year > p.last_year:
            raise CalendarRangeError(
                labels.CALENDAR_YEARS_REVERSED.format(
                    first_year=p.first_year, last_year=p.last_year
                )
            )
        days_off, make_up = vietnam_days(p.first_year, p.last_year)
        off = {d.date for d in p.extra_holidays} | {
            u.date for u in p.unconfirmed if u.choice == "holiday"
        }
        on = {d.date for d in p.extra_workdays} | {
            u.date for u in p.unconfirmed if u.choice == "workday"
        }
        if off & on:
            raise CalendarError(
                labels.CALENDAR_DAYS_BOTH + ", ".join(f"{d:%d/%m/%Y}" for d in sorted(off & on))
            )
        outside = sorted(d for d in off | on if not p.first_year <= d.year <= p.last_year)
        if outside:
            raise CalendarRangeError(
                labels.CALENDAR_DAY_OUTSIDE_YEARS.format(
                    day=outside[0], first_year=p.first_year, last_year=p.last_year
                )
            )
        days = np.arange(f"{p.first_year:04d}", f"{p.last_year + 1:04d}", dtype=_DAY)
        work = np.is_busday(days)  # Monday–Friday
        work &= ~np.isin(days, _day_array(days_off))  # public holidays and swapped days off
        work |= np.isin(days, _day_array(make_up))  # make-up working Saturdays
        work &= ~np.isin(days, _day_array(off))  # the file wins over the package both ways
        work |= np.isin(days, _day_array(on))
        return cls(days[work], p.first_year, p.last_year, tuple(p.unconfirmed))

    def __repr__(self) -> str:
        return f"WorkCalendar({self.first_year}–{self.last_year}, {self.workdays.size} wd)"

    def unconfirmed_between(self, start: Any, end: Any) -> list[UnconfirmedDay]:
        """The unconfirmed days of ``params/calendar.yaml`` from ``start`` to ``end`` (calendar
        days, both included), by date: each with its occasion, what the ``holidays`` package
        says, the choice applied and a note, for a report to mention them.

        >>> [f"{u.date:%d/%m/%Y} {u.choice}" for u in
        ...  default_calendar().unconfirmed_between("2026-08-01", "2026-09-30")]
        ['22/08/2026 workday', '31/08/2026 holiday']
        """
        first, last = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        return [day for day in self.unconfirmed if first <= day.date <= last]

    def _offsets(self, days: np.ndarray, missing: Any = False) -> tuple[np.ndarray, np.ndarray]:
        """Day numbers since 1 January ``first_year`` (0 where NaT/missing) and the NaT mask."""
        nat = np.isnat(days) | missing
        k = days.view(np.int64) - self.start.view(np.int64)
        bad = ~nat & ((k < 0) | (k >= self._after.size))
        if bad.any():
            first = pd.Timestamp(days[bad].flat[0])
            raise CalendarRangeError(
                labels.DATE_OUTSIDE_CALENDAR.format(
                    first=first,
                    first_year=self.first_year,
                    last_year=self.last_year,
                    count=int(bad.sum()),
                )
            )
        return np.where(nat, 0, k), nat

    def is_workday(self, dates: Any) -> Any:
        """Whether each date is a working day.

        Parameters
        ----------
        dates : Series, DatetimeIndex, datetime64 ndarray, list or scalar
            Dates; only the calendar day counts (time of day and time zone dropped).

        Returns
        -------
        np.ndarray of bool (a ``bool`` for a scalar); NaT gives ``False``.
        """
        days, kind, _, _ = _days(dates)
        k, nat = self._offsets(days)
        found = ~nat & self._works[k]
        return bool(found) if kind == "scalar" else found

    def add(self, dates: Any, n: Any) -> Any:
        """The date ``n`` working days after (``n > 0``) or before (``n < 0``) each date.

        Parameters
        ----------
        dates : Series, DatetimeIndex, datetime64 ndarray, list or scalar
            Start dates; the time of day is dropped, NaT gives NaT.
        n : int or array of int, in working days
            Offsets, broadcast against ``dates`` by position; may be 0 or negative. NaN/NA in a
            float or nullable array gives NaT.

        Returns
        -------
        Same kind as ``dates`` (Series keeps its index and name), dtype ``datetime64`` in the
        input's unit, at midnight. The start day is not counted: ``n > 0`` gives the n-th
        working day strictly after the day of ``d`` (a Saturday plus 1 is the next working
        day), ``n < 0`` the |n|-th strictly before it, ``n == 0`` the day of ``d`` itself.
        A result outside the calendar's years raises `CalendarRangeError`.
        """
        days, kind, like, unit = _days(dates)
        if isinstance(n, pd.Series | pd.Index):
            n = n.to_numpy("float64", na_value=np.nan)
        steps = np.asarray(n)
        missing = np.isnan(steps) if steps.dtype.kind == "f" else np.zeros(steps.shape, bool)
        if steps.dtype.kind == "f":
            steps = np.where(missing, 0, steps)
        if steps.dtype.kind not in "iuf" or (steps != np.round(steps)).any():
            raise CalendarError(labels.WORKDAYS_NOT_INTEGER)
        days, steps, missing = np.broadcast_arrays(days, steps.astype(np.int64), missing)
        k, nat = self._offsets(days, missing)
        right = self._after[k]  # working days up to and including the start day
        left = right - self._works[k]  # working days strictly before it
        pos = np.where(steps > 0, right + steps - 1, left + steps)
        beyond = ~nat & (steps != 0) & ((pos < 0) | (pos >= self.workdays.size))
        if beyond.any():
            first = pd.Timestamp(days[beyond].flat[0])
            raise CalendarRangeError(
                labels.WORKDAYS_BEYOND_CALENDAR.format(
                    n=int(steps[beyond].flat[0]),
                    first=first,
                    first_year=self.first_year,
                    last_year=self.last_year,
                )
            )
        found = self.workdays[pos.clip(0, self.workdays.size - 1)]
        result = np.where(nat, np.datetime64("NaT", "D"), np.where(steps == 0, days, found))
        if kind == "scalar" and result.ndim == 0:
            return pd.Timestamp(result[()])
        if kind == "series":
            return pd.Series(result.astype(f"M8[{unit}]"), index=like.index, name=like.name)
        if kind == "index":
            return pd.DatetimeIndex(result.astype(f"M8[{unit}]"), name=like.name)
        return result.astype(f"M8[{unit}]")

    def count(self, start: Any, end: Any) -> Any:
        """Working days elapsed after ``start`` up to and including ``end`` (calendar days).

        Parameters
        ----------
        start, end : Series, DatetimeIndex, datetime64 ndarray, list or scalar
            Broadcast by position (two Series must share their index); times of day dropped.

        Returns
        -------
        Number of working days w with ``start < w <= end``, or minus the number with
        ``end < w <= start`` when ``end < start`` (0 on the same day). A dossier due on ``due``
        and finished on ``done`` is late by ``count(due, done)`` working days when positive.
        Type: nullable ``Int64`` Series (index of the Series argument) or Index for pandas
        input; ``float64`` ndarray for numpy or list input; ``int`` for two scalars. NaT in
        either argument gives NA / NaN.
        """
        (s, s_kind, s_like, _), (e, e_kind, e_like, _) = _days(start), _days(end)
        if s_kind == e_kind == "series" and not s_like.index.equals(e_like.index):
            raise CalendarError(labels.START_END_INDEX_DIFFER)
        s, e = np.broadcast_arrays(s, e)
        (ks, s_nat), (ke, e_nat) = self._offsets(s), self._offsets(e)
        nat = s_nat | e_nat
        counts = np.where(nat, 0, self._after[ke] - self._after[ks])
        kinds, likes = (s_kind, e_kind), (s_like, e_like)
        if "series" in kinds or "index" in kinds:
            values = pd.arrays.IntegerArray(counts.reshape(-1), nat.reshape(-1))
            if "series" in kinds:
                return pd.Series(values, index=likes[kinds.index("series")].index)
            return pd.Index(values)
        if s.ndim == 0:
            return np.nan if nat else int(counts)
        return np.where(nat, np.nan, counts.astype(np.float64))


# Bumped when what the cache file holds, or how it is computed, changes.
_CACHE_FORMAT = 1


def _holidays_release() -> str | None:
    """The installed ``holidays`` release, from its ``holidays-<release>.dist-info`` folder,
    without importing the package (None when it is not found exactly once)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(found) != 1:
        return None
    return found[0].name.removeprefix("holidays-").removesuffix(".dist-info")


def cache_dir() -> Path:
    """Folder of kpi766's on-disk caches: ``$KPI766_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/kpi766``, else ``~/.cache/kpi766``."""
    if os.environ.get("KPI766_CACHE_DIR"):
        return Path(os.environ["KPI766_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kpi766"


def _package_days(first_year: int, last_year: int) -> tuple[list[dt.date], list[dt.date]]:
    import holidays  # ~0.12 s: its country registry imports every country

    vn = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    return sorted(vn), sorted(vn.weekend_workdays)


def vietnam_days(first_year: int, last_year: int) -> tuple[list[dt.date], list[dt.date]]:
    """Vietnam's days off (public holidays, swapped days off) and make-up working Saturdays
    of the years ``first_year``–``last_year``, per the installed ``holidays`` package.

    Importing ``holidays`` costs ~0.12 s, a tenth of a whole ``kpi766 score``; its answer is
    fixed for a given release, so it is kept in :func:`cache_dir` in a file named after the
    release and years. An unreadable or malformed cache file is ignored and rewritten; a
    cache that cannot be written (read-only home) is skipped. Only the package's answer is
    cached: ``params/calendar.yaml`` is applied afterwards, by `WorkCalendar.from_params`.
    """
    release = _holidays_release()
    path = cache_dir() / f"holidays-VN-v{_CACHE_FORMAT}-{release}-{first_year}-{last_year}.json"
    if release is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return (
                [dt.date.fromisoformat(day) for day in stored["days_off"]],
                [dt.date.fromisoformat(day) for day in stored["make_up"]],
            )
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache yet, or not ours: computed below
    days_off, make_up = _package_days(first_year, last_year)
    if release is not None:
        document = {
            "holidays": release,
            "days_off": [day.isoformat() for day in days_off],
            "make_up": [day.isoformat() for day in make_up],
        }
        try:  # written whole, then renamed: a reader never sees half a file
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as handle:
                json.dump(document, handle)
            try:
                os.replace(handle.name, path)
            finally:
                Path(handle.name).unlink(missing_ok=True)  # only left when the rename failed
        except OSError:
            pass
    return days_off, make_up


@cache
def default_calendar() -> WorkCalendar:
    """The calendar of ``params/calendar.yaml``, built once per process."""
    return WorkCalendar.from_params(load_calendar())
