"""What is left to do in each part of an inspection: the navigation's marks and each page's
to-do bar. Each problem names the place where it is put right, so the bar can go there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coventry_inspect.domain.numbers import join_list, plural
from coventry_inspect.domain.vocabulary import AskedOf, FindingKind, InspectionKind
from coventry_inspect.preferences import load_preferences
from coventry_inspect.services.snapshot import InspectionSnapshot


@dataclass(frozen=True)
class Place:
    """Where a problem is put right: a part, and in it a field or column (``field``) of the row
    or school named by ``key`` (a URN, a judgement number, a finding kind's name)."""

    part: str
    field: str = ""
    key: str = ""


@dataclass(frozen=True)
class Problem:
    text: str
    place: Place

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PartState:
    part: str
    items: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [item.text for item in self.items]

    @property
    def complete(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class Progress:
    """How many of the key questions asked of a school have an answer (a response with text,
    from any respondent; a judgement alone is not an answer)."""

    answered: int
    asked: int
    missing: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return self.answered == self.asked

    def __str__(self) -> str:
        return f"{self.answered}/{self.asked}"


DETAILS = "Details"
SCHOOLS = "Schools inspected"
SURVEY = "Telephone survey"
QUESTIONS = "Key questions and responses"
FINDINGS = "Findings"
JUDGEMENTS = "Judgements"
RECOMMENDATIONS = "Recommendations"
HISTORY = "History"
FOCUSED_PARTS = (DETAILS, SCHOOLS, SURVEY, QUESTIONS, FINDINGS)
LEA_PARTS = (DETAILS, JUDGEMENTS, FINDINGS, RECOMMENDATIONS)
RESPONSES = "responses"
"""The field of a place that is a school's answers in the responses panel."""


def parts_of(kind: InspectionKind) -> tuple[str, ...]:
    return FOCUSED_PARTS if kind is InspectionKind.FOCUSED else LEA_PARTS


def is_asked(asked_of: AskedOf, *, surveyed: bool) -> bool:
    """Every question is asked of a surveyed (good or outstanding) school; the surveyed-only
    question is not asked of the schools inspected."""
    return surveyed or asked_of is AskedOf.ALL_SCHOOLS


def progress(
    questions: Iterable[tuple[int, AskedOf]], answered: set[int], *, surveyed: bool
) -> Progress:
    """Progress of one school, from its questions (number, asked of) and the numbers answered."""
    asked = [number for number, asked_of in questions if is_asked(asked_of, surveyed=surveyed)]
    missing = tuple(number for number in asked if number not in answered)
    return Progress(len(asked) - len(missing), len(asked), missing)


def no_responses(missing: Iterable[int]) -> str:
    """'no response to question 1', 'no responses to questions 1, 2 and 3'."""
    numbers = [str(n) for n in missing]
    if len(numbers) == 1:
        return f"no response to question {numbers[0]}"
    return f"no responses to questions {join_list(numbers)}"


def _details(snapshot: InspectionSnapshot) -> list[Problem]:
    d = snapshot.details
    wanted = [
        ("Local authority", "authority", d.authority),
        ("Start date", "start_date", d.start_date),
        ("End date", "end_date", d.end_date),
    ]
    if not load_preferences().sender_name:  # the letterhead's sender signs when none is named
        wanted.append(("Sender name", "sender_name", d.sender_name))
    if d.kind is InspectionKind.FOCUSED:
        wanted += [
            ("Letter date", "letter_date", d.letter_date),
            ("Addressee name", "addressee_name", d.addressee_name),
            ("Summary", "summary", d.summary),
        ]
    return [
        Problem(f"{name} is not entered", Place(DETAILS, field_name))
        for name, field_name, value in wanted
        if not value
    ]


def _responses(snapshot: InspectionSnapshot) -> list[Problem]:
    if not snapshot.questions:
        return [Problem("no key question has been entered", Place(QUESTIONS))]
    questions = [(q.number, q.asked_of) for q in snapshot.questions]
    answered: dict[str, set[int]] = {}
    for response in snapshot.responses:
        if response.text.strip():
            answered.setdefault(response.urn, set()).add(response.question_number)
    schools = [(row.urn, row.name, False) for row in snapshot.inspected]
    schools += [(row.urn, row.name, True) for row in snapshot.surveyed]
    problems = []
    for urn, name, surveyed in schools:
        done = progress(questions, answered.get(urn, set()), surveyed=surveyed)
        if not done.complete:
            problems.append(
                Problem(f"{name}: {no_responses(done.missing)}", Place(QUESTIONS, RESPONSES, urn))
            )
    return problems


def _judgements(snapshot: InspectionSnapshot) -> list[Problem]:
    if not snapshot.judgements:
        return [Problem("the judgement grid is empty", Place(JUDGEMENTS))]
    ungraded = [j.number for j in snapshot.judgements if j.grade is None]
    if not ungraded:
        return []
    n = len(ungraded)
    text = f"{n} {plural(n, 'judgement')} {'is' if n == 1 else 'are'} not graded"
    return [Problem(text, Place(JUDGEMENTS, "grade", ungraded[0]))]


def part_states(snapshot: InspectionSnapshot) -> dict[str, PartState]:
    checks: dict[str, list[Problem]] = {DETAILS: _details(snapshot)}
    checks[SCHOOLS] = (
        [Problem("no school has been added", Place(SCHOOLS))]
        if not snapshot.inspected
        else [
            Problem(f"{row.name} has no outcome grade", Place(SCHOOLS, "outcome_grade", row.urn))
            for row in snapshot.inspected
            if row.outcome_grade is None
        ]
    )
    checks[SURVEY] = (
        [] if snapshot.surveyed else [Problem("no school has been surveyed", Place(SURVEY))]
    )
    checks[QUESTIONS] = _responses(snapshot)
    kinds = {f.kind for f in snapshot.findings}
    checks[FINDINGS] = [
        Problem(f"no {kind.label.lower()} has been entered", Place(FINDINGS, key=kind.name))
        for kind in FindingKind
        if kind not in kinds
    ]
    checks[JUDGEMENTS] = _judgements(snapshot)
    checks[RECOMMENDATIONS] = (
        []
        if snapshot.recommendations
        else [Problem("no recommendation has been entered", Place(RECOMMENDATIONS))]
    )
    return {part: PartState(part, checks[part]) for part in parts_of(snapshot.details.kind)}
