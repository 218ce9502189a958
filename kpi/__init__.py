"""kpi: scoring of the Decision 766/QĐ-TTg service-quality index."""

__version__ = "0.1.0"
