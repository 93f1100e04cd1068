"""LLM narrative: chat-model factory, fact sheets, guards, the LLM narrator and
baseline extraction. Models only write prose; every number comes from the facts and is checked.
"""
