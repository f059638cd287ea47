"""The rows a merge compares, table by table: how each is matched, named and shown.

Rows match by id, new rows by their natural key (URN; question No; URN + question No +
respondent; finding kind + section + No; judgement No; the letter block's key). A field is
named by its workbook header, as the user knows it. Themes and evidence links have no field
beyond their key: they are only added or deleted, and are matched through the response (and
finding) they name (:mod:`.merge_engine` gives them their keys).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from coventry_inspect.domain.validation import theme_key
from coventry_inspect.services.snapshot import InspectionSnapshot
from coventry_inspect.store.history import describe
from coventry_inspect.store.models import (
    Audited,
    Finding,
    FindingEvidence,
    InspectedSchool,
    Judgement,
    KeyQuestion,
    LetterEdit,
    Recommendation,
    Response,
    ResponseTheme,
    SurveyedSchool,
)


def _shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Table:
    sheet: str
    """The workbook sheet, as conflicts name it."""
    nouns: tuple[str, str]
    entity: str
    model: type[Audited]
    rows: Callable[[InspectionSnapshot], Sequence[Any]]
    key: Callable[[Any], Hashable]
    label: Callable[[Any], str]
    fields: tuple[tuple[str, str], ...]
    """(attribute, workbook header) of each value merged; the key's fields are not among them."""
    key_fields: tuple[str, ...] = ()
    """The natural key's attributes (a merge base keeps them, described)."""
    letter: bool = False
    """Letter rewordings: matched by their block key alone (the Letter sheet carries no id)."""
    link: bool = False
    """A theme or an evidence link: keyed by the response (and finding) it names, as matched."""

    def line(self, row: Any) -> str:
        """How the plan names the row: "Responses: URN 990005, question 2, Headteacher", or for a
        link "theme 'clusters' on 990005 Q2 Headteacher"."""
        return self.label(row) if self.link else f"{self.sheet}: {self.label(row)}"


def _finding_label(r: Any) -> str:
    return f"{r.kind.label} {r.number}" + (f" ({r.section})" if r.section else "")


def _response_label(r: Any) -> str:
    """A theme's or link's response, shortly: "990005 Q2 Headteacher" ("… (2nd)" when the
    school gave several such)."""
    again = f" ({_ordinal(r.occurrence)})" if r.occurrence > 1 else ""
    return f"{r.urn} Q{r.question_number} {r.respondent.label}{again}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


TABLES: tuple[Table, ...] = (
    Table(
        "Schools inspected",
        ("school", "schools"),
        "inspected_school",
        InspectedSchool,
        lambda s: s.inspected,
        lambda r: r.urn,
        lambda r: f"URN {r.urn}",
        (
            ("phase", "Phase"),
            ("previous_grade", "Previous grade"),
            ("outcome_grade", "Outcome grade"),
            ("inadequate_category", "Inadequate category"),
            ("notes", "Notes"),
            ("inspector", "Inspector"),
        ),
        ("urn",),
    ),
    Table(
        "Telephone survey",
        ("surveyed school", "surveyed schools"),
        "surveyed_school",
        SurveyedSchool,
        lambda s: s.surveyed,
        lambda r: r.urn,
        lambda r: f"URN {r.urn}",
        (
            ("phase", "Phase"),
            ("last_grade", "Grade at last inspection"),
            ("call_date", "Call date"),
            ("notes", "Notes"),
            ("inspector", "Inspector"),
        ),
        ("urn",),
    ),
    Table(
        "Key questions",
        ("key question", "key questions"),
        "key_question",
        KeyQuestion,
        lambda s: s.questions,
        lambda r: r.number,
        lambda r: f"question {r.number}",
        (("text", "Question"), ("asked_of", "Asked of")),
        ("number",),
    ),
    Table(
        "Responses",
        ("response", "responses"),
        "response",
        Response,
        lambda s: s.responses,
        lambda r: (r.urn, r.question_number, r.respondent),
        lambda r: f"URN {r.urn}, question {r.question_number}, {r.respondent.label}",
        (("text", "Response"), ("judgement", "Judgement")),
        ("urn", "question_number", "respondent"),
    ),
    Table(
        "Findings",
        ("finding", "findings"),
        "finding",
        Finding,
        lambda s: s.findings,
        lambda r: (r.kind, r.section, r.number),
        _finding_label,
        (("statement", "Statement"),),
        ("kind", "section", "number"),
    ),
    Table(
        "Judgements",
        ("judgement", "judgements"),
        "judgement",
        Judgement,
        lambda s: s.judgements,
        lambda r: r.number,
        lambda r: f"judgement {r.number}",
        (
            ("grade", "Grade"),
            ("no_fieldwork", "Fieldwork"),
            ("self_evaluation_grade", "Self-evaluation grade"),
            ("previous_grade", "Previous grade"),
            ("average_grade", "Average grade"),
        ),
        ("number",),
    ),
    Table(
        "Recommendations",
        ("recommendation", "recommendations"),
        "recommendation",
        Recommendation,
        lambda s: s.recommendations,
        lambda r: (r.section, r.function, r.text),
        lambda r: _shorten(f"{r.function or r.section}: {r.text}"),
        (("key", "Key"),),
        ("section", "function", "text"),
    ),
    Table(
        "Letter",
        ("letter rewording", "letter rewordings"),
        "letter_edit",
        LetterEdit,
        lambda s: s.rewordings,
        lambda r: r.key,
        lambda r: r.key,
        (("text", "Text"),),
        ("key",),
        letter=True,
    ),
    Table(
        "Themes",
        ("theme", "themes"),
        "response_theme",
        ResponseTheme,
        lambda s: s.themes,
        lambda r: (r.urn, r.question_number, r.respondent, r.occurrence, theme_key(r.theme)),
        lambda r: f"theme '{r.theme}' on {_response_label(r)}",
        (),
        ("urn", "question_number", "respondent", "occurrence", "theme"),
        link=True,
    ),
    Table(
        "Evidence",
        ("evidence link", "evidence links"),
        "finding_evidence",
        FindingEvidence,
        lambda s: s.evidence,
        lambda r: (
            r.kind,
            r.section,
            r.number,
            r.urn,
            r.question_number,
            r.respondent,
            r.occurrence,
        ),
        lambda r: f"evidence {_finding_label(r)} ← {_response_label(r)}",
        (),
        ("kind", "section", "number", "urn", "question_number", "respondent", "occurrence"),
        link=True,
    ),
)
"""In the order rows are added (a link after its response and finding; deleted in reverse)."""


@dataclass
class Item:
    """One row of one side, as the merge sees it."""

    table: Table
    row: Any
    id: uuid.UUID | None
    version: int | None
    key: Hashable
    values: dict[str, str]
    brought: Any = None
    """The row as the source brought it, when the merge renumbered it (its base keeps that)."""
    parents: tuple[Item, ...] = ()
    """A link's response and finding: rows here, or rows of there this merge may add."""

    def described_key(self) -> tuple[str, ...]:
        """The natural key as a merge base keeps it."""
        return tuple(describe(getattr(self.row, name)) for name in self.table.key_fields)


def item(table: Table, row: Any, ids: dict[Hashable, tuple[uuid.UUID, int]]) -> Item:
    """``ids`` gives letter rewordings (which carry no id of their own) theirs, by key."""
    key = table.key(row)
    if table.letter:
        row_id, version = ids.get(key, (None, None))
    else:
        row_id, version = row.row_id, row.version
    values = {name: describe(getattr(row, name)) for name, _header in table.fields}
    return Item(table, row, row_id, version, key, values)


def base_values(table: Table, row: Any) -> dict[str, str]:
    """What a merge base keeps of a row: its merged fields and its key's, as described."""
    from coventry_inspect.services.merge_base import base_values as snapshot_values

    if table.letter:
        return {"key": row.key, "text": row.text, "based_on": row.based_on}
    return snapshot_values(row)
