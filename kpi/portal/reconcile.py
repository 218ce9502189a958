"""Reconcile the agency's own scorecard with the portal's published row for the agency.

Three scorecards of the same period, computed from the agency's records under the portal
profile, explain a difference step by step:

1. **ours**: every record (what ``kpi766 score`` says);
2. **ours without the dossiers the portal never received** (``synced_national`` false);
3. **the portal's view** (the prediction): also without the dossiers synced after the portal's
   figures were captured (``synced_at`` later than the capture instant).

#4 counts the sync itself, over every dossier received: its denominator keeps every dossier,
and a dossier synced after the capture leaves its numerator only.

Each indicator then gets one class (:data:`CLASSES`): the counts are equal (``match``, or
``rounding`` when only the points differ by a cent); the difference is one of definition
(:data:`DEFINITION_GAPS`: the province's #1–#3 on every row, #6's unknown population); the
portal's view accounts for it (``data`` when dossiers the portal never received are among the
records behind it, else ``timing``); an unexplained difference is ``data`` too, with the
residual named; ``not_comparable`` where the portal publishes nothing for the indicator
(#6–#8 of a department: only the group III.1). The records behind each step are listed.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi import registry, scoring
from kpi.errors import KpiError
from kpi.ingest.mapping import match_key
from kpi.params import PortalEntity, ScoringRules, UnitsParams
from kpi.periods import Period
from kpi.portal import messages
from kpi.portal.check import _plain, check_capture
from kpi.portal.read import ENDPOINT_GROUPS, PortalCapture, read_folder
from kpi.scorecard import AGENCY, Scorecard, assemble, judge, make_context, tally
from kpi.scoring import round_half_up
from kpi.vector import is_in

MATCH, ROUNDING, DEFINITION, DATA, TIMING, NOT_COMPARABLE = (
    "match", "rounding", "definition", "data", "timing", "not_comparable",
)  # fmt: skip
CLASSES: tuple[str, ...] = (MATCH, ROUNDING, DEFINITION, DATA, TIMING, NOT_COMPARABLE)
# Where the portal counts another population than the agency's records can give.
DEFINITION_GAPS: dict[int, str] = {
    1: messages.GAP_PROVINCE,
    2: messages.GAP_PROVINCE,
    3: messages.GAP_PROVINCE,
    6: messages.GAP_ONLINE_SCOPE,
}
SYNC_INDICATOR = 4  # counts the sync: its denominator keeps the dossiers the portal lacks
CENT = 0.005  # the portal publishes 2 decimals
ROUNDING_TOLERANCE = 0.0101  # one cent either way: the portal rounds ratios, then points
PERIOD_TYPES = {"month": "month", "quarter": "quarter", "half": "half", "year": "year"}

RECONCILE_COLUMNS = [
    "indicator", "name", "portal_group", "max_points",
    "ours_numerator", "ours_denominator", "ours_ratio_pct", "ours_points",
    "predicted_numerator", "predicted_denominator", "predicted_points",
    "portal_numerator", "portal_denominator", "portal_ratio_pct", "portal_points",
    "numerator_gap", "denominator_gap", "points_gap", "class", "explanation",
]  # fmt: skip
GROUP_COLUMNS = ["group", "name", "max_points", "ours_points", "predicted_points",
                 "portal_points", "points_gap", "class"]  # fmt: skip
RECORD_COLUMNS = ["indicator", "cause", "record_id", "unit", "effect"]


class ReconcileError(KpiError):
    """The portal folder has no row for the agency and period asked for."""

    exit_code = 2


@dataclass
class Reconciliation:
    """The agency's scorecard set against the portal's row, line by line.

    Attributes
    ----------
    entity : dict
        The portal's ``entity_id``, ``entity_code``, ``entity_name``.
    period_type : str
        The portal's period type compared (``month``, ``quarter``...).
    captured_at : Timestamp or None
        When the portal's figures were captured (None: unknown, late syncs not looked for).
    indicators : DataFrame
        :data:`RECONCILE_COLUMNS`, one row per indicator 1-21; ``indicator`` an int.
    groups, portal_groups : DataFrame
        :data:`GROUP_COLUMNS` in the decision's 5 groups and the portal's 6.
    records : DataFrame
        :data:`RECORD_COLUMNS`: the records behind each ``data`` and ``timing`` step.
    notes : list of str
        Vietnamese remarks on the whole comparison (unknown capture time, absent columns).
    """

    entity: dict[str, str]
    period_type: str
    captured_at: pd.Timestamp | None
    indicators: pd.DataFrame
    groups: pd.DataFrame
    portal_groups: pd.DataFrame
    records: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Class → number of indicators in it (every class present, 0 included)."""
        found = self.indicators["class"].value_counts()
        return {name: int(found.get(name, 0)) for name in CLASSES}


# --- the portal's side ------------------------------------------------------------------


def find_entity(
    capture: PortalCapture, key: str | None, configured: PortalEntity | None
) -> dict[str, str]:
    """The portal entity named by ``key`` (departmentId, code or name, the name matched
    ignoring case, accents and spacing), or by the agency's ``params/units.yaml`` ``portal``
    fields when ``key`` is None.

    Raises :class:`ReconcileError` when nothing, or more than one entity, matches.
    """
    rows = capture.rows.drop_duplicates("entity_id")
    keys = [key] if key else []
    if not key and configured is not None:
        keys = [configured.department_id, configured.department_code,
                configured.department_name]  # fmt: skip
    keys = [k for k in keys if k]
    if not keys:
        raise ReconcileError(messages.NO_ENTITY_CONFIGURED)
    for wanted in keys:
        found = rows[
            (rows["entity_id"] == wanted)
            | (rows["entity_code"].fillna("").str.casefold() == wanted.casefold())
            | (rows["entity_name"].fillna("").map(match_key) == match_key(wanted))
        ]
        if len(found) > 1:
            names = ", ".join(sorted(found["entity_name"].fillna(found["entity_id"])))
            raise ReconcileError(messages.MANY_ENTITIES.format(key=wanted, names=names))
        if len(found) == 1:
            row = found.iloc[0]
            return {
                "entity_id": str(row["entity_id"]),
                "entity_code": "" if pd.isna(row["entity_code"]) else str(row["entity_code"]),
                "entity_name": "" if pd.isna(row["entity_name"]) else str(row["entity_name"]),
            }
    raise ReconcileError(messages.NO_ENTITY.format(keys=", ".join(keys)))


def _of_period(frame: pd.DataFrame, entity_id: str, period_type: str) -> pd.DataFrame:
    """The ``all``-scope rows of one entity and period type (files without a period type are
    taken as the period asked for)."""
    kind = frame["period_type"]
    return frame[
        (frame["entity_id"] == entity_id)
        & (frame["scope"] == "all")
        & (kind.isna() | (kind == period_type))
    ]


def portal_figures(
    capture: PortalCapture, entity_id: str, period_type: str, rules: ScoringRules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The portal's figures for one entity and period type.

    Returns ``(indicators, groups)``: indicators indexed by the portal's indicator key
    (``"1"``-``"21"``, ``"III.1"``, ``"III.2"``) with ``numerator``, ``denominator``,
    ``ratio_pct``, ``points`` (the published score, or recomputed from the published counts
    where the portal publishes none, e.g. #9-#11), ``max_points``; groups indexed by the portal
    group (I, II, III.1, III.2, IV, V) with ``points`` and ``max_points``.
    """
    checked = _of_period(check_capture(capture, rules), entity_id, period_type)
    if checked.empty:
        raise ReconcileError(messages.NO_PERIOD_ROWS.format(period_type=period_type))
    repeated = checked["indicator"].duplicated(keep=False)
    if repeated.any():
        files = ", ".join(sorted(set(checked.loc[repeated, "path"])))
        raise ReconcileError(messages.REPEATED_FILES.format(files=files))
    points = checked["score"].astype("Float64").fillna(checked["recomputed"].astype("Float64"))
    indicators = pd.DataFrame(
        {
            "numerator": checked["numerator"].astype("Float64"),
            "denominator": checked["denominator"].astype("Float64"),
            "ratio_pct": checked["ratio_pct"].astype("Float64"),
            "points": points,
            "max_points": checked["max_points"].astype("Float64"),
        }
    ).set_axis(checked["indicator"].astype(str).to_numpy())
    totals = _of_period(capture.totals, entity_id, period_type)
    groups = pd.DataFrame(
        {
            "points": totals["score"].astype("Float64").to_numpy(),
            "max_points": totals["max_points"].astype("Float64").to_numpy(),
        },
        index=totals["endpoint"].map(ENDPOINT_GROUPS).to_numpy(),
    )
    return indicators, groups[~groups.index.duplicated()]


# --- the agency's side ------------------------------------------------------------------


def hidden_dossiers(
    dossiers: pd.DataFrame, captured_at: pd.Timestamp | None
) -> tuple[np.ndarray, np.ndarray]:
    """Masks over ``dossiers`` of what the portal cannot count: never synced, and synced after
    the capture instant (only where ``synced_at`` is known and the capture instant given)."""
    synced = dossiers["synced_national"].to_numpy(bool)
    late = np.zeros(len(dossiers), dtype=bool)
    if captured_at is not None and "synced_at" in dossiers:
        times = dossiers["synced_at"].to_numpy("datetime64[us]")
        late = synced & ~np.isnat(times) & (times > np.datetime64(captured_at, "us"))
    return ~synced, late


def portal_view(
    scorecard: Scorecard, hidden: np.ndarray, captured_at: pd.Timestamp | None = None
) -> Scorecard:
    """The scorecard of the same period without the dossiers ``hidden`` (a mask over the
    extract's ``dossiers`` table): what the portal can count from what it received.

    #4 is judged on every dossier (its denominator is the dossiers received, synced or not).
    Its numerator loses the hidden dossiers; with ``captured_at``, it counts the dossiers
    synced by the capture instant (ours counts those synced by the as-of instant), so that a
    sync between the period's end and the capture counts on the portal.
    """
    ctx = scorecard.context
    tables = dict(ctx.tables)
    dossiers = tables["dossiers"]
    gone = dossiers.loc[hidden, "dossier_id"]
    tables["dossiers"] = dossiers[~hidden]
    view = make_context(
        tables,
        scorecard.period,
        export_time=scorecard.as_of,
        rules=scorecard.rules,
        units=ctx.units,
        calendar=ctx.calendar,
    )
    judgements = judge(view)
    if SYNC_INDICATOR in judgements:
        base = scorecard.judgements[SYNC_INDICATOR]
        records = base.records
        on_portal = base.reason == 0
        if captured_at is not None and "synced_at" in records:
            times = records["synced_at"].to_numpy("datetime64[us]")
            by_capture = np.isnat(times) | (times <= np.datetime64(captured_at, "us"))
            on_portal = records["synced_national"].to_numpy(bool) & by_capture
        on_portal &= ~is_in(records[base.id_column], gone)
        missing = len(base.reasons)  # a new reason: counted by us, not yet on the portal
        reason = np.where(on_portal, 0, np.where(base.reason == 0, missing, base.reason))
        judgements[SYNC_INDICATOR] = dataclasses.replace(
            base,
            reason=reason.astype(np.int8),
            reasons=(*base.reasons, messages.SYNCED_AFTER_CAPTURE),
        )
    tallies = {
        code: tally(judgement, view if code != SYNC_INDICATOR else ctx)
        for code, judgement in judgements.items()
    }
    indicators = assemble(tallies, ctx.units, scorecard.rules)
    return dataclasses.replace(
        scorecard, indicators=indicators, judgements=judgements, context=view
    )


def _states(scorecard: Scorecard, code: int) -> pd.DataFrame:
    """Record id → unit, in the denominator, in the numerator, for one indicator."""
    judgement = scorecard.judgements.get(code)
    if judgement is None:
        return pd.DataFrame(columns=["record_id", "unit", "population", "counted"])
    return pd.DataFrame(
        {
            "record_id": judgement.records[judgement.id_column].astype(str).to_numpy(),
            "unit": judgement.records["unit"].astype(str).to_numpy(),
            "population": judgement.population,
            "counted": judgement.counted,
        }
    )


def changed_records(before: Scorecard, after: Scorecard, cause: str) -> pd.DataFrame:
    """The records whose place in an indicator differs between two scorecards
    (:data:`RECORD_COLUMNS`): leaving the denominator, or only the numerator."""
    frames = []
    for indicator in registry.INDICATORS:
        old, new = _states(before, indicator.code), _states(after, indicator.code)
        both = old.merge(
            new[["record_id", "population", "counted"]],
            on="record_id",
            how="left",
            suffixes=("", "_after"),
        )
        population_after = both["population_after"].astype("boolean").fillna(False)
        counted_after = both["counted_after"].astype("boolean").fillna(False)
        left_population = both["population"] & ~population_after
        left_numerator = both["counted"] & ~counted_after & ~left_population
        entered = ~both["counted"] & counted_after & both["population"]
        effect = np.select(
            [left_population & both["counted"], left_population, left_numerator, entered],
            [
                messages.EFFECT_BOTH,
                messages.EFFECT_DENOMINATOR,
                messages.EFFECT_NUMERATOR,
                messages.EFFECT_INTO_NUMERATOR,
            ],
            default="",
        )
        rows = both.assign(effect=effect)[effect != ""]
        frames.append(rows.assign(indicator=indicator.code, cause=cause)[RECORD_COLUMNS])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RECORD_COLUMNS)


# --- the comparison ---------------------------------------------------------------------


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _equal(a: float | None, b: float | None, tolerance: float = CENT) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, abs_tol=tolerance)


def _points(row: pd.Series) -> float | None:
    value = _num(row["points"])
    return None if value is None else float(round_half_up(value))


def _classify(
    code: int, ours: pd.Series, data_step: pd.Series, predicted: pd.Series, portal: pd.Series | None
) -> tuple[str, str]:
    """Class and Vietnamese explanation of one indicator (see the module docstring)."""
    if portal is None or (
        _num(portal["points"]) is None
        and _num(portal["denominator"]) is None
        and _num(portal["numerator"]) is None
    ):
        group = registry.INDICATORS[code - 1].portal_group
        if portal is None and group in ("III.1",):
            return NOT_COMPARABLE, messages.ONLY_GROUP.format(group=group)
        if _num(ours["points"]) is None and portal is not None:
            return MATCH, messages.BOTH_NO_SCORE
        return NOT_COMPARABLE, messages.NOTHING_PUBLISHED
    if _num(ours["denominator"]) is None and ours["status"] == scoring.NO_DATA:
        return NOT_COMPARABLE, messages.NO_RECORDS
    counts = ("numerator", "denominator")
    has_counts = _num(portal["denominator"]) is not None and ours["status"] != scoring.FLAT
    same_counts = all(_equal(_num(ours[c]), _num(portal[c])) for c in counts)
    point_gap = (_points(ours) or 0.0) - (_num(portal["points"]) or 0.0)
    same_points = _equal(_points(ours), _num(portal["points"]))
    if (same_counts or not has_counts) and same_points:
        return MATCH, ""
    if code in DEFINITION_GAPS:
        return DEFINITION, DEFINITION_GAPS[code]
    if (same_counts or not has_counts) and abs(point_gap) <= ROUNDING_TOLERANCE:
        return ROUNDING, messages.ROUNDING
    if same_counts:
        return DEFINITION, messages.SAME_COUNTS_OTHER_POINTS
    explained = (
        all(_equal(_num(predicted[c]), _num(portal[c])) for c in counts)
        if has_counts
        else _equal(_points(predicted), _num(portal["points"]), ROUNDING_TOLERANCE)
    )
    data_moves = not all(_equal(_num(ours[c]), _num(data_step[c])) for c in counts)
    timing_moves = not all(_equal(_num(data_step[c]), _num(predicted[c])) for c in counts)
    if explained and data_moves:
        return DATA, messages.EXPLAINED_DATA + (messages.ALSO_TIMING if timing_moves else "")
    if explained and timing_moves:
        return TIMING, messages.EXPLAINED_TIMING
    residual = [
        f"{messages.COUNT_NAMES[c]} {(_num(portal[c]) or 0) - (_num(predicted[c]) or 0):+g}"
        for c in counts
        if has_counts and not _equal(_num(predicted[c]), _num(portal[c]))
    ]
    return DATA, messages.UNEXPLAINED.format(residual=", ".join(residual) or messages.POINTS)


def _ratio_pct(row: pd.Series) -> float | None:
    ratio = _num(row["ratio"])
    return None if ratio is None else float(round_half_up(ratio * 100))


def _indicator_rows(
    ours: pd.DataFrame, data_step: pd.DataFrame, predicted: pd.DataFrame, portal: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    for position, indicator in enumerate(registry.INDICATORS):
        mine, step, view = ours.iloc[position], data_step.iloc[position], predicted.iloc[position]
        theirs = portal.loc[str(indicator.code)] if str(indicator.code) in portal.index else None
        kind, explanation = _classify(indicator.code, mine, step, view, theirs)
        published = {} if theirs is None else {n: _num(theirs[n]) for n in theirs.index}
        get = published.get
        ours_points = _points(mine)
        rows.append(
            {
                "indicator": indicator.code,
                "name": indicator.name,
                "portal_group": indicator.portal_group,
                "max_points": _num(mine["max_points"]),
                "ours_numerator": _num(mine["numerator"]),
                "ours_denominator": _num(mine["denominator"]),
                "ours_ratio_pct": _ratio_pct(mine),
                "ours_points": ours_points,
                "predicted_numerator": _num(view["numerator"]),
                "predicted_denominator": _num(view["denominator"]),
                "predicted_points": _points(view),
                "portal_numerator": get("numerator"),
                "portal_denominator": get("denominator"),
                "portal_ratio_pct": get("ratio_pct"),
                "portal_points": get("points"),
                "numerator_gap": _gap(get("numerator"), _num(mine["numerator"])),
                "denominator_gap": _gap(get("denominator"), _num(mine["denominator"])),
                "points_gap": _gap(get("points"), ours_points),
                "class": kind,
                "explanation": explanation,
            }
        )
    return pd.DataFrame(rows, columns=RECONCILE_COLUMNS)


def _gap(portal: float | None, ours: float | None) -> float | None:
    """Portal minus ours (None when either is missing), to the cent."""
    if portal is None or ours is None:
        return None
    return float(round_half_up(portal - ours))


def _group_class(
    mine: float, view: float, step: float, theirs: float | None, members: list[str]
) -> str:
    """A group's class: by its points, then by the classes of its indicators (definition
    before data before timing), or for a group published alone (III.1) by the steps."""
    if theirs is None:
        return NOT_COMPARABLE
    if _equal(mine, theirs):
        return MATCH
    for kind in (DEFINITION, DATA, TIMING):
        if kind in members:
            return kind
    if abs(mine - theirs) <= ROUNDING_TOLERANCE:
        return ROUNDING
    if _equal(view, theirs, ROUNDING_TOLERANCE):
        return DATA if not _equal(mine, step) else TIMING
    return DATA


def _group_rows(
    ours: Scorecard,
    data_step: Scorecard,
    predicted: Scorecard,
    portal: pd.Series,
    classes: dict[int, str],
    *,
    portal_view: bool,
) -> pd.DataFrame:
    """Group totals side by side; ``portal`` is group code → published points."""
    frames = [s.groups(AGENCY, portal=portal_view) for s in (ours, data_step, predicted)]
    rows = []
    for (_, mine), (_, step), (_, view) in zip(*(f.iterrows() for f in frames), strict=True):
        code = mine["group"]
        members = [
            classes[i.code] for i in registry.INDICATORS if code in (i.group, i.portal_group)
        ]
        theirs = _num(portal.get(code))
        points = [float(round_half_up(row["points"])) for row in (mine, step, view)]
        rows.append(
            {
                "group": code,
                "name": mine["name"],
                "max_points": float(mine["max_points"]),
                "ours_points": points[0],
                "predicted_points": points[2],
                "portal_points": theirs,
                "points_gap": _gap(theirs, points[0]),
                "class": _group_class(points[0], points[2], points[1], theirs, members),
            }
        )
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def _portal_groups(published: pd.DataFrame) -> pd.Series:
    """Portal group code → points, in the 6-group view; the 5-group III is III.1 + III.2."""
    six = published["points"].astype("Float64")
    if "III.1" in six.index and "III.2" in six.index:
        six = pd.concat([six, pd.Series({"III": six["III.1"] + six["III.2"]})])
    return six


def reconcile(
    scorecard: Scorecard,
    capture: PortalCapture,
    *,
    entity: str | None = None,
    units: UnitsParams | None = None,
    captured_at: pd.Timestamp | None = None,
) -> Reconciliation:
    """Set the agency's scorecard (``scorecard``, scored under the portal profile) against the
    portal's row for the agency in ``capture``.

    Parameters
    ----------
    scorecard : Scorecard
        The agency's own scores of the period (:func:`kpi.scorecard.score_period`).
    capture : PortalCapture
        The portal's responses for that period (:func:`kpi.portal.read.read_folder`).
    entity : str, optional
        The portal's departmentId, code or name of the agency; default the ``portal`` fields of
        ``units`` (``params/units.yaml``).
    captured_at : Timestamp, optional
        When the portal's figures were captured; without it, late syncs are not looked for.
    """
    period: Period = scorecard.period
    period_type = PERIOD_TYPES.get(period.kind)
    if period_type is None:
        raise ReconcileError(messages.PERIOD_NOT_PUBLISHED.format(period=period.label))
    units = units or scorecard.units
    found = find_entity(capture, entity, units.portal)
    published, published_groups = portal_figures(
        capture, found["entity_id"], period_type, scorecard.rules
    )
    notes = []
    dossiers = scorecard.context.tables.get("dossiers")
    if dossiers is None:
        data_step = predicted = scorecard
        records = pd.DataFrame(columns=RECORD_COLUMNS)
    else:
        never, late = hidden_dossiers(dossiers, captured_at)
        data_step = portal_view(scorecard, never)
        predicted = (
            portal_view(scorecard, never | late, captured_at)
            if captured_at is not None
            else data_step
        )
        records = pd.concat(
            [
                changed_records(scorecard, data_step, DATA),
                changed_records(data_step, predicted, TIMING),
            ],
            ignore_index=True,
        )
        if captured_at is None:
            notes.append(messages.NOTE_NO_CAPTURE_TIME)
        elif dossiers["synced_at"].isna().all():
            notes.append(messages.NOTE_NO_SYNC_TIME)
    indicators = _indicator_rows(
        scorecard.scope(AGENCY), data_step.scope(AGENCY), predicted.scope(AGENCY), published
    )
    portal_points = _portal_groups(published_groups)
    classes = dict(zip(indicators["indicator"], indicators["class"], strict=True))
    groups = _group_rows(scorecard, data_step, predicted, portal_points, classes, portal_view=False)
    portal_groups = _group_rows(
        scorecard, data_step, predicted, portal_points, classes, portal_view=True
    )
    return Reconciliation(
        found, period_type, captured_at, indicators, groups, portal_groups, records, notes
    )


# --- at the edge: a folder of responses, and the tables people read ------------------------

CAPTURE_NOTE = "capture.yaml"  # beside the responses: when they were captured, for which period


def _timestamp(text: Any, where: str) -> pd.Timestamp:
    try:
        value = pd.Timestamp(str(text))
    except ValueError:
        value = pd.NaT
    if pd.isna(value):
        raise ReconcileError(messages.BAD_CAPTURE_TIME.format(value=text, where=where))
    return value.tz_localize(None) if value.tzinfo else value


def read_capture_note(folder: Path | str) -> dict[str, Any]:
    """``capture.yaml`` of a folder of portal responses (``captured_at``, ``period``), or
    ``{}`` when there is none."""
    import yaml

    path = Path(folder) / CAPTURE_NOTE
    if not path.is_file():
        return {}
    try:
        note = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ReconcileError(messages.BAD_CAPTURE_NOTE.format(path=path, detail=error)) from None
    if not isinstance(note, dict):
        raise ReconcileError(
            messages.BAD_CAPTURE_NOTE.format(path=path, detail=messages.NOT_A_MAPPING)
        )
    return note


def reconcile_folder(
    scorecard: Scorecard,
    folder: Path | str,
    *,
    entity: str | None = None,
    captured_at: str | pd.Timestamp | None = None,
) -> Reconciliation:
    """:func:`reconcile` with the portal's responses read from ``folder``.

    The capture instant is ``captured_at`` when given, else ``capture.yaml``'s; a
    ``capture.yaml`` that names another period than the scorecard's is refused.
    """
    folder = Path(folder)
    note = read_capture_note(folder)
    label = scorecard.period.label
    if note.get("period") is not None and str(note["period"]) != label:
        raise ReconcileError(
            messages.CAPTURE_OTHER_PERIOD.format(
                period=label, noted=note["period"], path=folder / CAPTURE_NOTE
            )
        )
    text = captured_at if captured_at is not None else note.get("captured_at")
    where = "--captured-at" if captured_at is not None else str(folder / CAPTURE_NOTE)
    instant = None if text is None else _timestamp(text, where)
    return reconcile(scorecard, read_folder(folder), entity=entity, captured_at=instant)


def _whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Count columns as integers where every value is whole (#4's fallback can be a fraction)."""
    frame = frame.copy()
    for name in frame.columns:
        if name.endswith(("_numerator", "_denominator", "numerator_gap", "denominator_gap")):
            values = pd.to_numeric(frame[name], errors="coerce").astype("Float64")
            if ((values.dropna() % 1) == 0).all():
                frame[name] = values.astype("Int64")
    return frame


def display_tables(result: Reconciliation) -> dict[str, pd.DataFrame]:
    """The reconciliation as people read it (terminal CSV, notebook, workbook): Vietnamese
    headers and class names, one table per :data:`messages.RECONCILE_SHEETS` key."""
    names = messages.RECONCILE_COLUMNS
    tables = {
        "indicators": result.indicators,
        "groups": result.groups,
        "portal_groups": result.portal_groups,
        "records": result.records.assign(cause=result.records["cause"].map(messages.CAUSE_NAMES)),
    }
    tables["indicators"] = _whole_counts(tables["indicators"])
    return {
        key: frame.assign(
            **({"class": frame["class"].map(messages.CLASS_NAMES)} if "class" in frame else {})
        ).rename(columns=names)
        for key, frame in tables.items()
    }


def explanations(result: Reconciliation) -> list[tuple[int, str, str]]:
    """(indicator, Vietnamese class name, explanation) of every indicator that has one."""
    rows = result.indicators[result.indicators["explanation"] != ""]
    return [
        (int(row["indicator"]), messages.CLASS_NAMES[row["class"]], str(row["explanation"]))
        for row in rows.to_dict(orient="records")
    ]


def _json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {name: _plain(value) for name, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def reconcile_document(result: Reconciliation, scorecard: Scorecard) -> dict[str, Any]:
    """The JSON document of ``kpi766 reconcile --format json`` (also ``reconcile.json`` of an
    audit run): agency, period, as-of, capture instant, profile, the portal entity, the
    indicator, 5-group, 6-group and record tables, the count per class and the notes."""
    return {
        "agency": scorecard.units.agency,
        "period": scorecard.period.label,
        "period_type": result.period_type,
        "as_of": scorecard.as_of.isoformat(),
        "captured_at": None if result.captured_at is None else result.captured_at.isoformat(),
        "profile": scorecard.rules.profile,
        "entity": result.entity,
        "indicators": _json_records(result.indicators),
        "groups": _json_records(result.groups),
        "portal_groups": _json_records(result.portal_groups),
        "records": _json_records(result.records),
        "counts": result.counts(),
        "notes": result.notes,
    }
