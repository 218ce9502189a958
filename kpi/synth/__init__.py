"""Synthetic extracts of a fictional Department of Agriculture (``kpi766 synth``).

Modules: :mod:`design` (every designed rate), :mod:`names` and :mod:`catalogue` (procedures),
:mod:`announcements`, :mod:`dossiers`, :mod:`feedback` (true histories), :mod:`snapshot`
(as-of views), :mod:`extract` (deterministic writing), :mod:`generate` (orchestration) and
:mod:`dirty` (the deliberately dirty extract).
"""

from kpi.synth.generate import SynthConfig, generate

__all__ = ["SynthConfig", "generate"]
