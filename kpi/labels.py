"""Every Vietnamese user-facing string that is not an indicator or group name, keyed in English.

Indicator and group names live in :mod:`kpi.registry`; reasons a record does not count live
beside the rule that decides them (``kpi.rules``).
"""

from __future__ import annotations

import pandas as pd

COLUMNS: dict[str, str] = {
    "scope": "Phạm vi",
    "code": "Chỉ số",
    "group": "Nhóm",
    "name": "Tên chỉ số",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "ratio": "Tỷ lệ (%)",
    "ratio_pct": "Tỷ lệ (%)",
    "target": "Chỉ tiêu (%)",
    "target_pct": "Chỉ tiêu (%)",
    "max_points": "Điểm tối đa",
    "applicable_max_points": "Điểm tối đa áp dụng",
    "points": "Điểm",
    "points_lost": "Điểm bị mất",
    "status": "Trạng thái",
    "unit": "Mã đơn vị",
    "unit_name": "Đơn vị",
    "record_type": "Loại bản ghi",
    "record_id": "Mã bản ghi",
    "counted": "Được tính",
    "reason": "Lý do không đạt",
    "responsible_unit": "Đơn vị chịu trách nhiệm",
    "coordinator": "Đơn vị theo dõi, tổng hợp",
    "deliverable": "Kết quả thực hiện",
    "frequency": "Thời gian thực hiện",
    "procedure_code": "Mã TTHC",
    "procedure_name": "Tên TTHC",
    "decision_id": "Quyết định công bố",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Ngày kết thúc",
    "sent_at": "Ngày gửi",
    "transferred_at": "Ngày chuyển đến",
    "dossier_status": "Trạng thái hồ sơ",
    "record_status": "Trạng thái",
    "channel": "Kênh",
    "weight": "Số DVC",
    "credit": "Số DVC được tính",
    "n_records": "Số bản ghi",
    "n_not_counted": "Số bản ghi không đạt",
    "share_pct": "Tỷ trọng (%)",
    "top_reason": "Lý do chính",
    "indicator": "Chỉ số",
    "n_finished": "Số hồ sơ hoàn thành",
    "average_working_days": "Thời gian giải quyết bình quân (ngày làm việc)",
    "n_dossiers": "Số hồ sơ",
    "table": "Bảng",
    "file": "Tệp",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "rows_read": "Số dòng đọc",
    "rows_used": "Sử dụng",
    "rows_quarantined": "Cách ly",
    "period": "Kỳ",
    "points_before": "Điểm kỳ so sánh",
    "points_after": "Điểm kỳ này",
    "change": "Thay đổi",
    "total": "Tổng điểm",
    "band": "Xếp loại",
}

STATUS: dict[str, str] = {
    "scored": "Có điểm",
    "zero_denominator": "Mẫu số bằng 0",
    "no_data": "Không có dữ liệu",
    "not_applicable": "Không áp dụng",
    "flat": "Điểm cố định (Cổng DVCQG)",
}

STATUS_HELP: dict[str, str] = {
    "scored": "tính từ tử số và mẫu số của kỳ: điểm = điểm tối đa × min(1, tỷ lệ / chỉ tiêu).",
    "zero_denominator": "trong kỳ không có hồ sơ, TTHC hoặc PAKN nào thuộc đối tượng của chỉ số; "
    "điểm theo quy tắc mẫu số bằng 0 của chỉ số (dưới đây).",
    "no_data": "thiếu bảng dữ liệu cần để tính (ví dụ chưa có danh sách quyết định công bố "
    "TTHC): chỉ số không có điểm và toàn bộ điểm tối đa của nó tính là bị mất.",
    "not_applicable": "chỉ số không áp dụng cho phạm vi này: không tính vào điểm tối đa áp dụng.",
    "flat": "Cổng DVCQG cho đủ điểm cố định, không tính từ hồ sơ (bộ quy tắc theo Cổng DVCQG).",
}

ZERO_DENOMINATOR_POLICY: dict[str, str] = {
    "no_score": "không có điểm, điểm tối đa tính là bị mất (không có gì để chứng minh đạt)",
    "zero": "0 điểm, điểm tối đa tính là bị mất",
    "max": "đủ điểm tối đa (không có gì phải xử lý nên không bị trừ)",
}

TABLE_NAMES: dict[str, str] = {
    "procedures": "TTHC",
    "announcements": "Quyết định công bố TTHC",
    "dossiers": "Hồ sơ",
    "feedback": "PAKN",
    "national_counts": "Số liệu từ Cổng DVCQG",
}

RECORD_TYPES: dict[str, str] = {
    "dossier": "Hồ sơ",
    "procedure": "TTHC",
    "feedback": "PAKN",
    "announcement": "TTHC",
}

CHANNELS: dict[str, str] = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
CHANNEL_CODES: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính"}

DOSSIER_STATUS: dict[str, str] = {
    "submitted": "Chờ tiếp nhận",
    "received": "Đã tiếp nhận",
    "processing": "Đang xử lý",
    "supplement_requested": "Chờ bổ sung",
    "done": "Đã xử lý xong",
    "returned": "Đã trả kết quả",
    "rejected": "Từ chối",
    "stopped": "Dừng xử lý",
    "withdrawn": "Công dân rút hồ sơ",
}
PROCEDURE_STATUS: dict[str, str] = {
    "published": "Đã công khai",
    "published_amended": "Đã công khai (sửa đổi)",
    "abolished": "Đã bãi bỏ",
    "unpublished": "Chưa công khai",
}
RECORD_STATUS: dict[str, str] = {**DOSSIER_STATUS, **PROCEDURE_STATUS}

AGENCY = "Toàn cơ quan"
COUNTED_YES = "Có"
COUNTED_NO = "Không"


def headers(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its columns renamed to their Vietnamese headers (unknown ones kept)."""
    return frame.rename(columns=COLUMNS)
