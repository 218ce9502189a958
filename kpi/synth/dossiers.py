"""True, complete history of the dossiers received in one month (vectorised).

:func:`generate_month` draws every dossier received (or submitted) in a month with its whole
future: deadline, supplement cycles, finish, result, rating. Snapshots at an export time are
taken later by :mod:`kpi.synth.snapshot`. Times are ``datetime64[s]``; office work happens on
the working-time axis of :mod:`kpi.synth.workdays`, citizen time (supplements, online
submission) runs on the calendar.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.synth import design
from kpi.synth import workdays as wd

UNITS = ("CNTY", "TTBVTV", "QLCL", "KL", "PTNT", "TL", "TS", "KN", "CANGCA", "KHTC", "QLCN", "TCHC")
FINAL = ("returned", "done", "rejected", "withdrawn", "stopped")  # codes of ``final``
NAT = np.datetime64("NaT", "s")
DAY = np.timedelta64(1, "D").astype("timedelta64[s]")
Arrays = dict[str, np.ndarray]


def _by_unit(unit: np.ndarray, table: dict[str, float], default: float) -> np.ndarray:
    lookup = np.array([table.get(code, default) for code in UNITS])
    return lookup[unit]


def _year_progress(month: int) -> float:
    return (month - 1) / 11


def month_weights(
    catalogue: pd.DataFrame, events: pd.DataFrame, start: np.datetime64, end: np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-procedure probability of a dossier in ``[start, end)`` and its active window.

    Returns
    -------
    probs, lo, hi
        Probabilities (sum 1) and the working-time window of each procedure in the month.
    """
    month = int(str(start)[5:7])
    season = np.array([design.SEASON[s][month - 1] for s in catalogue["_season"]])
    w_start, w_end = wd.day_index(start), wd.day_index(end)
    active_from = events["active_from"].to_numpy()
    abolished = events["abolished_at"].to_numpy()
    lo = np.where(
        np.isnat(active_from), w_start, np.maximum(w_start, wd.to_coordinate(active_from))
    )
    hi = np.where(np.isnat(abolished), w_end, np.minimum(w_end, wd.to_coordinate(abolished)))
    never = ~events["introduced_at"].isna().to_numpy() & np.isnat(active_from)
    span = np.where(never, 0.0, np.clip(hi - lo, 0.0, None)) / max(w_end - w_start, 1)
    weight = catalogue["_weight"].to_numpy() * season * span
    return weight / weight.sum(), lo, np.maximum(hi, lo)


def generate_month(
    catalogue: pd.DataFrame, events: pd.DataFrame, period: str, count: int, seed: int
) -> Arrays:
    """History of ``count`` dossiers received in ``period`` (``YYYY-MM``), sorted by receipt.

    Parameters
    ----------
    catalogue, events
        From :mod:`kpi.synth.catalogue` and :mod:`kpi.synth.announcements`.
    period
        The month, ``YYYY-MM``.
    count
        Exact number of dossiers.
    seed
        Generator seed; the month uses the sub-stream ``[seed, year, month]``.
    """
    year, month = int(period[:4]), int(period[5:7])
    rng = np.random.default_rng([seed, year, month])
    start = np.datetime64(period, "D")
    end = (np.datetime64(period, "M") + 1).astype("datetime64[D]")
    probs, lo, hi = month_weights(catalogue, events, start, end)
    per_proc = rng.multinomial(count, probs)
    proc = np.repeat(np.arange(len(catalogue)), per_proc)
    n = proc.size
    received = wd.to_datetime(lo[proc] + rng.random(n) * (hi[proc] - lo[proc]))
    order = np.argsort(received, kind="stable")
    proc, received = proc[order], received[order]
    w0 = wd.to_coordinate(received)
    unit = pd.Categorical(catalogue["unit"], categories=UNITS).codes.astype(np.int8)[proc]
    out: Arrays = {"seq": np.arange(1, n + 1, dtype=np.int64), "proc": proc, "unit": unit,
                   "received": received}  # fmt: skip

    # Channel and submission.
    level = catalogue["online_level"].to_numpy()
    capable = level != "none"
    target = design.ONLINE_SHARE_JANUARY + _year_progress(month) * (
        design.ONLINE_SHARE_DECEMBER - design.ONLINE_SHARE_JANUARY
    )
    factor = _by_unit(unit, design.UNIT_ONLINE_FACTOR, 1.0)
    capable_d = capable[proc]
    mean_factor = factor[capable_d].mean() if capable_d.any() else 1.0
    p_online = target / max(capable_d.mean(), 1e-9)
    p_online = np.clip(p_online * factor / mean_factor, 0, 0.97) * capable_d
    online = rng.random(n) < p_online
    draw = rng.random(n)
    channel = np.where(online, 2, np.where(draw < design.POSTAL_RATE, 3, 1))
    channel[~online & (draw > 1 - design.BLANK_CHANNEL_RATE)] = 0  # blank = direct
    out["channel"] = channel.astype(np.int8)
    lag = np.where(online, rng.integers(10, 36 * 60, n), rng.integers(0, 20, n))
    submitted = received - lag.astype("timedelta64[m]")
    out["submitted"] = np.where(~online & (rng.random(n) < 0.05), NAT, submitted)

    # Deadline.
    max_time = catalogue["max_processing_time"].to_numpy()[proc]
    time_unit = catalogue["processing_time_unit"].to_numpy()[proc]
    no_limit = np.isnan(max_time)
    n_time = np.where(no_limit, 10.0, max_time)
    due = wd.to_datetime(w0 + n_time)
    is_day, is_hour = time_unit == "day", time_unit == "hour"
    due[is_day] = received[is_day] + (n_time[is_day] * 86400).astype("timedelta64[s]")
    due[is_hour] = received[is_hour] + (n_time[is_hour] * 3600).astype("timedelta64[s]")
    budget = np.maximum(wd.to_coordinate(due) - w0, 0.05)
    p_missing = np.where(no_limit, design.MISSING_DUE_RATE_NO_TIME_LIMIT, design.MISSING_DUE_RATE)
    out["due"] = np.where(rng.random(n) < p_missing, NAT, due)

    # Processing outcome: on time or late (office time), supplements (citizen time).
    p_on_time = _by_unit(unit, design.UNIT_ON_TIME, 0.95)
    if month >= 9:
        p_on_time = np.where(unit == UNITS.index("KL"), design.KL_ON_TIME_FROM_SEPTEMBER, p_on_time)
    if month == 2:
        p_on_time = p_on_time - design.FEBRUARY_ON_TIME_PENALTY
    late = rng.random(n) >= p_on_time
    work = np.where(
        late, budget + 0.05 + rng.gamma(1.5, 2.5, n), budget * rng.uniform(0.15, 0.97, n)
    )
    draw = rng.random(n)
    supplements = (draw < design.SUPPLEMENT_ONE_RATE + design.SUPPLEMENT_TWO_RATE).astype(np.int8)
    supplements[draw < design.SUPPLEMENT_TWO_RATE] = 2
    out["supplements"] = supplements
    u1 = rng.uniform(0.05, 0.5, n)
    u2 = u1 + rng.uniform(0.05, 0.4, n)
    g1 = rng.geometric(0.25, n).astype("timedelta64[D]").astype("timedelta64[s]")
    g2 = rng.geometric(0.3, n).astype("timedelta64[D]").astype("timedelta64[s]")
    g1[supplements == 0] = 0
    g2[supplements < 2] = 0
    base_end = wd.to_datetime(w0 + work)
    finished = base_end + g1 + g2
    for _ in range(3):  # a citizen-driven shift must not end on a weekend or holiday
        shift = ~wd.is_workday(finished.astype("datetime64[D]")) & (supplements > 0)
        g_last = np.where(supplements == 2, g2, g1)
        g_last[shift] += DAY
        g1 = np.where(supplements == 1, g_last, g1)
        g2 = np.where(supplements == 2, g_last, g2)
        finished = base_end + g1 + g2
    req1 = np.where(supplements > 0, wd.to_datetime(w0 + work * u1), NAT)
    comp1 = req1 + g1
    req2 = np.where(supplements == 2, wd.to_datetime(w0 + work * u2) + g1, NAT)
    comp2 = req2 + g2

    # Final status.
    draw = rng.random(n)
    final = np.where(rng.random(n) < design.RETURNED_SHARE, 0, 1).astype(np.int8)
    abandoned = (supplements > 0) & (rng.random(n) < design.SUPPLEMENT_ABANDONED_RATE)
    rejected = (draw < design.REJECTED_RATE) & ~abandoned
    withdrawn = (
        (draw >= design.REJECTED_RATE)
        & (draw < design.REJECTED_RATE + design.WITHDRAWN_RATE)
        & ~abandoned
    )
    final[rejected], final[withdrawn], final[abandoned] = 2, 3, 4
    early = rejected | withdrawn
    finished[early] = wd.to_datetime(w0[early] + rng.uniform(0.05, 2.0, int(early.sum())))
    req1[early], comp1[early], req2[early], comp2[early] = NAT, NAT, NAT, NAT
    out["supplements"][early] = 0
    last_req = np.where(supplements == 2, req2, req1)
    stop = wd.to_datetime(wd.to_coordinate(last_req[abandoned] + 30 * DAY))
    finished[abandoned] = stop
    comp1[abandoned & (supplements == 1)] = NAT
    comp2[abandoned & (supplements == 2)] = NAT
    out.update(finished=finished, final=final, req1=req1, comp1=comp1, req2=req2, comp2=comp2)
    out["late"] = late
    completed = final <= 1
    _add_flags(out, rng, catalogue, proc, unit, month, received, online, completed, late)
    return out


def _add_flags(
    out: Arrays,
    rng: np.random.Generator,
    catalogue: pd.DataFrame,
    proc: np.ndarray,
    unit: np.ndarray,
    month: int,
    received: np.ndarray,
    online: np.ndarray,
    completed: np.ndarray,
    late: np.ndarray,
) -> None:
    """Flags: synchronisation, payment, results, digitisation, population data, rating."""
    n = proc.size
    outage = (received >= np.datetime64(design.SYNC_OUTAGE[0])) & (
        received < np.datetime64(design.SYNC_OUTAGE[1]) + np.timedelta64(1, "D")
    )
    out["synced"] = rng.random(n) < np.where(
        outage, design.SYNC_RATE_DURING_OUTAGE, design.SYNC_RATE
    )
    has_fee = catalogue["has_fee"].to_numpy()[proc]
    fee = catalogue["_fee"].to_numpy()[proc].copy()
    draw = rng.random(n)
    fee_null = draw < _by_unit(unit, design.FEE_NULL_RATE_BY_UNIT, design.FEE_NULL_RATE)
    fee_zero = ~fee_null & (draw > 1 - design.FEE_ZERO_RATE)
    fee[fee_zero] = 0.0
    fee[fee_null | ~has_fee | ~catalogue["_fee_synced"].to_numpy()[proc]] = np.nan
    out["fee"] = fee
    p_paid = design.PAID_ONLINE_JANUARY + _year_progress(month) * (
        design.PAID_ONLINE_DECEMBER - design.PAID_ONLINE_JANUARY
    )
    paid = (
        has_fee
        & ~fee_zero
        & catalogue["_pay_online"].to_numpy()[proc]
        & (rng.random(n) < np.where(online, 1.4 * p_paid, 0.5 * p_paid))
    )
    platform = np.where(rng.random(n) < design.PAID_ON_NATIONAL_PLATFORM, 1, 2)
    out["paid"] = np.where(paid, platform, 0).astype(np.int8)
    p_result = _by_unit(unit, design.ELECTRONIC_RESULT_RATE_BY_UNIT, design.ELECTRONIC_RESULT_RATE)
    electronic = completed & (rng.random(n) < p_result)
    out["result_code"] = electronic | (completed & (rng.random(n) < 0.01))
    out["result_file"] = electronic & (rng.random(n) >= design.RESULT_CODE_WITHOUT_FILE_RATE)
    p_dig = _by_unit(unit, design.DIGITIZED_RATE_BY_UNIT, design.DIGITIZED_RATE)
    out["digitized"] = rng.random(n) < p_dig
    out["reused"] = rng.random(n) < design.REUSED_RATE
    out["personal_repo"] = rng.random(n) < design.PERSONAL_REPOSITORY_RATE
    out["result_to_repo"] = out["result_file"] & (rng.random(n) < design.RESULT_TO_REPOSITORY_RATE)
    linked = catalogue["_population_link"].to_numpy()[proc]
    p_vneid = np.where(online, design.VNEID_RATE_ONLINE, design.VNEID_RATE_OFFLINE)
    out["vneid"] = linked & (rng.random(n) < p_vneid)
    out["popdb"] = linked & (rng.random(n) < design.POPULATION_DB_RATE)
    cert = catalogue["is_certification"].to_numpy()[proc]
    out["ecert"] = cert & completed & (rng.random(n) < design.E_CERTIFIED_COPY_RATE)
    p_dislike = _by_unit(unit, design.DISLIKE_RATE_BY_UNIT, design.DISLIKE_RATE)
    p_dislike = np.minimum(np.where(late, 3 * p_dislike, p_dislike), 0.6)
    rated = completed & (rng.random(n) < design.RATING_RATE)
    out["rating"] = np.where(rated, np.where(rng.random(n) < p_dislike, 2, 1), 0).astype(np.int8)
    out["has_feedback"] = rng.random(n) < design.HAS_FEEDBACK_RATE
