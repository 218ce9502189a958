"""``kpi766 verify``: check a run folder against its manifest; optionally re-run it.

Exit codes: 0 intact, 1 tampered (or a re-run whose numbers differ), 2 not a run folder (missing
folder or ``manifest.json``) or re-run not available.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpi.archive.verify import VerifyReport


HEADER = "Hồ sơ đánh giá: {path}"
MANIFEST_HASH = "SHA-256 của manifest.json: {digest} (đối chiếu với mã ghi trong sổ đăng ký hồ sơ)"
MATCHED = "Khớp với mã SHA-256 đã ghi (--expect-sha256)."
WARNING = "Cảnh báo: {message}"
INTACT = "Hồ sơ đánh giá nguyên vẹn: {n} tệp khớp SHA-256."
TAMPERED = "Phát hiện {k} vấn đề: hồ sơ đánh giá đã bị thay đổi."
RERUN_SKIPPED = "Không chạy lại (--rerun) vì hồ sơ đánh giá không nguyên vẹn."
RERUN_UNAVAILABLE = "Chức năng chạy lại (--rerun) chưa có trong bản cài đặt này ({reason})."
RERUN_SAME = "Chạy lại: kết quả khớp với hồ sơ."
RERUN_DIFFERENT = "Chạy lại: kết quả KHÁC với hồ sơ."


def _sha256_hex(text: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{64}", text):
        raise argparse.ArgumentTypeError("cần đúng 64 ký tự thập lục phân (SHA-256)")
    return text.lower()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``verify RUN_DIR [--expect-sha256 HEX] [--rerun] [--no-inputs]``."""
    parser = subparsers.add_parser(
        "verify",
        help="kiểm tra tính nguyên vẹn của một hồ sơ đánh giá",
        description="Băm lại (SHA-256) mọi tệp của thư mục hồ sơ và đối chiếu với manifest.json.",
    )
    parser.add_argument("run_dir", metavar="THƯ_MỤC_HỒ_SƠ", type=Path, help="thư mục của lần chạy")
    parser.add_argument(
        "--expect-sha256",
        metavar="HEX",
        type=_sha256_hex,
        help="SHA-256 của manifest.json đã ghi trong sổ đăng ký; khác thì báo hồ sơ bị thay đổi",
    )
    parser.add_argument(
        "--no-inputs", action="store_true", help="không băm lại các tệp đầu vào đã ghi"
    )
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="chạy lại với đầu vào và tham số đã ghi, so sánh các con số",
    )
    parser.set_defaults(run=run)


def report_lines(report: VerifyReport, run_dir: Path, *, expected: str | None = None) -> list[str]:
    """The Vietnamese report: header, manifest hash, one line per problem/warning, verdict."""
    lines = [HEADER.format(path=run_dir)]
    if report.manifest_sha256:
        lines.append(MANIFEST_HASH.format(digest=report.manifest_sha256))
    if expected and expected == report.manifest_sha256:
        lines.append(MATCHED)
    lines += [f"- {problem.message}" for problem in report.problems]
    lines += [WARNING.format(message=warning.message) for warning in report.warnings]
    if report.ok:
        lines.append(INTACT.format(n=report.n_matched))
    else:
        lines.append(TAMPERED.format(k=len(report.problems)))
    return lines


def _rerun(run_dir: Path) -> int:
    try:
        from kpi.archive.runner import rerun
    except ImportError as error:
        print(RERUN_UNAVAILABLE.format(reason=error), file=sys.stderr)
        return 2
    same, message = rerun(run_dir)
    print(RERUN_SAME if same else RERUN_DIFFERENT)
    if message:
        print(message)
    return 0 if same else 1


def run(args: argparse.Namespace) -> int:
    """Verify ``args.run_dir``; 0 intact, 1 tampered; ``ManifestError`` (2) when not a run folder."""
    from kpi.archive.verify import verify  # hashing and git: only for this command

    report = verify(
        args.run_dir, check_inputs=not args.no_inputs, expected_sha256=args.expect_sha256
    )
    print("\n".join(report_lines(report, args.run_dir, expected=args.expect_sha256)))
    if not report.ok:
        if args.rerun:
            print(RERUN_SKIPPED)
        return 1
    return _rerun(args.run_dir) if args.rerun else 0
