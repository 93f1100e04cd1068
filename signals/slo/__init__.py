"""Service level objectives from specs' NFRs: error budgets, burn rates, persistence, status.

Pure: series in, facts out (docs/smartspec.md, "How an SLO is judged").
"""
