"""Staff accounts (roles, password hashes, lockout) and the audit log of what staff changed."""
