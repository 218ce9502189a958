"""The load report of ``kpi766 check``: per-table counts, quarantined rows, findings."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd

from kpi.columns import REQUIRED_TABLES
from kpi.errors import ExtractError
from kpi.ingest import messages
from kpi.ingest.fileload import ISSUE_COLUMNS
from kpi.ingest.load import COUNTS, Extract
from kpi.ingest.mapping import QualityLimits, load_ingest_mapping
from kpi.labels import thousands

RED, RESET = "\033[31m", "\033[0m"


def tables_summary(extract: Extract) -> dict[str, dict[str, int]]:
    """Table → ``rows_read``, ``rows_used``, ``rows_quarantined``, ``rows_superseded``.

    The ``tables`` object of ``kpi766 check --format json`` and ``quality`` of ``kpi766
    score --format json``. Per table, read = used + quarantined + superseded.
    """
    return extract.table_totals()


def issues_records(issues: pd.DataFrame) -> list[dict[str, object]]:
    """Issue rows as JSON-ready dicts (``row`` an int, or None for a file-level issue)."""
    return [
        {
            "table": str(table),
            "file": str(file),
            "row": None if pd.isna(row) else int(row),
            "column": str(column),
            "value": "" if pd.isna(value) else str(value),
            "reason": str(reason),
        }
        for table, file, row, column, value, reason in issues[list(ISSUE_COLUMNS)].itertuples(
            index=False, name=None
        )
    ]


# Issues listed one per row where people read them; beyond, one line per distinct problem.
ISSUE_DETAIL_LIMIT = 50
# Problems printed at most (the most frequent): with the table counts, ``check`` fits a
# 24-line terminal. Beyond, the problems of one cause (e.g. 12 unknown units) share a line.
PROBLEM_LINES = 6
VALUES_NAMED = 3  # values named on a cause's line, the most frequent first
# Columns whose value is the problem itself (an unknown unit, an unknown TTHC code): each
# distinct value is its own problem.
VALUE_IS_THE_PROBLEM = ("unit", "procedure_code")
FIRST_ROWS = 5
SUMMARY_COLUMNS = ["table", "file", "column", "reason", "value", "count", "first_rows"]


def summarise_issues(issues: pd.DataFrame, first: int = FIRST_ROWS) -> pd.DataFrame:
    """One row per distinct problem of a quarantine or findings table.

    A problem is a (table, file, column, reason), and the value too for
    :data:`VALUE_IS_THE_PROBLEM` columns (e.g. "đơn vị 'Chi cục 00' không có trong danh mục").
    Each row gives the number of rows concerned, the first ``first`` row numbers and, for the
    other columns, the first value seen. Ordered by table, file and first row.

    Examples
    --------
    >>> issues = pd.DataFrame({"table": ["dossiers"] * 3, "file": ["a.csv"] * 3,
    ...     "row": [9, 2, 5], "column": ["unit"] * 3, "value": ["X", "X", "Y"],
    ...     "reason": ["Đơn vị không có trong danh mục"] * 3})
    >>> summarise_issues(issues)[["value", "count", "first_rows"]].values.tolist()
    [['X', 2, '2, 9'], ['Y', 1, '5']]
    """
    if issues.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    frame = issues[list(ISSUE_COLUMNS)].astype({"value": "object"})
    frame = frame.assign(
        _key=frame["value"].where(frame["column"].isin(VALUE_IS_THE_PROBLEM), ""),
        _row=pd.to_numeric(frame["row"], errors="coerce"),
    ).sort_values(["table", "file", "_row"], kind="stable", na_position="first")
    keys = ["table", "file", "column", "reason", "_key"]
    groups = frame.groupby(keys, sort=False, dropna=False)
    rows = groups["_row"].apply(
        lambda r: (
            ", ".join(str(int(v)) for v in r.dropna().head(first))
            + ("…" if r.notna().sum() > first else "")
        )
    )  # one string per problem, not per record
    summary = groups.agg(count=("_row", "size"), value=("value", "first"))
    summary["first_rows"] = rows
    summary = summary.reset_index().drop(columns="_key")
    return summary[SUMMARY_COLUMNS].reset_index(drop=True)


def summarise_causes(summary: pd.DataFrame, named: int = VALUES_NAMED) -> pd.DataFrame:
    """The problems of :func:`summarise_issues` merged per cause (table, file, column, reason).

    A cause's ``value`` names its values when it has several (``"12 giá trị: Chi cục 01
    (354.581), …"``, the ``named`` most frequent), ``count`` sums its rows and ``first_rows``
    gives its first rows (each problem lists its own first rows, so theirs are among them).
    Causes in the order of their first problem.

    Examples
    --------
    >>> summary = pd.DataFrame({"table": "dossiers", "file": "a.csv", "column": "unit",
    ...     "reason": "Đơn vị lạ", "value": ["X", "Y"], "count": [2, 6],
    ...     "first_rows": ["2, 9", "1, 4, 5, 6, 7…"]})
    >>> summarise_causes(summary, named=1)[["value", "count", "first_rows"]].values.tolist()
    [['2 giá trị: Y (6)…', 8, '1, 2, 4, 5, 6…']]
    """
    causes = []
    for key, group in summary.groupby(["table", "file", "column", "reason"], sort=False):
        count = int(group["count"].sum())
        value = group["value"].iloc[0]
        if len(group) > 1:
            ranked = group.sort_values("count", ascending=False, kind="stable").head(named)
            values = ", ".join(
                f"{v} ({thousands(int(n))})" for v, n in ranked[["value", "count"]].values
            )
            value = messages.CAUSE_VALUES.format(n=len(group), values=values)
            value += "…" if len(group) > named else ""
        rows = sorted(
            int(row)
            for text in group["first_rows"]
            for row in str(text).rstrip("…").split(", ")
            if row
        )[:FIRST_ROWS]
        first = ", ".join(map(str, rows)) + ("…" if count > len(rows) else "")
        causes.append((*key, value, count, first))
    return pd.DataFrame(
        causes, columns=["table", "file", "column", "reason", "value", "count", "first_rows"]
    )[SUMMARY_COLUMNS]


def short_path(path: object) -> str:
    """``2024-06/dossiers.csv``: the extract folder and file, the same on every machine."""
    parts = Path(str(path)).parts
    return "/".join(parts[-2:])


def issue_details(extract: Extract) -> pd.DataFrame:
    """Every quarantined row and finding, one per record, with ``kind`` (``quarantine`` or
    ``finding``): the full list that :func:`summarise_issues` condenses."""
    frames = [
        issues[list(ISSUE_COLUMNS)].assign(kind=kind)
        for kind, issues in (("quarantine", extract.quarantine), ("finding", extract.findings))
    ]
    details = pd.concat(frames, ignore_index=True)
    return details.astype(
        {
            "table": "str",
            "file": "str",
            "column": "str",
            "value": "str",
            "reason": "str",
            "kind": "str",
        }
    )


def write_issue_details(extract: Extract, path: str | os.PathLike[str]) -> None:
    """Write :func:`issue_details` as Parquet at ``path``."""
    try:
        issue_details(extract).to_parquet(path, index=False)
    except OSError as error:
        raise ExtractError(messages.DETAILS_NOT_WRITTEN.format(path=path, error=error)) from None


def report_json(extract: Extract) -> dict[str, object]:
    """``{"tables": …, "sheets": {file: {"sheet", "header_row"}}, "quarantine": […],
    "findings": […]}``."""
    return {
        "tables": tables_summary(extract),
        "sheets": {
            file: {"sheet": sheet, "header_row": row}
            for file, (sheet, row) in extract.sheets.items()
        },
        "quarantine": issues_records(extract.quarantine),
        "findings": issues_records(extract.findings),
        "quarantine_by_cause": _summary_records(extract.quarantine),
        "findings_by_cause": _summary_records(extract.findings),
    }


def _summary_records(issues: pd.DataFrame) -> list[dict[str, object]]:
    summary = summarise_issues(issues)
    return [
        {
            **{key: str(value) for key, value in row.items() if key != "count"},
            "count": int(row["count"]),
        }
        for row in summary.to_dict(orient="records")
    ]


def _grid(headers: Sequence[str], rows: list[list[str]]) -> list[str]:
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return lines


def _issue_lines(title: str, issues: pd.DataFrame) -> list[str]:
    heading = title.format(count=len(issues))
    if issues.empty:
        return ["", f"{heading} {messages.NONE}"]
    lines = ["", heading]
    if len(issues) > ISSUE_DETAIL_LIMIT:  # a screenful: one line per distinct problem
        summary = summarise_issues(issues)
        if len(summary) > PROBLEM_LINES:
            summary = summarise_causes(summary)
        more = []
        if len(summary) > PROBLEM_LINES:
            ranked = summary.sort_values("count", ascending=False, kind="stable")
            summary, rest = ranked.head(PROBLEM_LINES), ranked.iloc[PROBLEM_LINES:]
            more = [
                messages.MORE_PROBLEMS.format(
                    more=len(rest), rows=int(rest["count"].sum()), shown=PROBLEM_LINES
                )
            ]
        rows = [
            [
                str(row.table),
                short_path(row.file),
                str(row.column),
                str(row.reason),
                "" if pd.isna(row.value) else str(row.value).replace("\n", "↵"),
                str(row.count),
                str(row.first_rows),
            ]
            for row in summary.itertuples(index=False)
        ]
        return [
            *lines,
            messages.BY_CAUSE.format(limit=ISSUE_DETAIL_LIMIT),
            *_grid(messages.SUMMARY_HEADERS, rows),
            *more,
        ]
    rows = [
        ["" if value is None else str(value).replace("\n", "↵") for value in record.values()]
        for record in issues_records(issues)
    ]
    return lines + _grid(messages.ISSUE_HEADERS, rows)


def report_text(extract: Extract) -> str:
    """Plain-text report with Vietnamese headers: counts per table, then every issue."""
    summary = tables_summary(extract)
    rows = [[table, *(str(counts[name]) for name in COUNTS)] for table, counts in summary.items()]
    totals = [sum(counts[name] for counts in summary.values()) for name in COUNTS]
    rows.append([messages.TOTAL, *(str(total) for total in totals)])
    lines = _grid(messages.TABLE_HEADERS, rows)
    if extract.sheets:
        lines.append("")
        lines += [
            messages.SHEET_READ.format(file=file, sheet=sheet, row=row)
            for file, (sheet, row) in extract.sheets.items()
        ]
    lines += _issue_lines(messages.QUARANTINE_TITLE, extract.quarantine)
    lines += _issue_lines(messages.FINDINGS_TITLE, extract.findings)
    return "\n".join(lines)


@dataclass(frozen=True)
class QualityReport:
    """How much of an extract was usable, and whether that is worth a warning.

    Attributes
    ----------
    tables
        Table → counts (:func:`tables_summary`).
    totals
        ``rows_read``, ``rows_used``, ``rows_quarantined``, ``rows_superseded`` over all tables.
    findings
        Number of data-quality findings (rows kept).
    warnings
        Vietnamese sentences, one per threshold crossed (empty: nothing to warn about).
    """

    tables: dict[str, dict[str, int]]
    totals: dict[str, int]
    findings: int
    warnings: list[str] = field(default_factory=list)

    @property
    def line(self) -> str:
        """The one-line summary of counts (Vietnamese)."""
        t = self.totals
        return messages.QUALITY_LINE.format(
            read=t["rows_read"],
            used=t["rows_used"],
            quarantined=t["rows_quarantined"],
            superseded=t["rows_superseded"],
            findings=self.findings,
        )

    def as_json(self) -> dict[str, object]:
        """``quality`` of ``kpi766 score --format json``: per-table counts, totals, the number
        of findings and the warnings."""
        return {
            "tables": self.tables,
            **self.totals,
            "findings": self.findings,
            "warnings": list(self.warnings),
        }

    def lines(self, *, color: bool = False) -> list[str]:
        """The summary line then one line per warning (red when ``color``)."""
        warnings = [messages.WARNING_PREFIX + text for text in self.warnings]
        if color:
            warnings = [RED + text + RESET for text in warnings]
        return [self.line, *warnings]


def _percent(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def quality_report(extract: Extract, limits: QualityLimits | None = None) -> QualityReport:
    """The counts of ``extract`` and the warnings they deserve under ``limits`` (default:
    ``quality`` of ``params/mapping.yaml``).

    A warning for each table with more than ``max_quarantined_pct`` of its rows quarantined,
    and for each required table (procedures, dossiers) without a row used. ``kpi766 score``
    and ``check`` print :meth:`QualityReport.lines`; ``audit`` should too.

    Examples
    --------
    ``quality_report(extract).warnings`` is empty for a clean extract.
    """
    limits = limits or load_ingest_mapping().quality
    tables = tables_summary(extract)
    totals = {name: sum(counts[name] for counts in tables.values()) for name in COUNTS}
    warnings = []
    for table, counts in tables.items():
        read, quarantined = counts["rows_read"], counts["rows_quarantined"]
        if table in REQUIRED_TABLES and counts["rows_used"] == 0:
            warnings.append(
                messages.WARN_EMPTY_REQUIRED.format(table=table, read=read, quarantined=quarantined)
            )
        elif read and quarantined * 100 > limits.max_quarantined_pct * read:
            warnings.append(
                messages.WARN_QUARANTINE.format(
                    table=table,
                    quarantined=quarantined,
                    read=read,
                    share=_percent(quarantined * 100 / read),
                    limit=f"{limits.max_quarantined_pct:g}".replace(".", ","),
                )
            )
    warnings += _csv_warnings(extract.findings) + _month_first_warnings(extract.findings)
    return QualityReport(tables, totals, len(extract.findings), warnings)


def _month_first_warnings(findings: pd.DataFrame) -> list[str]:
    """One warning per file with a date column that looks written month first."""
    # .str on a categorical works on its categories, once per distinct reason
    found = findings[findings["reason"].str.startswith(messages.MONTH_FIRST_PREFIX)]
    return [
        messages.WARN_MONTH_FIRST.format(
            file=file, columns=", ".join(group["column"]), example=group["value"].iloc[0]
        )
        for file, group in found.groupby("file", sort=True)
    ]


def _csv_warnings(findings: pd.DataFrame) -> list[str]:
    """One warning per file whose records span several lines (or whose count of lines and
    records differ)."""
    reasons = findings["reason"]
    merged = findings[
        reasons.str.startswith(messages.CSV_MERGED_PREFIX)
        | reasons.str.startswith(messages.CSV_COUNT_PREFIX)
    ]
    return [
        messages.WARN_CSV_LINES.format(
            file=file, count=len(group), rows=", ".join(str(row) for row in group["row"])
        )
        for file, group in merged.groupby("file", sort=True)
    ]


def use_color(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal and ``NO_COLOR`` is not set."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
