"""Every Vietnamese string of the ingest package: error texts, quarantine and finding reasons.

Kept in one place, keyed by English names, so that logic never carries Vietnamese literals.
"""

from __future__ import annotations

from kpi.columns import column

# Fatal errors (ExtractError); placeholders are filled with str.format.
MISSING_FOLDER = "Không tìm thấy thư mục trích xuất {folder}."
NOT_A_FOLDER = "{folder} không phải là thư mục trích xuất."
MISSING_MANIFEST = "Thiếu tệp manifest.yaml trong thư mục {folder}."
BAD_MANIFEST = "Tệp {path} không hợp lệ: {problem}."
MANIFEST_MISSING_KEY = "thiếu khóa '{key}'"
MANIFEST_BAD_TIME = "khóa 'export_time' không phải ngày giờ ({value!r})"
MANIFEST_NOT_MAPPING = "nội dung không phải là bảng khóa–giá trị"
MISSING_TABLE = "Thiếu bảng bắt buộc '{table}' trong thư mục {folder} (cần tệp {table}.csv, .xlsx hoặc .parquet)."
SEVERAL_FILES = "Thư mục {folder} có nhiều tệp cho bảng '{table}': {files}; chỉ giữ một tệp."
EMPTY_FILE = "Tệp {path} rỗng (0 byte): không có dòng tiêu đề nào."
UNREADABLE = "Không đọc được tệp {path}: {detail}"
MISSING_COLUMNS = "Tệp {path} thiếu cột bắt buộc {columns}{where}."
MISSING_COLUMN_ITEM = "'{name}' ({label})"
SHEET_SUFFIX = " (trang tính '{sheet}', dòng tiêu đề {row})"
NO_HEADER = "không tìm thấy dòng tiêu đề nào có tên cột đã biết"
NO_FOLDER_GIVEN = "Chưa chỉ ra thư mục trích xuất nào."

# Quarantine reasons.
BAD_DATE = "Ngày không đọc được"
BAD_BOOL = "Giá trị đúng/sai không đọc được"
BAD_INT = "Không phải số nguyên"
BAD_NUMBER = "Không phải số"
NEGATIVE = "Số âm không hợp lệ"
BAD_CHANNEL = "Kênh không thuộc {1, 2, 3}"
BAD_STATUS = "Trạng thái không hợp lệ"
BAD_CHOICE = "Giá trị không thuộc danh mục ({values})"
MISSING_ID = "Thiếu mã"
MISSING_VALUE = "Thiếu giá trị bắt buộc"
FINISHED_BEFORE_RECEIVED = "Kết thúc trước khi tiếp nhận"
DUPLICATE_ID = "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng {first})"

# Findings (rows kept).
UNKNOWN_COLUMN = "Cột không xác định, đã bỏ qua"
REPEATED_COLUMN = "Cột trùng nghĩa với cột '{first}' đã đọc, đã bỏ qua"
UNKNOWN_PROCEDURE = "Mã TTHC không có trong danh mục TTHC"
AFTER_EXPORT = "Ngày sau thời điểm trích xuất ({export_time})"
UNKNOWN_UNIT = "Đơn vị không có trong danh mục đơn vị (params/units.yaml)"
TERMINAL_WITHOUT_FINISH = "Trạng thái đã kết thúc nhưng thiếu ngày kết thúc xử lý"

# Check command headers.
TABLE_HEADERS = ("Bảng", "Số dòng đọc", "Sử dụng", "Cách ly", "Bị thay thế")
ISSUE_HEADERS = ("Bảng", "Tệp", "Dòng", "Cột", "Giá trị", "Lý do")
QUARANTINE_TITLE = "Dòng bị cách ly ({count}):"
FINDINGS_TITLE = "Phát hiện về chất lượng dữ liệu, dòng vẫn được dùng ({count}):"
NONE = "(không có)"
TOTAL = "Tổng"


def missing_columns(table: str, names: list[str]) -> str:
    """``'received_at' (Ngày tiếp nhận), …`` for the missing-column error."""
    return ", ".join(
        MISSING_COLUMN_ITEM.format(name=name, label=column(table, name).label) for name in names
    )
