"""Teams, their members and roles (admin, lead, member)."""
