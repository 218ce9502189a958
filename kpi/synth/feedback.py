"""PAKN (phản ánh, kiến nghị): true history per month and as-of snapshots.

A few to a dozen items a month for the sample department: some transferred by VPCP, some
rejected, some needing more information, some answered or published late, rated with likes and
dislikes, a few repeated. Deadlines follow indicator 19: reject within 2 wd, ask for more
information within 5 wd, answer within 15 wd, publish within 2 wd of the answer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import names
from kpi.synth import design
from kpi.synth import workdays as wd
from kpi.synth.dossiers import NAT, UNITS

CATEGORIES = np.array(["regulation", "staff", "other"])
TIMES = ("sent_at", "received_at", "transferred_at", "rejected_at", "supplement_requested_at",
         "answered_at", "published_at")  # fmt: skip


def _after(rng: np.random.Generator, t: np.ndarray, low: float, high: float) -> np.ndarray:
    """``t`` plus a uniform number of working days in ``[low, high)``."""
    return wd.to_datetime(wd.to_coordinate(t) + rng.uniform(low, high, t.size))


def generate_feedback(period: str, unit_counts: np.ndarray, seed: int) -> pd.DataFrame:
    """History of the PAKN sent in ``period``; ``unit_counts`` = dossiers per unit that month."""
    year, month = int(period[:4]), int(period[5:7])
    rng = np.random.default_rng([seed, year, month, 1])
    expected = design.FEEDBACK_PER_1000_DOSSIERS * unit_counts.sum() / 1000
    n = int(rng.poisson(expected))
    start = np.datetime64(period, "D").astype("datetime64[s]")
    end = (np.datetime64(period, "M") + 1).astype("datetime64[D]").astype("datetime64[s]")
    sent = start + np.sort(rng.integers(0, int((end - start).astype(np.int64)), n)).astype(
        "timedelta64[s]"
    )
    weights = (unit_counts + 1.0) * np.array(
        [design.FEEDBACK_UNIT_FACTOR.get(u, 1.0) for u in UNITS]
    )
    unit = rng.choice(np.array(UNITS), size=n, p=weights / weights.sum())
    transferred = np.where(
        rng.random(n) < design.FEEDBACK_TRANSFERRED_RATE, _after(rng, sent, 1, 6), NAT
    )
    reference = np.where(np.isnat(transferred), sent, transferred)
    received = _after(rng, reference, 0.05, 1.5)
    category = rng.choice(CATEGORIES, size=n, p=[0.55, 0.2, 0.25])
    draw = rng.random(n)
    rejected = draw < design.FEEDBACK_REJECTED_RATE
    supplement = ~rejected & (draw > 1 - design.FEEDBACK_SUPPLEMENT_RATE)
    late = rng.random(n) < design.FEEDBACK_LATE_ANSWER_RATE
    rejected_at = np.where(
        rejected,
        np.where(late, _after(rng, received, 2.5, 6), _after(rng, received, 0.1, 1.2)),
        NAT,
    )
    supp_at = np.where(
        supplement,
        np.where(late, _after(rng, received, 5.5, 9), _after(rng, received, 0.5, 3.5)),
        NAT,
    )
    answer_from = np.where(supplement, supp_at, received)
    answered = np.where(late, _after(rng, answer_from, 14, 25), _after(rng, answer_from, 2, 11))
    unanswered = rejected | (rng.random(n) < 0.04) | (supplement & (rng.random(n) < 0.3))
    answered[unanswered] = NAT
    late_pub = rng.random(n) < design.FEEDBACK_LATE_PUBLICATION_RATE
    published = np.where(late_pub, _after(rng, answered, 2.6, 7), _after(rng, answered, 0.1, 1.8))
    published[np.isnat(answered)] = NAT
    unhappy = (category == "staff") | late
    frame = pd.DataFrame(
        {
            "feedback_id": [f"PAKN-{period[2:4]}{period[5:7]}-{i:04d}" for i in range(1, n + 1)],
            "unit": unit,
            "sent_at": sent,
            "received_at": received,
            "transferred_at": transferred,
            "category": category,
            "rejected_at": rejected_at,
            "supplement_requested_at": supp_at,
            "answered_at": answered,
            "published_at": published,
            "likes": rng.poisson(np.where(unhappy, 0.5, 1.5), n).astype(np.int64),
            "dislikes": rng.poisson(np.where(unhappy, 1.2, 0.15), n).astype(np.int64),
            "repeated": rng.random(n) < design.FEEDBACK_REPEATED_RATE,
        }
    )
    frame.loc[frame["answered_at"].isna(), ["likes", "dislikes"]] = 0
    frame.loc[frame["answered_at"].isna(), "repeated"] = False
    for name in TIMES:
        frame[name] = frame[name].astype("datetime64[s]")
    return frame


def closing(frame: pd.DataFrame) -> pd.Series:
    """Closing instant of indicator 19: rejection, publication, or a pending supplement."""
    pending = frame["supplement_requested_at"].where(frame["answered_at"].isna())
    return frame["rejected_at"].fillna(frame["published_at"]).fillna(pending)


def feedback_as_of(
    history: pd.DataFrame, start: np.datetime64, end: np.datetime64, at: np.datetime64
) -> pd.DataFrame:
    """PAKN an extract of ``[start, end)`` exported at ``at`` contains, fields as of ``at``."""
    sent, close = history["sent_at"], closing(history)
    keep = (sent >= start) & (sent < end)
    keep |= (sent < start) & (close.isna() | (close >= start))
    keep &= sent <= at
    frame = history[keep].copy()
    for name in TIMES[1:]:
        frame[name] = frame[name].where(frame[name] <= at)
    unpublished = frame["published_at"].isna()
    frame.loc[unpublished, ["likes", "dislikes"]] = 0
    frame.loc[unpublished, "repeated"] = False
    return frame[names("feedback")].reset_index(drop=True)
