"""Noah: production intelligence. The five steps of production-monitoring as graph nodes."""
