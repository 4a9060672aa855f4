"""The built-in lesson corpus, read-only (teams' own lessons live in the knowledge map)."""
