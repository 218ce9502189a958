"""Glue for the notebooks: turn the parameters cell into loaded audits.

Notebook parameters are plain strings and lists (papermill injects them); empty strings mean
"the default" so that a parameters cell needs no ``None``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from kpi import labels, paths, trend
from kpi.calendar import default_calendar
from kpi.comparison import comparison_folders
from kpi.extracts import PeriodAudit, audit_period, sample_folders
from kpi.ingest import load_extract
from kpi.params import load_rules, load_units
from kpi.periods import parse_period
from kpi.portal import messages as portal_messages
from kpi.portal.reconcile import (
    Reconciliation,
    display_tables,
    explanations,
    reconcile_folder,
)
from kpi.registry import PROFILE_NAMES
from kpi.report import narrative, present
from kpi.scorecard import AGENCY, score_period


def open_audit(
    period: str,
    data_dirs: Sequence[str] = (),
    *,
    params_file: str = "",
    unit: str = "",
    compare_period: str = "auto",
    profile: str = "",
    export_time: str = "",
) -> tuple[PeriodAudit, PeriodAudit | None]:
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
    export_time : str
        The audited extract's export time, day first (``05/07/2024 07:00``); replaces its
        manifests' and lets a folder without ``manifest.yaml`` be read. Empty = the manifests'.
    """
    rules = load_rules(params_file or None).with_profile(profile or None)
    audit = audit_period(
        period,
        list(data_dirs) or None,
        unit=unit or None,
        rules=rules,
        export_time=export_time or None,
    )
    found = comparison_folders(period, data_dirs, compare_period)
    previous = None
    if found is not None:
        label, folders = found
        previous = audit_period(label, folders, unit=unit or None, rules=rules)
    return audit, previous


def heading(audit: PeriodAudit) -> str:
    """Markdown heading line: who, which period, as of when, from which sources."""
    scorecard = audit.scorecard
    sources = ", ".join(sorted({str(source) for source in audit.extract.periods}))
    who = html.escape(present.scope_name(scorecard, audit.scope))
    return labels.NOTEBOOK_SUBTITLE.format(
        who=who,
        period=scorecard.period.label,
        start=scorecard.period.start,
        end=scorecard.period.end,
        as_of=scorecard.as_of,
        sources=sources,
        profile=PROFILE_NAMES[scorecard.rules.profile],
    )


def verdict(audit: PeriodAudit, previous: PeriodAudit | None) -> str:
    """The verdict block shown first in the report (:func:`kpi.report.narrative.verdict_summary`)."""
    summary = narrative.verdict_summary(
        audit.scorecard,
        previous.scorecard if previous is not None else None,
        audit.scope,
        totals=audit.extract.table_totals(),
    )
    return narrative.verdict_html(summary)


def comparison(audit: PeriodAudit, previous: PeriodAudit | None) -> pd.DataFrame | str:
    """The change against the comparison period, or a sentence saying there is none."""
    if previous is None:
        return labels.NO_COMPARISON_DATA
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
    Returns the :func:`kpi.report.present.projection_table` of the two scorecards.
    """
    root = paths.SAMPLE_DIR if not data_root else paths.PROJECT_ROOT / data_root
    extract = load_extract(sample_folders(period, root))
    cutoff = pd.Timestamp(as_of)
    rules, units, calendar = load_rules(), load_units(), default_calendar()
    so_far = score_period(
        trend.truncate(extract.tables, cutoff),
        period,
        export_time=cutoff,
        rules=rules,
        units=units,
        calendar=calendar,
    )
    projected = trend.project(
        extract.tables, period, cutoff, rules=rules, units=units, calendar=calendar
    )
    return present.projection_table(trend.compare(projected, so_far))


def open_reconciliation(
    audit: PeriodAudit, portal_dir: str = "", data_dirs: Sequence[str] = ()
) -> Reconciliation | None:
    """The agency's scores beside the portal's responses in ``portal_dir``
    (:func:`kpi.portal.reconcile.reconcile_folder`); None when no folder is given.

    ``portal_dir="auto"``: with the bundled sample (no ``data_dirs``), its portal responses
    ``data/sample-portal/<period>`` when they exist; otherwise none.

    The portal publishes the whole department under its own counting: the agency is
    re-scored under the portal profile when the audit uses another profile or one unit.
    """
    if portal_dir == "auto":
        sample = paths.DATA_DIR / "sample-portal" / audit.scorecard.period.label
        portal_dir = str(sample) if not data_dirs and sample.is_dir() else ""
    if not portal_dir:
        return None
    scorecard = audit.scorecard
    if scorecard.rules.profile != "portal":
        scorecard = score_period(
            audit.extract.tables,
            scorecard.period,
            export_time=audit.extract.export_time,
            rules=scorecard.rules.with_profile("portal"),
            units=scorecard.units,
            calendar=scorecard.context.calendar,
        )
    return reconcile_folder(scorecard, portal_dir)


RECONCILE_SHOWN = ["indicator", "name", "ours_numerator", "ours_denominator", "ours_points",
                   "portal_numerator", "portal_denominator", "portal_points", "points_gap",
                   "class"]  # fmt: skip


def reconciliation_parts(result: Reconciliation | None, audit: PeriodAudit) -> list[object]:
    """What the report shows of a reconciliation, in order: Markdown strings and tables."""
    m = portal_messages
    if result is None:
        return [m.NOTEBOOK_NO_PORTAL]
    names = m.RECONCILE_COLUMNS
    tables = display_tables(result)
    entity = result.entity
    captured = (
        f"{result.captured_at:%d/%m/%Y %H:%M}" if result.captured_at is not None else m.UNKNOWN_TIME
    )
    counts = ", ".join(f"{m.CLASS_NAMES[k]}: {n}" for k, n in result.counts().items() if n)
    parts: list[object] = [m.NOTEBOOK_INTRO.format(
        name=html.escape(entity["entity_name"]), code=html.escape(entity["entity_code"] or "—"),
        captured=captured, counts=counts)]  # fmt: skip
    if audit.scope != AGENCY or audit.scorecard.rules.profile != "portal":
        parts.append(m.NOTEBOOK_RESCORED)
    parts.append(present.show(tables["indicators"][[names[c] for c in RECONCILE_SHOWN]]))
    lines = [
        labels.NOTEBOOK_INDICATOR_NOTE.format(code=code, kind=kind, text=html.escape(text))
        for code, kind, text in explanations(result)
    ]
    parts.append("\n".join(lines) or m.NOTEBOOK_ALL_MATCH)
    group_columns = [
        names[c]
        for c in (
            "group",
            "name",
            "ours_points",
            "predicted_points",
            "portal_points",
            "points_gap",
            "class",
        )
    ]
    parts += [
        m.GROUPS_6,
        present.show(tables["portal_groups"][group_columns]),
        m.GROUPS_5,
        present.show(tables["groups"][group_columns]),
    ]
    parts.append(m.NOTEBOOK_RECORDS.format(n=len(result.records)))
    parts.append(present.show(tables["records"], empty=m.NOTEBOOK_NO_RECORDS))
    parts += [f"*{html.escape(note)}*" for note in result.notes]
    return parts
