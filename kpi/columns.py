"""Canonical tables and columns of an extract (``shared/spec/data-model.md``), as data.

This is the contract between ingest (which produces these columns with these dtypes), the
synthetic-data generator (which writes them) and the rules (which read them). In memory:

- ``str``: pandas string dtype, missing = NA.
- ``datetime``: ``datetime64[us]``, naive local time (Asia/Ho_Chi_Minh), missing = NaT.
  Dates without a time are midnight.
- ``bool``: numpy ``bool``; a blank cell means False (the exports' "x/blank" convention).
- ``int``: ``int64``; a blank cell means ``default`` (0).
- ``Int8``: nullable small integer (``channel``: NA counts as 1, direct).
- ``float``: ``float64``, missing = NaN (``fee_amount``: NaN = no fee data synced).
- ``choice``: pandas string dtype restricted to ``values``; missing = NA where ``nullable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One canonical column."""

    name: str
    kind: str  # str | datetime | bool | int | Int8 | float | choice
    required: bool = False  # the table is unusable without this column
    nullable: bool = True  # a blank value is allowed
    values: tuple[str, ...] = ()  # for kind == "choice" (and allowed Int8 values as strings)
    default: object = None  # for bool/int when the column is absent or the cell blank
    unique: bool = False
    label: str = field(default="", compare=False)  # Vietnamese header


def _c(name: str, kind: str, label: str, **options: object) -> Column:
    return Column(name, kind, label=label, **options)  # type: ignore[arg-type]


DOSSIER_STATUSES = (
    "submitted",
    "received",
    "processing",
    "supplement_requested",
    "done",
    "returned",
    "rejected",
    "stopped",
    "withdrawn",
)
TERMINAL_STATUSES = ("done", "returned", "rejected", "stopped", "withdrawn")
COMPLETED_STATUSES = ("done", "returned")
PROCEDURE_STATUSES = ("published", "published_amended", "abolished", "unpublished")
PUBLISHED_STATUSES = ("published", "published_amended")
COMPONENT_FLAGS = (
    "has_name",
    "has_steps",
    "has_methods",
    "has_dossier_components",
    "has_time_limit",
    "has_subjects",
    "has_agency",
)

TABLES: dict[str, tuple[Column, ...]] = {
    "procedures": (
        _c("procedure_code", "str", "Mã TTHC", required=True, nullable=False, unique=True),
        _c("procedure_name", "str", "Tên TTHC"),
        _c("field", "str", "Lĩnh vực"),
        _c("unit", "str", "Đơn vị chủ trì"),
        _c("level", "choice", "Cấp thực hiện", values=("province", "commune")),
        _c("status", "choice", "Trạng thái", required=True, nullable=False,
           values=PROCEDURE_STATUSES),
        _c("online_level", "choice", "Mức độ DVCTT", values=("none", "partial", "full"),
           default="none"),
        _c("full_online_eligible", "bool", "Đủ điều kiện toàn trình", default=False),
        _c("online_services", "int", "Số DVC", default=None),  # default: 1 if online else 0
        _c("has_fee", "bool", "Có phí, lệ phí", default=False),
        _c("paper_result_required", "bool", "Yêu cầu kết quả giấy", default=False),
        _c("citizen_subject", "bool", "Đối tượng là công dân", default=False),
        _c("is_certification", "bool", "TTHC chứng thực", default=False),
        _c("max_processing_time", "float", "Thời hạn giải quyết"),
        _c("processing_time_unit", "choice", "Đơn vị tính thời hạn",
           values=("working_day", "day", "hour")),
        *(_c(flag, "bool", label, default=False) for flag, label in zip(COMPONENT_FLAGS, (
            "Tên TTHC", "Trình tự thực hiện", "Cách thức thực hiện", "Thành phần, số lượng hồ sơ",
            "Thời hạn giải quyết", "Đối tượng thực hiện", "Cơ quan thực hiện"), strict=True)),
    ),
    "announcements": (
        _c("decision_id", "str", "Số quyết định", required=True, nullable=False),
        _c("decision_date", "datetime", "Ngày quyết định", required=True, nullable=False),
        _c("change_type", "choice", "Loại công bố", values=("new", "amended", "abolished")),
        _c("procedure_code", "str", "Mã TTHC", required=True, nullable=False),
        _c("legal_basis_effective_date", "datetime", "Ngày hiệu lực văn bản căn cứ"),
        _c("published_date", "datetime", "Ngày công khai"),
    ),
    "dossiers": (
        _c("dossier_id", "str", "Mã hồ sơ", required=True, nullable=False, unique=True),
        _c("procedure_code", "str", "Mã TTHC", required=True, nullable=False),
        _c("unit", "str", "Đơn vị xử lý", required=True),
        _c("submitted_at", "datetime", "Ngày nộp"),
        _c("received_at", "datetime", "Ngày tiếp nhận", required=True),
        _c("due_at", "datetime", "Ngày hẹn trả"),
        _c("finished_at", "datetime", "Ngày kết thúc xử lý"),
        _c("status", "choice", "Trạng thái hồ sơ", required=True, nullable=False,
           values=DOSSIER_STATUSES),
        _c("supplement_count", "int", "Số lần yêu cầu bổ sung", default=0),
        _c("supplement_requested_at", "datetime", "Ngày yêu cầu bổ sung"),
        _c("supplement_completed_at", "datetime", "Ngày hoàn thành bổ sung"),
        _c("channel", "Int8", "Kênh thực hiện", values=("1", "2", "3")),
        _c("synced_national", "bool", "Đã đồng bộ DVCQG", default=False),
        # when the dossier reached the portal (the sync log): a dossier synced after the
        # portal's figures were captured is missing from them (kpi766 reconcile)
        _c("synced_at", "datetime", "Thời điểm đồng bộ DVCQG"),
        _c("paid_online", "int", "Thanh toán trực tuyến", values=("0", "1", "2"), default=0),
        _c("fee_amount", "float", "Phí, lệ phí đồng bộ"),
        _c("result_code", "str", "Mã kết quả"),
        _c("result_file_url", "str", "Tệp kết quả điện tử"),
        _c("components_digitized", "bool", "Có số hóa thành phần", default=False),
        _c("reused_digitized_data", "bool", "Tái sử dụng dữ liệu số hóa", default=False),
        _c("from_personal_repository", "bool", "Lấy từ kho dữ liệu cá nhân", default=False),
        _c("result_synced_to_repository", "bool", "Kết quả đồng bộ kho dữ liệu", default=False),
        _c("vneid_verified", "bool", "Xác thực VNeID", default=False),
        _c("population_db_used", "bool", "Dùng CSDL dân cư", default=False),
        _c("e_certified_copy", "bool", "Cấp bản sao điện tử", default=False),
        _c("rating", "choice", "Đánh giá", values=("like", "dislike")),
        _c("has_feedback", "bool", "Có phản ánh", default=False),
    ),
    "feedback": (
        _c("feedback_id", "str", "Mã PAKN", required=True, nullable=False, unique=True),
        _c("unit", "str", "Đơn vị xử lý", required=True),
        _c("sent_at", "datetime", "Ngày gửi", required=True, nullable=False),
        _c("received_at", "datetime", "Ngày tiếp nhận"),
        _c("transferred_at", "datetime", "Ngày chuyển đến"),
        _c("category", "choice", "Phân loại", values=("regulation", "staff", "other")),
        _c("rejected_at", "datetime", "Ngày từ chối"),
        _c("supplement_requested_at", "datetime", "Ngày yêu cầu bổ sung thông tin"),
        _c("answered_at", "datetime", "Ngày có kết quả trả lời"),
        _c("published_at", "datetime", "Ngày công khai trả lời"),
        _c("likes", "int", "Lượt hài lòng", default=0),
        _c("dislikes", "int", "Lượt không hài lòng", default=0),
        _c("repeated", "bool", "Phản ánh lại", default=False),
    ),
    "national_counts": (
        _c("period", "str", "Kỳ", required=True, nullable=False),
        _c("unit", "str", "Đơn vị", required=True),
        _c("received_total", "int", "Hồ sơ tiếp nhận (BCQG)", required=True, default=0),
    ),
}  # fmt: skip

REQUIRED_TABLES: tuple[str, ...] = ("procedures", "dossiers")
# Dates that are deadlines or legal dates, not events: they may lie after the export time and
# are never "not yet happened" (as-of truncation and "date after export" findings skip them).
DEADLINE_COLUMNS: tuple[str, ...] = ("due_at", "legal_basis_effective_date")
# Text whose value no rule reads, only whether it is given (#8 and #12: a result code and an
# electronic result file). ``kpi766 score`` reads them as given / missing
# (``load_extract(presence_only=True)``), without holding their text.
PRESENCE_ONLY: dict[str, tuple[str, ...]] = {"dossiers": ("result_code", "result_file_url")}
ID_COLUMNS: dict[str, str] = {
    "procedures": "procedure_code",
    "dossiers": "dossier_id",
    "feedback": "feedback_id",
}


def column(table: str, name: str) -> Column:
    """The canonical column ``name`` of ``table``."""
    return next(col for col in TABLES[table] if col.name == name)


def names(table: str) -> list[str]:
    """Canonical column names of ``table``, in order."""
    return [col.name for col in TABLES[table]]
