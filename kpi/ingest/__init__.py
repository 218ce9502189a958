"""Ingest of agency extracts: read, map headers, parse, validate, quarantine, reconcile.

Public surface: :func:`load_extract` → :class:`Extract`; :func:`tables_summary` (the
``tables`` object of ``kpi766 check --format json``); :func:`quality_report` (counts and
warnings that ``score``, ``check`` and ``audit`` print, ``quality`` in ``kpi766 score``).
See :mod:`kpi.ingest.load` for the reconciliation identity and :mod:`kpi.ingest.readers` for
row numbering.
"""

from __future__ import annotations

from kpi.ingest.load import Extract, load_extract, table_totals
from kpi.ingest.mapping import IngestMapping, load_ingest_mapping, match_key
from kpi.ingest.report import (
    QualityReport,
    issues_records,
    quality_report,
    report_json,
    report_text,
    tables_summary,
)

__all__ = [
    "Extract",
    "IngestMapping",
    "QualityReport",
    "issues_records",
    "load_extract",
    "load_ingest_mapping",
    "match_key",
    "quality_report",
    "report_json",
    "report_text",
    "table_totals",
    "tables_summary",
]
