"""``kpi766 synth``: write synthetic monthly extracts of the fictional Department of Agriculture."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from kpi import paths
from kpi.errors import KpiError
from kpi.synth import design

DIRTY_DIR = paths.DATA_DIR / "sample-dirty"
# = kpi.synth.dataset.DEFAULT_PARTITION_SIZE (not imported here: the generator is numpy-heavy)
DEFAULT_PARTITION_SIZE = 100_000


def _months(text: str) -> tuple[str, str]:
    match = re.fullmatch(r"(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?", text.strip())
    if not match or not all(1 <= int(m[5:]) <= 12 for m in match.groups() if m):
        raise argparse.ArgumentTypeError(
            f"'{text}' không đúng dạng YYYY-MM hoặc YYYY-MM..YYYY-MM (ví dụ 2024-01..2024-12)"
        )
    first, last = match.group(1), match.group(2) or match.group(1)
    if last < first:
        raise argparse.ArgumentTypeError(f"tháng cuối {last} trước tháng đầu {first}")
    return first, last


def _positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError("phải là số nguyên dương")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``synth``."""
    parser = subparsers.add_parser(
        "synth",
        help="Sinh dữ liệu mô phỏng (trích xuất hằng tháng) của Sở NN&PTNT giả định.",
        description=(
            "Sinh dữ liệu mô phỏng theo cấu trúc trích xuất của data-model.md: danh mục TTHC, "
            "quyết định công bố, hồ sơ, PAKN và số liệu BCQG, mỗi tháng một thư mục. Cùng hạt "
            "giống cho cùng từng byte. Mặc định ghi lại đúng bộ dữ liệu mẫu data/sample."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"thư mục đích (mặc định {paths.SAMPLE_DIR}; với --dirty: {DIRTY_DIR})",
    )
    parser.add_argument(
        "--months",
        type=_months,
        default=design.SAMPLE_MONTHS,
        metavar="YYYY-MM..YYYY-MM",
        help="các tháng cần sinh (mặc định 2024-01..2024-12)",
    )
    volume = parser.add_mutually_exclusive_group()
    volume.add_argument(
        "--dossiers-per-month",
        type=_positive,
        default=design.SAMPLE_DOSSIERS_PER_MONTH,
        metavar="N",
        help="số hồ sơ tiếp nhận bình quân mỗi tháng, trước khi nhân hệ số mùa "
        f"vụ (mặc định {design.SAMPLE_DOSSIERS_PER_MONTH})",
    )
    volume.add_argument(
        "--dossiers",
        type=_positive,
        default=None,
        metavar="N",
        help="tổng số hồ sơ tiếp nhận trong cả khoảng thời gian (chính xác), "
        "ví dụ 1000000 cho thử tải",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=design.SAMPLE_SEED,
        help=f"hạt giống ngẫu nhiên (mặc định {design.SAMPLE_SEED})",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default=None,
        dest="fmt",
        help="định dạng tệp: csv (mặc định) hoặc parquet (luôn là parquet với --partitioned)",
    )
    parser.add_argument(
        "--layout",
        choices=("monthly", "single"),
        default="monthly",
        help="monthly: mỗi tháng một thư mục (mặc định); single: một thư mục cho "
        "cả khoảng, xuất tại thời điểm cuối kỳ (dùng cho thử tải)",
    )
    parser.add_argument(
        "--partitioned",
        action="store_true",
        help="ghi một bộ dữ liệu phân mảnh cho đường Dask (--engine dask): một "
        "thư mục cho cả khoảng, xuất tại thời điểm cuối kỳ, hồ sơ chia theo "
        "tháng tiếp nhận kiểu hive (dossiers/month=YYYY-MM/part-0.parquet), "
        "các bảng khác và manifest.yaml bên cạnh; luôn là Parquet",
    )
    parser.add_argument(
        "--partition-size",
        type=_positive,
        default=DEFAULT_PARTITION_SIZE,
        metavar="SỐ_DÒNG",
        help="số dòng tối đa mỗi nhóm dòng (row group) của tệp hồ sơ với "
        "--partitioned (mặc định 100.000)",
    )
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="ghi bộ trích xuất 'bẩn' (tiêu đề tiếng Việt, ngày dd/mm/yyyy, lỗi "
        "cố ý) dùng để minh họa cách ly dữ liệu và phát hiện lỗi chất lượng",
    )
    parser.set_defaults(run=run)


def portal_dir(out: Path) -> Path:
    """Where the portal's responses for the extracts under ``out`` go: ``<out>-portal``."""
    return out.with_name(out.name + "-portal")


def _write_portal(out: Path, months: list[str]) -> list[Path]:
    """Score each month written and write the portal's responses for it (portal profile)."""
    from kpi.extracts import audit_period
    from kpi.params import load_rules, load_units
    from kpi.synth.portal import write_portal

    units = load_units()
    if units.portal is None:
        return []
    rules = load_rules().with_profile("portal")
    written = []
    for month in months:
        scorecard = audit_period(month, [out / month], rules=rules, units=units).scorecard
        written.append(write_portal(portal_dir(out) / month, scorecard, units.portal))
    return written


def run(args: argparse.Namespace) -> int:
    """Generate the extracts; prints one line per folder written."""
    from kpi.synth.generate import SynthConfig, generate  # numpy-heavy: only here

    first, last = args.months
    if args.partitioned and args.fmt == "csv":
        raise KpiError("--partitioned chỉ ghi Parquet: bỏ --format csv.")
    layout = "partitioned" if args.partitioned else args.layout
    config = SynthConfig(
        first=first,
        last=last,
        dossiers_per_month=args.dossiers_per_month,
        dossiers_total=args.dossiers,
        seed=args.seed,
        fmt=args.fmt or ("parquet" if args.partitioned else "csv"),
        layout=layout,
        partition_size=args.partition_size,
    )
    started = time.perf_counter()
    if args.dirty:
        from kpi.synth.dirty import write_dirty

        out = args.out or DIRTY_DIR
        written_to = write_dirty(out, seed=args.seed)
        print(f"Đã ghi bộ trích xuất lỗi cố ý: {written_to}")
        return 0
    out = args.out or paths.SAMPLE_DIR
    try:
        written = generate(config, out)
    except OSError as error:
        raise KpiError(f"Không ghi được dữ liệu vào {out}: {error}") from None
    for folder, counts in written.folders.items():
        detail = ", ".join(f"{name} {count:,}".replace(",", ".") for name, count in counts.items())
        print(f"{out / folder}: {detail}")
    if layout == "monthly":
        for portal in _write_portal(out, list(written.folders)):
            print(f"{portal}: phản hồi Cổng DVCQG (mô phỏng)")
    print(f"Xong sau {time.perf_counter() - started:.1f} giây.", file=sys.stderr)
    return 0
