"""A complete, portable archive (issue 15, item 7): the comparison period's files in the
manifest, ``--copy-inputs``, ``verify --rerun`` re-scoring the comparison period, unit runs
named with the unit. Four notebook executions in all (two audits, two re-runs)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from kpi import paths
from kpi.archive.runner import (
    AuditError,
    _copy_inputs,
    rerun,
    run_audit,
    run_name,
    validate_parameters,
)
from kpi.archive.verify import verify
from kpi.archive.write import write_manifest
from kpi.cli import main
from kpi.comparison import comparison_folders

# First record of May 2024: finished 2024-05-13, due 2024-05-04 (late). One byte, 1 → 0,
# makes it finished 2024-05-03, on time: the comparison period's on-time counts change.
LATE = "2024-05-04 15:16:00,2024-05-13 10:54:00"
ON_TIME = "2024-05-04 15:16:00,2024-05-03 10:54:00"


def _sources(root: Path) -> Path:
    """May and June 2024 of the sample, copied under ``root``; the June folder."""
    for month in ("2024-05", "2024-06"):
        shutil.copytree(paths.SAMPLE_DIR / month, root / month)
    return root / "2024-06"


def _flip_one_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(LATE) == 1
    path.write_text(text.replace(LATE, ON_TIME), encoding="utf-8")


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory) -> tuple[Path, Path]:
    """(run folder, source root): June 2024 audited from copied folders, inputs not copied."""
    root = tmp_path_factory.mktemp("plain-sources")
    june = _sources(root)
    parameters = validate_parameters({"period": "2024-06", "data_dirs": [str(june)]})
    out = tmp_path_factory.mktemp("plain-outputs")
    return run_audit(parameters, out_root=out, progress=False), root


@pytest.fixture(scope="module")
def copied_run(tmp_path_factory) -> tuple[Path, Path, str]:
    """(run folder, source root, stdout): a unit audit with ``--copy-inputs`` through the CLI."""
    root = tmp_path_factory.mktemp("copied-sources")
    june = _sources(root)
    out = tmp_path_factory.mktemp("copied-outputs")
    portal = paths.DATA_DIR / "sample-portal" / "2024-06"
    arguments = ["audit", "--period", "2024-06", "--data", str(june), "--unit", "KL",
                 "--portal", str(portal), "--copy-inputs", "--out", str(out)]  # fmt: skip
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        assert main(arguments) == 0
    (run_dir,) = (out / "SNNPTNT" / "2024-06").iterdir()
    return run_dir, root, stream.getvalue()


def test_comparison_folders_are_those_beside_the_first_data_folder(tmp_path):
    june = _sources(tmp_path)
    label, folders = comparison_folders("2024-06", [str(june)])
    assert (label, folders) == ("2024-05", [tmp_path / "2024-05"])
    assert comparison_folders("2024-06", [str(june)], "") is None
    assert comparison_folders("2024-01", [str(june)]) is None  # no 2023-12 folder: none
    with pytest.raises(Exception, match="Không có dữ liệu trích xuất cho kỳ 2023-12"):
        comparison_folders("2024-06", [str(june)], "2023-12")


def test_every_file_of_the_comparison_period_is_an_input(plain_run):
    run_dir, root = plain_run
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    recorded = {entry["path"] for entry in manifest["inputs"]}
    for month in ("2024-05", "2024-06"):
        for file in (root / month).iterdir():
            assert str(file) in recorded
    comparison = json.loads((run_dir / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["period"] == "2024-05" and comparison["scope"] is None
    assert verify(run_dir).ok


def test_a_changed_comparison_input_fails_verify_and_rerun(plain_run, capsys):
    run_dir, root = plain_run
    dossiers = root / "2024-05" / "dossiers.csv"
    original = dossiers.read_bytes()
    try:
        _flip_one_byte(dossiers)
        assert main(["verify", str(run_dir), "--rerun"]) == 1
        out = capsys.readouterr().out
        assert f"Tệp đầu vào đã bị thay đổi: {dossiers}" in out
        assert "Không chạy lại (--rerun) vì hồ sơ đánh giá không nguyên vẹn." in out
        # Without the hash check, the re-run itself finds May's numbers changed.
        assert main(["verify", str(run_dir), "--no-inputs", "--rerun"]) == 1
        out = capsys.readouterr().out
        assert "Chạy lại: kết quả KHÁC với hồ sơ." in out
        assert "khác ở kỳ so sánh 2024-05: total, indicators" in out
        assert "kỳ 2024-06" not in out.split("KHÁC với hồ sơ.")[1]  # June itself is unchanged
    finally:
        dossiers.write_bytes(original)
    assert verify(run_dir).ok


def test_unit_run_is_named_with_the_unit_and_holds_its_inputs(copied_run):
    run_dir, root, stdout = copied_run
    assert run_dir.name.endswith("-KL") and run_dir.parent.name == "2024-06"
    assert run_name("20240701-080000-abc123", "Chi cục Kiểm lâm") == "20240701-080000-abc123-KL"
    assert f"Đã lưu hồ sơ đánh giá: {run_dir}" in stdout
    index = run_dir.parents[2] / "index.html"
    assert f"Trang danh mục hồ sơ: {index}" in stdout
    assert f'href="SNNPTNT/2024-06/{run_dir.name}/audit.html"' in index.read_text(encoding="utf-8")
    for month in ("2024-05", "2024-06"):
        for file in (root / month).iterdir():
            assert (
                run_dir / "inputs" / "data" / month / file.name
            ).read_bytes() == file.read_bytes()
    assert (run_dir / "inputs" / "portal" / "capture.yaml").is_file()
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["data_dirs"] == ["inputs/data/2024-06"]
    assert manifest["parameters"]["portal_dir"] == "inputs/portal"
    assert manifest["parameters"]["unit"] == "KL"
    by_copy = {entry.get("copy"): entry["path"] for entry in manifest["inputs"]}
    assert by_copy["inputs/data/2024-05/dossiers.csv"] == str(root / "2024-05" / "dossiers.csv")
    assert by_copy["inputs/portal/capture.yaml"].endswith("sample-portal/2024-06/capture.yaml")
    assert ".partial" not in (run_dir / "audit.ipynb").read_text(encoding="utf-8")
    comparison = json.loads((run_dir / "comparison.json").read_text(encoding="utf-8"))
    assert (comparison["period"], comparison["scope"]) == ("2024-05", "KL")
    assert verify(run_dir).ok


def test_copied_run_reruns_after_sources_and_archive_move(copied_run, tmp_path, capsys):
    run_dir, root, _ = copied_run
    moved_sources = root.with_name(root.name + "-moved")
    root.rename(moved_sources)
    try:
        archive = tmp_path / "archive" / "run"
        shutil.copytree(run_dir, archive)
        assert main(["verify", str(archive), "--rerun"]) == 0
        out = capsys.readouterr().out
        assert "Cảnh báo" not in out  # the sources' absence is no concern: the copies are read
        assert "Chạy lại cho cùng kết quả" in out and "kỳ so sánh 2024-05" in out
    finally:
        moved_sources.rename(root)


def test_a_changed_copied_comparison_input_is_named(copied_run, tmp_path, capsys):
    run_dir, _, _ = copied_run
    archive = tmp_path / "run"
    shutil.copytree(run_dir, archive)
    _flip_one_byte(archive / "inputs" / "data" / "2024-05" / "dossiers.csv")
    assert main(["verify", str(archive), "--rerun"]) == 1
    out = capsys.readouterr().out
    assert "Tệp đã bị thay đổi: inputs/data/2024-05/dossiers.csv" in out


def test_rerun_refuses_a_copy_path_outside_the_run(copied_run, tmp_path):
    run_dir, _, _ = copied_run
    archive = tmp_path / "run"
    shutil.copytree(run_dir, archive)
    manifest = json.loads((archive / "manifest.json").read_text(encoding="utf-8"))
    manifest["parameters"]["data_dirs"] = ["../../etc"]
    (archive / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(AuditError, match=r"đường dẫn đầu vào không hợp lệ: \.\./\.\./etc"):
        rerun(archive)


def test_two_extract_folders_with_one_name_are_refused(tmp_path):
    for parent in ("a", "b"):
        shutil.copytree(paths.SAMPLE_DIR / "2024-06", tmp_path / parent / "2024-06")
    parameters = validate_parameters(
        {
            "period": "2024-06",
            "compare_period": "",
            "data_dirs": [str(tmp_path / "a" / "2024-06"), str(tmp_path / "b" / "2024-06")],
        }
    )
    run = tmp_path / "run"
    run.mkdir()
    with pytest.raises(AuditError, match="hai thư mục cùng tên 2024-06"):
        _copy_inputs(parameters, run)


def test_copies_that_would_change_the_comparison_are_refused(tmp_path):
    # No May beside June's folder, but a second folder named 2024-05 elsewhere: side by side
    # in the copy, May's lookup would find it and the report would compare with other data.
    shutil.copytree(paths.SAMPLE_DIR / "2024-06", tmp_path / "a" / "june")
    shutil.copytree(paths.SAMPLE_DIR / "2024-05", tmp_path / "b" / "2024-05")
    parameters = validate_parameters(
        {
            "period": "2024-06",
            "data_dirs": [str(tmp_path / "a" / "june"), str(tmp_path / "b" / "2024-05")],
        }
    )
    assert comparison_folders("2024-06", parameters.data_dirs) is None
    run = tmp_path / "run"
    run.mkdir()
    with pytest.raises(AuditError, match="kỳ so sánh sẽ đọc thư mục khác với bản gốc"):
        _copy_inputs(parameters, run)


def test_manifest_records_a_copy_under_its_source_and_verify_reads_the_copy(tmp_path):
    run = tmp_path / "run"
    (run / "inputs" / "data").mkdir(parents=True)
    (run / "inputs" / "data" / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (run / "scorecard.json").write_text("{}", encoding="utf-8")
    source = tmp_path / "gone" / "exports"  # never existed: the source has moved
    write_manifest(
        run,
        inputs=[run / "inputs" / "data"],
        parameters={},
        as_of="2024-06-30",
        command=[],
        started_at="s",
        finished_at="f",
        copies={run / "inputs" / "data": source},
    )
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["inputs"]
    assert (entry["path"], entry["copy"]) == (str(source / "x.csv"), "inputs/data/x.csv")
    report = verify(run)
    assert report.ok and not report.warnings  # the absent source is not looked for
    entry["sha256"] = "0" * 64  # the input record disagrees with the copy's output record
    (run / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert [(p.kind, p.path) for p in verify(run).problems] == [
        ("input_changed", "inputs/data/x.csv")
    ]
    entry["copy"] = "../outside.csv"
    (run / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert [(p.kind, p.path) for p in verify(run).problems] == [("invalid_path", "../outside.csv")]


def test_an_archive_older_than_comparison_json_still_reruns(plain_run, tmp_path, capsys):
    run_dir, _ = plain_run
    archive = tmp_path / "old"
    shutil.copytree(run_dir, archive)
    (archive / "comparison.json").unlink()
    manifest = json.loads((archive / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"] = [e for e in manifest["outputs"] if e["path"] != "comparison.json"]
    manifest["extra"] = None
    (archive / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    same, message = rerun(archive)
    assert same and "hồ sơ cũ không lưu điểm kỳ so sánh" in message
