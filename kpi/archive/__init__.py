"""Archived audits: a papermill run into ``outputs/`` (:mod:`~kpi.archive.runner`), the notebook
built and executed (:mod:`~kpi.archive.build`), the tamper-evident manifest written
(:mod:`~kpi.archive.write`) and verified (:mod:`~kpi.archive.verify`), and the index of runs
(:mod:`~kpi.archive.index`)."""
