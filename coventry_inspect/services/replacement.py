"""Replacing an inspection from a snapshot (a workbook import): what it changes, said first, then
done row by row.

The inspection row and its history stay. Rows are matched by their natural keys (URN, question
No, finding kind + section + No, judgement No, letter block key…), so only what differs is
removed, changed or added, each recorded in the history by the recorder as usual, and one more
history entry records the replacement itself: who, when, from which file.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.services import crud
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.inspections import authority
from coventry_inspect.services.schools import upsert
from coventry_inspect.services.snapshot import (
    DETAIL_FIELDS,
    EvidenceRow,
    InspectionSnapshot,
    ResponseName,
    ThemeRow,
    finding_row,
    inspected_row,
    judgement_row,
    named_response,
    question_row,
    recommendation_row,
    response_names,
    response_row,
    rewording_row,
    session_snapshot,
    stored_rows,
    surveyed_row,
)
from coventry_inspect.store.database import Database
from coventry_inspect.store.history import describe
from coventry_inspect.store.models import (
    Audited,
    Finding,
    FindingEvidence,
    HistoryEntry,
    InspectedSchool,
    Inspection,
    Judgement,
    KeyQuestion,
    LetterEdit,
    Recommendation,
    Response,
    ResponseTheme,
    School,
    SurveyedSchool,
)
from coventry_inspect.store.types import utcnow

RowKey = tuple[str, Hashable, int]
"""A row's table, natural key and occurrence of that key (responses may repeat one)."""


class _Builder:
    """Makes the new rows of one inspection inside a session, finding schools and questions."""

    def __init__(self, session: Session, inspection_id: uuid.UUID, illustrative: bool) -> None:
        self.session, self.inspection_id, self.illustrative = session, inspection_id, illustrative
        self.schools: dict[str, School] = {}
        self.questions: dict[int, KeyQuestion] = {}

    def school(self, urn: str, name: str = "", phase: Any = None) -> School:
        if urn not in self.schools:
            found = self.session.scalar(select(School).where(School.urn == urn))
            self.schools[urn] = found or upsert(
                self.session, urn, name, phase=phase, illustrative=self.illustrative
            )
        return self.schools[urn]


def _shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class _Table:
    name: str
    nouns: tuple[str, str]
    model: type[Audited]
    rows: Callable[[InspectionSnapshot], Sequence[Any]]
    to_row: Callable[[Any], Any]
    key: Callable[[Any], Hashable]
    label: Callable[[Any], str]
    build: Callable[[_Builder, Any], Audited]
    ordered: bool = False
    """Rows keep the workbook's order (a ``position`` column)."""
    ignored: tuple[str, ...] = ()
    """Fields the replacement leaves alone: a school's name belongs to the register."""
    counted: bool = False
    """The plan counts these rows rather than naming each."""


def _question(builder: _Builder, q: Any) -> KeyQuestion:
    row = KeyQuestion(
        inspection_id=builder.inspection_id, number=q.number, text=q.text, asked_of=q.asked_of
    )
    builder.questions[q.number] = row
    return row


TABLES: tuple[_Table, ...] = (
    _Table(
        "Schools inspected",
        ("school inspected", "schools inspected"),
        InspectedSchool,
        lambda s: s.inspected,
        inspected_row,
        lambda r: r.urn,
        lambda r: f"{r.urn} {r.name}",
        lambda b, r: InspectedSchool(
            inspection_id=b.inspection_id,
            school=b.school(r.urn, r.name, r.phase),
            phase=r.phase,
            previous_grade=r.previous_grade,
            outcome_grade=r.outcome_grade,
            inadequate_category=r.inadequate_category,
            notes=r.notes,
            inspector=r.inspector,
        ),
        ignored=("name",),
    ),
    _Table(
        "Telephone survey",
        ("surveyed school", "surveyed schools"),
        SurveyedSchool,
        lambda s: s.surveyed,
        surveyed_row,
        lambda r: r.urn,
        lambda r: f"{r.urn} {r.name}",
        lambda b, r: SurveyedSchool(
            inspection_id=b.inspection_id,
            school=b.school(r.urn, r.name, r.phase),
            phase=r.phase,
            last_grade=r.last_grade,
            call_date=r.call_date,
            notes=r.notes,
            inspector=r.inspector,
        ),
        ignored=("name",),
    ),
    _Table(
        "Key questions",
        ("key question", "key questions"),
        KeyQuestion,
        lambda s: s.questions,
        question_row,
        lambda r: r.number,
        lambda r: f"question {r.number}",
        _question,
    ),
    _Table(
        "Responses",
        ("response", "responses"),
        Response,
        lambda s: s.responses,
        response_row,
        lambda r: (r.urn, r.question_number, r.respondent, r.text),
        lambda r: f"{r.urn} question {r.question_number} {r.respondent.label}",
        lambda b, r: Response(
            inspection_id=b.inspection_id,
            key_question=b.questions[r.question_number],
            school=b.school(r.urn),
            respondent=r.respondent,
            text=r.text,
            judgement=r.judgement,
        ),
        counted=True,
    ),
    _Table(
        "Findings",
        ("finding", "findings"),
        Finding,
        lambda s: s.findings,
        finding_row,
        lambda r: (r.kind, r.section, r.number),
        lambda r: " ".join(x for x in (r.kind.label, r.section, str(r.number)) if x),
        lambda b, r: Finding(
            inspection_id=b.inspection_id,
            kind=r.kind,
            section=r.section,
            number=r.number,
            statement=r.statement,
        ),
        ordered=True,
    ),
    _Table(
        "Judgements",
        ("judgement", "judgements"),
        Judgement,
        lambda s: s.judgements,
        judgement_row,
        lambda r: r.number,
        lambda r: f"judgement {r.number}",
        lambda b, r: Judgement(
            inspection_id=b.inspection_id,
            number=r.number,
            grade=r.grade,
            no_fieldwork=r.no_fieldwork,
            self_evaluation_grade=r.self_evaluation_grade,
            previous_grade=r.previous_grade,
            average_grade=r.average_grade,
        ),
    ),
    _Table(
        "Recommendations",
        ("recommendation", "recommendations"),
        Recommendation,
        lambda s: s.recommendations,
        recommendation_row,
        lambda r: (r.section, r.function, r.text),
        lambda r: _shorten(f"{r.function or r.section}: {r.text}"),
        lambda b, r: Recommendation(
            inspection_id=b.inspection_id,
            section=r.section,
            function=r.function,
            text=r.text,
            key=r.key,
        ),
        ordered=True,
    ),
    _Table(
        "Letter rewordings",
        ("letter rewording", "letter rewordings"),
        LetterEdit,
        lambda s: s.rewordings,
        rewording_row,
        lambda r: r.key,
        lambda r: r.key,
        lambda b, r: LetterEdit(
            inspection_id=b.inspection_id, key=r.key, text=r.text, based_on=r.based_on
        ),
    ),
)


_RESPONSES = next(t for t in TABLES if t.model is Response)
_FINDINGS = next(t for t in TABLES if t.model is Finding)


@dataclass(frozen=True)
class _Links:
    """Rows that tie a response to something (a theme, a finding): matched by their response's
    key among the responses (so a response replaced takes its links with it) and what it is
    tied to. They are only added or removed: every field is part of the key."""

    name: str
    nouns: tuple[str, str]
    model: type[Audited]
    rows: Callable[[InspectionSnapshot], Sequence[Any]]
    key: Callable[[Any, RowKey], Hashable]
    """The row's key, given its response's :data:`RowKey`."""
    label: Callable[[Any], str]
    build: Callable[[uuid.UUID, Any, dict[RowKey, Audited]], Audited]
    """A new row, given the inspection and the stored responses and findings by key."""


def _response_named(r: ThemeRow | EvidenceRow) -> str:
    return f"{r.urn} question {r.question_number} {r.respondent.label}"


def _finding_key(r: EvidenceRow) -> RowKey:
    return ("Findings", (r.kind, r.section, r.number), 1)


LINKS: tuple[_Links, ...] = (
    _Links(
        "Themes",
        ("theme", "themes"),
        ResponseTheme,
        lambda s: s.themes,
        lambda r, response: (response, r.theme),
        lambda r: f"{_response_named(r)}: {r.theme}",
        lambda inspection_id, r, stored: ResponseTheme(
            inspection_id=inspection_id, response_id=stored[r.response_key].id, theme=r.row.theme
        ),
    ),
    _Links(
        "Evidence",
        ("evidence link", "evidence links"),
        FindingEvidence,
        lambda s: s.evidence,
        lambda r, response: (_finding_key(r), response),
        lambda r: f"{r.kind.label} {r.number} ← {_response_named(r)}",
        lambda inspection_id, r, stored: FindingEvidence(
            inspection_id=inspection_id,
            finding_id=stored[_finding_key(r.row)].id,
            response_id=stored[r.response_key].id,
        ),
    ),
)


@dataclass(frozen=True)
class _Linked:
    row: Any
    response_key: RowKey


def _response_keys(snapshot: InspectionSnapshot) -> dict[ResponseName, RowKey]:
    """Each response's key, by the (URN, question, respondent, occurrence) a link names it by."""
    by_rank = {rank: key for key, (_, rank) in _keyed(_RESPONSES, snapshot.responses).items()}
    return {name: by_rank[rank] for rank, name in enumerate(response_names(snapshot.responses))}


def _linked(links: _Links, snapshot: InspectionSnapshot) -> dict[RowKey, _Linked]:
    """Each link row by its key, with the key of the response it names."""
    responses = _response_keys(snapshot)
    found: dict[RowKey, _Linked] = {}
    for row in links.rows(snapshot):
        response = responses[named_response(row)]
        found[(links.name, links.key(row, response), 1)] = _Linked(row, response)
    return found


def with_unsaid(old: InspectionSnapshot | None, new: InspectionSnapshot) -> InspectionSnapshot:
    """``new`` with the inspection's own themes and evidence links where its workbook has no
    Themes or Evidence sheet: such a workbook (one written before those sheets existed, or with
    the sheet deleted) says nothing about them, and must not untag every response. Only the
    links of responses and findings the workbook keeps are kept; a sheet present but empty
    still means none."""
    unsaid = {links.name for links in LINKS if (links.name, "") in new.absent}
    if old is None or not unsaid:
        return new
    named = {key: at for at, key in _response_keys(new).items()}
    findings = set(_keyed(_FINDINGS, new.findings))
    kept: dict[str, list[Any]] = {}
    for links in LINKS:
        if links.name not in unsaid:
            continue
        kept[links.name] = [
            dataclasses.replace(
                linked.row, occurrence=named[linked.response_key][3], response_id=None
            )
            for linked in _linked(links, old).values()
            if linked.response_key in named
            and (not isinstance(linked.row, EvidenceRow) or _finding_key(linked.row) in findings)
        ]
    return dataclasses.replace(
        new,
        themes=kept.get("Themes", new.themes),
        evidence=kept.get("Evidence", new.evidence),
    )


def _links_plan(
    links: _Links, old: InspectionSnapshot | None, new: InspectionSnapshot
) -> GroupPlan:
    before = _linked(links, old) if old is not None else {}
    after = _linked(links, new)
    return GroupPlan(
        links.name,
        links.nouns,
        removed=tuple(links.label(before[k].row) for k in before if k not in after),
        added=tuple(links.label(after[k].row) for k in after if k not in before),
    )


# -- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str


@dataclass(frozen=True)
class GroupPlan:
    """What a replacement does to one kind of row: each row named by its key."""

    name: str
    nouns: tuple[str, str]
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    reordered: bool = False
    counted: bool = False

    def line(self, names: int | None = None) -> str:
        parts = []
        for verb, labels in (
            ("remove", self.removed),
            ("add", self.added),
            ("change", self.changed),
        ):
            if not labels:
                continue
            part = f"{verb} {len(labels)}"
            if not self.counted:
                shown = list(labels if names is None else labels[:names])
                more = len(labels) - len(shown)
                part += f" ({', '.join(shown)}{f', and {more} more' if more else ''})"
            parts.append(part)
        if self.reordered:
            parts.append("put in the workbook's order")
        return f"{self.name}: {'; '.join(parts)}"


_DETAIL_NAMES = {"authority": "Local authority", "la_number": "LA number"}


@dataclass(frozen=True)
class ReplacementPlan:
    """What importing a snapshot changes, worked out before anything is written."""

    reference: str
    replacing: bool
    details: tuple[FieldChange, ...] = ()
    groups: tuple[GroupPlan, ...] = ()

    @property
    def removes(self) -> bool:
        return any(g.removed for g in self.groups)

    @property
    def changes_anything(self) -> bool:
        return bool(self.details or self.groups)

    def lines(self, names: int | None = None) -> list[str]:
        """One readable line per group (``names`` caps the rows named in each)."""
        lines = []
        if self.details:
            changed = ", ".join(
                f"{c.name} {_shorten(c.old, 30)!r} → {_shorten(c.new, 30)!r}" for c in self.details
            )
            lines.append(f"Details: change {changed}")
        lines.extend(g.line(names) for g in self.groups)
        return lines or ["nothing changes"]

    def summary(self) -> str:
        """In one line: "removed 2 schools inspected and 12 responses; added 1 finding"."""
        parts = []
        for verb, attribute in (("removed", "removed"), ("added", "added"), ("changed", "changed")):
            counts = [
                f"{n} {g.nouns[n != 1]}" for g in self.groups if (n := len(getattr(g, attribute)))
            ]
            if verb == "changed" and self.details:
                counts.insert(
                    0, f"{len(self.details)} detail{'s' if len(self.details) != 1 else ''}"
                )
            if counts:
                parts.append(f"{verb} {_join(counts)}")
        return "; ".join(parts) or "nothing changed"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _keyed(table: _Table, rows: Sequence[Any]) -> dict[RowKey, tuple[Any, int]]:
    """Each row by its table, key and occurrence, with its place in the list."""
    seen: Counter[Hashable] = Counter()
    keyed: dict[RowKey, tuple[Any, int]] = {}
    for rank, row in enumerate(rows):
        key = table.key(row)
        seen[key] += 1
        keyed[(table.name, key, seen[key])] = (row, rank)
    return keyed


def _changed_fields(table: _Table, old: Any, new: Any) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(new)
        if f.compare  # not the row's id and version: who it is, not what it says
        and f.name not in table.ignored
        and getattr(old, f.name) != getattr(new, f.name)
    ]


def _details_changes(old: InspectionSnapshot, new: InspectionSnapshot) -> tuple[FieldChange, ...]:
    names = ["kind", "authority", "la_number", *DETAIL_FIELDS]
    return tuple(
        FieldChange(
            _DETAIL_NAMES.get(name, name.replace("_", " ").capitalize()),
            describe(getattr(old.details, name)),
            describe(getattr(new.details, name)),
        )
        for name in names
        if getattr(old.details, name) != getattr(new.details, name)
    )


def diff(old: InspectionSnapshot | None, new: InspectionSnapshot) -> ReplacementPlan:
    """The plan of writing ``new`` over ``old`` (None: a new inspection)."""
    reference = new.details.reference
    if old is None:
        groups = tuple(
            GroupPlan(t.name, t.nouns, added=tuple(map(t.label, rows)), counted=t.counted)
            for t in TABLES
            if (rows := t.rows(new))
        )
        groups += tuple(p for links in LINKS if (p := _links_plan(links, None, new)).added)
        return ReplacementPlan(reference, False, (), groups)
    plans = []
    for table in TABLES:
        before, after = _keyed(table, table.rows(old)), _keyed(table, table.rows(new))
        kept = [k for k in before if k in after]
        changed = []
        for k in kept:
            fields = _changed_fields(table, before[k][0], after[k][0])
            if fields:
                label = table.label(after[k][0])
                changed.append(f"{label} [{', '.join(f.replace('_', ' ') for f in fields)}]")
        plan = GroupPlan(
            table.name,
            table.nouns,
            removed=tuple(table.label(before[k][0]) for k in before if k not in after),
            added=tuple(table.label(after[k][0]) for k in after if k not in before),
            changed=tuple(changed),
            reordered=table.ordered and kept != sorted(kept, key=lambda k: after[k][1]),
            counted=table.counted,
        )
        if plan.removed or plan.added or plan.changed or plan.reordered:
            plans.append(plan)
    for links in LINKS:
        plan = _links_plan(links, old, new)
        if plan.removed or plan.added:
            plans.append(plan)
    return ReplacementPlan(reference, True, _details_changes(old, new), tuple(plans))


class HandoutReplacementError(ServiceError):
    """A hand-out workbook holds only some schools: replacing the inspection with it would remove
    every other school's evidence. It is merged back instead."""


def plan_replacement(db: Database, snapshot: InspectionSnapshot) -> ReplacementPlan:
    """What importing ``snapshot`` would remove, add and change; nothing is written.

    A hand-out workbook may create its inspection (an inspector opening it in an empty
    database) but never replaces one: it is refused, pointing to the merge."""
    with db.session() as session:
        existing = _existing(session, snapshot.details.reference)
        before = session_snapshot(session, existing) if existing else None
        plan = diff(before, with_unsaid(before, snapshot))
    if plan.replacing and snapshot.handout_id is not None and plan.changes_anything:
        schools = len(snapshot.inspected) + len(snapshot.surveyed)
        raise HandoutReplacementError(
            f"this workbook was handed out to an inspector with {schools} of "
            f"{plan.reference}'s schools: importing it would replace the inspection and remove "
            "the others; merge it instead (File › Merge workbook…, or import --merge)"
        )
    return plan


# -- the write ---------------------------------------------------------------------------------


class PlanChangedError(ServiceError):
    """The inspection changed between the confirmation and the write."""


@dataclass
class Replaced:
    """What a replacement did, with what is needed to undo it."""

    inspection_id: uuid.UUID
    plan: ReplacementPlan
    before: InspectionSnapshot | None
    """The inspection as it was (None: it was created)."""
    removed_ids: dict[RowKey, uuid.UUID] = field(default_factory=dict)
    """Ids of the rows removed, so that writing ``before`` back restores them with their ids."""


def _existing(session: Session, reference: str) -> Inspection | None:
    return session.scalar(select(Inspection).where(Inspection.reference == reference))


def replace(
    db: Database,
    snapshot: InspectionSnapshot,
    *,
    record: tuple[str, str] | None = None,
    expected: ReplacementPlan | None = None,
    ids: dict[RowKey, uuid.UUID] | None = None,
    illustrative: bool = False,
) -> Replaced:
    """Create the inspection, or replace the one with the same reference, in one transaction.

    ``record`` is the history entry for the replacement itself: (action, what), such as
    ``("replaced", "from cov.xlsx")``. ``expected`` is the plan the user agreed to: if the
    inspection has changed since, :class:`PlanChangedError` is raised and nothing is written.
    ``ids`` give rows their ids back (undo puts back removed rows as they were)."""
    with db.session() as session:
        return write(
            session, snapshot, record=record, expected=expected, ids=ids, illustrative=illustrative
        )


def write(
    session: Session,
    snapshot: InspectionSnapshot,
    *,
    record: tuple[str, str] | None = None,
    expected: ReplacementPlan | None = None,
    ids: dict[RowKey, uuid.UUID] | None = None,
    illustrative: bool = False,
) -> Replaced:
    """:func:`replace` inside the caller's session."""
    ids = ids or {}
    details = snapshot.details
    inspection = _existing(session, details.reference)
    before = session_snapshot(session, inspection) if inspection else None
    snapshot = with_unsaid(before, snapshot)
    plan = diff(before, snapshot)
    if expected is not None and plan != expected:
        raise PlanChangedError(
            f"{details.reference} has changed since the import was confirmed; nothing was "
            "imported: import the workbook again to see what it would change"
        )
    la = authority(session, details.authority, details.la_number)
    if inspection is None:
        inspection = Inspection(id=uuid.uuid4(), reference=details.reference, local_authority=la)
        session.add(inspection)
    if record is not None:  # first, so that the history reads it before the rows it changed
        action, what = record
        session.add(
            HistoryEntry(
                at=utcnow(),
                user=str(session.info.get("user", "")),
                inspection_id=inspection.id,
                entity="inspection",
                entity_id=inspection.id,
                action=action,
                new=what,
            )
        )
    inspection.kind = details.kind
    for name in DETAIL_FIELDS:
        if getattr(inspection, name) != getattr(details, name):
            setattr(inspection, name, getattr(details, name))
    if inspection.local_authority is not la:
        inspection.local_authority = la
    crud.validate(inspection)
    session.flush()
    builder = _Builder(session, inspection.id, illustrative)
    stored = {t.name: stored_rows(session, t.model, inspection.id) for t in TABLES}
    old = {
        t.name: dict(
            zip(_keyed(t, [t.to_row(o) for o in stored[t.name]]), stored[t.name], strict=True)
        )
        for t in TABLES
    }
    new = {t.name: _keyed(t, t.rows(snapshot)) for t in TABLES}
    removed_ids: dict[RowKey, uuid.UUID] = {}
    old_links = {links.name: _linked(links, before) if before else {} for links in LINKS}
    new_links = {links.name: _linked(links, snapshot) for links in LINKS}
    for links in LINKS:  # first: a response or finding removed below would take them along
        going = {
            key: linked.row.row_id
            for key, linked in old_links[links.name].items()
            if key not in new_links[links.name]
        }
        removed_ids.update(going)
        for orm in crud.load_many(session, links.model, list(going.values())):
            session.delete(orm)
    for table in reversed(TABLES):  # responses before their questions
        for key, orm in old[table.name].items():
            if key not in new[table.name]:
                removed_ids[key] = orm.id
                session.delete(orm)
    session.flush()  # before adding rows that could take a removed row's unique key
    for question in stored["Key questions"]:
        assert isinstance(question, KeyQuestion)
        builder.questions[question.number] = question
    stored_by_key: dict[RowKey, Audited] = {}
    for table in TABLES:
        for key, (row, rank) in new[table.name].items():
            found = old[table.name].get(key)
            if found is None:
                orm = table.build(builder, row)
                if key in ids:
                    orm.id = ids[key]
                session.add(orm)
            else:
                orm = found
                for name in _changed_fields(table, table.to_row(orm), row):
                    setattr(orm, name, getattr(row, name))
            if table.ordered and getattr(orm, "position", None) != rank + 1:
                orm.position = rank + 1  # type: ignore[attr-defined]
            crud.validate(orm)
            stored_by_key[key] = orm
    session.flush()  # the new responses and findings have their ids
    for links in LINKS:
        for key, linked in new_links[links.name].items():
            if key not in old_links[links.name]:
                orm = links.build(inspection.id, linked, stored_by_key)
                if key in ids:
                    orm.id = ids[key]
                crud.validate(orm)
                session.add(orm)
    session.flush()
    return Replaced(inspection.id, plan, before, removed_ids)
