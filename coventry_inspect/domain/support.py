"""How well a finding is supported by the responses linked to it, and when to say so.

A finding with no supporting response, or one whose responses mostly say the opposite (a strength
backed mainly by negative responses), is flagged: a nudge for the inspector, never a block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coventry_inspect.domain.numbers import plural
from coventry_inspect.domain.vocabulary import FindingKind, ResponseJudgement


@dataclass(frozen=True)
class Support:
    """The responses linked to one finding, counted by judgement and by school."""

    responses: int = 0
    schools: int = 0
    positive: int = 0
    mixed: int = 0
    negative: int = 0
    not_judged: int = 0

    @classmethod
    def of(cls, linked: Iterable[tuple[object, ResponseJudgement | None]]) -> Support:
        """Counted from (school, judgement) pairs, one per supporting response."""
        pairs = list(linked)
        judgements = [judgement for _, judgement in pairs]
        return cls(
            responses=len(pairs),
            schools=len({school for school, _ in pairs}),
            positive=judgements.count(ResponseJudgement.POSITIVE),
            mixed=judgements.count(ResponseJudgement.MIXED),
            negative=judgements.count(ResponseJudgement.NEGATIVE),
            not_judged=judgements.count(None),
        )

    def summary(self) -> str:
        """ "supported by 7 responses from 6 schools (4 positive, 3 mixed)"."""
        if not self.responses:
            return "no supporting responses"
        parts = [
            f"{n} {word}"
            for n, word in (
                (self.positive, "positive"),
                (self.mixed, "mixed"),
                (self.negative, "negative"),
                (self.not_judged, "not judged"),
            )
            if n
        ]
        return (
            f"supported by {_plural(self.responses, 'response')} from "
            f"{_plural(self.schools, 'school')} ({', '.join(parts)})"
        )


def _plural(n: int, noun: str) -> str:
    return f"{n} {plural(n, noun)}"


def flag(kind: FindingKind, support: Support) -> str | None:
    """Why the finding deserves a second look, or None when its evidence bears it out.

    "Mainly" is more than half of its supporting responses."""
    if not support.responses:
        return "no supporting response"
    if kind is FindingKind.STRENGTH and 2 * support.negative > support.responses:
        return "a strength backed mainly by negative responses"
    if kind is FindingKind.AREA_FOR_IMPROVEMENT and 2 * support.positive > support.responses:
        return "an area for improvement backed mainly by positive responses"
    return None
