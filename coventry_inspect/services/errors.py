"""Errors services raise for a user to act on."""

from __future__ import annotations

from collections.abc import Sequence

from coventry_inspect.domain.validation import Problem


class ServiceError(Exception):
    """A request that cannot be carried out; the message is for the user."""


class NotFoundError(ServiceError):
    pass


class ValidationError(ServiceError):
    """The domain rules refused the change; nothing was stored."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class ChangedElsewhereError(ServiceError):
    """Someone else changed (or deleted) the row since the user read it: their change stands,
    nothing was stored, and the message says who, when and what it is now."""
