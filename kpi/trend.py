"""Scores over periods, comparison with another period, and the open period's projection."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kpi import labels
from kpi.calendar import WorkCalendar
from kpi.columns import DEADLINE_COLUMNS, TABLES
from kpi.params import ScoringRules, UnitsParams
from kpi.periods import Period, parse_period
from kpi.scorecard import AGENCY, Scorecard, score_period

# The column that makes a record exist: a record dated after the cut-off is dropped.
_EXISTS_FROM = {
    "dossiers": "received_at",
    "feedback": "sent_at",
    "announcements": "decision_date",
}


def truncate(tables: dict[str, pd.DataFrame], cutoff: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The tables as they were at ``cutoff``: later records dropped, later events blanked.

    A dossier received after the cut-off is dropped; a later ``finished_at``,
    ``supplement_*_at`` or PAKN answer becomes null (not yet happened); deadlines
    (``kpi.columns.DEADLINE_COLUMNS``) are kept. Status and flags are
    left as they are: the rules already treat a terminal status without a finish time as in
    progress, and an electronic result as absent until the dossier is finished.
    """
    cutoff = pd.Timestamp(cutoff)
    result = {}
    for name, table in tables.items():
        exists = _EXISTS_FROM.get(name)
        if exists is not None:
            table = table[~(table[exists] > cutoff).to_numpy(bool)]
        later = {
            column.name: table[column.name].where(~(table[column.name] > cutoff))
            for column in TABLES.get(name, ())
            if column.kind == "datetime"
            and column.name in table
            and column.name not in (exists, *DEADLINE_COLUMNS)
        }
        result[name] = table.assign(**later).reset_index(drop=True)
    return result


def project(
    tables: dict[str, pd.DataFrame],
    period: Period | str,
    export_time: pd.Timestamp,
    *,
    rules: ScoringRules,
    units: UnitsParams,
    calendar: WorkCalendar,
) -> Scorecard:
    """The open period's end-of-period scorecard if nothing more happens after the export.

    Scores the records known at ``export_time`` as of the period's end: dossiers still in
    progress whose due date falls before the end become late, PAKN past their deadline become
    late, and no new dossier arrives. A floor for the score, to compare with the scorecard
    as of the export time.
    """
    period = parse_period(period) if isinstance(period, str) else period
    return score_period(
        truncate(tables, export_time), period, rules=rules, units=units, calendar=calendar
    )


def compare(current: Scorecard, previous: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """Points per indicator in two scorecards and the change (current − previous).

    Returns
    -------
    DataFrame
        ``code``, ``name``, ``points_before``, ``points_after``, ``change`` (None where either
        has no score counts as 0), plus a last row ``code = 0`` for the total.
    """
    before = previous.scope(scope).set_index("code")["points"].astype("float64").fillna(0)
    after = current.scope(scope).set_index("code")
    table = pd.DataFrame(
        {
            "code": after.index,
            "name": after["name"].to_numpy(),
            "points_before": before.reindex(after.index).to_numpy(),
            "points_after": after["points"].astype("float64").fillna(0).to_numpy(),
        }
    )
    totals = {
        "code": 0,
        "name": labels.TOTAL,
        "points_before": float(previous.total(scope)["points"]),
        "points_after": float(current.total(scope)["points"]),
    }
    table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
    return table.assign(change=table["points_after"] - table["points_before"])


def series(scorecards: Sequence[Scorecard], scope: str = AGENCY) -> pd.DataFrame:
    """Totals and group points of several scorecards, one row per period in the given order.

    Returns
    -------
    DataFrame
        ``period``, ``total``, ``band``, then one column per group (I-V).
    """
    rows = []
    for scorecard in scorecards:
        total = scorecard.total(scope)
        groups = scorecard.groups(scope).set_index("group")["points"]
        rows.append(
            {
                "period": scorecard.period.label,
                "total": total["points"],
                "band": total["band"],
                **groups.to_dict(),
            }
        )
    return pd.DataFrame(rows)


def indicator_series(scorecards: Sequence[Scorecard], scope: str = AGENCY) -> pd.DataFrame:
    """Points of each indicator per period: rows are indicator numbers, columns periods."""
    columns = {
        scorecard.period.label: scorecard.scope(scope).set_index("code")["points"].astype(float)
        for scorecard in scorecards
    }
    return pd.DataFrame(columns).replace({np.nan: None}).astype("float64")
