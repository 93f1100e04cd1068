"""core/gcpause.py: the cycle collector is off inside a pass and back on after the last
of overlapping passes, whatever happens inside."""

from __future__ import annotations

import gc

import pytest
from vortex_pulse.core.gcpause import cyclic_gc_paused


def test_paused_inside_restored_after_overlapping_passes_and_errors() -> None:
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():  # a second pass overlapping the first
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first is still running
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("a pass that fails")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
