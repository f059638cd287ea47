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
