"""Errors a user can act on, as opposed to bugs."""


class DatabaseError(Exception):
    """The database cannot be opened or used; the message is one line for the user."""
