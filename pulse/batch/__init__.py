"""`pulse batch`: many dates and portfolios in one process (docs/batch.md)."""
