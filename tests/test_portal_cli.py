"""``kpi766 portal``: output formats, exit codes, Vietnamese messages, hostile folders."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kpi import paths
from kpi.cli import main
from kpi.portal.read import ROW_COLUMNS
from tests.conftest import FIXTURES
from tests.test_portal_read import HOSTILE, write_hostile

PORTAL = FIXTURES / "portal"
KPI766 = shutil.which("kpi766", path=str(Path(sys.executable).parent))


def run(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``kpi766 portal ARGS`` run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["portal", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def table() -> tuple[int, str, str]:
    return run("--portal", str(PORTAL))


@pytest.fixture(scope="module")
def document() -> dict:
    code, out, err = run("--portal", str(PORTAL), "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out, parse_constant=pytest.fail)  # no NaN or Infinity


def one_file(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "capture"
    (folder / name).parent.mkdir(parents=True)
    shutil.copy(PORTAL / name, folder / name)
    return folder


def test_table_is_a_vietnamese_summary(table) -> None:
    code, out, err = table
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) < 80  # a summary, not 11,820 rows
    assert lines[0].startswith("Đối chiếu số liệu công bố của Cổng DVCQG")
    assert "Đã đọc 22 tệp:" in lines
    assert (
        "  dvc-progress-tree/month-all.json — dvc-progress-tree (tháng, tất cả TTHC): 164 dòng"
        in lines
    )
    assert (
        "Số dòng: 11820. Điểm chỉ số tính lại được và đã đối chiếu: 8532 — khớp 8532, không khớp 0."
        in lines
    )
    assert (
        "Tổng điểm nhóm (theo tệp và đơn vị) đã đối chiếu: 2952 — khớp 2952, không khớp 0." in lines
    )
    assert any(
        line.startswith("Số của tỉnh so với tổng các đơn vị: 96 phép cộng — khớp 68")
        for line in lines
    )
    assert "Số của tỉnh khác tổng các đơn vị (28):" in lines
    assert "Số của tỉnh" in out and "Tổng các đơn vị" in out and "mẫu số" in out  # headers
    assert lines[-1] == "Kết luận: mọi số liệu công bố đã đối chiếu đều khớp."
    assert "True" not in out and "NaN" not in out and "<NA>" not in out


def test_all_prints_every_row(tmp_path: Path) -> None:
    folder = one_file(tmp_path, "dossier-digitized/quarter-all.json")
    code, out, _ = run("--portal", str(folder), "--all")
    assert code == 0
    assert "Mọi dòng số liệu (1148):" in out and len(out.splitlines()) > 1148
    header = out.splitlines()[out.splitlines().index("Mọi dòng số liệu (1148):") + 1]
    assert header.split()[:4] == ["Tệp", "Mã", "đơn", "vị"]
    assert "Điểm công bố" in header and "Điểm tính lại" in header and "Ghi chú" in header
    listing = out.split("Mọi dòng số liệu (1148):")[1]
    assert "H44.07" in listing and "không khớp" not in listing


def test_json_contract(document) -> None:
    assert list(document)[:3] == ["files", "rows", "summary"]
    assert len(document["files"]) == 22
    assert all(
        list(file) == ["path", "sha256", "endpoint", "period_type", "scope"]
        for file in document["files"]
    )
    required = [*ROW_COLUMNS, "recomputed", "matches"]
    assert all(list(row)[: len(required)] == required for row in document["rows"])
    assert list(document["summary"])[:3] == ["rows", "checked", "matches"]
    assert (document["summary"]["rows"], document["summary"]["checked"]) == (11820, 8532)
    assert document["summary"]["matches"] == 8532
    province = next(
        row
        for row in document["rows"]
        if row["indicator"] == 5 and row["path"] == "dvc-progress-tree/month-all.json"
    )
    assert (province["numerator"], province["denominator"], province["score"]) == (
        144625,
        184513,
        15.68,
    )
    assert (province["recomputed"], province["matches"]) == (15.68, True)
    kinds = {type(row["indicator"]) for row in document["rows"]}
    assert kinds == {int, str}
    assert {row["indicator"] for row in document["rows"] if isinstance(row["indicator"], str)} == {
        "III.1",
        "III.2",
    }


def test_csv_is_the_rows(tmp_path: Path) -> None:
    code, out, _ = run(
        "--portal", str(one_file(tmp_path, "dvc-progress-tree/month-all.json")), "--format", "csv"
    )
    lines = out.splitlines()
    assert code == 0 and len(lines) == 165
    assert lines[0].startswith("Tệp,Endpoint,Loại kỳ,Phạm vi,Mã định danh,Mã đơn vị,Đơn vị")
    assert "Điểm công bố" in lines[0] and "Khớp điểm" in lines[0]
    assert "144625" in lines[1] and "15.68" in lines[1]


def test_a_mismatch_exits_1_and_says_so(tmp_path: Path) -> None:
    folder = one_file(tmp_path, "dvc-progress-tree/month-all.json")
    path = folder / "dvc-progress-tree" / "month-all.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["data"]["parent"]["totalScore"] = 15.69
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("--portal", str(folder))
    assert code == 1 and err == ""
    assert "Số liệu không khớp (1):" in out
    assert "Điểm công bố 15,69 khác điểm tính lại 15,68" in out
    assert out.splitlines()[-1].startswith("Kết luận: có 1 số liệu công bố không khớp")
    code, out, err = run("--portal", str(folder), "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["mismatches"] == 1
    assert err.startswith("Kết luận: có 1 số liệu công bố không khớp")


def test_params_file_changes_the_check(tmp_path: Path) -> None:
    folder = one_file(tmp_path, "handling-satisfaction/month-all.json")
    assert run("--portal", str(folder))[0] == 0
    rules = yaml.safe_load(paths.SCORING_FILE.read_text(encoding="utf-8"))
    rules["indicators"][19]["zero_denominator"] = "zero"  # the portal gives the maximum
    params = tmp_path / "scoring.yaml"
    params.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    code, out, _ = run("--portal", str(folder), "--params", str(params))
    assert code == 1
    assert "Điểm công bố 6,00 khác điểm tính lại 0,00" in out


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_exits_2_with_a_vietnamese_error(tmp_path: Path, case: str) -> None:
    write_hostile(tmp_path / "capture", case)
    code, out, err = run("--portal", str(tmp_path / "capture"))
    assert (code, out) == (2, "")
    assert err.startswith("Lỗi: ") and f"{case}.json" in err and "Traceback" not in err


def test_missing_or_empty_folder_exits_2(tmp_path: Path) -> None:
    code, _, err = run("--portal", str(tmp_path / "absent"))
    assert code == 2 and err.startswith("Lỗi: Không tìm thấy thư mục")
    code, _, err = run("--portal", str(tmp_path))
    assert code == 2 and "không có tệp .json" in err


def test_help_is_vietnamese() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["portal", "--help"])
    assert "Cổng DVCQG" in out.getvalue() and "THƯ_MỤC" in out.getvalue()


@pytest.mark.skipif(KPI766 is None, reason="kpi766 console script not installed")
def test_console_script_survives_a_closed_pipe(tmp_path: Path) -> None:
    """``kpi766 portal ... --all | head -1``: no traceback when the reader goes away."""
    folder = one_file(tmp_path, "dossier-digitized/quarter-all.json")  # --all: about 200 KB
    process = subprocess.Popen(
        [KPI766, "portal", "--portal", str(folder), "--all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline().decode("utf-8")
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 0
    assert first.startswith("Đối chiếu số liệu công bố") and "Traceback" not in error
