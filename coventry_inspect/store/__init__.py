"""Persistence: SQLAlchemy models, the database opener, migrations and history recording."""
