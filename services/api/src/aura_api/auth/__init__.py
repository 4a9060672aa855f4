"""Registration, login, refresh-token rotation, logout and the current user."""
