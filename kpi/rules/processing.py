"""Group II and #21: dossiers processed on time, and satisfaction with dossier handling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi import labels
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement, verdict

LATE_REASONS = (
    "",
    labels.LATE_DAYS,
    labels.OVERDUE_DAYS,
    labels.SUPPLEMENTS_TIMES,
    labels.OVER_LEGAL_TIME_LIMIT,
    labels.NO_DUE_DATE_NOR_TIME_LIMIT,
    labels.LATE_SAME_DAY,
    labels.OVERDUE_SAME_DAY,
)
_LATE, _OVERDUE, _SUPPLEMENTS, _OVER_MAX, _NO_DEADLINE, _LATE_SAME_DAY, _OVERDUE_SAME_DAY = range(
    1, 8
)


@dataclass
class Timeliness:
    """Per dossier of ``ctx.dossiers``: the population of #5 and why a dossier is late."""

    population: np.ndarray
    reason: np.ndarray
    detail: np.ndarray


def _elapsed(ctx: Context, start: np.ndarray, end: np.ndarray, unit: pd.Series) -> np.ndarray:
    """Time from ``start`` to ``end`` (datetime64 arrays; NaT gives NaN) in each TTHC's unit:
    working days, days or hours."""
    working = ctx.calendar.count(start, end)
    seconds = (end - start) / np.timedelta64(1, "s")
    return np.select(
        [unit.eq("day").fillna(False).to_numpy(bool), unit.eq("hour").fillna(False).to_numpy(bool)],
        [seconds / 86400, seconds / 3600],
        working,
    )


def timeliness(ctx: Context) -> Timeliness:
    """Decide which dossiers are processed on time (#5), as of ``ctx.as_of``.

    Population: dossiers received on or before the as-of instant and not finished before the
    period start (carry-over included). Effective end: ``finished_at`` minus the citizen's
    supplement time when finished; the request time when waiting for a supplement after
    exactly one request; the as-of instant otherwise. On time when the effective end is not
    after ``due_at``. Two or more supplement requests: late. Without ``due_at``, the processing
    time (minus supplement time) is compared with the catalogue's ``max_processing_time`` in
    its unit; with neither, ``rules.missing_deadline`` decides (default: late, listed).
    Computed once per context (#5 and #21 share it).
    """
    return ctx.shared("timeliness", lambda: _timeliness(ctx))  # type: ignore[return-value]


def _times(dossiers: pd.DataFrame, name: str) -> np.ndarray:
    return dossiers[name].to_numpy("datetime64[us]")


def _timeliness(ctx: Context) -> Timeliness:
    # Plain datetime64 arrays, and work on the rows that need it: at 10M dossiers every
    # full-length temporary costs about 0.1 s.
    dossiers = ctx.dossiers
    finished = ctx.finished
    finished_at = _times(dossiers, "finished_at")
    requested_at = _times(dossiers, "supplement_requested_at")
    completed_at = _times(dossiers, "supplement_completed_at")
    due = _times(dossiers, "due_at")
    population = ctx.processed

    requested = ctx.happened(dossiers["supplement_requested_at"])
    completed = requested & ctx.happened(dossiers["supplement_completed_at"])
    # A request after the as-of instant has not happened yet: one request fewer.
    future_request = ~np.isnat(requested_at) & ~requested
    requests = np.maximum(
        dossiers["supplement_count"].to_numpy(np.int64) - future_request, requested.astype(int)
    )
    waiting = ~finished & requested & ~completed & (requests == 1)
    # Raw end: the finish, the pending request, or the as-of instant. The effective end also
    # takes off the supplement time of a finished dossier.
    raw_end = np.where(finished, finished_at, np.datetime64(ctx.as_of, "us"))
    raw_end[waiting] = requested_at[waiting]
    subtracted = completed & finished
    effective_end = raw_end.copy()
    effective_end[subtracted] -= completed_at[subtracted] - requested_at[subtracted]

    has_due = ~np.isnat(due)
    late_by_due = has_due & (effective_end > due)
    # Working days late: counted only for the late dossiers (the rest never show it).
    days_late = np.zeros(len(dossiers))
    late_rows = np.flatnonzero(late_by_due)
    if late_rows.size:
        days_late[late_rows] = np.nan_to_num(
            ctx.calendar.count(due[late_rows], effective_end[late_rows])
        )

    max_time = dossiers["max_processing_time"].to_numpy("float64", na_value=np.nan)
    has_max = ~has_due & ~np.isnan(max_time)
    # Processing time in the TTHC's unit, for the dossiers judged by it (no due date): from
    # receipt to the raw end, minus the supplement time once, measured in the same unit (for
    # working days: the working days of the supplement interval, not a calendar shift of the
    # end).
    rows = np.flatnonzero(has_max)
    elapsed = np.zeros(0)
    over_max = np.zeros(len(dossiers), dtype=bool)
    if rows.size:
        unit = dossiers["processing_time_unit"].iloc[rows]
        nat = np.datetime64("NaT", "us")
        sub = subtracted[rows]
        supplement_elapsed = _elapsed(
            ctx,
            np.where(sub, requested_at[rows], nat),
            np.where(sub, completed_at[rows], nat),
            unit,
        )
        received_at = _times(dossiers, "received_at")[rows]
        elapsed = _elapsed(ctx, received_at, raw_end[rows], unit) - np.nan_to_num(
            supplement_elapsed
        )
        over_max[rows] = elapsed > max_time[rows]
    no_deadline = ~has_due & ~has_max
    policy = ctx.rules.rules.missing_deadline
    if policy == "exclude":
        population = population & ~no_deadline

    # Late on the due day itself, or on a day off after it: late by less than a working day.
    within_a_day = days_late < 1
    reason = verdict(
        (requests >= 2, _SUPPLEMENTS),
        (late_by_due & finished & within_a_day, _LATE_SAME_DAY),
        (late_by_due & finished, _LATE),
        (late_by_due & ~finished & within_a_day, _OVERDUE_SAME_DAY),
        (late_by_due & ~finished, _OVERDUE),
        (over_max, _OVER_MAX),
        (no_deadline & (policy == "late"), _NO_DEADLINE),
    )
    # Detail shown with the reason: working days late, the number of requests, or the
    # processing time over the maximum (one decimal).
    detail = days_late
    supplements = reason == _SUPPLEMENTS
    detail[supplements] = requests[supplements]
    over = reason[rows] == _OVER_MAX
    detail[rows[over]] = np.round(elapsed[over], 1)
    return Timeliness(population, reason, detail)


def on_time(ctx: Context) -> Judgement:
    """#5 Tỷ lệ hồ sơ xử lý đúng hạn (see :func:`timeliness`)."""
    result = timeliness(ctx)
    return Judgement(
        5, ctx.dossiers, "dossier_id", result.population, result.reason, LATE_REASONS, result.detail
    )


def dossier_satisfaction(ctx: Context) -> Judgement:
    """#21 Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC.

    Over the population of #5: ratio = 1 − (late share + share of on-time dossiers with
    ``has_feedback`` or ``rating == dislike``); a dossier late and disliked counts once, as
    late, so the ratio is the share of on-time dossiers without complaint (never below 0).
    """
    result = timeliness(ctx)
    dossiers = ctx.dossiers
    complained = (
        dossiers["has_feedback"].to_numpy(bool) | dossiers["rating"].eq("dislike").fillna(False)
    ).to_numpy(bool)
    reason = verdict((result.reason != 0, 1), (complained, 2))
    return Judgement(
        21,
        dossiers,
        "dossier_id",
        result.population,
        reason,
        ("", labels.LATE_DOSSIER, labels.COMPLAINED_OR_UNSATISFIED),
    )


def average_processing_time(ctx: Context) -> pd.DataFrame:
    """Average processing time of dossiers finished in the period, per TTHC (no points).

    Returns
    -------
    DataFrame
        ``procedure_code``, ``n_finished`` (dossiers), ``average_working_days`` (working days
        from receipt to finish, the citizen's supplement time not subtracted), sorted by code.
    """
    dossiers = ctx.dossiers
    finished_in_period = ctx.finished & ctx.in_period(dossiers["finished_at"])
    chosen = dossiers.loc[finished_in_period, ["procedure_code", "received_at", "finished_at"]]
    working_days = ctx.calendar.count(chosen["received_at"], chosen["finished_at"])
    return (
        chosen.assign(working_days=working_days.astype("float64"))
        .groupby("procedure_code", observed=True)["working_days"]
        .agg(n_finished="size", average_working_days="mean")
        .reset_index()
        .sort_values("procedure_code", ignore_index=True)
    )
