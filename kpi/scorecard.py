"""The scorecard of a period: the 21 indicators for the agency and each unit, groups, total."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from kpi import registry, scoring
from kpi.calendar import WorkCalendar
from kpi.params import ScoringRules, UnitsParams
from kpi.periods import Period, parse_period
from kpi.rules import RULES, Context, Judgement
from kpi.vector import text_rank

T = TypeVar("T")

AGENCY = "__agency__"  # the scope of the whole agency in the ``scope`` column

# Rules run on this many threads: they only read the context, and most of their work is NumPy
# and Arrow outside the GIL, so two threads on two cores judge ~1.5x faster (1M dossiers).
THREADS = 2

SCORECARD_COLUMNS = [
    "scope", "code", "group", "name", "numerator", "denominator", "ratio", "target",
    "max_points", "points", "points_lost", "status",
]  # fmt: skip


@dataclass
class Scorecard:
    """Scores of one period.

    Attributes
    ----------
    period : Period
    as_of : Timestamp
        The instant the scores are computed at (period end, or export time of an open period).
    indicators : DataFrame
        One row per scope (``AGENCY`` or a unit code) and indicator, columns
        :data:`SCORECARD_COLUMNS`. ``ratio`` in [0, 1] (None when the denominator is 0; #8
        includes the sync ratio of #4); ``points`` unrounded, None when there is no score;
        ``points_lost`` = max − points (0 when not applicable).
    judgements : dict of Judgement
        The record-level verdicts behind each indicator (evidence).
    context : Context
    """

    period: Period
    as_of: pd.Timestamp
    indicators: pd.DataFrame
    judgements: dict[int, Judgement]
    context: Context
    rules: ScoringRules
    units: UnitsParams
    unit_list: list[str] = field(default_factory=list)

    def scope(self, scope: str = AGENCY) -> pd.DataFrame:
        """The 21 rows of one scope (the agency by default, or a unit code)."""
        rows = self.indicators[self.indicators["scope"] == scope]
        return rows.drop(columns="scope").reset_index(drop=True)

    def points_of(self, scope: str = AGENCY) -> dict[int, float | None]:
        """Indicator number → points (None = no score / not applicable) for one scope."""
        rows = self.scope(scope)
        return {
            int(code): (None if pd.isna(p) else float(p))
            for code, p in zip(rows["code"], rows["points"], strict=True)
        }

    def groups(self, scope: str = AGENCY, *, portal: bool = False) -> pd.DataFrame:
        """Group totals of one scope (see :func:`kpi.scoring.group_points`)."""
        rules = self.scope_rules(scope)
        return scoring.group_points(self.points_of(scope), portal=portal, rules=rules)

    def total(self, scope: str = AGENCY) -> scoring.Total:
        """Total, maximum, applicable maximum, share and band of one scope."""
        return scoring.total(self.points_of(scope), rules=self.scope_rules(scope))

    def id_rank(self, code: int) -> np.ndarray:
        """Rank of each record of ``code``'s table by its id as text (:func:`kpi.vector.text_rank`),
        computed once per table: the dossier indicators share theirs."""
        judgement = self.judgements[code]
        key = (id(judgement.records), judgement.id_column)
        if key not in self._id_ranks:
            self._id_ranks[key] = text_rank(judgement.records[judgement.id_column])
        return self._id_ranks[key]

    @cached_property
    def _id_ranks(self) -> dict[tuple[int, str], np.ndarray]:
        return {}

    def scope_rules(self, scope: str) -> ScoringRules:
        """The scoring rules of a scope: for a unit, the agency-only indicators (#2, #3) are
        not applicable."""
        return self.rules if scope == AGENCY else self._unit_rules

    @cached_property
    def _unit_rules(self) -> ScoringRules:
        data = self.rules.model_dump()
        for indicator in registry.INDICATORS:
            if not indicator.by_unit:
                data["indicators"][indicator.code]["applicable"] = False
        return ScoringRules.model_validate(data)


def _tally(
    judgement: Judgement, unit_codes: np.ndarray, n_units: int
) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator for the agency (index 0) and each unit (1..n)."""
    population, counted = judgement.population, judgement.counted
    known = population & (unit_codes >= 0)
    if judgement.weight is None:  # plain counts: one integer bincount of (unit, counted) pairs
        pairs = np.where(known, unit_codes * 2 + counted, 2 * n_units)
        per_pair = np.bincount(pairs, minlength=2 * n_units + 1)[: 2 * n_units]
        numerators = per_pair[1::2]
        denominators = per_pair[0::2] + numerators
        agency = (np.count_nonzero(counted), np.count_nonzero(population))
    else:
        weight = judgement.weight
        credit = judgement.credit if judgement.credit is not None else weight
        denominators = np.bincount(unit_codes[known], weights=weight[known], minlength=n_units)
        numerators = np.bincount(
            unit_codes[known & counted], weights=credit[known & counted], minlength=n_units
        )
        agency = (credit[counted].sum(), weight[population].sum())
    return (
        np.concatenate([[agency[0]], numerators]).astype(float),
        np.concatenate([[agency[1]], denominators]).astype(float),
    )


def indicator_points(
    code: int,
    numerator: float | None,
    denominator: float | None,
    ratio: float | None,
    status: str,
    rules: ScoringRules,
) -> float | None:
    """Points of one indicator in one scope from its counts (None = no score).

    Plain n/d indicators use :func:`kpi.scoring.points` (the portal's rounding of the ratio);
    #8 (ratio scaled by #4's) and fractional denominators (#4's fallback) score the ratio.
    """
    if status in (scoring.NO_DATA, scoring.NOT_APPLICABLE):
        return None
    if status == scoring.FLAT:
        return float(rules.rule(code).max_points)
    if code == 8 or ratio is None or denominator != int(denominator or 0):
        return scoring.points_from_ratio(code, ratio, rules=rules)
    return scoring.points(code, numerator, denominator, rules=rules)  # type: ignore[arg-type]


def points_from_counts(
    counts: dict[int, tuple[float | None, float | None]], rules: ScoringRules
) -> dict[int, float | None]:
    """Indicator → points from (numerator, denominator) of every indicator of one scope, as
    :func:`assemble` scores them (#8's ratio times #4's, :data:`kpi.registry.SCALED_BY`).

    The what-if and the goal-seek rescore changed counts with it. A missing denominator is
    "no data"; the floors and fallbacks of #4 are already in the counts given.
    """
    ratios: dict[int, float | None] = {}
    points: dict[int, float | None] = {}
    for code in sorted(counts, key=lambda c: (c in registry.SCALED_BY, c)):  # #4 before #8
        numerator, denominator = counts[code]
        known = denominator is not None and not pd.isna(denominator)
        ratio = numerator / denominator if known and denominator else None  # type: ignore[operator]
        base = registry.SCALED_BY.get(code)
        if base is not None and ratio is not None:
            ratio *= ratios.get(base) or 0.0
        ratios[code] = ratio
        status = scoring.status(code, denominator if known else None, rules=rules)
        points[code] = indicator_points(code, numerator, denominator, ratio, status, rules)
    return points


def _row(
    code: int,
    scope: str,
    numerator: float | None,
    denominator: float | None,
    ratio: float | None,
    status: str,
    rules: ScoringRules,
) -> dict:
    indicator, rule = registry.get(code), rules.rule(code)
    points = indicator_points(code, numerator, denominator, ratio, status, rules)
    lost = 0.0 if status == scoring.NOT_APPLICABLE else rule.max_points - (points or 0.0)
    return {
        "scope": scope,
        "code": code,
        "group": indicator.group,
        "name": indicator.name,
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ratio,
        "target": rule.target,
        "max_points": rule.max_points,
        "points": points,
        "points_lost": lost,
        "status": status,
    }


@dataclass
class Tally:
    """Counts of one indicator: index 0 the agency, then one per unit of the context.

    ``floor``, ``fallback`` and ``scale_by`` are the judgement's adjustments (see
    :class:`kpi.rules.Judgement`), applied by :func:`assemble`.
    """

    numerators: np.ndarray
    denominators: np.ndarray
    floor: dict[str | None, float] = field(default_factory=dict)
    fallback: dict[str | None, float] = field(default_factory=dict)
    scale_by: int | None = None


def make_context(
    tables: dict[str, pd.DataFrame],
    period: Period | str,
    *,
    rules: ScoringRules,
    units: UnitsParams | list[str],
    calendar: WorkCalendar,
    export_time: pd.Timestamp | None = None,
) -> Context:
    """The rule context of ``period``: as of its end, or of ``export_time`` when earlier.

    ``units`` may be the units' parameters or an explicit list of unit codes (partitions of one
    extract must share it).
    """
    period = parse_period(period) if isinstance(period, str) else period
    as_of = period.end_instant
    if export_time is not None and pd.Timestamp(export_time) < as_of:
        as_of = pd.Timestamp(export_time)
    codes = units if isinstance(units, list) else [unit.code for unit in units.units]
    return Context(tables, period, as_of, list(codes), rules, calendar)


def judge(ctx: Context, threads: int = THREADS) -> dict[int, Judgement]:
    """Run the rule of every indicator whose tables are present, in registry order.

    The rules are independent given the context and run on ``threads`` threads; the tables
    they share (:attr:`Context.dossiers`, :attr:`Context.procedures`) are built first, once.
    The result does not depend on ``threads``.
    """
    return _per_indicator(ctx, threads, lambda code: RULES[code](ctx))


def _per_indicator(ctx: Context, threads: int, task: Callable[[int], T]) -> dict[int, T]:
    """Code → ``task(code)`` for every indicator whose tables are present (see :func:`judge`)."""
    codes = [ind.code for ind in registry.INDICATORS if ctx.has(*ind.tables)]
    for table in ("dossiers", "procedures"):
        if ctx.has(table):
            getattr(ctx, table)  # shared, cached: built before the threads start
    if threads <= 1:
        return {code: task(code) for code in codes}
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kpi-rule")
    try:
        return dict(zip(codes, pool.map(task, codes), strict=True))
    finally:  # after a failure (or Ctrl-C), rules not yet started are not run
        pool.shutdown(wait=True, cancel_futures=True)


def tally(judgement: Judgement, ctx: Context) -> Tally:
    """Numerators and denominators of one judgement for the agency and each unit."""
    unit_codes = ctx.record_unit_codes(judgement.records)
    numerators, denominators = _tally(judgement, unit_codes, len(ctx.units))
    return Tally(numerators, denominators, judgement.floor, judgement.fallback, judgement.scale_by)


def assemble(tallies: dict[int, Tally], units: list[str], rules: ScoringRules) -> pd.DataFrame:
    """The scorecard rows (:data:`SCORECARD_COLUMNS`) from the tallies of each indicator.

    A missing indicator is ``no_data``; units get ``not_applicable`` for agency-only
    indicators, whether their data is there or not (a unit's share must not lose what it
    does not answer for). Applies #4's national floor and fallback and #8's scaling by #4's ratio.
    """
    scopes = [AGENCY, *units]
    rows: list[dict] = []
    ratios: dict[tuple[int, str], float | None] = {}
    for indicator in registry.INDICATORS:
        code = indicator.code
        counts = tallies.get(code)
        for position, scope in enumerate(scopes):
            # a unit is not judged on an agency-only indicator, with or without its data
            if scope != AGENCY and not indicator.by_unit:
                rows.append(_row(code, scope, None, None, None, scoring.NOT_APPLICABLE, rules))
                continue
            if counts is None:
                rows.append(_row(code, scope, None, None, None, scoring.NO_DATA, rules))
                continue
            key = None if scope == AGENCY else scope
            numerator = float(counts.numerators[position])
            denominator = max(float(counts.denominators[position]), counts.floor.get(key, 0.0))
            if denominator == 0:
                denominator = counts.fallback.get(key, 0.0)
            ratio = numerator / denominator if denominator else None
            if counts.scale_by is not None and ratio is not None:
                ratio *= ratios.get((counts.scale_by, scope)) or 0.0
            ratios[(code, scope)] = ratio
            status = scoring.status(code, denominator, rules=rules)
            if status == scoring.FLAT:  # no counts are published: none are shown
                numerator = denominator = ratio = None  # type: ignore[assignment]
            rows.append(_row(code, scope, numerator, denominator, ratio, status, rules))
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def score_period(
    tables: dict[str, pd.DataFrame],
    period: Period | str,
    *,
    rules: ScoringRules,
    units: UnitsParams,
    calendar: WorkCalendar,
    export_time: pd.Timestamp | None = None,
    threads: int = THREADS,
) -> Scorecard:
    """Compute the 21 indicators for the agency and each unit.

    Parameters
    ----------
    tables : dict of DataFrame
        Canonical tables (``kpi.columns``), e.g. ``Extract.tables``.
    period : Period or str
        The audit period (``2024-06``, ``2024-Q2``, ``2024-H1``, ``2024``, or a range).
    export_time : Timestamp, optional
        Export time of the extract; when it is before the period's end the period is open and
        the scores are computed as of the export time. Otherwise as of the period's end.
    rules, units, calendar
        Scoring parameters, units and responsibility matrix, working-day calendar, loaded from
        ``params/`` by the caller (:func:`kpi.params.load_rules`, :func:`kpi.params.load_units`,
        :func:`kpi.calendar.default_calendar`).
    threads : int
        Threads the rules run on (:func:`judge`); the scores do not depend on it.

    Returns
    -------
    Scorecard
        An indicator whose table is missing has status ``no_data`` and no points; #2 and #3 are
        ``not_applicable`` for units (computed for the agency only).
    """
    ctx = make_context(
        tables, period, export_time=export_time, rules=rules, units=units, calendar=calendar
    )

    def judged_and_tallied(code: int) -> tuple[Judgement, Tally]:
        judgement = RULES[code](ctx)
        return judgement, tally(judgement, ctx)

    judged = _per_indicator(ctx, threads, judged_and_tallied)
    judgements = {code: judgement for code, (judgement, _) in judged.items()}
    tallies = {code: counts for code, (_, counts) in judged.items()}
    indicators = assemble(tallies, ctx.units, ctx.rules)
    return Scorecard(
        ctx.period, ctx.as_of, indicators, judgements, ctx, ctx.rules, units, ctx.units
    )
