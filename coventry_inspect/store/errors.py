"""Errors a user can act on, as opposed to bugs."""


class DatabaseError(Exception):
    """The database cannot be opened or used; the message is one line for the user."""


class PasswordError(DatabaseError):
    """The team database wants a password it was not given, or refused the one it was given.
    The caller may ask the user for it and try again."""

    def __init__(self, message: str, *, wrong: bool) -> None:
        super().__init__(message)
        self.wrong = wrong
