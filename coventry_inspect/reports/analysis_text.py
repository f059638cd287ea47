"""The analysis as a plain-text table (fits a 100-column terminal), as tidy CSV, and as the rows
of the tables the Analysis sheet and the evidence annex both show. No Qt."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import NamedTuple

from coventry_inspect.domain.vocabulary import AskedOf, Respondent, SchoolGrade
from coventry_inspect.services.analysis import Analysis, Group, Judgement, ThemeCount

CSV_HEADER = ("Question No", "Group", "Respondent", "Judgement", "Responses")
WIDTH = 99
"""The table's widest line: one column short of a 100-column terminal."""


class CountRow(NamedTuple):
    """A row of the tables by question, group and respondent: the question's number (None on a
    total), what is counted, the responses per judgement (in :class:`Judgement`'s order), and
    whether it is a total over all questions (shown in bold)."""

    number: int | None
    label: str
    counts: list[int]
    total: bool = False


def question_rows(analysis: Analysis) -> list[CountRow]:
    """Each question's responses per judgement, then all questions'."""
    rows = [
        CountRow(q.number, q.text, [analysis.count(q.number, judgement=j) for j in Judgement])
        for q in analysis.questions
    ]
    rows.append(
        CountRow(None, "All questions", [analysis.count(judgement=j) for j in Judgement], True)
    )
    return rows


def group_rows(analysis: Analysis) -> list[CountRow]:
    """Each question's responses by group, then each group's over all questions, the inspected
    schools' also by their outcome grade."""
    rows = []
    for q in analysis.questions:
        for group in Group:
            counts = [analysis.count(q.number, group, judgement=j) for j in Judgement]
            only_surveyed = q.asked_of is not AskedOf.ALL_SCHOOLS
            if group is Group.INSPECTED and only_surveyed and not any(counts):
                continue  # asked of surveyed schools only: no row of zeros for the others
            rows.append(CountRow(q.number, group.value, counts))
    for group in Group:
        counts = [analysis.count(group=group, judgement=j) for j in Judgement]
        rows.append(CountRow(None, f"{group.value}, all questions", counts, True))
        if group is Group.INSPECTED:
            for grade in SchoolGrade:
                graded = [
                    analysis.count(group=group, judgement=j, outcome=grade) for j in Judgement
                ]
                if any(graded):
                    label = f"Inspected, outcome {grade.label}"
                    rows.append(CountRow(None, label, graded))
    return rows


def respondent_rows(analysis: Analysis) -> list[CountRow]:
    """Each question's responses by respondent (none for one who did not answer it), then each
    respondent's over all questions."""
    rows = []
    for q in analysis.questions:
        for respondent in Respondent:
            counts = [
                analysis.count(q.number, respondent=respondent, judgement=j) for j in Judgement
            ]
            if any(counts):
                rows.append(CountRow(q.number, respondent.label, counts))
    for respondent in Respondent:
        counts = [analysis.count(respondent=respondent, judgement=j) for j in Judgement]
        rows.append(CountRow(None, f"{respondent.label}, all questions", counts, True))
    return rows


def analysis_csv(analysis: Analysis) -> str:
    """One row per non-empty question × group × respondent × judgement, in that order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for question, group, respondent, judgement, n in analysis.tidy():
        writer.writerow((question, group.value, respondent.label, judgement.value, n))
    return out.getvalue()


def _row(number: str, question: str, group: str, counts: list[int], width: int) -> str:
    cells = " ".join(str(n).rjust(len(j.value)) for n, j in zip(counts, Judgement, strict=True))
    return f"{number:<3}{question:<{width}}  {group:<{_GROUP_WIDTH}}  {cells}  {sum(counts):>4}"


_GROUP_WIDTH = max(len(g.value) for g in Group)


def analysis_table(analysis: Analysis, themes: Sequence[ThemeCount] = ()) -> str:
    """Per question (number and first words) and group, the responses per judgement; then all
    questions together, the inspected schools also by their outcome grade; then, if responses
    are tagged, each theme's responses per question and judgement."""
    block = " ".join(j.value for j in Judgement)
    width = WIDTH - 3 - 2 - _GROUP_WIDTH - 2 - len(block) - 6
    header = f"{'No':<3}{'Question':<{width}}  {'Group':<{_GROUP_WIDTH}}  {block}  {'All':>4}"
    rule = "-" * len(header)
    lines = [
        f"{analysis.reference}: {_plural(analysis.total, 'response')} to "
        f"{_plural(len(analysis.questions), 'key question')}",
        "",
        header,
        rule,
    ]
    for q in analysis.questions:
        number, words = str(q.number), _first_words(q.text, width)
        for group in Group:
            counts = [analysis.count(q.number, group, judgement=j) for j in Judgement]
            only_surveyed = q.asked_of is not AskedOf.ALL_SCHOOLS
            if group is Group.INSPECTED and only_surveyed and not any(counts):
                continue  # asked of surveyed schools only: no row of zeros for the others
            lines.append(_row(number, words, group.value, counts, width))
            number = words = ""
    lines.append(rule)
    label = "All questions"
    for group in Group:
        counts = [analysis.count(group=group, judgement=j) for j in Judgement]
        lines.append(_row("", label, group.value, counts, width))
        label = ""
    for grade in SchoolGrade:
        inspected = Group.INSPECTED
        counts = [analysis.count(group=inspected, judgement=j, outcome=grade) for j in Judgement]
        if any(counts):
            lines.append(_row("", f"  outcome {grade.label}", inspected.value, counts, width))
    missing = len(analysis.missing)
    schools = len({m.urn for m in analysis.missing})
    lines.append("")
    if missing:
        lines.append(
            f"Still without a response: {_plural(missing, 'answer')} "
            f"from {_plural(schools, 'school')}."
        )
    else:
        lines.append("Every school has answered every question asked of it.")
    if analysis.ungrouped:
        lines.append(
            f"Not counted: {_plural(analysis.ungrouped, 'response')} from schools no longer "
            "in the inspection."
        )
    if themes:
        lines += ["", *_themes_table(themes, block, width)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _themes_table(themes: Sequence[ThemeCount], block: str, width: int) -> list[str]:
    """A row per theme and question (the theme named on its first), and the theme's total
    over all questions when it has more than one."""
    header = f"{'Theme':<{width + 3}}  {'Question':<{_GROUP_WIDTH}}  {block}  {'All':>4}"
    lines = [header, "-" * len(header)]
    by_theme: dict[str, dict[int, list[int]]] = {}
    for c in themes:
        counts = by_theme.setdefault(c.theme, {}).setdefault(c.question, [0] * len(Judgement))
        counts[list(Judgement).index(c.judgement)] += c.responses
    for theme, questions in by_theme.items():
        name = _first_words(theme, width + 3)
        for question, counts in questions.items():
            lines.append(_row("", name, str(question), counts, width + 3)[3:])
            name = ""
        if len(questions) > 1:
            total = [sum(column) for column in zip(*questions.values(), strict=True)]
            lines.append(_row("", "", "all", total, width + 3)[3:])
    return lines


def _first_words(text: str, width: int) -> str:
    """The text cut at a word boundary to ``width`` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text.ljust(width)
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return (cut + "…").ljust(width)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
