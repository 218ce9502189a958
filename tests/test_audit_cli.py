"""What ``kpi766 audit`` prints when a run is archived: folder, total, band, data counts,
warnings and the manifest's SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kpi.commands.audit import summary_lines


def _run_folder(tmp_path: Path, warnings: list[str] | None) -> Path:
    run = tmp_path / "SNNPTNT" / "2024-06" / "run"
    run.mkdir(parents=True)
    quality = {"tables": {}, "rows_read": 1200, "rows_used": 1190, "rows_quarantined": 7,
               "rows_superseded": 3, "findings": 4, "warnings": warnings}  # fmt: skip
    document = {"period": "2024-06", "profile": "portal", "total": 81.456, "max_applicable": 100,
                "band": "Tốt", "quality": quality}  # fmt: skip
    (run / "scorecard.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    (run / "manifest.json").write_text('{"x": 1}\n', "utf-8")
    return run


def test_summary_names_folder_total_counts_and_manifest_hash(tmp_path: Path) -> None:
    run = _run_folder(tmp_path, [])
    lines, warned = summary_lines(run)
    text = "\n".join(lines)
    assert str(run) in lines[0]
    assert "Tổng điểm: 81.46/100 — xếp loại: Tốt" in text
    assert "1200 dòng đọc vào — 1190 dùng, 7 cách ly, 3 thay thế; 4 phát hiện" in text
    digest = hashlib.sha256(b'{"x": 1}\n').hexdigest()
    assert lines[-1].endswith(digest)
    assert not warned


def test_warnings_are_printed_and_reported_red_on_a_terminal(tmp_path: Path) -> None:
    run = _run_folder(tmp_path, ["bảng dossiers: 12,00 % số dòng bị cách ly"])
    lines, warned = summary_lines(run, color=True)
    assert warned
    assert "\033[31mCảnh báo: bảng dossiers: 12,00 % số dòng bị cách ly\033[0m" in lines
    plain, _ = summary_lines(run, color=False)
    assert "Cảnh báo: bảng dossiers: 12,00 % số dòng bị cách ly" in plain


def test_previous_month_for_a_monthly_schedule() -> None:
    import datetime as dt

    from kpi.commands.audit import resolve_period

    assert resolve_period("previous-month", dt.date(2026, 1, 1)) == "2025-12"
    assert resolve_period("previous-month", dt.date(2024, 3, 31)) == "2024-02"
    assert resolve_period("2024-Q2", dt.date(2026, 1, 1)) == "2024-Q2"


def test_audit_takes_the_export_time_from_the_command_line(tmp_path: Path) -> None:
    import shutil

    import pytest

    from kpi import paths
    from kpi.archive.runner import AuditError, run_audit, validate_parameters

    folder = tmp_path / "2024-06"
    shutil.copytree(paths.SAMPLE_DIR / "2024-06", folder)
    (folder / "manifest.yaml").unlink()  # not fatal with an export time given
    with pytest.raises(AuditError, match="thời điểm trích xuất 'hôm qua' không đọc được"):
        validate_parameters({"period": "2024-06", "export_time": "hôm qua"})
    parameters = validate_parameters(
        {
            "period": "2024-06",
            "data_dirs": [str(folder)],
            "compare_period": "",
            "portal_dir": "",
            "export_time": "20/06/2024 17:00",
        }
    )
    run = run_audit(parameters, out_root=tmp_path / "out", progress=False)
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == "2024-06-20T17:00:00"  # day first; an open period
    lines, _ = summary_lines(run)
    assert "Tổng điểm" in lines[1]
