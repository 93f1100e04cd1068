"""Noah in conversation: the menu, the offline intent matcher, the workflow's step views.

Pure functions over typed facts; the chat graph (graphs/chat/) wires them with LangGraph.
"""
