"""``kpi766 audit``: execute the audit notebook for a period and archive the run."""

from __future__ import annotations

import argparse

from kpi.commands import add_profile_argument

DEFAULT_PERIOD = "2024-06"  # a month of the bundled sample


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit", help="Chạy sổ tay đánh giá của một kỳ và lưu hồ sơ đánh giá (có SHA-256)."
    )
    parser.add_argument(
        "--period",
        default=DEFAULT_PERIOD,
        metavar="KỲ",
        help=f"kỳ đánh giá (mặc định {DEFAULT_PERIOD}, dữ liệu mẫu)",
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="THƯ_MỤC",
        help="thư mục trích xuất (lặp lại cho nhiều tháng); mặc định: dữ liệu mẫu",
    )
    add_profile_argument(parser, default="")
    parser.add_argument("--unit", default="", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị")
    parser.add_argument("--params", default="", metavar="TỆP", help="tệp tham số chấm điểm")
    parser.add_argument(
        "--compare",
        default="auto",
        metavar="KỲ",
        help='kỳ so sánh ("auto" = kỳ liền trước, "" = không so sánh)',
    )
    parser.add_argument("--out", default=None, metavar="THƯ_MỤC",
                        help="thư mục gốc của các lần chạy (mặc định outputs/)")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kpi.params import load_rules
    from kpi.runner import run_audit, validate_parameters  # papermill and nbconvert: only here

    parameters = validate_parameters(
        {
            "period": args.period,
            "data_dirs": list(args.data),
            "params_file": args.params,
            "unit": args.unit,
            "compare_period": args.compare,
            # recorded resolved, so that the manifest names the profile the scores used
            "profile": args.profile or load_rules(args.params or None).profile,
        }
    )
    options = {} if args.out is None else {"out_root": args.out}
    run_dir = run_audit(parameters, **options)
    print(f"Đã lưu hồ sơ đánh giá: {run_dir}")
    return 0
