"""A Vietnamese working-day axis for synthetic timestamps.

The working days are those of :mod:`kpi.calendar` (the ``holidays`` package corrected by
``params/calendar.yaml``), so synthetic deadlines agree with the scoring. Times are mapped to a
continuous *working-time coordinate* ``w``: the integer part indexes the working day, the
fraction maps linearly onto office hours 07:30–17:00. Adding ``n`` working days is ``w + n``.
"""

from __future__ import annotations

import numpy as np

from kpi.calendar import default_calendar

DAY_START = np.timedelta64(450, "m")  # 07:30
DAY_MINUTES = 570  # 07:30–17:00
FIRST_DAY = np.datetime64("2022-12-01", "D")
LAST_DAY = np.datetime64("2026-12-31", "D")


def _working_days() -> np.ndarray:
    days = np.arange(FIRST_DAY, LAST_DAY + 1, dtype="datetime64[D]")
    return days[default_calendar().is_workday(days)]


WORKDAYS: np.ndarray = _working_days()


def is_workday(days: np.ndarray) -> np.ndarray:
    """Whether each ``datetime64[D]`` value is a working day."""
    idx = np.searchsorted(WORKDAYS, days)
    idx = np.minimum(idx, WORKDAYS.size - 1)
    return WORKDAYS[idx] == days


def day_index(day: str | np.datetime64) -> int:
    """Index of the first working day on or after ``day``."""
    return int(np.searchsorted(WORKDAYS, np.datetime64(str(day), "D")))


def to_datetime(w: np.ndarray) -> np.ndarray:
    """Working-time coordinates → ``datetime64[s]`` (rounded down to the minute)."""
    w = np.asarray(w, dtype=np.float64)
    idx = np.floor(w).astype(np.int64)
    frac = w - idx
    minutes = np.floor(frac * DAY_MINUTES + 1e-6).astype(np.int64)
    day = WORKDAYS[np.clip(idx, 0, WORKDAYS.size - 1)].astype("datetime64[s]")
    return day + DAY_START + minutes.astype("timedelta64[m]")


def to_coordinate(t: np.ndarray) -> np.ndarray:
    """``datetime64`` values → working-time coordinates (non-working time rolls back).

    A time outside office hours maps to the nearest earlier office instant, so the mapping is
    monotone and ``to_datetime(to_coordinate(t)) <= t`` for every working time.
    """
    t = np.asarray(t).astype("datetime64[m]")
    days = t.astype("datetime64[D]")
    idx = np.searchsorted(WORKDAYS, days, side="right") - 1
    on_workday = WORKDAYS[np.clip(idx, 0, WORKDAYS.size - 1)] == days
    minutes = (t - days.astype("datetime64[m]") - DAY_START).astype(np.int64)
    frac = np.clip(minutes / DAY_MINUTES, 0.0, 0.999999)
    return np.where(on_workday, idx + frac, idx + 0.999999)
