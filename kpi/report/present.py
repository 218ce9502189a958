"""Display-ready tables, charts and text for the notebooks (Vietnamese headers, 2 decimals).

Every figure is computed by :mod:`kpi.scorecard`, :mod:`kpi.evidence` or :mod:`kpi.trend`;
this module only selects, rounds, renames and draws. Tables are sorted so that outputs are
deterministic (nbval compares them).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kpi import evidence, labels, registry
from kpi.ingest import Extract
from kpi.ingest.report import ISSUE_DETAIL_LIMIT, short_path, summarise_issues
from kpi.labels import thousands
from kpi.params import Band, ScoringRules
from kpi.scorecard import AGENCY, Scorecard
from kpi.scoring import round_half_up

if TYPE_CHECKING:  # narrative imports this module
    from kpi.report import narrative


def _count(values: pd.Series) -> pd.Series:
    """Counts as whole numbers where they are whole (#4's fallback may be fractional)."""
    rounded = round_half_up(values.astype("float64"))
    whole = rounded.dropna().eq(rounded.dropna().round()).all()
    return rounded.astype("Int64") if whole else rounded


ISSUE_SUMMARY_HEADERS = {
    "count": labels.ISSUE_COUNT,
    "first_rows": labels.ISSUE_FIRST_ROWS,
    "value": labels.ISSUE_FIRST_VALUE,
}
MISSING = "—"  # shown for a missing number (no score, zero denominator, no data)
MISSING_NOTE = labels.MISSING_NOTE


def _cell(value: object) -> str:
    """One table cell as text: numbers with 2 decimals, whole counts as they are, "—" for
    None/NaN/NA; everything else as its string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool | np.bool_):
        return labels.COUNTED_YES if value else labels.COUNTED_NO
    if isinstance(value, float | np.floating):
        return MISSING if np.isnan(value) else f"{value:.2f}"
    return str(value)


def _numeric(column: pd.Series) -> bool:
    """Whether a column shows numbers (right-aligned): a numeric dtype, or every value that is
    not missing a number (a "—" placeholder allowed; a text code such as ``1.001919`` is not)."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.astype(object)
    present = values[values.notna() & (values != MISSING)]
    return bool(len(present)) and bool(
        present.map(
            lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool)
        ).all()
    )


class Table:
    """A display table for the report: no index, one number format, "—" with a footnote.

    Floats (points, percentages, ratios) show with 2 decimals, integers as they are, missing
    values as "—", explained in a footnote under the table when there are any; text is
    escaped and wraps, never cut. An empty table shows a sentence instead. The plain-text form
    gives only its size, so that nbval compares the HTML.

    Parameters
    ----------
    frame : DataFrame
        A table from this module (Vietnamese headers already).
    empty : str
        The sentence shown when the table has no rows.
    note : str
        The footnote for "—".
    """

    def __init__(
        self, frame: pd.DataFrame, *, empty: str = labels.NO_ROWS, note: str = MISSING_NOTE
    ) -> None:
        self.frame, self.empty, self.note = frame, empty, note

    def text(self) -> pd.DataFrame:
        """The cells as they are shown (strings)."""
        return self.frame.reset_index(drop=True).astype(object).map(_cell)

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return f'<p class="kpi-empty"><em>{html.escape(self.empty)}</em></p>'
        cells = self.text()
        numeric = [_numeric(self.frame[column]) for column in self.frame.columns]
        left, right = ' style="text-align:left"', ' style="text-align:right"'
        head = "".join(
            f"<th{right if number else left}>{html.escape(str(column))}</th>"
            for column, number in zip(cells.columns, numeric, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td{right if number else left}>{html.escape(value)}</td>"
                for value, number in zip(row, numeric, strict=True)
            )
            + "</tr>"
            for row in cells.itertuples(index=False)
        )
        footnote = (
            f'<p class="kpi-note"><small>{html.escape(self.note)}</small></p>'
            if (cells == MISSING).any(axis=None)
            else ""
        )
        return (
            f'<table class="kpi-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{footnote}"
        )

    def __repr__(self) -> str:
        rows, columns = self.frame.shape
        return labels.TABLE_REPR.format(rows=rows, columns=columns)


class Sentence(str):
    """A sentence shown as a paragraph in the report (escaped), itself as plain text."""

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self)}</p>"

    def __repr__(self) -> str:
        return str(self)


def show(frame: pd.DataFrame | str, **options: str) -> Table | Sentence:
    """A table of this module ready to display in the report (see :class:`Table`); a
    sentence instead of a table (e.g. "Không có dữ liệu kỳ so sánh.") as a paragraph."""
    return Sentence(frame) if isinstance(frame, str) else Table(frame, **options)


def status_legend(rules: ScoringRules) -> str:
    """Markdown legend of the indicator statuses, with each zero-denominator rule in words.

    The indicators under each zero-denominator policy are read from ``rules`` (the scoring
    parameters), so the legend says what happens to each one when nothing is to be counted.
    """
    policies: dict[str, list[str]] = {}
    for code, rule in sorted(rules.indicators.items()):
        policies.setdefault(rule.zero_denominator, []).append(str(code))
    zero = "; ".join(
        labels.ZERO_DENOMINATOR_CODES.format(
            codes=", ".join(codes), policy=labels.ZERO_DENOMINATOR_POLICY[policy]
        )
        for policy, codes in policies.items()
    )
    lines = [f"- **{labels.STATUS[key]}**: {labels.STATUS_HELP[key]}" for key in labels.STATUS]
    lines.append(labels.ZERO_DENOMINATOR_LEGEND.format(zero=zero))
    lines.append(f"- {MISSING_NOTE}")
    return labels.STATUS_LEGEND_TITLE + "\n".join(lines)


def scope_name(scorecard: Scorecard, scope: str = AGENCY) -> str:
    """Vietnamese name of a scope: the agency's name or the unit's."""
    if scope == AGENCY:
        return scorecard.units.agency
    return scorecard.units.unit_names().get(scope, scope)


def key_figures(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """One-row summary: scope, period, as-of, total, applicable maximum, share, band."""
    total = scorecard.total(scope)
    return pd.DataFrame(
        {
            labels.SCOPE: [scope_name(scorecard, scope)],
            labels.PERIOD: [scorecard.period.label],
            labels.AS_OF: [scorecard.as_of.strftime("%d/%m/%Y %H:%M")],
            labels.TOTAL: [round_half_up(total["points"])],
            labels.APPLICABLE_MAX_POINTS: [total["max_applicable"]],
            labels.SHARE_EARNED_PCT: [round_half_up(total["share_pct"])],
            labels.BAND: [total["band"]],
        }
    )


def scorecard_table(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """The 21 indicators of a scope with Vietnamese headers; ratio and target in percent."""
    rows = scorecard.scope(scope)
    table = pd.DataFrame(
        {
            "code": rows["code"],
            "group": rows["group"],
            "name": rows["name"],
            "numerator": _count(rows["numerator"]),
            "denominator": _count(rows["denominator"]),
            "ratio_pct": round_half_up(rows["ratio"].astype("float64") * 100),
            "target_pct": round_half_up(rows["target"] * 100),
            "points": round_half_up(rows["points"].astype("float64")),
            "max_points": rows["max_points"],
            "points_lost": round_half_up(rows["points_lost"]),
            "status": rows["status"].map(labels.STATUS),
        }
    )
    return labels.headers(_dash(table, ["numerator", "denominator", "ratio_pct", "points"]))


def groups_table(
    scorecard: Scorecard, scope: str = AGENCY, *, portal: bool = False
) -> pd.DataFrame:
    """Group totals with their maxima (the portal's six-group view when ``portal``)."""
    groups = scorecard.groups(scope, portal=portal)
    return labels.headers(groups.rename(columns={"name": labels.GROUP_NAME}))


def reconciliation_table(extract: Extract) -> pd.DataFrame:
    """Per table: rows read, used, quarantined (and superseded by a later export)."""
    totals = pd.DataFrame(extract.table_totals()).T.rename_axis("table").reset_index()
    totals = totals.assign(table=totals["table"].map(labels.TABLE_NAMES).fillna(totals["table"]))
    return labels.headers(totals.rename(columns={"rows_superseded": labels.ROWS_SUPERSEDED}))


def issues_table(issues: pd.DataFrame, limit: int = ISSUE_DETAIL_LIMIT) -> pd.DataFrame:
    """Quarantined rows or data-quality findings, sorted by table, file, row; beyond ``limit``
    rows, one row per distinct problem with its count and first rows
    (:func:`kpi.ingest.report.summarise_issues`), so that a million findings stay readable.

    Files are shown as ``<extract folder>/<file>``, tables by their Vietnamese names.
    """
    if len(issues) > limit:
        shown = summarise_issues(issues)
    else:
        shown = issues.sort_values(["table", "file", "row", "column"], ignore_index=True)
    table = shown["table"].astype(object).map(lambda name: labels.TABLE_NAMES.get(name, name))
    shown = shown.assign(file=shown["file"].map(short_path), table=table)
    return labels.headers(shown.rename(columns=ISSUE_SUMMARY_HEADERS))


def _dash(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Missing numbers of ``columns`` shown as "—" (no score, zero denominator)."""
    return frame.assign(
        **{
            column: frame[column].astype(object).where(frame[column].notna(), "—")
            for column in columns
        }
    )


def losses_table(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """Indicators that lost points, most lost first (where to act first)."""
    lost = evidence.losses(scorecard, scope)
    lost = lost.assign(
        points=round_half_up(lost["points"].astype("float64")),
        points_lost=round_half_up(lost["points_lost"]),
        status=lost["status"].map(labels.STATUS),
    )
    return labels.headers(lost)


def _units_of(scorecard: Scorecard, scope: str) -> list[str]:
    """The units a section shows: all of them for the agency, the audited one for a unit."""
    return list(scorecard.unit_list) if scope == AGENCY else [scope]


def unit_table(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """Every unit's total, applicable maximum, share and band, in params/units.yaml order
    (only the audited unit in a unit's audit)."""
    rows = []
    for unit in _units_of(scorecard, scope):
        total = scorecard.total(unit)
        rows.append(
            {
                "unit": unit,
                "unit_name": scope_name(scorecard, unit),
                "points": round_half_up(total["points"]),
                "applicable_max_points": total["max_applicable"],
                "share_pct": round_half_up(total["share_pct"]),
                "band": total["band"],
            }
        )
    return labels.headers(pd.DataFrame(rows).rename(columns={"share_pct": labels.SHARE_EARNED_PCT}))


def drilldowns(
    scorecard: Scorecard, scope: str = AGENCY, *, limit: int = 10
) -> list[tuple[str, pd.DataFrame | None, pd.DataFrame | None]]:
    """For each indicator that lost points: a title, its top reasons, its first failing records.

    Records are those not counted, ordered by unit then id, at most ``limit``. When no record
    fails (the points were lost to a zero denominator or missing data) the two tables are None
    and the title says why.
    """
    unit = None if scope == AGENCY else scope
    result = []
    for loss in evidence.losses(scorecard, scope).itertuples():
        reasons = evidence.top_reasons(scorecard, loss.code, unit=unit)
        n_failing = evidence.count_failing(scorecard, loss.code, unit=unit)
        responsibility = scorecard.units.responsibility(loss.code)
        title = labels.DRILLDOWN_TITLE.format(
            code=loss.code,
            name=loss.name,
            lost=round_half_up(loss.points_lost),
            n_failing=n_failing,
            deliverable=responsibility.deliverable,
            frequency=responsibility.frequency.lower(),
        )
        if n_failing == 0:  # e.g. no score: nothing in the records to act on
            status = labels.STATUS.get(loss.status, loss.status).lower()
            result.append(
                (labels.DRILLDOWN_TITLE_STATUS.format(title=title, status=status), None, None)
            )
            continue
        reasons = reasons.assign(share_pct=round_half_up(reasons["share_pct"]))
        shown = evidence.failing_sample(scorecard, loss.code, unit=unit, limit=limit)
        shown = readable_records(shown.drop(columns=["code", "deliverable", "frequency"]))
        result.append((title, labels.headers(reasons), shown))
    return result


def readable_records(rows: pd.DataFrame, *, dates_as_text: bool = True) -> pd.DataFrame:
    """Evidence rows for people: record types, dossier statuses and channels in Vietnamese,
    dates as ``dd/mm/yyyy HH:MM`` (blank when missing; kept as dates for a workbook, which
    formats them itself, when ``dates_as_text`` is false), Vietnamese headers, no ``counted``."""
    rows = rows.drop(columns=[c for c in ("counted",) if c in rows.columns])
    changes = {"record_type": rows["record_type"].astype("str").map(labels.RECORD_TYPES)}
    if "status" in rows.columns:
        status = rows["status"].astype("str")
        changes["status"] = status.map(labels.RECORD_STATUS).fillna(status)
    if "channel" in rows.columns:
        changes["channel"] = rows["channel"].map(labels.CHANNEL_CODES)
    for column in rows.columns:
        if dates_as_text and pd.api.types.is_datetime64_any_dtype(rows[column]):
            changes[column] = rows[column].dt.strftime("%d/%m/%Y %H:%M").fillna("")
    renamed = rows.assign(**changes).rename(columns={"status": "record_status"})
    return labels.headers(renamed)


class Collapsible:
    """A titled block the reader opens (HTML ``<details>``): long lists stay complete in the
    page without burying what follows. Its text form gives the title only (for nbval)."""

    def __init__(
        self, title: str, body: Table | Sentence, *, open_: bool = False, note: str = ""
    ) -> None:
        self.title, self.body, self.open, self.note = title, body, open_, note

    def _repr_html_(self) -> str:
        inner = (
            self.body._repr_html_()
            if isinstance(self.body, Table)
            else (f"<p>{html.escape(self.body)}</p>")
        )
        if self.note:
            inner = f'<p class="kpi-note">{html.escape(self.note)}</p>' + inner
        flag = " open" if self.open else ""
        return (
            f'<details class="kpi-details"{flag}><summary>{html.escape(self.title)}'
            f"</summary>{inner}</details>"
        )

    def __repr__(self) -> str:
        return labels.COLLAPSIBLE_REPR.format(title=self.title)


def follow_up_sections(
    scorecard: Scorecard, scope: str = AGENCY, *, per_unit: int | None = None
) -> list[Collapsible]:
    """The follow-up list (:func:`kpi.evidence.follow_up_records`), one block per responsible
    unit, titled with the unit and its number of records. ``per_unit``: show at most that many
    records of a unit (the first of its complete list); a block cut short says so, with its
    total, and points to the evidence files. Default: every record."""
    records = evidence.follow_up_records(scorecard, scope, per_unit=per_unit)
    counts = evidence.follow_up_counts(scorecard, scope)
    totals = counts.groupby("responsible_unit", sort=False)["records"].sum()
    indicators = counts.groupby("responsible_unit", sort=False)["code"].nunique()
    sections = []
    for unit, rows in records.groupby("responsible_unit", sort=False):
        shown = readable_records(rows.drop(columns=["responsible_unit", "name"]))
        total = int(totals.get(unit, len(rows)))
        title = labels.FOLLOW_UP_SECTION_TITLE.format(
            unit=unit, n_records=thousands(total), n_indicators=int(indicators.get(unit, 0))
        )
        note = (
            labels.FOLLOW_UP_SHOWN.format(shown=thousands(len(rows)), total=thousands(total))
            if total > len(rows)
            else ""
        )
        sections.append(Collapsible(title, show(shown), note=note))
    return sections


def definitions_table(rules: ScoringRules) -> pd.DataFrame:
    """Each indicator's official name, group, population (under the rules' profile), numerator,
    target, maximum and zero-denominator rule, from the registry and the scoring parameters."""
    rows = []
    for indicator in registry.INDICATORS:
        rule = rules.rule(indicator.code)
        rows.append(
            {
                "code": indicator.code,
                "group": indicator.group,
                "name": indicator.name,
                labels.POPULATION: registry.population_text(indicator.code, rules.profile),
                labels.NUMERATOR: indicator.numerator,
                "target_pct": round_half_up(rule.target * 100),
                "max_points": rule.max_points,
                labels.ZERO_DENOMINATOR_RULE: labels.ZERO_DENOMINATOR_POLICY[rule.zero_denominator],
            }
        )
    return labels.headers(pd.DataFrame(rows))


def bands_table(rules: ScoringRules) -> pd.DataFrame:
    """The rating bands: label and the share of the applicable maximum they start at."""
    bands = sorted(rules.bands, key=lambda band: band.min_points, reverse=True)
    return pd.DataFrame(
        {
            labels.BAND: [b.label for b in bands],
            labels.BAND_FROM_PCT: [float(b.min_points) for b in bands],
        }
    )


def verdict_sheet(summary: narrative.Verdict, groups: pd.DataFrame) -> pd.DataFrame:
    """The verdict as a two-column sheet (item, value) for the workbook's first page: agency,
    period, as-of, profile, total and band with thresholds, change, losses, units, data, then
    each group's points over its maximum."""
    change = (
        "—"
        if summary.change is None
        else labels.CHANGE_SINCE.format(
            direction=labels.UP if summary.change >= 0 else labels.DOWN,
            change=abs(summary.change),
            compare_period=summary.compare_period,
            previous_points=summary.previous_points,
        )
    )
    items = [
        (labels.AGENCY_HEADER, summary.agency), (labels.SCOPE, summary.scope),
        (labels.EVALUATED_PERIOD, f"{summary.period} ({summary.period_dates})"),
        (labels.AS_OF, summary.as_of), (labels.PROFILE, summary.profile),
        (labels.TOTAL, f"{summary.points:.2f} / {summary.max_applicable:g} "
                      f"({summary.share_pct:.2f} %)"),
        (labels.BAND, summary.band), (labels.BAND_THRESHOLDS, summary.bands),
        (labels.CHANGE, change),
        (labels.LARGEST_LOSSES, "; ".join(f"{name}: {lost:.2f}" for name, lost in
                                          summary.top_losses) or "—"),
        (labels.WEAKEST_UNITS, "; ".join(f"{name}: {share:.2f} %" for name, share in
                                      summary.weakest_units) or "—"),
        (labels.DATA, "—" if summary.rows_read is None else
         labels.DATA_ROWS_SUMMARY.format(rows_read=summary.rows_read, rows_used=summary.rows_used, rows_quarantined=summary.rows_quarantined)),
    ]  # fmt: skip
    items += [
        (
            labels.GROUP_TITLE.format(group=row.group, name=row.name),
            f"{row.points:.2f} / {row.max_points:g}",
        )
        for row in groups.itertuples(index=False)
    ]
    return pd.DataFrame(items, columns=[labels.ITEM, labels.CONTENT])


def unit_matrix_table(scorecard: Scorecard) -> pd.DataFrame:
    """Units × indicators as the share of each indicator's maximum earned, in % (rows: unit
    names; columns: "#n"), for the workbook's coloured sheet: one colour scale reads across
    indicators worth 2 or 20 points. Blank where the indicator has no score for the unit."""
    matrix = evidence.unit_matrix(scorecard, "points")
    maxima = pd.Series(
        {code: scorecard.rules.rule(int(code)).max_points for code in matrix.columns}
    )
    matrix = (matrix / maxima * 100).apply(round_half_up)
    names = scorecard.units.unit_names()
    matrix.index = [names.get(unit, unit) for unit in matrix.index]
    matrix.columns = [f"#{code}" for code in matrix.columns]
    return matrix.rename_axis(labels.UNIT_SHARE_OF_MAX).reset_index()


def goal_seek_tables(alone: pd.DataFrame, plan: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two answers of :func:`kpi.goalseek.goal_seek` for people: each indicator alone
    (how many more records it takes, or "—" when it cannot alone), and the plan ranked by
    points per record, with the running total."""
    each = pd.DataFrame(
        {
            "code": alone["code"],
            "name": alone["name"],
            labels.RECORD_KIND: alone["record"],
            labels.NOW_COUNTED_OF_TOTAL: [
                f"{n}/{d}" for n, d in zip(alone["numerator"], alone["denominator"], strict=True)
            ],
            labels.HEADROOM: alone["headroom"],
            labels.GAIN_AT_FULL: round_half_up(alone["gain_at_full"].astype("float64")),
            labels.POINTS_PER_100_RECORDS: round_half_up(
                alone["points_per_record"].astype("float64") * 100
            ),
            labels.EXTRA_ALONE: alone["extra_alone"]
            .astype(object)
            .where(alone["extra_alone"].notna(), MISSING),
        }
    )
    steps = pd.DataFrame(
        {
            labels.STEP: range(1, len(plan) + 1),
            "code": plan["code"],
            "name": plan["name"],
            labels.RECORD_KIND: plan["record"],
            labels.EXTRA_NEEDED: plan["extra"],
            labels.GAIN: round_half_up(plan["gain"].astype("float64")),
            labels.TOTAL_AFTER_STEP: round_half_up(plan["total_after"].astype("float64")),
        }
    )
    return labels.headers(each), labels.headers(steps)


def follow_up_table(scorecard: Scorecard, scope: str = AGENCY) -> pd.DataFrame:
    """The follow-up list per unit (see :func:`kpi.evidence.follow_up`); a unit's audit shows
    its own rows only."""
    table = evidence.follow_up(scorecard)
    if scope != AGENCY:
        table = table[table["unit"] == scope]
    return labels.headers(table.assign(points_lost=round_half_up(table["points_lost"])))


class Chart(Figure):
    """A matplotlib Figure that displays itself as a PNG wherever IPython shows it.

    Charts are built without ``pyplot`` and without choosing a backend: the library leaves
    the notebook's backend alone (inline in JupyterLab and under papermill), keeps no global
    figure state, and the figure is an ordinary output (``image/png``, embedded as base64 by
    nbconvert in ``audit.html``). Its plain-text form names the chart, never a memory address,
    so that nbval can compare it.

    Parameters
    ----------
    kind : str
        What the chart is (``groups``, ``unit_heatmap``, ``trend``): tests look for it.
    caption : str
        The chart's title, repeated in its text form.
    **options
        Passed to :class:`matplotlib.figure.Figure` (``figsize``, ...).
    """

    def __init__(self, kind: str, caption: str, **options: object) -> None:
        super().__init__(layout="constrained", **options)  # type: ignore[arg-type]
        self.kind, self.caption = kind, caption

    def png(self) -> bytes:
        """The chart as PNG bytes (rendered by Agg, whatever the session's backend)."""
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return labels.CHART_REPR.format(kind=self.kind, caption=self.caption)


def plot_groups(scorecard: Scorecard, scope: str = AGENCY) -> Chart:
    """Horizontal bars: points against maxima by group."""
    groups = scorecard.groups(scope)
    title = labels.GROUPS_CHART_TITLE.format(
        scope=scope_name(scorecard, scope), period=scorecard.period.label
    )
    figure = Chart("groups", title, figsize=(8, 3.2))
    axes = figure.subplots()
    names = [f"{g.group}. {g.name}" for g in groups.itertuples()]
    axes.barh(names, groups["max_points"], color="#e6e6e6", label=labels.MAX_POINTS)
    axes.barh(names, groups["points"], color="#2b6cb0", label=labels.POINTS_EARNED)
    for position, (earned, top) in enumerate(
        zip(groups["points"], groups["max_points"], strict=True)
    ):
        axes.text(top + 0.3, position, f"{earned:.2f}/{top:g}", va="center", fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, groups["max_points"].max() + 5)
    axes.set_xlabel(labels.POINTS)
    axes.set_title(title.replace(" — ", "\n"), fontsize=11)  # the scope on its own line
    axes.legend(loc="lower right", fontsize=8)
    return figure


def plot_unit_heatmap(scorecard: Scorecard, scope: str = AGENCY) -> Chart:
    """Heat map of units × indicators: share of the maximum points earned (0-100 %); the
    audited unit only in a unit's audit."""
    matrix = evidence.unit_matrix(scorecard, "points").loc[_units_of(scorecard, scope)]
    maxima = {code: scorecard.rules.rule(code).max_points for code in matrix.columns}
    share = matrix.div(pd.Series(maxima)) * 100
    title = labels.UNIT_HEATMAP_TITLE.format(period=scorecard.period.label)
    figure = Chart("unit_heatmap", title, figsize=(11, 0.45 * len(share) + 1.5))
    axes = figure.subplots()
    image = axes.imshow(share.to_numpy(dtype=float), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(share.columns)), [str(c) for c in share.columns])
    axes.set_yticks(range(len(share.index)), [scope_name(scorecard, u) for u in share.index])
    axes.set_xlabel(labels.INDICATOR)
    for (row, column), value in np.ndenumerate(share.to_numpy(dtype=float)):
        if not np.isnan(value):
            axes.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=7)
    figure.colorbar(image, ax=axes, label=labels.SHARE_OF_MAX_EARNED)
    axes.set_title(title)
    return figure


def indicator_name(code: int) -> str:
    """``"5. Tỷ lệ hồ sơ xử lý đúng hạn"``."""
    return f"{code}. {registry.get(code).name}"


def comparison_table(
    table: pd.DataFrame, before: str | None = None, after: str | None = None
) -> pd.DataFrame:
    """A :func:`kpi.trend.compare` or :func:`kpi.whatif.simulate` table, rounded, Vietnamese.

    ``before`` and ``after`` replace the default headers of the two point columns.
    """
    rounded = table.assign(
        code=table["code"].map(lambda code: "" if code == 0 else str(code)),
        points_before=round_half_up(table["points_before"]),
        points_after=round_half_up(table["points_after"]),
        change=round_half_up(table["change"]),
    )
    names = {"points_before": before or labels.COLUMNS["points_before"],
             "points_after": after or labels.COLUMNS["points_after"]}  # fmt: skip
    return labels.headers(rounded.rename(columns=names))


def scenario_table(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`kpi.whatif.simulate` table: points now, under the scenario, and the change."""
    return comparison_table(table, labels.POINTS_NOW, labels.POINTS_UNDER_SCENARIO)


def trend_table(series: pd.DataFrame) -> pd.DataFrame:
    """A :func:`kpi.trend.series` table, rounded, with Vietnamese headers."""
    numbers = [column for column in series.columns if column not in ("period", "band")]
    rounded = series.assign(**{column: round_half_up(series[column]) for column in numbers})
    return labels.headers(
        rounded.rename(
            columns={g: labels.GROUP_COLUMN.format(group=g) for g in ["I", "II", "III", "IV", "V"]}
        )
    )


def plot_trend(series: pd.DataFrame, title: str, bands: Sequence[Band]) -> Chart:
    """Line chart of the total per period, with the rating-band thresholds of ``bands``.

    ``bands`` are the scoring parameters' rating bands (``scorecard.rules.bands``): each
    threshold above 0 is a dashed line labelled with its band, e.g. "Tốt ≥ 80".
    """
    figure = Chart("trend", title, figsize=(8, 3.6))
    axes = figure.subplots()
    axes.plot(series["period"], series["total"], marker="o", color="#2b6cb0", label=labels.TOTAL)
    bottom = max(0.0, float(series["total"].min()) - 10) if len(series) else 0.0
    for band in sorted(bands, key=lambda b: b.min_points):
        if band.min_points <= 0:
            continue
        axes.axhline(band.min_points, color="#999999", linewidth=0.8, linestyle="--")
        if band.min_points >= bottom:
            axes.annotate(
                f"{band.label} ≥ {band.min_points:g}",
                (1, band.min_points),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color="#555555",
            )
    axes.set_ylim(bottom, 100)
    axes.set_ylabel(labels.POINTS)
    axes.set_title(title)
    axes.tick_params(axis="x", rotation=45)
    return figure


def indicator_trend_table(points: pd.DataFrame) -> pd.DataFrame:
    """A :func:`kpi.trend.indicator_series` table, rounded, rows named by indicator."""
    table = round_half_up(points.astype("float64"))
    table.index = [indicator_name(int(code)) for code in table.index]
    return table.rename_axis(labels.INDICATOR)


def projection_table(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`kpi.trend.compare` of the projection against the score so far."""
    return comparison_table(table, labels.POINTS_AT_EXTRACTION, labels.POINTS_AT_PERIOD_END)
