"""The committed dirty extract: every planted problem is quarantined or listed, exactly."""

from __future__ import annotations

from kpi import paths
from kpi.ingest import load_extract


def test_planted_problems_of_the_dirty_extract():
    extract = load_extract(paths.DATA_DIR / "sample-dirty" / "2024-06")
    quarantined = {(r.table, r.row, r.column, r.reason) for r in extract.quarantine.itertuples()}
    assert quarantined == {
        ("dossiers", 4, "received_at", "Ngày không đọc được"),
        ("dossiers", 9, "finished_at", "Kết thúc trước khi tiếp nhận"),
        ("dossiers", 16, "channel", "Kênh không thuộc {1, 2, 3}"),
        ("dossiers", 23, "status", "Trạng thái không hợp lệ"),
        ("dossiers", 31, "dossier_id", "Thiếu mã"),
        ("dossiers", 42, "dossier_id", "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng 41)"),
        ("dossiers", 91, "supplement_count", "Số âm không hợp lệ"),
        ("dossiers", 105, "paid_online", "Giá trị không thuộc danh mục (0, 1, 2)"),
        ("feedback", 6, "feedback_id", "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng 5)"),
    }
    findings = {
        (r.table, r.row, r.column, r.reason.split(" (")[0]) for r in extract.findings.itertuples()
    }
    assert findings == {
        ("dossiers", 56, "procedure_code", "Mã TTHC không có trong danh mục TTHC"),
        ("dossiers", 64, "finished_at", "Ngày sau thời điểm trích xuất"),
        ("dossiers", 78, "due_at", "Ngày hẹn trả trước ngày tiếp nhận"),
        ("dossiers", 119, "unit", "Đơn vị không có trong danh mục đơn vị"),
        ("dossiers", 132, "received_at", "Đã có kết quả nhưng chưa có ngày tiếp nhận"),
        ("feedback", 4, "published_at", "Công khai trả lời trước khi có kết quả trả lời"),
    }
    totals = extract.table_totals()["dossiers"]
    assert totals["rows_read"] == totals["rows_used"] + totals["rows_quarantined"] == 1054
