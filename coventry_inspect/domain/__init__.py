"""Plain-Python core: the inspection vocabulary, rules and wording. No Qt, no SQLAlchemy."""
