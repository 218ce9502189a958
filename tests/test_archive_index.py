"""Periodic audits for the whole department (issue 15, item 9): ``kpi766 audit --all-units``
runs one audit per unit plus the agency, and ``outputs/index.html`` lists every run.

The index is tested on hand-made run folders; the loop with a stand-in for ``run_audit`` (one
real unit run, with its folder name, is in ``tests/test_archive.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpi.archive import runner
from kpi.archive.index import find_runs, render_index, write_index
from kpi.cli import main
from kpi.errors import ExtractError
from kpi.params import load_units

HOSTILE = "<script>alert('x')</script>"


def _run(
    root: Path,
    period: str,
    name: str,
    scope: str | None,
    total: float,
    band: str,
    *,
    started: str = "2026-12-01T08:00:00+07:00",
    copied: bool = False,
) -> Path:
    """A hand-made run folder: scorecard.json, manifest.json and audit.html."""
    run = root / "SNNPTNT" / period / name
    run.mkdir(parents=True)
    scorecard = {"period": period, "scope": scope, "total": total, "band": band,
                 "max_applicable": 100 if scope is None else 94, "profile": "portal",
                 "as_of": f"{period}-30T23:59:59.999999"}  # fmt: skip
    inputs = [{"path": "/srv/x.csv", "copy": "inputs/data/x.csv"}] if copied else []
    manifest = {"schema": "kpi766-run/1", "inputs": inputs, "outputs": [],
                "parameters": {"period": period, "unit": scope or ""}, "started_at": started}  # fmt: skip
    (run / "scorecard.json").write_text(json.dumps(scorecard, ensure_ascii=False), "utf-8")
    (run / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (run / "audit.html").write_text("<p>báo cáo</p>", "utf-8")
    return run


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    root = tmp_path / "outputs"
    _run(root, "2024-05", "20261201-080000-aaaaaa", None, 81.456, "Tốt")
    _run(root, "2024-06", "20261202-080000-bbbbbb", None, 79.5, "Khá")
    _run(
        root,
        "2024-06",
        "20261202-090000-cccccc",
        None,
        79.5,
        "Khá",
        started="2026-12-02T09:00:00+07:00",
        copied=True,
    )
    _run(root, "2024-06", "20261202-080100-dddddd-KL", "KL", 52.3, "Trung bình")
    _run(root, "2024-06", "20261202-080200-eeeeee-CNTY", "CNTY", 66.1, "Trung bình")
    _run(root, "2024-06", "20261202-080300-gggggg-AAA", "AAA", 10.0, "Yếu")
    _run(root, "2024-Q2", "20261202-100000-ffffff", None, 77.0, "Khá")
    # not complete runs: no manifest, a partial and a failed folder
    (root / "SNNPTNT" / "2024-06" / "20261202-110000-000000.FAILED").mkdir()
    partial = _run(root, "2024-06", ".20261202-120000-111111.partial", None, 1.0, "Yếu")
    assert partial.name.startswith(".")
    (root / "SNNPTNT" / "2024-06" / "no-manifest").mkdir()
    return root


def test_find_runs_lists_complete_runs_latest_period_first(outputs):
    runs = find_runs(outputs)
    assert [(run.period, run.scope, run.folder.rsplit("/", 1)[1]) for run in runs] == [
        ("2024-06", None, "20261202-090000-cccccc"),  # the agency, latest run first
        ("2024-06", None, "20261202-080000-bbbbbb"),
        ("2024-06", "CNTY", "20261202-080200-eeeeee-CNTY"),  # then units, as in units.yaml
        ("2024-06", "KL", "20261202-080100-dddddd-KL"),
        ("2024-06", "AAA", "20261202-080300-gggggg-AAA"),  # not in units.yaml: last
        ("2024-Q2", None, "20261202-100000-ffffff"),  # ends with June: after it, longer
        ("2024-05", None, "20261201-080000-aaaaaa"),
    ]
    first = runs[0]
    assert (first.total, first.max_applicable, first.band) == (79.5, 100.0, "Khá")
    assert first.copied_inputs and not runs[1].copied_inputs
    assert first.has_report and len(first.manifest_sha256 or "") == 64


def test_index_page_is_vietnamese_offline_and_links_every_run(outputs):
    page = write_index(outputs).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    assert "Danh mục hồ sơ đánh giá Bộ chỉ số 766" in page
    for header in ("Kỳ", "Phạm vi", "Tổng điểm", "Xếp loại", "SHA-256 của manifest"):
        assert f"<th>{header}</th>" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert 'href="SNNPTNT/2024-06/20261202-080100-dddddd-KL/audit.html"' in page
    assert 'href="SNNPTNT/2024-06/20261202-080100-dddddd-KL/manifest.json"' in page
    assert "Chi cục Kiểm lâm (KL)" in page and "52.30/94" in page and "Trung bình" in page
    assert "Toàn cơ quan — Sở Nông nghiệp và Phát triển nông thôn" in page
    assert "81.46/100" in page  # two decimals
    assert page.count("<tr") == 1 + 7  # the header row and the seven complete runs
    assert ".partial" not in page and ".FAILED" not in page and "no-manifest" not in page


def test_index_escapes_what_it_reads(tmp_path):
    root = tmp_path / "outputs"
    run = _run(root, "2024-06", "run <b>&'\"", HOSTILE, 50.0, HOSTILE)
    page = write_index(root).read_text(encoding="utf-8")
    assert HOSTILE not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'href="SNNPTNT/2024-06/run%20%3Cb%3E%26%27%22/audit.html"' in page
    assert run.is_dir()


def test_unreadable_run_is_listed_with_the_reason(tmp_path):
    root = tmp_path / "outputs"
    run = _run(root, "2024-06", "broken", None, 1.0, "Khá")
    (run / "scorecard.json").write_text("{not json", "utf-8")
    (entry,) = find_runs(root)
    assert entry.problem and entry.problem.startswith("không đọc được tệp của lần chạy")
    assert "không đọc được tệp của lần chạy" in render_index([entry])


def test_empty_output_folder_says_so(tmp_path):
    page = write_index(tmp_path / "new").read_text(encoding="utf-8")
    assert "Chưa có lần đánh giá nào trong thư mục này." in page


def test_symlinked_run_is_not_listed(tmp_path):
    root = tmp_path / "outputs"
    elsewhere = _run(tmp_path / "elsewhere", "2024-06", "run", None, 1.0, "Khá")
    (root / "SNNPTNT" / "2024-06").mkdir(parents=True)
    (root / "SNNPTNT" / "2024-06" / "link").symlink_to(elsewhere, target_is_directory=True)
    assert find_runs(root) == []


@pytest.fixture
def fake_runs(monkeypatch, tmp_path):
    """``run_audit`` replaced by a stand-in writing a hand-made run folder; its calls."""
    calls: list[tuple[str, bool]] = []

    def fake(parameters, *, out_root, copy_inputs=False, progress=None, notebook=None):
        calls.append((parameters.unit, copy_inputs))
        if parameters.unit == "TS":
            raise ExtractError("Không có dữ liệu của đơn vị TS.")
        name = f"20261202-080000-{len(calls):06d}" + (
            f"-{parameters.unit}" if parameters.unit else ""
        )
        return _run(Path(out_root), parameters.period, name, parameters.unit or None, 70.0, "Khá")

    monkeypatch.setattr(runner, "run_audit", fake)
    return calls


def test_all_units_runs_the_agency_then_every_unit_and_goes_on_after_a_failure(fake_runs, tmp_path):
    parameters = runner.validate_parameters({"period": "2024-06", "compare_period": ""})
    results = runner.run_all_units(parameters, out_root=tmp_path, copy_inputs=True)
    codes = [unit.code for unit in load_units().units]
    assert fake_runs == [("", True)] + [(code, True) for code in codes]
    assert [result.unit for result in results] == ["", *codes]
    failed = [result for result in results if result.run_dir is None]
    assert [(r.unit, r.error) for r in failed] == [("TS", "Không có dữ liệu của đơn vị TS.")]
    assert all(r.run_dir.name.endswith(f"-{r.unit}") for r in results if r.unit and r.run_dir)


def test_all_units_with_a_chosen_list(fake_runs, tmp_path):
    parameters = runner.validate_parameters({"period": "2024-06", "compare_period": ""})
    runner.run_all_units(parameters, out_root=tmp_path, units=["KL", "CNTY"])
    assert [unit for unit, _ in fake_runs] == ["", "KL", "CNTY"]


def test_cli_all_units_writes_the_index_and_reports_failures(fake_runs, tmp_path, capsys):
    out = tmp_path / "outputs"
    code = main(["audit", "--period", "2024-06", "--compare", "", "--all-units", "--out", str(out)])
    assert code == 1  # one unit failed
    printed = capsys.readouterr()
    n = 1 + len(load_units().units)
    assert f"Đã chạy {n - 1}/{n} lần đánh giá; lỗi: TS." in printed.out
    assert "Lỗi — TS: Không có dữ liệu của đơn vị TS." in printed.out
    assert f"[1/{n}] Đánh giá toàn cơ quan…" in printed.err
    assert f"Trang danh mục hồ sơ: {out / 'index.html'}" in printed.out
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr") == 1 + n - 1


def test_cli_unit_and_all_units_together_are_refused(fake_runs, tmp_path, capsys):
    arguments = ["audit", "--all-units", "--unit", "KL", "--out", str(tmp_path)]
    assert main(arguments) != 0
    assert "Không dùng --unit cùng với --all-units" in capsys.readouterr().err
    assert fake_runs == []
