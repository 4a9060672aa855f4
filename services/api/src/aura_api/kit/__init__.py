"""Small shared building blocks (repository base, pagination)."""
