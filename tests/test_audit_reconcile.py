"""The audit with a portal folder: section "Đối chiếu với Cổng DVCQG", workbook sheets,
reconcile.json and the portal's files in the manifest, all equal to kpi's reconciliation."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from kpi import paths
from kpi.archive.runner import run_audit, validate_parameters
from kpi.commands.audit import portal_folder
from kpi.extracts import audit_period
from kpi.params import load_rules
from kpi.portal import messages
from kpi.portal.reconcile import reconcile_folder

PORTAL = paths.DATA_DIR / "sample-portal" / "2024-06"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    parameters = validate_parameters(
        {"period": "2024-06", "compare_period": "", "portal_dir": str(PORTAL)}
    )
    return run_audit(parameters, out_root=tmp_path_factory.mktemp("outputs"), progress=False)


@pytest.fixture(scope="module")
def expected():
    scorecard = audit_period("2024-06", rules=load_rules().with_profile("portal")).scorecard
    return reconcile_folder(scorecard, PORTAL)


def test_report_has_the_reconciliation_section(run_dir, expected):
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    assert "8. Đối chiếu với Cổng DVCQG" in page
    for kind, n in expected.counts().items():
        if n:
            assert messages.CLASS_NAMES[kind] in page
    late = expected.records[expected.records["cause"] == "timing"]["record_id"]
    assert len(late) and all(record in page for record in late)  # every record, not a sample
    assert "Chỉ số 4</strong> (khác thời điểm)" in page


def test_workbook_and_json_hold_the_reconciliation(run_dir, expected):
    book = openpyxl.load_workbook(run_dir / "scorecard.xlsx", read_only=True)
    for title in messages.RECONCILE_SHEETS.values():
        assert title in book.sheetnames
    rows = list(book[messages.RECONCILE_SHEETS["records"]].iter_rows(values_only=True))
    assert len(rows) - 1 == len(expected.records)
    classes = [
        row[-2]
        for row in book[messages.RECONCILE_SHEETS["indicators"]].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert classes == [messages.CLASS_NAMES[c] for c in expected.indicators["class"]]
    document = json.loads((run_dir / "reconcile.json").read_text(encoding="utf-8"))
    assert document["counts"] == expected.counts()
    assert document["captured_at"] == "2024-07-02T08:00:00"


def test_portal_files_are_inputs_of_the_run(run_dir):
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    inputs = {
        Path(entry["path"]).relative_to(paths.PROJECT_ROOT).as_posix()
        for entry in manifest["inputs"]
    }
    assert "data/sample-portal/2024-06/capture.yaml" in inputs
    assert "data/sample-portal/2024-06/dvc-progress-tree/month-all.json" in inputs
    assert manifest["parameters"]["portal_dir"] == str(PORTAL.resolve())


def test_audit_command_reconciles_the_sample_by_default():
    assert portal_folder(None, "2024-06", own_data=False) == str(PORTAL)
    assert portal_folder(None, "2024-06", own_data=True) == ""  # own data: only when asked
    assert portal_folder(None, "2023-01", own_data=False) == ""  # no sample capture
    assert portal_folder("/x", "2024-06", own_data=True) == "/x"


def test_bad_portal_folder_is_refused_in_vietnamese():
    from kpi.archive.runner import AuditError

    with pytest.raises(AuditError, match="không tìm thấy thư mục phản hồi của Cổng DVCQG"):
        validate_parameters({"period": "2024-06", "portal_dir": "/no/such/folder"})
