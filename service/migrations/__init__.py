"""Alembic migrations for claimtrack."""
