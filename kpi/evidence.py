"""The records behind every point: evidence per indicator, lost points, follow-up per unit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi import registry
from kpi.rules import Judgement
from kpi.scorecard import AGENCY, Scorecard

# Context columns shown beside a record when its table has them, in this order.
_CONTEXT_COLUMNS = (
    "procedure_code", "procedure_name", "decision_id", "received_at", "due_at", "finished_at",
    "status", "channel", "sent_at", "transferred_at",
)  # fmt: skip
EVIDENCE_COLUMNS = [
    "code", "record_type", "record_id", "unit", "unit_name", "counted", "reason",
    "responsible_unit", "deliverable", "frequency",
]  # fmt: skip


def _format_detail(value: object) -> str:
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return f"{number:.0f}" if number.is_integer() else f"{number:.1f}".replace(".", ",")
    return str(value)


def reason_texts(judgement: Judgement, mask: np.ndarray) -> np.ndarray:
    """Vietnamese reason of each selected record ("" when it counts).

    Templates are formatted once per distinct (reason, detail) pair, not once per record.
    """
    codes = judgement.reason[mask]
    if judgement.detail is None:
        return np.asarray(judgement.reasons, dtype=object)[codes]
    pairs = pd.DataFrame({"code": codes, "detail": judgement.detail[mask]})
    group_ids = pairs.groupby(["code", "detail"], sort=False, dropna=False).ngroup().to_numpy()
    distinct = pairs.drop_duplicates()
    texts = [
        judgement.reasons[code].format(n=_format_detail(detail))
        for code, detail in zip(distinct["code"], distinct["detail"], strict=True)
    ]
    return np.asarray(texts, dtype=object)[group_ids] if texts else np.asarray([], dtype=object)


def evidence(scorecard: Scorecard, code: int, *, unit: str | None = None) -> pd.DataFrame:
    """Every record of indicator ``code``'s population: whether it counts, why not, who answers.

    Parameters
    ----------
    scorecard : Scorecard
    code : int
        Indicator number 1-21.
    unit : str, optional
        Keep only the records of this unit code.

    Returns
    -------
    DataFrame
        Columns :data:`EVIDENCE_COLUMNS` then the record's context columns (TTHC, dates...),
        and ``weight``/``credit`` for #7. One row per record of the population, so
        ``counted.sum()`` and ``len()`` reconcile with the numerator and denominator (by weight
        for #7). Empty when the indicator has no data. ``responsible_unit`` follows the seed
        plan's matrix (``params/units.yaml``): the unit of the record; the coordinator when the
        record has no known unit.
    """
    judgement = scorecard.judgements.get(code)
    if judgement is None:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    mask = judgement.population.copy()
    records = judgement.records
    if unit is not None:
        mask &= records["unit"].eq(unit).fillna(False).to_numpy(bool)
    chosen = records.loc[mask]
    names = scorecard.units.unit_names()
    responsibility = scorecard.units.responsibility(code)
    coordinator = names.get(scorecard.units.coordinator, scorecard.units.coordinator)
    unit_names = chosen["unit"].map(names).fillna(chosen["unit"])
    result = pd.DataFrame(
        {
            "code": code,
            "record_type": registry.get(code).basis,
            "record_id": chosen[judgement.id_column].to_numpy(),
            "unit": chosen["unit"].to_numpy(),
            "unit_name": unit_names.to_numpy(),
            "counted": judgement.counted[mask],
            "reason": reason_texts(judgement, mask),
            "responsible_unit": unit_names.fillna(coordinator).to_numpy(),
            "deliverable": responsibility.deliverable,
            "frequency": responsibility.frequency,
        }
    )
    if "procedure_name" not in chosen.columns and "procedure_code" in chosen.columns:
        catalogue = scorecard.context.procedures.set_index("procedure_code")["procedure_name"]
        chosen = chosen.assign(procedure_name=chosen["procedure_code"].map(catalogue))
    for column in _CONTEXT_COLUMNS:
        if column in chosen.columns:
            result[column] = chosen[column].to_numpy()
    if judgement.weight is not None:
        result["weight"] = judgement.weight[mask]
        result["credit"] = (judgement.credit if judgement.credit is not None else 1)[mask]
    return result


def top_reasons(scorecard: Scorecard, code: int, *, unit: str | None = None, limit: int = 5
                ) -> pd.DataFrame:  # fmt: skip
    """The most frequent reasons records of ``code`` do not count.

    Returns
    -------
    DataFrame
        ``reason``, ``n_records``, ``share_pct`` (of the records not counted, 0-100), most
        frequent first (ties by reason text), at most ``limit`` rows.
    """
    rows = evidence(scorecard, code, unit=unit)
    failing = rows.loc[~rows["counted"].astype(bool), "reason"]
    counts = failing.value_counts().rename_axis("reason").reset_index(name="n_records")
    counts = counts.sort_values(["n_records", "reason"], ascending=[False, True], ignore_index=True)
    total = counts["n_records"].sum()
    counts["share_pct"] = counts["n_records"] * 100 / total if total else 0.0
    return counts.head(limit)


def losses(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """Indicators that lost points in ``scope``, most points lost first.

    Returns
    -------
    DataFrame
        ``code``, ``name``, ``group``, ``points``, ``max_points``, ``points_lost`` (> 0 only),
        ``status``; ties ordered by indicator number.
    """
    rows = scorecard.scope(scope)
    lost = rows[rows["points_lost"] > 1e-9]
    return lost.sort_values(["points_lost", "code"], ascending=[False, True], ignore_index=True)[
        ["code", "name", "group", "points", "max_points", "points_lost", "status"]
    ]


FOLLOW_UP_COLUMNS = [
    "unit", "unit_name", "code", "name", "points_lost", "n_not_counted", "top_reason",
    "deliverable", "frequency",
]  # fmt: skip


def follow_up(scorecard: Scorecard) -> pd.DataFrame:
    """The follow-up list: per unit and indicator that lost points, what to act on.

    Returns
    -------
    DataFrame
        :data:`FOLLOW_UP_COLUMNS`: ``points_lost`` is the unit's own score loss,
        ``n_not_counted`` its records that do not count, ``top_reason`` the most frequent reason
        (ties by text). Only indicators scored per unit, with at least one failing record of the
        unit; by unit in ``params/units.yaml`` order, then most points lost first.
    """
    scores = scorecard.indicators
    scores = scores[(scores["scope"] != AGENCY) & (scores["points_lost"] > 1e-9)]
    frames = []
    for code in sorted(scores["code"].unique()):
        if not registry.get(int(code)).by_unit:
            continue
        rows = evidence(scorecard, int(code))
        failing = rows.loc[~rows["counted"].astype(bool) & rows["unit"].notna()]
        if failing.empty:
            continue
        counts = failing.groupby(["unit", "reason"], observed=True).size().reset_index(name="n")
        counts = counts.sort_values(["unit", "n", "reason"], ascending=[True, False, True])
        per_unit = counts.groupby("unit", observed=True).agg(
            n_not_counted=("n", "sum"), top_reason=("reason", "first")
        )
        frames.append(per_unit.reset_index().assign(code=int(code)))
    if not frames:
        return pd.DataFrame(columns=FOLLOW_UP_COLUMNS)
    failing_units = pd.concat(frames, ignore_index=True)
    table = scores.rename(columns={"scope": "unit"}).merge(failing_units, on=["unit", "code"])
    order = {unit: position for position, unit in enumerate(scorecard.unit_list)}
    names = scorecard.units.unit_names()
    table = table.assign(
        unit_name=table["unit"].map(names).fillna(table["unit"]),
        deliverable=table["code"].map(lambda c: scorecard.units.responsibility(c).deliverable),
        frequency=table["code"].map(lambda c: scorecard.units.responsibility(c).frequency),
        order=table["unit"].map(order),
    )
    table = table.sort_values(["order", "points_lost", "code"], ascending=[True, False, True])
    return table[FOLLOW_UP_COLUMNS].reset_index(drop=True)


def unit_matrix(scorecard: Scorecard, value: str = "points") -> pd.DataFrame:
    """Units × indicators: ``points``, ``ratio`` (0-1) or ``points_lost`` per cell.

    Rows are units (codes, in ``params/units.yaml`` order, then unknown units), columns the
    indicator numbers scored per unit; NaN where there is no score.
    """
    rows = scorecard.indicators
    rows = rows[(rows["scope"] != AGENCY) & rows["code"].isin(
        [i.code for i in registry.INDICATORS if i.by_unit])]  # fmt: skip
    matrix = rows.pivot(index="scope", columns="code", values=value).astype("float64")
    return matrix.reindex(scorecard.unit_list)
