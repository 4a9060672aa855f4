"""Personal API tokens for the CLI and the editor extension."""
