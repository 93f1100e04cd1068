"""`pulse chat` on a terminal (rich, history, Ctrl-C safe) or on a pipe (plain lines)."""
