"""What a run's manifest is made of: its name, schema and messages, file hashing, the folder scan.

Shared by :mod:`kpi.archive.write` (which records a run folder) and :mod:`kpi.archive.verify`
(which checks it).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kpi.errors import KpiError

SCHEMA = "kpi766-run/1"
MANIFEST_NAME = "manifest.json"
CHUNK_SIZE = 1 << 20

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


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 (lowercase hex) of a file's bytes, read in 1 MiB chunks; follows symlinks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def scan(run_dir: Path) -> tuple[list[str], list[str], list[str], list[str]]:
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
