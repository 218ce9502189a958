"""Run manifest: every file recorded; one changed byte, an added, removed or linked file is named."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import types
from datetime import datetime
from pathlib import Path

import pytest

import kpi
from kpi.archive import verify as verifying
from kpi.archive import write as writing
from kpi.archive.files import ManifestError
from kpi.archive.verify import Problem, verify
from kpi.archive.write import code_fingerprint, write_manifest
from kpi.cli import main

FILES = {
    "scorecard.xlsx": b"PK\x03\x04 workbook bytes",
    "audit.ipynb": b'{"cells": []}',
    "sub/deep/evidence.csv": "mã,lý do\n1,trễ hạn\n".encode(),
    ".hidden": b"hidden files are evidence too",
}


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run folder with nested and hidden files, one empty folder and one external input."""
    folder = tmp_path / "outputs" / "so-tttt" / "2024-06" / "run-1"
    for name, content in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    (folder / "figures").mkdir()
    data = tmp_path / "data" / "2024-06"
    data.mkdir(parents=True)
    (data / "dossiers.csv").write_bytes(b"id\n1\n")
    write_manifest(
        folder,
        inputs=[data / "dossiers.csv"],
        parameters={"period": "2024-06", "data": data},
        as_of="2024-06-30",
        command=["kpi766", "audit"],
        started_at=datetime(2024, 7, 1, 8, 0),
        finished_at=datetime(2024, 7, 1, 8, 5),
    )
    return folder


def _rewrite(run_dir: Path, change) -> None:
    path = run_dir / "manifest.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_manifest_lists_every_file_with_its_hash(run_dir: Path, tmp_path: Path) -> None:
    document = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert document["schema"] == "kpi766-run/1"
    assert [entry["path"] for entry in document["outputs"]] == sorted(FILES)
    for entry in document["outputs"]:
        content = FILES[entry["path"]]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["size"] == len(content)
    assert document["empty_dirs"] == ["figures"]
    [recorded] = document["inputs"]
    assert recorded["path"] == str(tmp_path / "data" / "2024-06" / "dossiers.csv")
    assert recorded["name"] == "dossiers.csv"
    assert recorded["sha256"] == hashlib.sha256(b"id\n1\n").hexdigest()
    assert document["parameters"]["data"] == str(tmp_path / "data" / "2024-06")
    assert (document["started_at"], document["finished_at"]) == (
        "2024-07-01T08:00:00",
        "2024-07-01T08:05:00",
    )
    assert document["code"]["version"] == kpi.__version__
    assert set(document["versions"]) >= {"python", "pandas", "openpyxl", "papermill", "holidays"}
    assert not list(run_dir.glob(".manifest.json*"))  # no temporary file left behind


def test_verify_passes_on_an_intact_folder(run_dir: Path) -> None:
    report = verify(run_dir)
    assert report.ok and report.problems == [] and report.warnings == []
    assert report.n_matched == len(FILES)
    assert (
        report.manifest_sha256
        == hashlib.sha256((run_dir / "manifest.json").read_bytes()).hexdigest()
    )


@pytest.mark.parametrize("name", sorted(FILES))
def test_one_changed_byte_names_exactly_that_file(run_dir: Path, name: str) -> None:
    path = run_dir / name
    content = bytearray(path.read_bytes())
    content[-1] ^= 0x01  # same size: only the hash can tell
    path.write_bytes(bytes(content))
    report = verify(run_dir)
    assert report.problems == [Problem("changed", name, f"Tệp đã bị thay đổi: {name}")]
    assert report.n_matched == len(FILES) - 1


def test_added_file_and_folder_are_named(run_dir: Path) -> None:
    (run_dir / "sub" / ".extra.csv").write_text("x")
    (run_dir / "new-empty").mkdir()
    report = verify(run_dir)
    assert [(p.kind, p.path) for p in report.problems] == [
        ("added", "sub/.extra.csv"),
        ("added", "new-empty"),
    ]
    assert report.problems[0].message == (
        "Tệp không có trong manifest (được thêm vào): sub/.extra.csv"
    )


def test_removed_file_and_folder_are_named(run_dir: Path) -> None:
    (run_dir / "audit.ipynb").unlink()
    (run_dir / "figures").rmdir()
    report = verify(run_dir)
    assert [(p.kind, p.path, p.message) for p in report.problems] == [
        ("missing", "audit.ipynb", "Tệp bị thiếu: audit.ipynb"),
        ("missing", "figures", "Thư mục bị thiếu: figures"),
    ]


def test_symlink_is_reported_and_never_followed(run_dir: Path, tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (run_dir / "link.txt").symlink_to(outside)
    read = _record_hashes(monkeypatch)
    report = verify(run_dir)
    assert [(p.kind, p.path) for p in report.problems] == [("symlink", "link.txt")]
    assert not any(Path(path).resolve() == outside for path in read)


def test_listed_file_behind_a_linked_folder_is_not_read(run_dir: Path, monkeypatch) -> None:
    outside = run_dir.parent / "elsewhere"
    outside.mkdir()
    (outside / "evidence.csv").write_bytes(FILES["sub/deep/evidence.csv"])
    shutil.rmtree(run_dir / "sub" / "deep")
    (run_dir / "sub" / "deep").symlink_to(outside, target_is_directory=True)
    read = _record_hashes(monkeypatch)
    report = verify(run_dir)
    assert [(p.kind, p.path) for p in report.problems] == [
        ("invalid_path", "sub/deep/evidence.csv"),
        ("symlink", "sub/deep"),
    ]
    assert not any("elsewhere" in path for path in read)


def test_write_manifest_refuses_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(ManifestError, match="b.txt"):
        write_manifest(
            tmp_path,
            inputs=[],
            parameters={},
            as_of="2024-06-30",
            command=[],
            started_at="s",
            finished_at="f",
        )


def _record_hashes(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = verifying.sha256_file

    def recording(path):
        calls.append(str(path))
        return real(path)

    monkeypatch.setattr(verifying, "sha256_file", recording)
    return calls


@pytest.mark.parametrize("forged", ["../outside.txt", "ABSOLUTE", "sub/../../outside.txt", "./a"])
def test_forged_path_is_invalid_and_never_read(run_dir: Path, forged: str, monkeypatch) -> None:
    outside = run_dir.parent / "outside.txt"
    outside.write_text("not evidence")
    forged = str(outside) if forged == "ABSOLUTE" else forged
    entry = {"path": forged, "size": 12, "sha256": hashlib.sha256(b"not evidence").hexdigest()}
    _rewrite(run_dir, lambda document: document["outputs"].append(entry))
    read = _record_hashes(monkeypatch)
    report = verify(run_dir)
    assert [(p.kind, p.path) for p in report.problems] == [("invalid_path", forged)]
    assert "đường dẫn không hợp lệ" in report.problems[0].message
    assert not any(Path(path).resolve() == outside for path in read)


def test_changed_input_fails_missing_input_only_warns(run_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "data" / "2024-06" / "dossiers.csv"
    source.write_bytes(b"id\n2\n")
    assert [(p.kind, p.path) for p in verify(run_dir).problems] == [("input_changed", str(source))]
    assert verify(run_dir, check_inputs=False).ok
    source.unlink()
    report = verify(run_dir)
    assert report.ok
    assert [(w.kind, w.path) for w in report.warnings] == [("input_missing", str(source))]


def test_unparseable_or_foreign_manifest_fails(run_dir: Path) -> None:
    (run_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    [problem] = verify(run_dir).problems
    assert problem.kind == "manifest" and problem.message.startswith("Không đọc được manifest.json")
    (run_dir / "manifest.json").write_text('{"schema": "other/1"}', encoding="utf-8")
    assert [p.kind for p in verify(run_dir).problems] == ["manifest"]


def test_missing_folder_or_manifest_raises(run_dir: Path) -> None:
    with pytest.raises(ManifestError, match="Không tìm thấy thư mục hồ sơ"):
        verify(run_dir / "nope")
    (run_dir / "manifest.json").unlink()
    with pytest.raises(ManifestError, match="không có manifest.json"):
        verify(run_dir)


def test_expected_manifest_hash(run_dir: Path) -> None:
    digest = verifying.sha256_file(run_dir / "manifest.json")
    assert verify(run_dir, expected_sha256=digest.upper()).ok
    # a forger who re-hashed a file *and* rewrote the manifest is caught only by this check
    (run_dir / "audit.ipynb").write_bytes(b"forged")
    _rewrite(
        run_dir,
        lambda d: d["outputs"][1].update(size=6, sha256=hashlib.sha256(b"forged").hexdigest()),
    )
    assert verify(run_dir).ok
    [problem] = verify(run_dir, expected_sha256=digest).problems
    assert problem.kind == "manifest" and digest in problem.message


def test_code_fingerprint_changes_with_the_source(tmp_path: Path) -> None:
    package = tmp_path / "kpi"
    shutil.copytree(
        Path(kpi.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = code_fingerprint(package, tmp_path)
    assert len(before["sha256"]) == 64 and int(before["sha256"], 16) >= 0
    assert before["git_commit"] is None and before["git_dirty"] is None  # not a git work tree
    assert before == code_fingerprint(package, tmp_path)
    (package / "scoring.py").write_text((package / "scoring.py").read_text() + "\n# changed\n")
    after = code_fingerprint(package, tmp_path)
    assert after["sha256"] != before["sha256"] and after["n_files"] == before["n_files"]


def test_environment_versions_missing_library_is_none(monkeypatch) -> None:
    monkeypatch.setattr(writing, "LIBRARIES", ("pandas", "surely-not-installed-kpi766"))
    versions = writing.environment_versions()
    assert versions["surely-not-installed-kpi766"] is None
    assert versions["pandas"] == __import__("pandas").__version__


def test_cli_exit_codes_and_messages(run_dir: Path, capsys) -> None:
    assert main(["verify", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert "Hồ sơ đánh giá nguyên vẹn: 4 tệp khớp SHA-256." in out
    assert verifying.sha256_file(run_dir / "manifest.json") in out
    (run_dir / "scorecard.xlsx").write_bytes(b"tampered")
    assert main(["verify", str(run_dir)]) == 1
    out = capsys.readouterr().out
    assert "- Tệp đã bị thay đổi: scorecard.xlsx" in out
    assert "Phát hiện 1 vấn đề: hồ sơ đánh giá đã bị thay đổi." in out
    assert main(["verify", str(run_dir / "missing")]) == 2
    assert capsys.readouterr().err.startswith("Lỗi: Không tìm thấy thư mục hồ sơ đánh giá")


def test_cli_expect_sha256(run_dir: Path, capsys) -> None:
    digest = verifying.sha256_file(run_dir / "manifest.json")
    assert main(["verify", str(run_dir), "--expect-sha256", digest]) == 0
    assert main(["verify", str(run_dir), "--expect-sha256", "0" * 64]) == 1
    assert "khác mã đã ghi" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", str(run_dir), "--expect-sha256", "xyz"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(("same", "code"), [(True, 0), (False, 1)])
def test_cli_rerun(run_dir: Path, capsys, monkeypatch, same: bool, code: int) -> None:
    calls = []
    fake = types.ModuleType("kpi.archive.runner")
    fake.rerun = lambda folder: calls.append(folder) or (same, "chỉ số 5: 0,50 ≠ 0,75")
    monkeypatch.setitem(sys.modules, "kpi.archive.runner", fake)
    assert main(["verify", str(run_dir), "--rerun"]) == code
    assert calls == [run_dir]
    assert "chỉ số 5: 0,50 ≠ 0,75" in capsys.readouterr().out


def test_cli_rerun_unavailable_or_skipped(run_dir: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "kpi.archive.runner", None)  # import fails
    assert main(["verify", str(run_dir), "--rerun"]) == 2
    assert "chạy lại (--rerun) chưa có" in capsys.readouterr().err
    (run_dir / "audit.ipynb").unlink()
    assert main(["verify", str(run_dir), "--rerun"]) == 1
    assert "Không chạy lại" in capsys.readouterr().out
