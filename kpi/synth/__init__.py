"""Synthetic extracts of a fictional Department of Agriculture (``kpi766 synth``).

Modules: :mod:`design` (every designed rate), :mod:`names` and :mod:`catalogue` (procedures),
:mod:`announcements`, :mod:`dossiers`, :mod:`feedback` (true histories), :mod:`snapshot`
(as-of views), :mod:`extract` (deterministic writing), :mod:`generate` (orchestration) and
:mod:`dirty` (the deliberately dirty extract).

Nothing is imported here, so that ``kpi766`` reads :mod:`design`'s defaults without loading the
generator: import ``SynthConfig`` and ``generate`` from :mod:`kpi.synth.generate`.
"""
