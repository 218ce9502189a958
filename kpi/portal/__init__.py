"""The national portal's published figures: read its JSON responses, check its arithmetic.

:mod:`kpi.portal.read` turns a folder of responses into tables; :mod:`kpi.portal.check`
recomputes every published score from its numerator and denominator, ties group totals to
their indicators and province counts to the sum of departments and communes.
"""

from kpi.portal.read import (
    ENDPOINTS,
    ROW_COLUMNS,
    PortalCapture,
    PortalError,
    PortalFile,
    read_file,
    read_folder,
)

__all__ = [
    "ENDPOINTS",
    "ROW_COLUMNS",
    "PortalCapture",
    "PortalError",
    "PortalFile",
    "read_file",
    "read_folder",
]
