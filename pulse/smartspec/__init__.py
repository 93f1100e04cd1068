"""`pulse smartspec`: SmartSpec's production monitor (docs/smartspec.md)."""
