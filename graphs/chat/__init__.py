"""The chat graph: Noah's menu and the production-monitoring workflow with interrupts."""
