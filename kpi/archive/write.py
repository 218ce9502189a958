"""The manifest of a run folder: SHA-256 of inputs and outputs, code, versions; ``verify()``.

``write_manifest`` records, in ``<run_dir>/manifest.json``, the size and SHA-256 of every file in
the run folder (recursively, hidden files included), the inputs, the parameters, the as-of date,
a fingerprint of the ``kpi`` code and the library versions. Wall-clock times appear only here.
``verify`` re-hashes the folder and names every file that was changed, removed or added.


The tamper-evidence and its limits are described in :mod:`kpi.archive.verify`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import kpi
from kpi.archive.files import MANIFEST_NAME, MESSAGES, SCHEMA, ManifestError, scan, sha256_file
from kpi.paths import PROJECT_ROOT

# lxml is listed because openpyxl writes different (equally valid) bytes with and without it.
LIBRARIES = ("pandas", "numpy", "pyarrow", "pandera", "papermill", "nbclient", "nbformat",
             "ipykernel", "ipywidgets", "openpyxl", "lxml", "matplotlib", "holidays")  # fmt: skip


def _git(root: Path, *args: str) -> str | None:
    """Output of ``git -C root args``; None when git is absent, fails or hangs."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # never take index.lock from a read
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
            env=env,
        )
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
    return {
        "version": kpi.__version__,
        "sha256": digest.hexdigest(),
        "n_files": len(sources),
        "git_commit": commit,
        "git_dirty": dirty,
    }


def environment_versions() -> dict[str, str | None]:
    """Versions of Python and of the libraries a run depends on; None when not installed."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _input_records(
    inputs: list[Path], run_dir: Path | None = None, copies: Mapping[Path, Path] | None = None
) -> list[dict[str, Any]]:
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
    files, links, empty, other = scan(run_dir)
    if target.is_symlink():
        links.insert(0, MANIFEST_NAME)
    if links:
        raise ManifestError(MESSAGES["refuse_link"].format(path=links[0]))
    if other or (target.exists() and not target.is_file()):
        raise ManifestError(MESSAGES["refuse_special"].format(path=(other or [MANIFEST_NAME])[0]))
    outputs = [
        {
            "path": name,
            "size": (run_dir / name).stat().st_size,
            "sha256": sha256_file(run_dir / name),
        }
        for name in files
    ]
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
