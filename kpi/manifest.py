"""The manifest of a run folder: SHA-256 of inputs and outputs, code, versions; ``verify()``.

``write_manifest`` records, in ``<run_dir>/manifest.json``, the size and SHA-256 of every file in
the run folder (recursively, hidden files included), the inputs, the parameters, the as-of date,
a fingerprint of the ``kpi`` code and the library versions. Wall-clock times appear only here.
``verify`` re-hashes the folder and names every file that was changed, removed or added.

Notes
-----
Tamper-evidence has a limit: someone who edits a file *and* rewrites ``manifest.json`` with the
new hash passes ``verify``. Against that forger the SHA-256 of ``manifest.json`` itself must be
kept somewhere else, e.g. in the register of the inspection (sổ đăng ký hồ sơ). ``kpi766 verify``
prints that hash, and ``--expect-sha256 HEX`` fails when it differs from the recorded one.

A forged manifest cannot make ``verify`` read outside the run folder: an ``outputs`` path that is
absolute, contains ``..`` or resolves outside the folder is reported as ``invalid_path`` and never
opened. Symbolic links are refused by ``write_manifest`` and reported by ``verify``; they are never
followed. Recorded inputs are absolute paths read where they were; a missing input is only a
warning, since archives move between machines. An input copied into the run folder (``kpi766
audit --copy-inputs``) carries ``copy``, its path in the folder: the copy is what the run read
and what ``verify`` checks (as an output); its source is not read.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import platform
import re
import stat
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import kpi
from kpi.errors import KpiError
from kpi.paths import PROJECT_ROOT

SCHEMA = "kpi766-run/1"
MANIFEST_NAME = "manifest.json"
CHUNK_SIZE = 1 << 20
# lxml is listed because openpyxl writes different (equally valid) bytes with and without it.
LIBRARIES = ("pandas", "numpy", "pyarrow", "pandera", "papermill", "nbclient", "nbformat",
             "ipykernel", "ipywidgets", "openpyxl", "lxml", "matplotlib", "holidays")  # fmt: skip
_HEX64 = re.compile(r"[0-9a-f]{64}")

# Vietnamese messages keyed in English (candidates for kpi.labels, which this module does not own).
MESSAGES = {
    "changed": "Tệp đã bị thay đổi: {path}",
    "missing": "Tệp bị thiếu: {path}",
    "added": "Tệp không có trong manifest (được thêm vào): {path}",
    "added_dir": "Thư mục không có trong manifest (được thêm vào): {path}",
    "missing_dir": "Thư mục bị thiếu: {path}",
    "symlink": "Liên kết tượng trưng (symlink) trong hồ sơ, không được phép: {path}",
    "not_file": "Không còn là tệp thông thường: {path}",
    "invalid_path": "Manifest ghi đường dẫn không hợp lệ: {path}",
    "input_changed": "Tệp đầu vào đã bị thay đổi: {path}",
    "input_missing": "Không tìm thấy tệp đầu vào tại vị trí đã ghi: {path}",
    "no_folder": "Không tìm thấy thư mục hồ sơ đánh giá: {path}",
    "no_manifest": "Thư mục không có manifest.json (không phải hồ sơ đánh giá?): {path}",
    "unreadable": "Không đọc được manifest.json ({reason})",
    "bad_manifest": "manifest.json sai cấu trúc: {reason}",
    "hash_mismatch": "SHA-256 của manifest.json ({actual}) khác mã đã ghi ({expected})",
    "refuse_link": "Không lập manifest: thư mục hồ sơ chứa liên kết tượng trưng {path}",
    "refuse_special": "Không lập manifest: {path} không phải tệp thông thường",
    "no_input": "Không tìm thấy tệp đầu vào: {path}",
}


class ManifestError(KpiError):
    """A run folder that cannot be written or checked: missing folder or manifest, symlink."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One finding of ``verify``: ``kind``, the path it concerns, a Vietnamese ``message``."""

    kind: str
    path: str
    message: str


@dataclass
class VerifyReport:
    """The result of ``verify``; ``ok`` is true when there is no problem (warnings allowed)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    manifest_sha256: str | None = None
    n_matched: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def _add(self, kind: str, path: str, key: str | None = None, **fields: str) -> None:
        message = MESSAGES[key or kind].format(path=path, **fields)
        target = self.warnings if kind == "input_missing" else self.problems
        target.append(Problem(kind, path, message))


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 (lowercase hex) of a file's bytes, read in 1 MiB chunks; follows symlinks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _git(root: Path, *args: str) -> str | None:
    """Output of ``git -C root args``; None when git is absent, fails or hangs."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # never take index.lock from a read
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=10, check=True, env=env)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def code_fingerprint(package_root: Path | None = None, project_root: Path | None = None) -> dict:
    """Version and SHA-256 of the ``kpi`` source files, and the git commit when there is one.

    Parameters
    ----------
    package_root : Path, optional
        Folder of the package to hash; default the installed ``kpi``.
    project_root : Path, optional
        Folder whose git state is recorded; default ``PROJECT_ROOT``. When it is not the top of
        a git work tree (an installed copy, no git), ``git_commit`` and ``git_dirty`` are None.

    Returns
    -------
    dict
        ``version``, ``sha256`` (over each ``*.py`` file's relative POSIX path and bytes, sorted
        by path, length-prefixed so that no two trees collide), ``n_files``, ``git_commit``,
        ``git_dirty`` (uncommitted changes, untracked files included).
    """
    package_root = Path(package_root or Path(kpi.__file__).parent)
    project_root = Path(project_root or PROJECT_ROOT)
    sources = sorted(
        (path.relative_to(package_root).as_posix(), path)
        for path in package_root.rglob("*.py")
        if "__pycache__" not in path.parts
    )
    digest = hashlib.sha256()
    for name, path in sources:
        content = path.read_bytes()
        for part in (name.encode(), content):
            digest.update(len(part).to_bytes(8, "big") + part)
    commit = dirty = None
    top = _git(project_root, "rev-parse", "--show-toplevel")
    if top and Path(top.strip()).resolve() == project_root.resolve():
        head = _git(project_root, "rev-parse", "HEAD")
        status = _git(project_root, "status", "--porcelain")
        commit = head.strip() if head else None
        dirty = None if status is None else bool(status.strip())
    return {"version": kpi.__version__, "sha256": digest.hexdigest(), "n_files": len(sources),
            "git_commit": commit, "git_dirty": dirty}  # fmt: skip


def environment_versions() -> dict[str, str | None]:
    """Versions of Python and of the libraries a run depends on; None when not installed."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _scan(run_dir: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """(regular files, symlinks, empty folders, other entries) under ``run_dir``, POSIX-relative.

    Nothing is followed or opened; the top-level ``manifest.json`` is left out.
    """
    files: list[str] = []
    links: list[str] = []
    empty: list[str] = []
    other: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        with os.scandir(folder) as entries:
            ordered = sorted(entries, key=lambda entry: entry.name)
        if not ordered and prefix:
            empty.append(prefix.rstrip("/"))
        for entry in ordered:
            name = prefix + entry.name
            if entry.is_symlink():
                links.append(name)
            elif entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), name + "/")
            elif entry.is_file(follow_symlinks=False):
                if name != MANIFEST_NAME:
                    files.append(name)
            else:
                other.append(name)

    walk(run_dir, "")
    return files, links, empty, other


def _input_records(inputs: list[Path], run_dir: Path | None = None,
                   copies: Mapping[Path, Path] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """One record per input file; a folder stands for every file under it (sorted).

    An input inside one of ``copies`` (a copy in ``run_dir`` → its source, folder or file) is
    recorded under its source's path with ``copy``, its path relative to ``run_dir``; its
    size and SHA-256 are the copy's (the bytes the run read).
    """
    paths: list[Path] = []
    for given in inputs:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.is_file():
            paths.append(path)
        else:
            raise ManifestError(MESSAGES["no_input"].format(path=path))
    located = {Path(copy).resolve(): Path(source) for copy, source in (copies or {}).items()}
    root = Path(run_dir).resolve() if run_dir is not None else None
    records = []
    for path in paths:
        record: dict[str, Any] = {"path": str(path), "name": path.name,
                                  "size": path.stat().st_size, "sha256": sha256_file(path)}  # fmt: skip
        real = path.resolve()
        for copy, source in located.items():
            if root is not None and real.is_relative_to(copy) and real.is_relative_to(root):
                inner = real.relative_to(copy)
                record["path"] = str(source / inner) if inner.parts else str(source)
                record["copy"] = real.relative_to(root).as_posix()
                break
        records.append(record)
    return records


def _json_default(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _current_user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises OSError/KeyError/ImportError depending on the platform
        return None


def write_manifest(
    run_dir: str | os.PathLike[str],
    *,
    inputs: list[Path],
    parameters: dict,
    as_of: str,
    command: list[str],
    started_at: datetime | str,
    finished_at: datetime | str,
    extra: dict | None = None,
    copies: Mapping[Path, Path] | None = None,
) -> Path:
    """Write ``run_dir/manifest.json`` (UTF-8, sorted keys) and return its path.

    Call it last: every file then in the folder (recursively, hidden ones too) is recorded in
    ``outputs`` and anything added afterwards fails ``verify``. Empty sub-folders are recorded in
    ``empty_dirs``. An input folder stands for every file under it. ``copies`` maps inputs
    copied into ``run_dir`` (files or folders) to their sources: such an input is recorded
    under its source's path with ``copy``, its path in the run folder.

    Raises
    ------
    ManifestError
        The run folder is missing or holds a symlink or a non-regular file (FIFO, device), or an
        input does not exist.
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise ManifestError(MESSAGES["no_folder"].format(path=run_dir))
    target = run_dir / MANIFEST_NAME
    files, links, empty, other = _scan(run_dir)
    if target.is_symlink():
        links.insert(0, MANIFEST_NAME)
    if links:
        raise ManifestError(MESSAGES["refuse_link"].format(path=links[0]))
    if other or (target.exists() and not target.is_file()):
        raise ManifestError(MESSAGES["refuse_special"].format(path=(other or [MANIFEST_NAME])[0]))
    outputs = [{"path": name, "size": (run_dir / name).stat().st_size,
                "sha256": sha256_file(run_dir / name)} for name in files]  # fmt: skip
    stamp = {
        key: value.isoformat() if isinstance(value, datetime) else str(value)
        for key, value in (("started_at", started_at), ("finished_at", finished_at))
    }
    document = {
        "schema": SCHEMA,
        "inputs": _input_records(list(inputs), run_dir, copies),
        "outputs": outputs,
        "empty_dirs": empty,
        "parameters": parameters,
        "as_of": as_of,
        "code": code_fingerprint(),
        "versions": environment_versions(),
        "command": list(command),
        "user": _current_user(),
        **stamp,
        "extra": extra,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
    partial = run_dir / f".{MANIFEST_NAME}.partial"
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def _safe_relative(run_dir: Path, name: object) -> Path | None:
    """``run_dir / name`` when ``name`` is a plain relative POSIX path inside the folder."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return None
    posix = PurePosixPath(name)
    if posix.is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return None
    if str(posix) != name or any(part in ("..", ".") for part in posix.parts):
        return None
    if name == MANIFEST_NAME:
        return None
    path = run_dir / name
    root = run_dir.resolve()
    if not path.resolve().is_relative_to(root):  # an intermediate symlink pointing out
        return None
    return path


def inside_run(run_dir: Path, name: object) -> Path | None:
    """``run_dir / name`` when ``name`` is a plain relative POSIX path that stays inside the
    run folder (no ``..``, no absolute path, no symlink pointing out); otherwise None."""
    return _safe_relative(Path(run_dir), name)


def _entry_error(entry: object, *, absolute: bool) -> str | None:
    """Why a recorded ``inputs``/``outputs`` entry is malformed, or None."""
    if not isinstance(entry, dict):
        return "mục không phải đối tượng JSON"
    if not isinstance(entry.get("path"), str) or (
        absolute and not Path(entry["path"]).is_absolute()
    ):
        return f"đường dẫn không hợp lệ: {entry.get('path')!r}"
    size, digest = entry.get("size"), entry.get("sha256")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        return f"kích thước không hợp lệ cho {entry['path']}"
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        return f"SHA-256 không hợp lệ cho {entry['path']}"
    return None


def _load(manifest_path: Path, report: VerifyReport) -> dict | None:
    """The parsed manifest, or None after recording why it cannot be used."""
    try:
        document = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        report._add("manifest", MANIFEST_NAME, "unreadable", reason=str(error))
        return None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        report._add("manifest", MANIFEST_NAME, "bad_manifest", reason=f"schema khác {SCHEMA}")
        return None
    for key in ("outputs", "inputs"):
        if not isinstance(document.get(key), list):
            report._add("manifest", MANIFEST_NAME, "bad_manifest", reason=f"thiếu danh sách {key}")
            return None
    return document


def _check_outputs(run_dir: Path, document: dict, report: VerifyReport) -> set[str]:
    """Re-hash each listed output; return the listed paths that were valid."""
    listed: set[str] = set()
    for entry in document["outputs"]:
        reason = _entry_error(entry, absolute=False)
        path = _safe_relative(run_dir, entry.get("path")) if reason is None else None
        name = str(entry.get("path")) if isinstance(entry, dict) else repr(entry)
        if reason is not None and "đường dẫn" not in reason:
            report._add("manifest", MANIFEST_NAME, "bad_manifest", reason=reason)
            continue
        if path is None:
            report._add("invalid_path", name)
            continue
        if name in listed:
            continue  # listed twice: checked once
        listed.add(name)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            report._add("missing", name)
            continue
        if stat.S_ISLNK(mode):
            continue  # reported by the folder scan, never followed
        if not stat.S_ISREG(mode):
            report._add("changed", name, "not_file")
        elif path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            report._add("changed", name)
        else:
            report.n_matched += 1
    return listed


def _check_inputs(run_dir: Path, document: dict, report: VerifyReport) -> None:
    """Re-hash each recorded input where it is; an input copied into the run folder
    (``copy``) is the copy, already checked as an output: its source is not read (it may
    have moved), only the two records must agree."""
    outputs = {entry.get("path"): entry for entry in document["outputs"] if isinstance(entry, dict)}
    for entry in document["inputs"]:
        reason = _entry_error(entry, absolute=True)
        if reason is not None:
            report._add("manifest", MANIFEST_NAME, "bad_manifest", reason=reason)
            continue
        if "copy" in entry:
            copy = entry["copy"]
            if _safe_relative(run_dir, copy) is None:
                report._add("invalid_path", str(copy))
            elif copy not in outputs:
                report._add("manifest", MANIFEST_NAME, "bad_manifest",
                            reason=f"bản sao {copy} không có trong danh sách outputs")  # fmt: skip
            elif outputs[copy].get("sha256") != entry["sha256"]:
                report._add("input_changed", copy)
            continue
        path = Path(entry["path"])
        if not path.exists():
            report._add("input_missing", str(path))
        elif (
            not path.is_file()  # a FIFO or device is never opened
            or path.stat().st_size != entry["size"]
            or sha256_file(path) != entry["sha256"]
        ):
            report._add("input_changed", str(path))


def verify(
    run_dir: str | os.PathLike[str],
    *,
    check_inputs: bool = True,
    expected_sha256: str | None = None,
) -> VerifyReport:
    """Check a run folder against its ``manifest.json``.

    Parameters
    ----------
    run_dir : path
        The run folder, ``outputs/<agency>/<period>/<run-id>/``.
    check_inputs : bool, default True
        Also re-hash the recorded inputs where they still are. A changed input is a problem;
        a missing one only a warning (archives move between machines).
    expected_sha256 : str, optional
        SHA-256 of ``manifest.json`` kept elsewhere (the inspection register); a difference is a
        problem of kind ``manifest``.

    Returns
    -------
    VerifyReport
        Problems of kind ``changed``, ``missing``, ``added``, ``symlink``, ``invalid_path``,
        ``manifest``, ``input_changed``; warnings of kind ``input_missing``. An unreadable or
        malformed manifest is a ``manifest`` problem and nothing else is checked.

    Raises
    ------
    ManifestError
        The folder does not exist or has no ``manifest.json`` (not a run folder; exit code 2).
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise ManifestError(MESSAGES["no_folder"].format(path=run_dir))
    manifest_path = run_dir / MANIFEST_NAME
    report = VerifyReport()
    if manifest_path.is_symlink():
        report._add("symlink", MANIFEST_NAME)
        return report
    if not manifest_path.exists():
        raise ManifestError(MESSAGES["no_manifest"].format(path=run_dir))
    if not manifest_path.is_file():
        report._add("manifest", MANIFEST_NAME, "bad_manifest", reason="không phải tệp")
        return report
    report.manifest_sha256 = sha256_file(manifest_path)
    if expected_sha256 and expected_sha256.lower() != report.manifest_sha256:
        report._add("manifest", MANIFEST_NAME, "hash_mismatch", actual=report.manifest_sha256,
                    expected=expected_sha256.lower())  # fmt: skip
    document = _load(manifest_path, report)
    if document is None:
        return report
    report.manifest = document
    listed = _check_outputs(run_dir, document, report)
    files, links, empty, other = _scan(run_dir)
    for name in links:
        report._add("symlink", name)
    for name in sorted(set(files + other) - listed):
        report._add("added", name)
    recorded = document.get("empty_dirs")
    recorded_empty = (
        [n for n in recorded if isinstance(n, str)] if isinstance(recorded, list) else []
    )
    for name in recorded_empty:
        path = _safe_relative(run_dir, name)
        if path is None:
            report._add("invalid_path", str(name))
        elif not path.is_dir():
            report._add("missing", name, "missing_dir")
    for name in sorted(set(empty) - set(recorded_empty)):
        report._add("added", name, "added_dir")
    if check_inputs:
        _check_inputs(run_dir, document, report)
    return report
