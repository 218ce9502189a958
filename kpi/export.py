"""Write an audit's tables beside its notebook: the Excel workbook, full evidence, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kpi import labels, present, registry
from kpi.commands.score import score_json
from kpi.evidence import evidence
from kpi.excel import neutralise_frame, write_workbook
from kpi.extracts import PeriodAudit
from kpi.ingest import tables_summary

EXCEL_MAX_EVIDENCE_ROWS = 20_000  # what a person reads; every record is in evidence.parquet


def all_evidence(audit: PeriodAudit) -> pd.DataFrame:
    """Evidence of every indicator with data, one table (see :func:`kpi.evidence.evidence`)."""
    unit = None if audit.scope == "__agency__" else audit.scope
    frames = [
        evidence(audit.scorecard, indicator.code, unit=unit)
        for indicator in registry.INDICATORS
        if indicator.code in audit.scorecard.judgements
    ]
    frames = [frame for frame in frames if not frame.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def write_outputs(audit: PeriodAudit, output_dir: str | Path) -> list[Path]:
    """Write ``scorecard.xlsx``, ``evidence.parquet``, ``evidence.csv``, ``quarantine.csv``,
    ``findings.csv`` and ``scorecard.json`` into ``output_dir`` (which must exist).

    ``evidence.parquet`` holds every record of every indicator's population;
    ``evidence.csv`` and the workbook's evidence sheet hold the records that do not count (what
    an inspector acts on), the sheet at most :data:`EXCEL_MAX_EVIDENCE_ROWS` of them. The
    workbook has one sheet per view (scorecard, groups, units, follow-up, evidence, quarantine,
    findings) with Vietnamese headers. Text from the data is neutralised against formula
    injection in the workbook and the CSV files.

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(output_dir)
    scorecard, scope = audit.scorecard, audit.scope
    records = all_evidence(audit)
    failing = records[~records["counted"].astype(bool)] if not records.empty else records
    readable = labels.headers(
        failing.drop(columns=["counted"]).assign(
            record_type=failing["record_type"].map(labels.RECORD_TYPES)
        )
    ) if not failing.empty else failing  # fmt: skip
    sheets = {
        "Bảng điểm": present.scorecard_table(scorecard, scope),
        "Nhóm chỉ số": present.groups_table(scorecard, scope),
        "Đơn vị": present.unit_table(scorecard),
        "Theo dõi, đôn đốc": present.follow_up_table(scorecard),
        "Bản ghi không đạt": readable,
        "Cách ly": labels.headers(audit.extract.quarantine),
        "Phát hiện dữ liệu": labels.headers(audit.extract.findings),
    }
    written = [
        write_workbook(
            folder / "scorecard.xlsx",
            sheets,
            title=f"Bộ chỉ số 766 — {present.scope_name(scorecard, scope)} — kỳ "
            f"{scorecard.period.label}",
            max_rows=EXCEL_MAX_EVIDENCE_ROWS,
        )
    ]
    if not records.empty:
        records.to_parquet(folder / "evidence.parquet", index=False)
        written.append(folder / "evidence.parquet")
    for name, frame in (("evidence", readable), ("quarantine", sheets["Cách ly"]),
                        ("findings", sheets["Phát hiện dữ liệu"])):  # fmt: skip
        path = folder / f"{name}.csv"
        safe = neutralise_frame(frame)
        safe.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    document = score_json(scorecard, scope, tables_summary(audit.extract))
    path = folder / "scorecard.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, path]
