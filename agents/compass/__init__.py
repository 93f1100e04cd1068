"""Compass: the deterministic router after Noah's report (Max / Isla / Noah deep dive)."""
