"""The team knowledge map: rules and lessons, versioned, plus the read-only built-ins."""
