"""Decisions announcing TTHC (quyết định công bố) and the catalogue events they cause.

The decisions follow a fixed, readable plan (:data:`DECISIONS`) so the audit of indicators 1
and 2 tells a story: most decisions are signed at least 5 working days before the legal basis
takes effect and published on the national TTHC database within 5 working days, but one is
signed late (D2), one is published late (D3), one is signed after the effective date (D4) and
the last one is not published yet at the end of the year (D6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Decision:
    """One planned decision: dates and how many procedures of each change type it lists."""

    decision_id: str
    decision_date: str
    effective_date: str
    published_date: str | None
    new: int = 0
    amended: int = 0
    abolished: int = 0


DECISIONS: tuple[Decision, ...] = (
    Decision("2315/QĐ-UBND", "2023-11-20", "2023-12-15", "2023-11-23", amended=4, abolished=1),
    Decision("118/QĐ-UBND", "2024-01-18", "2024-02-15", "2024-01-22", new=1, amended=3),
    Decision("512/QĐ-UBND", "2024-03-12", "2024-03-15", "2024-03-14", amended=2, abolished=1),
    Decision("1046/QĐ-UBND", "2024-05-20", "2024-07-01", "2024-06-10", new=2, amended=4),
    Decision("1587/QĐ-UBND", "2024-08-15", "2024-08-10", "2024-08-19", new=1, abolished=1),
    Decision("2210/QĐ-UBND", "2024-10-22", "2024-11-15", "2024-10-25", amended=5),
    Decision("2698/QĐ-UBND", "2024-12-17", "2025-01-01", None, new=1, abolished=1),
)  # fmt: skip

NAT = np.datetime64("NaT", "s")


def build_announcements(catalogue: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Announcements of the whole span and per-procedure event times.

    Parameters
    ----------
    catalogue
        Output of :func:`kpi.synth.catalogue.build_catalogue`.
    seed
        Generator seed; sub-stream ``[seed, 1]`` picks the procedures of each decision.

    Returns
    -------
    announcements : pandas.DataFrame
        Canonical ``announcements`` columns (datetime64[s]).
    events : pandas.DataFrame
        Indexed like ``catalogue``: ``introduced_at`` (decision date of a new TTHC),
        ``active_from`` (publication of a new TTHC; NaT = before the span), ``amended_at``
        (publication of its latest amendment), ``abolished_at`` (decision date of abolition).
    """
    rng = np.random.default_rng([seed, 1])
    events = pd.DataFrame(
        {
            key: np.full(len(catalogue), NAT)
            for key in ("introduced_at", "active_from", "amended_at", "abolished_at")
        },
        index=catalogue.index,
    )
    new_queue = list(catalogue.index[catalogue["_new"]])
    static = catalogue.index[~catalogue["_new"] & (catalogue["_static_status"] != "unpublished")]
    amendable = list(static[catalogue.loc[static, "_tier"] != "H"])
    rare = list(static[catalogue.loc[static, "_tier"].isin(["R", "L"])])
    rare = [i for i in rare if not catalogue.loc[i, "is_certification"]]
    taken: set[int] = set()
    rows = []
    for decision in DECISIONS:
        signed = np.datetime64(decision.decision_date, "s")
        published = np.datetime64(decision.published_date, "s") if decision.published_date else NAT
        picks: list[tuple[str, int]] = []
        for _ in range(decision.new):
            picks.append(("new", new_queue.pop(0)))
        for kind, count, pool in (
            ("amended", decision.amended, amendable),
            ("abolished", decision.abolished, rare),
        ):
            free = [i for i in pool if i not in taken]
            chosen: list[int] = list(rng.choice(free, size=count, replace=False)) if count else []
            picks.extend((kind, int(i)) for i in chosen)
        for kind, i in picks:
            taken.add(i)
            if kind == "abolished":
                events.loc[i, "abolished_at"] = signed
            elif kind == "new":
                events.loc[i, "introduced_at"] = signed
                events.loc[i, "active_from"] = published
            else:
                events.loc[i, "amended_at"] = published
            rows.append(
                {
                    "decision_id": decision.decision_id,
                    "decision_date": signed,
                    "change_type": kind,
                    "procedure_code": catalogue.loc[i, "procedure_code"],
                    "legal_basis_effective_date": np.datetime64(decision.effective_date, "s"),
                    "published_date": published,
                }
            )
    table = pd.DataFrame(rows)
    for name in ("decision_date", "legal_basis_effective_date", "published_date"):
        table[name] = table[name].astype("datetime64[s]")
    for name in events.columns:
        events[name] = events[name].astype("datetime64[s]")
    order = ["decision_date", "decision_id", "procedure_code"]
    return table.sort_values(order, ignore_index=True), events
