"""A simple Vietnamese working-day axis for synthetic timestamps.

Synthetic data needs only a believable calendar, so this module carries its own short holiday
list (2023–2026) instead of depending on :mod:`kpi.calendar`. Times are mapped to a continuous
*working-time coordinate* ``w``: the integer part indexes the working day, the fraction maps
linearly onto office hours 07:30–17:00. Adding ``n`` working days is ``w + n``.
"""

from __future__ import annotations

import numpy as np

HOLIDAYS = np.array(
    [
        # 2023
        "2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26",
        "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04",
        # 2024 (Tết 8–14/2; 30/4 swap with the make-up Saturday 4/5)
        "2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14",
        "2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03",
        # 2025
        "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
        "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
        # 2026
        "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
        "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
    ],
    dtype="datetime64[D]",
)  # fmt: skip
MAKEUP_SATURDAYS = np.array(["2024-05-04", "2025-04-26"], dtype="datetime64[D]")

DAY_START = np.timedelta64(450, "m")  # 07:30
DAY_MINUTES = 570  # 07:30–17:00
FIRST_DAY = np.datetime64("2022-12-01", "D")
LAST_DAY = np.datetime64("2026-12-31", "D")


def _working_days() -> np.ndarray:
    days = np.arange(FIRST_DAY, LAST_DAY + 1, dtype="datetime64[D]")
    mask = np.is_busday(days, holidays=HOLIDAYS)
    mask |= np.isin(days, MAKEUP_SATURDAYS)
    return days[mask]


WORKDAYS: np.ndarray = _working_days()


def is_workday(days: np.ndarray) -> np.ndarray:
    """Whether each ``datetime64[D]`` value is a working day."""
    idx = np.searchsorted(WORKDAYS, days)
    idx = np.minimum(idx, WORKDAYS.size - 1)
    return WORKDAYS[idx] == days


def day_index(day: str | np.datetime64) -> int:
    """Index of the first working day on or after ``day``."""
    return int(np.searchsorted(WORKDAYS, np.datetime64(day, "D")))


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
