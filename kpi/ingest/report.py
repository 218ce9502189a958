"""The load report of ``kpi766 check``: per-table counts, quarantined rows, findings."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kpi.ingest import messages
from kpi.ingest.fileload import ISSUE_COLUMNS
from kpi.ingest.load import COUNTS, Extract


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


def report_json(extract: Extract) -> dict[str, object]:
    """``{"tables": …, "quarantine": […], "findings": […]}``."""
    return {
        "tables": tables_summary(extract),
        "quarantine": issues_records(extract.quarantine),
        "findings": issues_records(extract.findings),
    }


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
    lines = ["", title.format(count=len(issues))]
    if issues.empty:
        return [*lines, messages.NONE]
    rows = [
        ["" if value is None else str(value) for value in record.values()]
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
    lines += _issue_lines(messages.QUARANTINE_TITLE, extract.quarantine)
    lines += _issue_lines(messages.FINDINGS_TITLE, extract.findings)
    return "\n".join(lines)
