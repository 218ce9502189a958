"""Glue for the notebooks: turn the parameters cell into loaded audits.

Notebook parameters are plain strings and lists (papermill injects them); empty strings mean
"the default" so that a parameters cell needs no ``None``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kpi import narrative, paths, present, trend
from kpi.errors import ExtractError
from kpi.extracts import PeriodAudit, audit_period, sample_folders
from kpi.ingest import load_extract
from kpi.params import load_rules
from kpi.periods import parse_period, previous_period
from kpi.registry import PROFILE_NAMES
from kpi.scorecard import score_period


def open_audit(period: str, data_dirs: Sequence[str] = (), *, params_file: str = "",
               unit: str = "", compare_period: str = "auto", profile: str = ""
               ) -> tuple[PeriodAudit, PeriodAudit | None]:  # fmt: skip
    """Load and score ``period`` and, when available, the comparison period.

    Parameters
    ----------
    period : str
        The audit period.
    data_dirs : list of str
        Extract folders; empty = the bundled sample (``data/sample/YYYY-MM``).
    params_file : str
        Scoring parameters; empty = ``params/scoring.yaml``.
    unit : str
        A unit code or name; empty = the whole agency.
    compare_period : str
        ``"auto"`` = the previous period of the same kind when its month folders exist,
        ``""`` = none, or a period label. Its folders ``YYYY-MM`` are looked for beside the
        first of ``data_dirs`` (in the sample when ``data_dirs`` is empty).
    profile : str
        Scoring profile, ``portal`` or ``decision``; empty = the one of the scoring parameters.
    """
    rules = load_rules(params_file or None).with_profile(profile or None)
    audit = audit_period(period, list(data_dirs) or None, unit=unit or None, rules=rules)
    previous = None
    if compare_period:
        label = previous_period(period).label if compare_period == "auto" else compare_period
        root = Path(data_dirs[0]).parent if data_dirs else paths.SAMPLE_DIR
        try:
            folders = sample_folders(label, root)
        except ExtractError:
            if compare_period != "auto":
                raise
        else:
            previous = audit_period(label, folders, unit=unit or None, rules=rules)
    return audit, previous


def heading(audit: PeriodAudit) -> str:
    """Markdown heading line: who, which period, as of when, from which sources."""
    scorecard = audit.scorecard
    sources = ", ".join(sorted({str(source) for source in audit.extract.periods}))
    who = html.escape(present.scope_name(scorecard, audit.scope))
    return (
        f"**{who}** — kỳ **{scorecard.period.label}** "
        f"({scorecard.period.start:%d/%m/%Y}–{scorecard.period.end:%d/%m/%Y}), "
        f"tính đến {scorecard.as_of:%d/%m/%Y %H:%M}; trích xuất: {sources}; "
        f"bộ quy tắc chấm điểm: {PROFILE_NAMES[scorecard.rules.profile]}."
    )


def verdict(audit: PeriodAudit, previous: PeriodAudit | None) -> str:
    """The verdict block shown first in the report (:func:`kpi.narrative.verdict_summary`)."""
    summary = narrative.verdict_summary(
        audit.scorecard, previous.scorecard if previous is not None else None, audit.scope,
        totals=audit.extract.table_totals(),
    )  # fmt: skip
    return narrative.verdict_html(summary)


def comparison(audit: PeriodAudit, previous: PeriodAudit | None) -> pd.DataFrame | str:
    """The change against the comparison period, or a sentence saying there is none."""
    if previous is None:
        return "Không có dữ liệu kỳ so sánh."
    table = trend.compare(audit.scorecard, previous.scorecard, audit.scope)
    return present.comparison_table(table)


def monthly_audits(year: str, data_root: str = "") -> list[PeriodAudit]:
    """One audit per month of ``year`` that has a folder under ``data_root`` (default sample)."""
    root = paths.SAMPLE_DIR if not data_root else paths.PROJECT_ROOT / data_root
    months = parse_period(year).months()
    return [audit_period(month, [root / month]) for month in months if (root / month).is_dir()]


def open_period_projection(period: str, as_of: str, data_root: str = "") -> pd.DataFrame:
    """Points as of ``as_of`` and projected to the period's end (:func:`kpi.trend.project`).

    The extract of ``period`` is cut at ``as_of`` first, as if it had been exported then.
    Returns the :func:`kpi.present.projection_table` of the two scorecards.
    """
    root = paths.SAMPLE_DIR if not data_root else paths.PROJECT_ROOT / data_root
    extract = load_extract(sample_folders(period, root))
    cutoff = pd.Timestamp(as_of)
    so_far = score_period(trend.truncate(extract.tables, cutoff), period, export_time=cutoff)
    projected = trend.project(extract.tables, period, cutoff)
    return present.projection_table(trend.compare(projected, so_far))
