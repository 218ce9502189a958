"""``verify()``: check a run folder against its ``manifest.json``.

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

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from kpi import labels
from kpi.archive.files import MANIFEST_NAME, MESSAGES, SCHEMA, ManifestError, scan, sha256_file

_HEX64 = re.compile(r"[0-9a-f]{64}")


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
        return labels.ENTRY_NOT_A_JSON_OBJECT
    if not isinstance(entry.get("path"), str) or (
        absolute and not Path(entry["path"]).is_absolute()
    ):
        return labels.INVALID_PATH.format(path=entry.get("path"))
    size, digest = entry.get("size"), entry.get("sha256")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        return labels.INVALID_SIZE.format(path=entry["path"])
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        return labels.INVALID_SHA256.format(path=entry["path"])
    return None


def _load(manifest_path: Path, report: VerifyReport) -> dict | None:
    """The parsed manifest, or None after recording why it cannot be used."""
    try:
        document = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        report._add("manifest", MANIFEST_NAME, "unreadable", reason=str(error))
        return None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        report._add(
            "manifest",
            MANIFEST_NAME,
            "bad_manifest",
            reason=labels.OTHER_SCHEMA.format(schema=SCHEMA),
        )
        return None
    for key in ("outputs", "inputs"):
        if not isinstance(document.get(key), list):
            report._add(
                "manifest",
                MANIFEST_NAME,
                "bad_manifest",
                reason=labels.MISSING_LIST.format(key=key),
            )
            return None
    return document


def _check_outputs(run_dir: Path, document: dict, report: VerifyReport) -> set[str]:
    """Re-hash each listed output; return the listed paths that were valid."""
    listed: set[str] = set()
    for entry in document["outputs"]:
        reason = _entry_error(entry, absolute=False)
        path = _safe_relative(run_dir, entry.get("path")) if reason is None else None
        name = str(entry.get("path")) if isinstance(entry, dict) else repr(entry)
        if reason is not None and labels.PATH_WORD not in reason:
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
                report._add(
                    "manifest",
                    MANIFEST_NAME,
                    "bad_manifest",
                    reason=labels.COPY_NOT_IN_OUTPUTS.format(copy=copy),
                )
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
        report._add("manifest", MANIFEST_NAME, "bad_manifest", reason=labels.NOT_A_FILE)
        return report
    report.manifest_sha256 = sha256_file(manifest_path)
    if expected_sha256 and expected_sha256.lower() != report.manifest_sha256:
        report._add(
            "manifest",
            MANIFEST_NAME,
            "hash_mismatch",
            actual=report.manifest_sha256,
            expected=expected_sha256.lower(),
        )
    document = _load(manifest_path, report)
    if document is None:
        return report
    report.manifest = document
    listed = _check_outputs(run_dir, document, report)
    files, links, empty, other = scan(run_dir)
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
