"""The records behind every point: evidence per indicator, lost points, follow-up per unit."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from kpi import labels, registry
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


# Every column an evidence table may have, in order (tables of several indicators align on it).
ALL_EVIDENCE_COLUMNS = [*EVIDENCE_COLUMNS, *_CONTEXT_COLUMNS, "weight", "credit"]


def _format_detail(value: object, template: str) -> str:
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if number == 0 and labels.IN_WORKING_DAYS in template:
            # late, yet no working day in between: acted on a day off right after the deadline
            return labels.UNDER_ONE
        return f"{number:.0f}" if number.is_integer() else f"{number:.1f}".replace(".", ",")
    return str(value)


def reason_texts(judgement: Judgement, mask: np.ndarray) -> pd.Categorical:
    """Vietnamese reason of each selected record ("" when it counts), as a categorical.

    Templates are formatted once per distinct (reason, detail) pair, not once per record.
    """
    codes = judgement.reason[mask]
    if judgement.detail is None:
        templates = list(dict.fromkeys(judgement.reasons))
        positions = {text: i for i, text in enumerate(templates)}
        lookup = np.array([positions[text] for text in judgement.reasons])
        return pd.Categorical.from_codes(lookup[codes], templates)
    pairs = pd.DataFrame({"code": codes, "detail": judgement.detail[mask]})
    group_ids = pairs.groupby(["code", "detail"], sort=False, dropna=False).ngroup().to_numpy()
    distinct = pairs.drop_duplicates()
    texts = [
        judgement.reasons[code].format(n=_format_detail(detail, judgement.reasons[code]))
        for code, detail in zip(distinct["code"], distinct["detail"], strict=True)
    ]
    unique_texts = list(dict.fromkeys(texts))
    positions = {text: i for i, text in enumerate(unique_texts)}
    remap = np.array([positions[text] for text in texts], dtype=np.int64)
    return pd.Categorical.from_codes(remap[group_ids] if texts else group_ids, unique_texts)


def _names(units: pd.Series, names: dict[str, str], missing: str | None = None) -> pd.Series:
    """Unit codes → names, renaming categories when ``units`` is categorical (no per-row work)."""
    if isinstance(units.dtype, pd.CategoricalDtype):
        renamed = units.cat.rename_categories(
            [names.get(str(code), str(code)) for code in units.cat.categories]
        )
        if missing is None:
            return renamed
        if missing not in renamed.cat.categories:
            renamed = renamed.cat.add_categories([missing])
        return renamed.fillna(missing)
    named = units.map(names).fillna(units)
    return named.fillna(missing) if missing is not None else named


def _rows(scorecard: Scorecard, code: int, positions: np.ndarray) -> pd.DataFrame:
    """Evidence rows of indicator ``code`` for the records at ``positions`` of its table."""
    judgement = scorecard.judgements[code]
    records = judgement.records
    mask = np.zeros(len(records), dtype=bool)
    mask[positions] = True
    wanted = [judgement.id_column, "unit", *(c for c in _CONTEXT_COLUMNS if c in records.columns)]
    chosen = records[list(dict.fromkeys(wanted))].take(positions).reset_index(drop=True)
    names = scorecard.units.unit_names()
    responsibility = scorecard.units.responsibility(code)
    coordinator = names.get(scorecard.units.coordinator, scorecard.units.coordinator)
    constant = pd.Categorical.from_codes(np.zeros(len(chosen), np.int8), ["_"])
    result = pd.DataFrame(
        {
            "code": np.full(len(chosen), code, dtype=np.int8),
            "record_type": constant.rename_categories([registry.get(code).basis]),
            "record_id": chosen[judgement.id_column],
            "unit": chosen["unit"],
            "unit_name": _names(chosen["unit"], names),
            "counted": judgement.counted[positions],
            "reason": reason_texts(judgement, mask),
            "responsible_unit": _names(chosen["unit"], names, coordinator),
            "deliverable": constant.rename_categories([responsibility.deliverable]),
            "frequency": constant.rename_categories([responsibility.frequency]),
        }
    )
    if "procedure_name" not in chosen.columns and "procedure_code" in chosen.columns:
        catalogue = scorecard.context.procedures.drop_duplicates("procedure_code")
        catalogue = catalogue.set_index("procedure_code")["procedure_name"]
        chosen["procedure_name"] = chosen["procedure_code"].map(catalogue)
    for column in _CONTEXT_COLUMNS:
        if column in chosen.columns:
            result[column] = chosen[column]
    if judgement.weight is not None:
        result["weight"] = judgement.weight[positions]
        credit = judgement.credit if judgement.credit is not None else judgement.weight
        result["credit"] = credit[positions]
    return result


def _mask(scorecard: Scorecard, code: int, unit: str | None, failing: bool) -> np.ndarray:
    judgement = scorecard.judgements[code]
    mask = judgement.population & ~judgement.counted if failing else judgement.population.copy()
    if unit is not None:
        mask &= judgement.records["unit"].eq(unit).fillna(False).to_numpy(bool)
    return mask


def evidence(
    scorecard: Scorecard, code: int, *, unit: str | None = None, failing_only: bool = False
) -> pd.DataFrame:
    """Every record of indicator ``code``'s population: whether it counts, why not, who answers.

    Parameters
    ----------
    scorecard : Scorecard
    code : int
        Indicator number 1-21.
    unit : str, optional
        Keep only the records of this unit code.
    failing_only : bool
        Keep only the records that do not count.

    Returns
    -------
    DataFrame
        Columns :data:`EVIDENCE_COLUMNS` then the record's context columns (TTHC, dates...),
        and ``weight``/``credit`` for #7. One row per record of the population (in the order
        of the input table), so ``counted.sum()`` and ``len()`` reconcile with the numerator
        and denominator (by weight for #7). Empty when the indicator has no data.
        ``responsible_unit`` follows the seed plan's matrix (``params/units.yaml``): the unit
        of the record; the coordinator when the record has no known unit. Unit, reason and
        responsibility columns are categoricals.
    """
    if code not in scorecard.judgements:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return _rows(scorecard, code, np.flatnonzero(_mask(scorecard, code, unit, failing_only)))


def failing_sample(
    scorecard: Scorecard, code: int, *, unit: str | None = None, limit: int = 10
) -> pd.DataFrame:
    """``limit`` records of ``code`` that do not count, spread across units: the first of each
    unit by record id, then the second of each, and so on (units in ``params/units.yaml``
    order, unknown units last), so that a sample names every unit concerned.

    Only those records are materialised, whatever the size of the population.
    """
    if code not in scorecard.judgements:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    judgement = scorecard.judgements[code]
    positions = np.flatnonzero(_mask(scorecard, code, unit, failing=True))
    unit_codes = scorecard.context.unit_codes(judgement.records["unit"].take(positions))
    unit_codes = np.where(unit_codes < 0, np.iinfo(np.int64).max, unit_codes)
    order = np.lexsort((scorecard.id_rank(code)[positions], unit_codes))  # by unit, then id
    ranked = pd.Series(unit_codes[order]).groupby(unit_codes[order]).cumcount().to_numpy()
    chosen = order[np.lexsort((unit_codes[order], ranked))][:limit]  # round-robin over units
    return _rows(scorecard, code, positions[np.sort(chosen)])


FOLLOW_UP_RECORD_COLUMNS = [
    "responsible_unit", "code", "name", "record_type", "record_id", "reason", "due_at",
    "procedure_code", "procedure_name", "deliverable", "frequency",
]  # fmt: skip


def _responsible(scorecard: Scorecard, code: int, positions: np.ndarray) -> pd.Categorical:
    """The responsible unit's name of the records at ``positions`` of ``code``'s table (as
    :func:`evidence` gives it), computed on the categories."""
    names = scorecard.units.unit_names()
    coordinator = names.get(scorecard.units.coordinator, scorecard.units.coordinator)
    units = scorecard.judgements[code].records["unit"].take(positions).reset_index(drop=True)
    named = _names(units.astype("category"), names, coordinator)
    return pd.Categorical.from_codes(
        named.cat.codes.to_numpy(), categories=named.cat.categories.astype("str")
    )


def _first_per_unit(
    scorecard: Scorecard, code: int, positions: np.ndarray, room: defaultdict[str, int]
) -> np.ndarray:
    """The positions among ``positions`` that open each responsible unit's block: per unit,
    the first ``room[unit]`` records by record id (``room`` is decreased by what is taken)."""
    responsible = _responsible(scorecard, code, positions)
    order = np.lexsort((scorecard.id_rank(code)[positions], responsible.codes))  # unit, id
    keys = responsible.codes[order]
    rank = pd.Series(keys).groupby(keys).cumcount().to_numpy()
    limit = np.array([room[unit] for unit in responsible.categories], dtype=np.int64)
    kept = order[rank < limit[keys]]
    taken = np.bincount(responsible.codes[kept], minlength=len(responsible.categories))
    for unit, n in zip(responsible.categories, taken, strict=True):
        room[unit] -= int(n)
    return positions[np.sort(kept)]


def follow_up_counts(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """How many records of :func:`follow_up_records` each responsible unit has in each
    indicator: columns ``responsible_unit``, ``code``, ``records`` (nothing materialised)."""
    unit = None if scope == AGENCY else scope
    frames = []
    for loss in losses(scorecard, scope).itertuples():
        code = int(loss.code)
        if code not in scorecard.judgements:
            continue
        positions = np.flatnonzero(_mask(scorecard, code, unit, failing=True))
        counts = pd.Series(_responsible(scorecard, code, positions)).value_counts(sort=False)
        counts = counts[counts > 0]
        frames.append(
            pd.DataFrame(
                {
                    "responsible_unit": counts.index.astype("str"),
                    "code": code,
                    "records": counts.to_numpy(),
                }
            )  # fmt: skip
        )
    if not frames:
        return pd.DataFrame(columns=["responsible_unit", "code", "records"])
    return pd.concat(frames, ignore_index=True)


def follow_up_records(
    scorecard: Scorecard, scope: str = AGENCY, *, per_unit: int | None = None
) -> pd.DataFrame:
    """Every record that does not count, in every indicator that lost points: the complete
    follow-up list an inspector hands to each unit.

    Parameters
    ----------
    per_unit : int, optional
        Keep only the first ``per_unit`` records of each responsible unit's block (the same
        rows as the complete list's, in the same order); only those are materialised, so a
        readable copy of a province's list costs what it shows. Default: every record.

    Returns
    -------
    DataFrame
        :data:`FOLLOW_UP_RECORD_COLUMNS`: the unit that answers for the record (the seed
        plan's matrix), the indicator, the record's type and id, what is wrong and by how much
        (the reason, e.g. working days late), its deadline when it has one, its TTHC, and what
        the plan asks the unit to deliver. Grouped by responsible unit (``params/units.yaml``
        order, the coordinator for records without a unit), then indicator and record id. For a
        unit ``scope``, only that unit's records.
    """
    unit = None if scope == AGENCY else scope
    room: defaultdict[str, int] = defaultdict(lambda: per_unit or 0)
    frames = []
    # in indicator order, the order of a unit's block: its first records are taken first
    for loss in losses(scorecard, scope).sort_values("code").itertuples():
        code = int(loss.code)
        if count_failing(scorecard, code, unit=unit) == 0:
            continue
        positions = np.flatnonzero(_mask(scorecard, code, unit, failing=True))
        if per_unit is not None:
            positions = _first_per_unit(scorecard, code, positions, room)
        rows = _rows(scorecard, code, positions)
        rows = rows.assign(name=loss.name, responsible_unit=rows["responsible_unit"].astype(str))
        frames.append(rows.reindex(columns=FOLLOW_UP_RECORD_COLUMNS))
    if not frames:
        return pd.DataFrame(columns=FOLLOW_UP_RECORD_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    names = scorecard.units.unit_names()
    order = {names.get(u, u): position for position, u in enumerate(scorecard.unit_list)}
    position = table["responsible_unit"].map(order).fillna(len(order))
    table = table.assign(_order=position, record_id=table["record_id"].astype(str))
    table = table.sort_values(["_order", "responsible_unit", "code", "record_id"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def count_failing(scorecard: Scorecard, code: int, *, unit: str | None = None) -> int:
    """Number of records of ``code``'s population that do not count (0 without data)."""
    if code not in scorecard.judgements:
        return 0
    return int(np.count_nonzero(_mask(scorecard, code, unit, failing=True)))


def top_reasons(
    scorecard: Scorecard, code: int, *, unit: str | None = None, limit: int = 5
) -> pd.DataFrame:
    """The most frequent reasons records of ``code`` do not count.

    Returns
    -------
    DataFrame
        ``reason``, ``n_records``, ``share_pct`` (of the records not counted, 0-100), most
        frequent first (ties by reason text), at most ``limit`` rows.
    """
    if code not in scorecard.judgements:
        return pd.DataFrame(columns=["reason", "n_records", "share_pct"])
    mask = _mask(scorecard, code, unit, failing=True)
    failing = pd.Series(reason_texts(scorecard.judgements[code], mask))
    counts = failing.value_counts().rename_axis("reason").reset_index(name="n_records")
    counts = counts[counts["n_records"] > 0].astype({"reason": "str"})
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
        if not registry.get(int(code)).by_unit or int(code) not in scorecard.judgements:
            continue
        judgement = scorecard.judgements[int(code)]
        mask = _mask(scorecard, int(code), None, failing=True)
        failing = pd.DataFrame(
            {
                "unit": judgement.records["unit"].array[mask],  # categorical stays so
                "reason": reason_texts(judgement, mask),
            }
        ).dropna(subset=["unit"])
        if failing.empty:
            continue
        counts = failing.groupby(["unit", "reason"], observed=True).size().reset_index(name="n")
        counts = counts.astype({"unit": "str", "reason": "str"})
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
    rows = rows[
        (rows["scope"] != AGENCY)
        & rows["code"].isin([i.code for i in registry.INDICATORS if i.by_unit])
    ]
    matrix = rows.pivot(index="scope", columns="code", values=value).astype("float64")
    return matrix.reindex(scorecard.unit_list)
