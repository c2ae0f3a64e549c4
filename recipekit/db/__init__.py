"""Database access: the embedded server, URLs, the engine and sessions, admin helpers."""
