"""The rows of the Analysis part's counts table and chart: for each key question its responses
by judgement, narrowed to a group and a respondent, optionally split into one sub-row per
respondent, group or outcome grade."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from coventry_inspect.domain.vocabulary import AskedOf, Respondent, SchoolGrade
from coventry_inspect.services.analysis import Analysis, Count, Group, Judgement, Question


class Split(Enum):
    NONE = "None"
    RESPONDENT = "Respondent"
    GROUP = "Group"
    OUTCOME = "Outcome grade"


JUDGEMENTS = tuple(Judgement)
NOT_GRADED = "Inspected, not graded"
SURVEYED_LABEL = "Schools surveyed"
GROUP_LABELS = {Group.INSPECTED: "Schools inspected", Group.SURVEYED: SURVEYED_LABEL}


@dataclass(frozen=True)
class Filters:
    group: Group | None = None
    respondent: Respondent | None = None
    split: Split = Split.NONE


@dataclass(frozen=True)
class CountRow:
    """A question (``sub`` empty) or one value of the split under it (``sub`` its label)."""

    question: int
    text: str
    sub: str
    counts: tuple[int, int, int, int]
    """Positive, Mixed, Negative, Not judged."""

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def label(self) -> str:
        return self.sub if self.sub else f"{self.question}. {self.text}"


def short(text: str, width: int = 60) -> str:
    """A question's text cut at a word to about ``width`` characters."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _outcome_label(count: Count) -> str:
    if count.group is Group.SURVEYED:
        return SURVEYED_LABEL
    return count.outcome.label if count.outcome is not None else NOT_GRADED


def _sub_values(filters: Filters) -> list[str]:
    groups = [g for g in Group if filters.group in (None, g)]
    if filters.split is Split.RESPONDENT:
        return [r.label for r in Respondent if filters.respondent in (None, r)]
    if filters.split is Split.GROUP:
        return [GROUP_LABELS[g] for g in groups]
    if filters.split is Split.OUTCOME:
        values = []
        if Group.INSPECTED in groups:
            values = [grade.label for grade in SchoolGrade] + [NOT_GRADED]
        return values + ([SURVEYED_LABEL] if Group.SURVEYED in groups else [])
    return []


def _sub_of(count: Count, split: Split) -> str:
    if split is Split.RESPONDENT:
        return count.respondent.label
    if split is Split.GROUP:
        return GROUP_LABELS[count.group]
    return _outcome_label(count)


def count_rows(analysis: Analysis, filters: Filters) -> list[CountRow]:
    """One row per question, each followed by its split's sub-rows (every value the filters
    allow, zeros included, so the table keeps its shape as responses come in)."""
    chosen = [
        c
        for c in analysis.counts
        if filters.group in (None, c.group) and filters.respondent in (None, c.respondent)
    ]
    subs = _sub_values(filters)
    rows: list[CountRow] = []
    for question in analysis.questions:
        own = [c for c in chosen if c.question == question.number]
        if not own and not _asked(question, filters.group):
            continue  # a question put only to schools surveyed, with schools inspected chosen
        rows.append(CountRow(question.number, question.text, "", _tally(own)))
        for sub in subs:
            part = [c for c in own if _sub_of(c, filters.split) == sub]
            rows.append(CountRow(question.number, question.text, sub, _tally(part)))
    return rows


def _asked(question: Question, group: Group | None) -> bool:
    """Whether the question is put to any school of the group chosen (None: every school)."""
    return not (group is Group.INSPECTED and question.asked_of is not AskedOf.ALL_SCHOOLS)


def _tally(counts: list[Count]) -> tuple[int, int, int, int]:
    by = {j: sum(c.responses for c in counts if c.judgement is j) for j in JUDGEMENTS}
    return (
        by[Judgement.POSITIVE],
        by[Judgement.MIXED],
        by[Judgement.NEGATIVE],
        by[Judgement.NOT_JUDGED],
    )
