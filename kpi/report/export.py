"""Write an audit's tables beside its notebook: the Excel workbook, full evidence, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kpi import evidence, registry
from kpi.evidence import ALL_EVIDENCE_COLUMNS
from kpi.extracts import PeriodAudit
from kpi.ingest import quality_report
from kpi.ingest.report import issue_details
from kpi.portal.messages import RECONCILE_SHEETS
from kpi.portal.reconcile import Reconciliation, display_tables, reconcile_document
from kpi.report import narrative, present
from kpi.report.document import score_json
from kpi.report.excel import neutralise_frame, thousands, write_workbook
from kpi.scorecard import AGENCY

EXCEL_MAX_FOLLOW_UP_ROWS = 50_000  # the follow-up list in full for a department's period
VERDICT_SHEET, MATRIX_SHEET, FOLLOW_UP_SHEET = (
    "Kết luận",
    "Đơn vị × chỉ số",
    "Theo dõi từng bản ghi",
)
CSV_MAX_EVIDENCE_ROWS = 200_000  # beyond that the CSV is not a reading copy: use evidence/


def _readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Failing evidence rows for people: Vietnamese headers and record types, no ``counted``."""
    return present.readable_records(rows.reindex(columns=ALL_EVIDENCE_COLUMNS))


def write_outputs(audit: PeriodAudit, output_dir: str | Path,
                  reconciliation: Reconciliation | None = None, *,
                  previous: PeriodAudit | None = None) -> list[Path]:  # fmt: skip
    """Write the audit's tables into ``output_dir`` (which must exist).

    - ``scorecard.xlsx``: first the verdict (agency, period, total, band, change since
      ``previous``, groups), then one sheet per view (scorecard, groups, units, units ×
      indicators in colour, follow-up per unit and indicator, the follow-up list of every
      failing record per responsible unit, quarantine, findings, definitions) with Vietnamese
      headers and real Excel dates; the follow-up list holds at most
      :data:`EXCEL_MAX_FOLLOW_UP_ROWS` rows (the notes say when it stops short).
    - ``evidence/indicator-NN.parquet``: every record of every indicator's population (a
      Parquet dataset: read the folder as one table).
    - ``evidence.csv``: the records that do not count (what an inspector acts on), at most
      :data:`CSV_MAX_EVIDENCE_ROWS` of them (the workbook's notes say when it stops short).
    - ``quarantine.csv``, ``findings.csv`` (one row per record, or per distinct problem beyond
      :data:`kpi.ingest.report.ISSUE_DETAIL_LIMIT` rows, as in the workbook), ``issues.parquet``
      (every quarantined row and finding), ``scorecard.json``.
    - With a ``reconciliation`` (:func:`kpi.portal.reconcile.reconcile`): its sheets in the
      workbook (indicators, the 5 and the 6 groups, the records behind each gap, in full) and
      ``reconcile.json`` (the ``kpi766 reconcile --format json`` document).

    Evidence is written one indicator at a time, so memory stays that of one indicator. Text
    from the data is neutralised against formula injection in the workbook and the CSV files.

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(output_dir)
    scorecard, scope = audit.scorecard, audit.scope
    unit = None if scope == AGENCY else scope
    (folder / "evidence").mkdir(exist_ok=True)
    written: list[Path] = []
    csv_path, header, n_failing, n_in_csv = folder / "evidence.csv", True, 0, 0
    csv_path.write_bytes(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens Vietnamese text correctly
    for indicator in registry.INDICATORS:
        if indicator.code not in scorecard.judgements:
            continue
        rows = evidence.evidence(scorecard, indicator.code, unit=unit)
        if rows.empty:
            continue
        path = folder / "evidence" / f"indicator-{indicator.code:02d}.parquet"
        rows.to_parquet(path, index=False)
        written.append(path)
        failing = rows[~rows["counted"].to_numpy(bool)]
        n_failing += len(failing)
        room = CSV_MAX_EVIDENCE_ROWS - n_in_csv
        if room > 0:
            chunk = neutralise_frame(_readable(failing.head(room)))
            chunk.to_csv(csv_path, mode="a", header=header, index=False)
            header, n_in_csv = False, n_in_csv + len(chunk)
    written.append(csv_path)
    summary = narrative.verdict_summary(
        scorecard, previous.scorecard if previous is not None else None, scope,
        totals=audit.extract.table_totals(),
    )  # fmt: skip
    follow_up = evidence.follow_up_records(scorecard, scope)
    sheets = {
        VERDICT_SHEET: present.verdict_sheet(summary, scorecard.groups(scope)),
        "Bảng điểm": present.scorecard_table(scorecard, scope),
        "Nhóm chỉ số": present.groups_table(scorecard, scope),
        "Đơn vị": present.unit_table(scorecard),
        MATRIX_SHEET: present.unit_matrix_table(scorecard),
        "Theo dõi, đôn đốc": present.follow_up_table(scorecard),
        FOLLOW_UP_SHEET: present.readable_records(
            follow_up.head(EXCEL_MAX_FOLLOW_UP_ROWS), dates_as_text=False),
        "Cách ly": present.issues_table(audit.extract.quarantine),
        "Phát hiện dữ liệu": present.issues_table(audit.extract.findings),
        "Định nghĩa chỉ số": present.definitions_table(scorecard.rules),
        "Ngưỡng xếp loại": present.bands_table(scorecard.rules),
    }  # fmt: skip
    if reconciliation is not None:
        tables = display_tables(reconciliation)
        sheets.update({RECONCILE_SHEETS[key]: tables[key] for key in RECONCILE_SHEETS})
    shown = min(len(follow_up), EXCEL_MAX_FOLLOW_UP_ROWS)
    notes = {
        FOLLOW_UP_SHEET: f"{thousands(len(follow_up))} bản ghi cần theo dõi, trang tính có "
        f"{thousands(shown)}; tất cả {thousands(n_failing)} bản ghi không đạt: evidence.csv "
        f"({thousands(n_in_csv)} dòng đầu) và thư mục evidence/ (Parquet, mọi bản ghi)."
    }
    title = f"Bộ chỉ số 766 — {present.scope_name(scorecard, scope)} — kỳ {scorecard.period.label}"
    written.append(
        write_workbook(folder / "scorecard.xlsx", sheets, title=title, notes=notes,
                       max_rows=EXCEL_MAX_FOLLOW_UP_ROWS, heat=[MATRIX_SHEET])
    )  # fmt: skip
    for name, sheet in (("quarantine", "Cách ly"), ("findings", "Phát hiện dữ liệu")):
        path = folder / f"{name}.csv"  # the readable copy (by problem when long)
        neutralise_frame(sheets[sheet]).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    path = folder / "issues.parquet"  # every quarantined row and finding, one per record
    issue_details(audit.extract).to_parquet(path, index=False)
    written.append(path)
    document = score_json(scorecard, scope, quality_report(audit.extract).as_json())
    # which worksheet of each workbook was read, and its header row (also in the manifest)
    document["sheets_read"] = {
        file: {"sheet": sheet, "header_row": row}
        for file, (sheet, row) in audit.extract.sheets.items()
    }
    path = folder / "scorecard.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    if reconciliation is not None:
        path = folder / "reconcile.json"
        document = reconcile_document(reconciliation, audit.scorecard)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
