"""The app database: engine, sessions, declarative base and Alembic migrations."""
