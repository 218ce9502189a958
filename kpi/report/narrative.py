"""The audit's verdict (first) and conclusion (last), written from the numbers (Vietnamese)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from kpi import evidence, labels
from kpi.labels import thousands
from kpi.params import Band
from kpi.registry import PROFILE_NAMES
from kpi.report.present import indicator_name, scope_name
from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import round_half_up


def weakest_units(scorecard: Scorecard, top: int = 3) -> list[str]:
    """The ``top`` units with the lowest share of their applicable maximum, ties by unit code."""
    shares = {unit: scorecard.total(unit)["share_pct"] for unit in scorecard.unit_list}
    return sorted(shares, key=lambda unit: (shares[unit], unit))[:top]


def band_thresholds(bands: list[Band]) -> str:
    """The rating bands as one line, highest first: "Tốt ≥ 80 · … · Yếu < 50"."""
    ordered = sorted(bands, key=lambda band: band.min_points, reverse=True)
    lowest = min((band.min_points for band in ordered if band.min_points > 0), default=None)
    return " · ".join(
        f"{band.label} ≥ {band.min_points:g}"
        if band.min_points > 0 or lowest is None
        else f"{band.label} < {lowest:g}"
        for band in ordered
    )


@dataclass(frozen=True)
class Verdict:
    """The audit in a few lines (see :func:`verdict_summary`); numbers rounded to 2 decimals."""

    scope: str  # the agency's or the unit's name
    agency: str
    period: str
    period_dates: str  # "01/06/2024–30/06/2024"
    as_of: str  # "30/06/2024 23:59"
    profile: str  # the scoring profile's Vietnamese name
    points: float
    max_applicable: float
    share_pct: float
    band: str
    bands: str  # from band_thresholds
    compare_period: str | None
    previous_points: float | None
    change: float | None
    top_losses: tuple[tuple[str, float], ...]  # ("5. Tỷ lệ …", points lost)
    weakest_units: tuple[tuple[str, float], ...]  # (unit name, share of its maximum in %)
    rows_read: int | None
    rows_used: int | None
    rows_quarantined: int | None


def verdict_summary(
    scorecard: Scorecard,
    previous: Scorecard | None = None,
    scope: str = AGENCY,
    *,
    totals: Mapping[str, Mapping[str, int]] | None = None,
    top: int = 3,
) -> Verdict:
    """The verdict shown at the top of the audit: who, when, total and band, what changed.

    Parameters
    ----------
    scorecard : Scorecard
    previous : Scorecard, optional
        The comparison period: its total and the change are given when present.
    scope : str
        The agency (default) or a unit code. Weakest units are named for the agency only.
    totals : mapping, optional
        ``Extract.table_totals()``: rows read, used and quarantined are summed over tables.
    top : int
        How many indicators (most points lost first, ties by number) and units (lowest share
        of their applicable maximum first, ties by code) to name.

    Returns
    -------
    Verdict
        Points, share and change rounded half-up to 2 decimals; the band thresholds from the
        scoring parameters' bands.
    """
    total = scorecard.total(scope)
    change = previous_points = compare = None
    if previous is not None:
        before = previous.total(scope)["points"]
        compare, previous_points = previous.period.label, round_half_up(before)
        change = round_half_up(total["points"] - before)
    lost = evidence.losses(scorecard, scope).head(top)
    weakest = weakest_units(scorecard, top) if scope == AGENCY else []
    counts = {
        name: sum(int(table[name]) for table in totals.values()) if totals is not None else None
        for name in ("rows_read", "rows_used", "rows_quarantined")
    }
    period = scorecard.period
    return Verdict(
        scope=scope_name(scorecard, scope),
        agency=scorecard.units.agency,
        period=period.label,
        period_dates=f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
        as_of=f"{scorecard.as_of:%d/%m/%Y %H:%M}",
        profile=PROFILE_NAMES[scorecard.rules.profile],
        points=round_half_up(total["points"]),
        max_applicable=float(total["max_applicable"]),
        share_pct=round_half_up(total["share_pct"]),
        band=total["band"],
        bands=band_thresholds(scorecard.rules.bands),
        compare_period=compare,
        previous_points=previous_points,
        change=change,
        top_losses=tuple(
            (indicator_name(row.code), round_half_up(row.points_lost)) for row in lost.itertuples()
        ),
        weakest_units=tuple(
            (scope_name(scorecard, unit), round_half_up(scorecard.total(unit)["share_pct"]))
            for unit in weakest
        ),
        **counts,
    )


def _change_text(verdict: Verdict) -> str:
    if verdict.change is None:
        return labels.NO_COMPARISON_DATA
    amount = labels.POINTS_AMOUNT.format(change=abs(verdict.change))
    direction = (
        f"{labels.UP} {amount}"
        if verdict.change > 0
        else f"{labels.DOWN} {amount}"
        if verdict.change < 0
        else labels.UNCHANGED
    )
    return labels.CHANGE_SENTENCE.format(
        compare_period=verdict.compare_period,
        direction=direction,
        previous_points=verdict.previous_points,
        points=verdict.points,
    )


def verdict_html(verdict: Verdict) -> str:
    """The verdict as an HTML block (a boxed two-column table), every text escaped."""
    e = html.escape
    if verdict.rows_used is None or verdict.rows_quarantined is None or verdict.rows_read is None:
        data = "—"
    else:
        data = labels.DATA_QUALITY_SUMMARY.format(
            used=thousands(verdict.rows_used),
            quarantined=thousands(verdict.rows_quarantined),
            read=thousands(verdict.rows_read),
        )
    rows = [
        (labels.AGENCY_HEADER, verdict.agency),
        *([(labels.UNIT, verdict.scope)] if verdict.scope != verdict.agency else []),
        (labels.EVALUATED_PERIOD, f"{verdict.period} ({verdict.period_dates})"),
        (labels.AS_OF, verdict.as_of),
        (labels.PROFILE, verdict.profile),
        (labels.BAND_SCALE, labels.BAND_SCALE_NOTE.format(bands=verdict.bands)),
        (labels.CHANGE, _change_text(verdict)),
        (labels.LARGEST_LOSSES,
         "; ".join(labels.LOSS_ITEM.format(name=name, lost=lost) for name, lost in verdict.top_losses) or "—"),
    ]  # fmt: skip
    if verdict.weakest_units:
        units = "; ".join(f"{name} ({share:.2f} %)" for name, share in verdict.weakest_units)
        rows.append((labels.WEAKEST_UNITS_LONG, units))
    rows.append((labels.DATA_QUALITY, data))
    cell = 'style="text-align:left;vertical-align:top;padding:3px 10px"'
    body = "".join(
        f"<tr><th {cell}>{e(label)}</th><td {cell}>{e(value)}</td></tr>" for label, value in rows
    )
    headline = labels.VERDICT_HEADLINE.format(
        points=verdict.points,
        max_applicable=verdict.max_applicable,
        share_pct=verdict.share_pct,
        band=e(verdict.band),
    )
    return (
        '<div class="kpi-verdict" style="border:2px solid #2b6cb0;border-radius:6px;'
        'padding:8px 14px;margin:8px 0;background:#f4f8fc">'
        '<p style="margin:4px 0">'
        + labels.VERDICT_BOX_TITLE.format(scope=e(verdict.scope), period=e(verdict.period))
        + "</p>"
        f'<p style="font-size:1.5em;margin:6px 0">{headline}</p>'
        f'<table style="border-collapse:collapse">{body}</table></div>'
    )


def conclusion(
    scorecard: Scorecard, previous: Scorecard | None = None, scope: str = AGENCY, *, top: int = 3
) -> str:
    """A short Markdown conclusion: total and band, change, where points were lost, weak units.

    Names from the data (an unknown unit is named by its code as written) are HTML-escaped:
    Markdown lets HTML through, and the report must not run what an export holds.

    Parameters
    ----------
    scorecard : Scorecard
    previous : Scorecard, optional
        The comparison period; its change in total points is stated when given.
    scope : str
        The agency (default) or a unit code.
    top : int
        How many indicators and units to name.
    """
    total = scorecard.total(scope)
    lines = [
        labels.CONCLUSION_TOTAL.format(
            scope=html.escape(scope_name(scorecard, scope)),
            points=round_half_up(total["points"]),
            max_applicable=total["max_applicable"],
            share_pct=round_half_up(total["share_pct"]),
            period=scorecard.period.label,
            band=total["band"],
        )
    ]
    if previous is not None:
        change = total["points"] - previous.total(scope)["points"]
        direction = labels.UP if change > 0 else labels.DOWN if change < 0 else labels.UNCHANGED
        amount = (
            labels.POINTS_AMOUNT_SPACED.format(change=abs(round_half_up(change))) if change else ""
        )
        lines.append(
            labels.CONCLUSION_CHANGE.format(
                period=previous.period.label, direction=direction, amount=amount
            )
        )
    lost = evidence.losses(scorecard, scope).head(top)
    if not lost.empty:
        items = "; ".join(
            labels.LOSS_ITEM.format(
                name=indicator_name(row.code), lost=round_half_up(row.points_lost)
            )
            for row in lost.itertuples()
        )
        lines.append(labels.CONCLUSION_PRIORITIES.format(items=items))
    if scope == AGENCY and scorecard.unit_list:
        shares = {unit: scorecard.total(unit)["share_pct"] for unit in scorecard.unit_list}
        weakest = weakest_units(scorecard, top)
        names = ", ".join(
            f"{html.escape(scope_name(scorecard, unit))} ({round_half_up(shares[unit]):.2f} %)"
            for unit in weakest
        )
        lines.append(labels.CONCLUSION_WEAKEST_UNITS.format(names=names))
    return "\n\n".join(lines)
