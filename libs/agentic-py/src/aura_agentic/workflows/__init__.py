"""LangGraph workflows, one folder each: state, nodes, routing (pure) and `build_graph`.

This package may import langgraph and openai; the engine, rules, lessons and retrieval never do.
"""
