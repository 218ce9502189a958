"""What people read: tables, charts, verdict text, widgets, the workbook and the JSON scorecard.

The only modules of ``kpi`` that import matplotlib, ipywidgets or IPython, and the only ones that
write Excel (``kpi.ingest`` reads workbooks). Every number they show comes from the core.
"""
