"""kpi766 audit: validated parameters, a complete and verifiable archive, no half-written one."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from kpi import paths
from kpi.archive.build import execute
from kpi.archive.runner import AuditError, run_audit, validate_parameters
from kpi.archive.verify import verify
from kpi.cli import main

HOSTILE_ID = "!<script>alert('id')</script>"
HOSTILE_UNIT = "<img src=x onerror=alert(1)>"
FORMULA_NAME = '=HYPERLINK("http://attacker.example","bấm vào đây")'


@pytest.fixture(scope="module")
def hostile_extract(tmp_path_factory) -> Path:
    """June 2024 of the sample with script and formula text planted in its records."""
    folder = tmp_path_factory.mktemp("extract") / "2024-06"
    shutil.copytree(paths.SAMPLE_DIR / "2024-06", folder)
    dossiers = pd.read_csv(folder / "dossiers.csv", dtype=str, keep_default_na=False)
    dossiers.loc[0, "dossier_id"] = HOSTILE_ID
    dossiers.loc[1, "unit"] = HOSTILE_UNIT
    dossiers.to_csv(folder / "dossiers.csv", index=False)
    procedures = pd.read_csv(folder / "procedures.csv", dtype=str, keep_default_na=False)
    procedures["procedure_name"] = FORMULA_NAME + " " + procedures["procedure_code"]
    procedures.to_csv(folder / "procedures.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def run_dir(hostile_extract, tmp_path_factory) -> Path:
    parameters = validate_parameters(
        {"period": "2024-06", "data_dirs": [str(hostile_extract)], "compare_period": ""}
    )
    return run_audit(parameters, out_root=tmp_path_factory.mktemp("outputs"), progress=False)


def test_run_folder_is_complete_and_verifies(run_dir):
    names = {path.name for path in run_dir.iterdir()}
    assert {
        "audit.ipynb",
        "audit.html",
        "scorecard.xlsx",
        "evidence.csv",
        "evidence",
        "scorecard.json",
        "manifest.json",
    } <= names
    assert run_dir.parent.name == "2024-06" and run_dir.parent.parent.name == "SNNPTNT"
    assert verify(run_dir).ok
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["period"] == "2024-06"
    assert manifest["as_of"] == "2024-06-30T23:59:59.999999"
    listed = {entry["path"] for entry in manifest["outputs"]}
    files = {p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file()}
    assert listed == files - {"manifest.json"}
    assert "evidence/indicator-05.parquet" in listed
    assert any(entry["name"] == "dossiers.csv" for entry in manifest["inputs"])


def test_one_changed_byte_is_named_by_verify(run_dir, tmp_path, capsys):
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    data = bytearray((copy / "scorecard.json").read_bytes())
    data[10] ^= 1
    (copy / "scorecard.json").write_bytes(bytes(data))
    assert main(["verify", str(copy)]) == 1
    assert "scorecard.json" in capsys.readouterr().out


def test_archived_html_escapes_data(run_dir):
    page = (run_dir / "audit.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page
    assert not re.search(r"<[a-z]+[^>]*\sonerror=", page)  # no live attribute, whatever the form
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "alert('id')</script>" not in page


def test_workbook_neutralises_formulas_from_data(run_dir):
    workbook = openpyxl.load_workbook(run_dir / "scorecard.xlsx")
    cells = [
        cell
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells, "the planted procedure name should reach the evidence sheet"
    assert all(cell.data_type == "s" and cell.value.startswith("'=") for cell in cells)
    evidence = (run_dir / "evidence.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in evidence and ",=HYPERLINK" not in evidence


def test_injected_code_in_a_parameter_is_refused_not_run(tmp_path):
    marker = tmp_path / "pwned"
    value = f'2024-06"; import os; os.system("touch {marker}")  #'
    with pytest.raises(AuditError, match="period: tham số 'period' chứa ký tự không được phép"):
        validate_parameters({"period": value})
    assert not marker.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"period": "2024-13"}, "Kỳ '2024-13' không hợp lệ"),
        (
            {"period": "2024-06", "data_dirs": ["/no/such/folder"]},
            "không tìm thấy thư mục dữ liệu /no/such/folder",
        ),
        ({"period": "2024-06", "surprise": 1}, "surprise: tên không được hỗ trợ"),
        ({"period": 202406}, "period: phải là chuỗi ký tự"),
        ({"period": "2024-06", "unit": "Chi cục Không Có"}, "Không có đơn vị 'Chi cục Không Có'"),
    ],
)
def test_bad_parameters_are_refused_in_vietnamese(values, message):
    with pytest.raises(Exception, match=message):
        validate_parameters(values)


def test_cli_bad_period_exits_non_zero_without_traceback(capsys, tmp_path):
    assert main(["audit", "--period", "2024-Q5", "--out", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Tham số không hợp lệ") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_failing_cell_leaves_no_complete_looking_archive(tmp_path):
    parameters = validate_parameters({"period": "2024-06", "compare_period": ""})
    notebook = Path(__file__).parent / "fixtures" / "notebooks" / "fail-cell-error.ipynb"
    with pytest.raises(
        AuditError,
        match=r"Ô lệnh số 4 \(số thứ tự thực thi trong sổ tay\) bị lỗi \(RuntimeError: ô lệnh hỏng có chủ ý",
    ):
        run_audit(parameters, out_root=tmp_path, notebook=notebook, progress=False)
    period_folder = tmp_path / "SNNPTNT" / "2024-06"
    (failed,) = period_folder.iterdir()
    assert failed.name.endswith(".FAILED")
    assert not (failed / "manifest.json").exists()


def test_runner_refuses_to_write_through_a_symlinked_folder(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out_root = tmp_path / "outputs"
    out_root.mkdir()
    (out_root / "SNNPTNT").symlink_to(outside, target_is_directory=True)
    parameters = validate_parameters({"period": "2024-06", "compare_period": ""})
    with pytest.raises(AuditError, match="nằm ngoài thư mục kết quả"):
        run_audit(parameters, out_root=out_root, progress=False)
    assert list(outside.iterdir()) == []


def test_rerun_reproduces_the_archived_numbers(run_dir, capsys):
    # Re-executes the notebook with the recorded parameters and inputs (the hostile extract).
    assert main(["verify", str(run_dir), "--rerun"]) == 0
    assert "Chạy lại cho cùng kết quả" in capsys.readouterr().out


def _kernel_transport(folder: Path) -> str:
    """Run a one-cell notebook with :func:`execute`; the transport its kernel reports."""
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    book.cells = [
        nbformat.v4.new_code_cell(
            "from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)"
        )
    ]
    nbformat.write(book, folder / "in.ipynb")
    execute(folder / "in.ipynb", folder / "out.ipynb")
    return nbformat.read(folder / "out.ipynb", as_version=4).cells[0].outputs[0]["text"].strip()


def test_kernel_talks_over_unix_sockets_not_tcp(tmp_path, capfd):
    assert _kernel_transport(tmp_path) == "ipc"
    assert "without encryption" not in capfd.readouterr().err  # ipykernel's TCP warning


def test_kernel_falls_back_to_tcp_when_a_socket_path_would_be_too_long(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    assert _kernel_transport(tmp_path) == "tcp"
