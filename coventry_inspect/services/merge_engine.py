"""The three-way merge: both sides' rows compared with what they were when they parted.

A value changed on one side only since the base (what the row was when it was handed out, or
what this source brought when it was last merged) is taken; changed on both sides to the same
value, nothing to do; to different values, a conflict. With no base, a workbook's Version says
whether the row changed here since it left: unchanged here, there's values are taken;
otherwise (and always for a database file, whose versions count its own edits) a differing
value is a conflict. A row deleted on one side and untouched on the other is deleted; deleted
against edited is a conflict; rows only on one side with no base are new (there) or left alone
(here).
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coventry_inspect.domain.validation import theme_key
from coventry_inspect.services import merge_base
from coventry_inspect.services.merge_plan import DELETED, Conflict, MergePlan, Side
from coventry_inspect.services.merge_tables import TABLES, Item, Table, item
from coventry_inspect.services.snapshot import (
    InspectionSnapshot,
    named_response,
    response_names,
)
from coventry_inspect.store.history import describe
from coventry_inspect.store.models import HistoryEntry, LetterEdit, MergeBase

SCHOOLS = ("inspected_school", "surveyed_school")
LINKED = ("outcome_grade", "inadequate_category")
"""An inspected school's fields that are valid only together."""
Who = tuple[str, datetime | None]
BaseRow = tuple[uuid.UUID, str, int, str, str, datetime]
BASE_COLUMNS = (
    MergeBase.row_id,
    MergeBase.entity,
    MergeBase.version,
    MergeBase.values,
    MergeBase.source,
    MergeBase.at,
)
"""What a :data:`BaseRow` is selected from, in its order."""
"""A merge base as stored: row id, entity, version, values, source, when recorded."""
"""A merge base as stored: row id, entity, version, values (JSON)."""
WhoLookup = Callable[[Iterable[uuid.UUID]], dict[tuple[uuid.UUID, str], Who]]
"""Who last changed each row (field ""), and each field of it, on one side."""


@dataclass
class There:
    """The other side of a merge: a workbook or another database's inspection."""

    snapshot: InspectionSnapshot
    source_id: str
    """Merge bases are recorded under it: the hand-out's id, the workbook's name, or the other
    database's id."""
    name: str
    letter_ids: dict[Hashable, tuple[uuid.UUID, int]] = field(default_factory=dict)
    version_rule: bool = True
    """Its rows' versions are what they were when they left here (a workbook's Version)."""
    who: WhoLookup | None = None
    by: str = ""
    at: datetime | None = None
    shared: list[BaseRow] = field(default_factory=list)
    """The bases the other database holds for hand-outs both sides know (what that copy knew
    of each hand-out, newest hand-out first), consulted when ``source_id`` has no base for a
    row. Never this database's own bases for them: a merge here may have advanced those."""
    own_bases: bool = True
    """Whether the bases recorded here under ``source_id`` describe this source. Not for a
    plain copy of this database (the same id): they were recorded by another copy's merge."""


@dataclass(frozen=True)
class Resolution:
    """What choosing "there" for a conflict does."""

    table: Table
    update: tuple[uuid.UUID, str, Any] | None = None
    also: tuple[tuple[uuid.UUID, str, Any], ...] = ()
    """Further fields the same choice sets (a linked pair's other field)."""
    delete: Item | None = None
    add: Item | None = None


@dataclass
class Actions:
    """What applying the plan writes (besides the conflicts' resolutions)."""

    updates: list[tuple[Table, uuid.UUID, str, Any]] = field(default_factory=list)
    adds: list[Item] = field(default_factory=list)
    deletes: list[Item] = field(default_factory=list)
    resolutions: dict[Conflict, list[Resolution]] = field(default_factory=dict)
    """What choosing "there" does, per conflict: several rows when they read the same (two
    identical responses changed alike on both sides), so one choice settles every one."""
    """Conflicts whose "here" keeps a row deleted: the row there is remembered as seen."""
    pairs: list[tuple[Item, Item]] = field(default_factory=list)
    """(here, there) rows matched: their bases are recorded as what there brought."""
    forget: list[uuid.UUID] = field(default_factory=list)
    """Bases no longer wanted: rows deleted, or kept here though deleted there."""
    unforget: list[Item] = field(default_factory=list)
    """Rows deleted here and untouched there: remembered, so they stay deleted next time."""
    links: list[Item] = field(default_factory=list)
    """Themes and evidence links here: one whose response or finding a conflict's choice
    deletes goes with it."""
    waiting: list[tuple[Item, tuple[Item, ...]]] = field(default_factory=list)
    """Links new there whose response or finding is new there in a conflict (deleted here,
    edited there): added if the lead chooses there."""


def _blank(value: str) -> str:
    return value or "(blank)"


def _here_letter_ids(
    session: Session, inspection_id: uuid.UUID
) -> dict[Hashable, tuple[uuid.UUID, int]]:
    found = session.execute(
        select(LetterEdit.key, LetterEdit.id, LetterEdit.version).where(
            LetterEdit.inspection_id == inspection_id
        )
    )
    return {key: (row_id, version) for key, row_id, version in found}


def history_lookup(session: Session) -> WhoLookup:
    """Who last changed each row and field, from a database's history."""

    def lookup(ids: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, str], Who]:
        wanted = list(set(ids))
        found: dict[tuple[uuid.UUID, str], Who] = {}
        for start in range(0, len(wanted), 500):
            rows = session.execute(
                select(
                    HistoryEntry.entity_id, HistoryEntry.field, HistoryEntry.user, HistoryEntry.at
                )
                .where(HistoryEntry.entity_id.in_(wanted[start : start + 500]))
                .order_by(HistoryEntry.id)
            )
            for entity_id, name, user, at in rows:
                found[(entity_id, name)] = found[(entity_id, "")] = (user, at)
        return found

    return lookup


def _deleted_here(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    deleted: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        deleted.update(
            session.scalars(
                select(HistoryEntry.entity_id).where(
                    HistoryEntry.action == "deleted",
                    HistoryEntry.entity_id.in_(ids[start : start + 500]),
                )
            )
        )
    return deleted


@dataclass
class _Pending:
    """A conflict before its sides' who and when are looked up."""

    table: Table
    label: str
    column: str
    here_value: str
    there_value: str
    here_id: uuid.UUID | None
    there_id: uuid.UUID | None
    attr: str
    resolution: Resolution


def decide(
    session: Session, here: InspectionSnapshot, inspection_id: uuid.UUID, there: There
) -> tuple[MergePlan, Actions]:
    """The plan and the writes of merging ``there`` into ``here`` (read in ``session``)."""
    plan = MergePlan(there.name, here.details.reference)
    actions = Actions()
    own = [there.source_id] if there.own_bases else []
    bases, keyed, theirs_only = _bases(session, own, there.shared)
    here_letters = _here_letter_ids(session, inspection_id)
    pending: list[_Pending] = []
    questions: list[Item] = []
    schools: list[Item] = []
    responses: list[Item] = []
    sides: dict[str, tuple[list[Item], list[Item]]] = {}
    matched: dict[int, Item] = {}
    """Each response and finding of there matched here: its here row, by id() of there's."""
    for table in TABLES:
        if table.link:
            continue  # once their responses and findings are settled
        mine = [item(table, row, here_letters) for row in table.rows(here)]
        if table.entity == "response":
            responses = mine
        theirs = [item(table, row, there.letter_ids) for row in table.rows(there.snapshot)]
        sides[table.entity] = (mine, theirs)
        pairs, only_there, only_here = _match(mine, theirs)
        if table.entity == "finding" and bases:
            _new_on_both_sides(pairs, only_there, only_here, bases, keyed, mine)
        matched.update((id(t), h) for h, t in pairs)
        unknown = [t.id for t in only_there if t.id is not None and t.id not in bases]
        deleted_here = _deleted_here(session, unknown)
        for h, t in pairs:
            actions.pairs.append((h, t))
            _compare(table, h, t, bases.get(h.id) if h.id else None, there, plan, actions, pending)
        for t in only_there:
            base = bases.get(t.id) if t.id is not None else None
            if base is None:  # a row without an id, as it was when it last came: deleted here
                found = keyed.pop((table.entity, t.described_key()), None)
                if found is not None:
                    t.id, base = found
            if base is None and t.id in deleted_here:  # since the copy parted from this file:
                base = theirs_only.get(t.id)  # what the copy knew is what both came from
            label = table.label(t.row)
            if base is None and t.id not in deleted_here:
                plan.added.append(table.line(t.row))
                plan.added_counts[table.nouns] += 1
                actions.adds.append(t)
            elif base is not None and _untouched(t, base):
                plan.kept.append(f"{table.sheet}, {label}: left deleted, as it is here")
                actions.unforget.append(t)
            else:
                pending.append(
                    _Pending(
                        table,
                        label,
                        "",
                        DELETED,
                        _edits(table, t, base),
                        t.id,
                        t.id,
                        "",
                        Resolution(table, add=t),
                    )
                )
        for h in only_here:
            base = bases.get(h.id) if h.id is not None else None
            if base is None:
                continue  # never handed out, or not since: left alone
            label = table.label(h.row)
            if table.entity == "key_question" and _untouched(h, base):
                questions.append(h)  # deleted unless it keeps responses: seen after them
            elif table.entity in SCHOOLS and _untouched(h, base):
                schools.append(h)  # a conflict if its responses changed here: seen after them
            elif _untouched(h, base):
                plan.deleted.append(table.line(h.row))
                plan.deleted_counts[table.nouns] += 1
                actions.deletes.append(h)
            else:
                pending.append(
                    _Pending(
                        table,
                        label,
                        "",
                        _edits(table, h, base),
                        DELETED,
                        h.id,
                        None,
                        "",
                        Resolution(table, delete=h),
                    )
                )
    for h in schools:
        label = h.table.label(h.row)
        edited = _edited_responses(h, responses, bases)
        if edited:
            pending.append(
                _Pending(
                    h.table,
                    label,
                    "",
                    edited,
                    DELETED,
                    h.id,
                    None,
                    "",
                    Resolution(h.table, delete=h),
                )
            )
        else:
            plan.deleted.append(f"{h.table.sheet}: {label}")
            plan.deleted_counts[h.table.nouns] += 1
            actions.deletes.append(h)
    for h in questions:
        label = h.table.label(h.row)
        if _answered(here, h, actions):
            plan.kept.append(f"{h.table.sheet}, {label}: kept as here (it has responses here)")
            actions.forget.append(h.id)  # type: ignore[arg-type]
        else:
            plan.deleted.append(f"{h.table.sheet}: {label}")
            plan.deleted_counts[h.table.nouns] += 1
            actions.deletes.append(h)
    _unanswerable(here, plan, actions)
    _merge_links(session, here, there, sides, matched, (bases, keyed), plan, actions, pending)
    _resolve_sides(session, pending, there, plan, actions)
    return plan, actions


def _unanswerable(here: InspectionSnapshot, plan: MergePlan, actions: Actions) -> None:
    """New responses to a question that is not here (deleted here) are not added: said so."""
    numbers = {q.number for q in here.questions} | {
        a.row.number for a in actions.adds if a.table.entity == "key_question"
    }
    for a in list(actions.adds):
        if a.table.entity != "response" or a.row.question_number in numbers:
            continue
        label = a.table.label(a.row)
        actions.adds.remove(a)
        plan.added.remove(f"{a.table.sheet}: {label}")
        plan.added_counts[a.table.nouns] -= 1
        if not plan.added_counts[a.table.nouns]:
            del plan.added_counts[a.table.nouns]
        plan.kept.append(
            f"{a.table.sheet}, {label}: not added (question {a.row.question_number} is not here)"
        )


def _bases(
    session: Session, sources: list[str], more: list[BaseRow]
) -> tuple[
    dict[uuid.UUID, merge_base.Base],
    dict[tuple[str, tuple[str, ...]], tuple[uuid.UUID, Any]],
    dict[uuid.UUID, merge_base.Base],
]:
    """Each row's base (the first source that has one, then the shared hand-outs in ``more``),
    and the bases by natural key, for rows that come back without an id.

    ``more`` holds the other database's bases of hand-outs this one knows too. Either side may
    have merged the hand-out since the copy was made, moving its own base on; what both still
    descend from is the earlier of the two. A row only one side has a base for came after they
    parted (added by a merge on that side): there is no common ancestor for it, unless the row
    was deleted here (its base went with it): the third result holds the other side's bases
    this one has none for, for that case."""
    bases: dict[uuid.UUID, merge_base.Base] = {}
    theirs_only: dict[uuid.UUID, merge_base.Base] = {}
    entities: dict[uuid.UUID, str] = {}
    found: list[BaseRow] = []
    if sources:
        found.extend(session.execute(select(*BASE_COLUMNS).where(MergeBase.source.in_(sources))))
    if more:
        here: dict[tuple[str, uuid.UUID], BaseRow] = {
            (row.source, row.row_id): (
                row.row_id,
                row.entity,
                row.version,
                row.values,
                row.source,
                row.at,
            )
            for row in session.execute(
                select(*BASE_COLUMNS).where(MergeBase.source.in_({r[4] for r in more}))
            )
        }
        for theirs in more:
            mine = here.get((theirs[4], theirs[0]))
            if mine is not None:
                found.append(min(mine, theirs, key=lambda r: r[5]))
            elif theirs[0] not in theirs_only:
                theirs_only[theirs[0]] = merge_base.Base(theirs[2], json.loads(theirs[3]))
    for row_id, entity, version, values, _source, _at in found:
        if row_id not in bases:
            bases[row_id] = merge_base.Base(version, json.loads(values))
            entities[row_id] = entity
    tables = {t.entity: t for t in TABLES}
    keyed = {
        (entity, tuple(bases[row_id].values.get(k, "") for k in tables[entity].key_fields)): (
            row_id,
            bases[row_id],
        )
        for row_id, entity in entities.items()
        if entity in tables
    }
    return bases, keyed, theirs_only


def _new_on_both_sides(
    pairs: list[tuple[Item, Item]],
    only_there: list[Item],
    only_here: list[Item],
    bases: dict[uuid.UUID, merge_base.Base],
    keyed: dict[tuple[str, tuple[str, ...]], tuple[uuid.UUID, Any]],
    mine: list[Item],
) -> None:
    """Findings are numbered lists: a finding new there that took the number of one new here is
    another finding, added after the last of its kind (and found again by what it brought)."""
    by_id = {h.id: h for h in mine}
    numbers: dict[tuple[Any, str], int] = {}
    for h in mine:
        group = (h.row.kind, h.row.section)
        numbers[group] = max(numbers.get(group, 0), h.row.number)
    for pair in list(pairs):
        h, t = pair
        if h.id in bases or (t.id is not None and t.id in bases) or h.values == t.values:
            continue
        pairs.remove(pair)
        only_here.append(h)
        found = keyed.get((t.table.entity, t.described_key()))
        if found is not None and found[0] in by_id and by_id[found[0]] in only_here:
            earlier = by_id[found[0]]  # added by the last merge of this source
            only_here.remove(earlier)
            pairs.append((earlier, t))
            continue
        group = (t.row.kind, t.row.section)
        numbers[group] = numbers.get(group, 0) + 1
        t.brought = t.row
        t.row = dataclasses.replace(t.row, number=numbers[group])
        t.key = t.table.key(t.row)
        only_there.append(t)


def _match(
    mine: list[Item], theirs: list[Item]
) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """Pairs by id (with the same natural key), then the rest by natural key in order."""
    by_id = {h.id: h for h in mine if h.id is not None}
    pairs: list[tuple[Item, Item]] = []
    paired: set[int] = set()
    rest: list[Item] = []
    for t in theirs:
        h = by_id.get(t.id) if t.id is not None else None
        if h is not None and h.key == t.key and id(h) not in paired:
            pairs.append((h, t))
            paired.add(id(h))
            continue
        if h is not None:  # its key changed there (another respondent, number…): a new row,
            t.id = None  # and the row it was is no longer there
        rest.append(t)
    waiting: dict[Hashable, list[Item]] = defaultdict(list)
    for h in mine:
        if id(h) not in paired:
            waiting[h.key].append(h)
    only_there = []
    for t in rest:
        if waiting.get(t.key):
            h = waiting[t.key].pop(0)
            pairs.append((h, t))
            paired.add(id(h))
        else:
            only_there.append(t)
    only_here = [h for h in mine if id(h) not in paired]
    return pairs, only_there, only_here


def _untouched(row: Item, base: merge_base.Base) -> bool:
    return all(base.values.get(name, value) == value for name, value in row.values.items())


def _edits(table: Table, row: Item, base: merge_base.Base | None) -> str:
    """A row's values that differ from the base (all it holds, with none), as one text."""
    headers = dict(table.fields)
    shown = [
        f"{headers[name]} {value}"
        for name, value in row.values.items()
        if value and (base is None or base.values.get(name, value) != value)
    ]
    return "; ".join(shown) or "edited"


def _edited_responses(
    school: Item, responses: list[Item], bases: dict[uuid.UUID, merge_base.Base]
) -> str:
    """The school's responses here added or changed since the base, described ("" if none)."""
    urn = school.row.urn
    count = 0
    for r in responses:
        if r.row.urn != urn:
            continue
        base = bases.get(r.id) if r.id is not None else None
        if base is None or not _untouched(r, base):
            count += 1
    if not count:
        return ""
    return f"{count} response{'s' if count != 1 else ''} added or changed here"


def _answered(here: InspectionSnapshot, question: Item, actions: Actions) -> bool:
    """Whether a question still has responses here that this merge does not delete."""
    going = {id(d.row) for d in actions.deletes}
    number = question.row.number
    return any(r.question_number == number and id(r) not in going for r in here.responses)


def _compare(
    table: Table,
    h: Item,
    t: Item,
    base: merge_base.Base | None,
    there: There,
    plan: MergePlan,
    actions: Actions,
    pending: list[_Pending],
) -> None:
    label = table.label(h.row)
    # Only the same row's versions compare: one matched by its natural key (a workbook exported
    # from another database, whose ids and versions are its own) says nothing about this one.
    unchanged_here = (
        there.version_rule and t.version is not None and t.id == h.id and h.version == t.version
    )
    linked = _linked_conflict(table, h, t, base, unchanged_here)
    for name, header in table.fields:
        mine, theirs = h.values[name], t.values[name]
        if mine == theirs or (linked and name in LINKED):
            continue
        was = base.values.get(name) if base is not None else None
        where = f'{table.sheet}, {label}, "{header}"'
        if was == mine or (was is None and unchanged_here):
            plan.changed.append(f"{where}: {_blank(mine)} → {_blank(theirs)}")
            assert h.id is not None
            actions.updates.append((table, h.id, name, getattr(t.row, name)))
            if table.letter:
                actions.updates.append((table, h.id, "based_on", t.row.based_on))
        elif was == theirs:
            plan.kept.append(f"{where}: kept {_blank(mine)} (there {_blank(theirs)})")
        else:
            assert h.id is not None
            update = (h.id, name, getattr(t.row, name))
            pending.append(
                _Pending(
                    table, label, header, mine, theirs, h.id, t.id, name, Resolution(table, update)
                )
            )
    if linked:
        assert h.id is not None
        first, *rest = ((h.id, name, getattr(t.row, name)) for name in LINKED)
        pending.append(
            _Pending(
                table,
                label,
                " and ".join(dict(table.fields)[name] for name in LINKED),
                _linked_value(h),
                _linked_value(t),
                h.id,
                t.id,
                LINKED[0],
                Resolution(table, first, also=tuple(rest)),
            )
        )


def _linked_conflict(
    table: Table, h: Item, t: Item, base: merge_base.Base | None, unchanged_here: bool
) -> bool:
    """Whether a field of a linked pair (an outcome and its Inadequate category) is in conflict:
    then one choice decides both, so that no mix of the two sides is ever stored."""
    if table.entity != "inspected_school" or any(h.values[n] == t.values[n] for n in LINKED):
        return False  # one field differs: whichever side is chosen, the pair is that side's
    for name in LINKED:
        mine, theirs = h.values[name], t.values[name]
        was = base.values.get(name) if base is not None else None
        if mine != theirs and was not in (mine, theirs) and not (was is None and unchanged_here):
            return True
    return False


def _linked_value(row: Item) -> str:
    return ", ".join(row.values[name] for name in LINKED if row.values[name]) or "(blank)"


def _resolve_sides(
    session: Session, pending: list[_Pending], there: There, plan: MergePlan, actions: Actions
) -> None:
    """Each conflict with who last changed either side, and when."""
    if not pending:
        return
    mine = history_lookup(session)([p.here_id for p in pending if p.here_id is not None])
    theirs: dict[tuple[uuid.UUID, str], Who] = {}
    if there.who is not None:
        theirs = there.who([p.there_id for p in pending if p.there_id is not None])
    for p in pending:
        here_who = _who(mine, p.here_id, p.attr, ("", None))
        there_who = _who(theirs, p.there_id, p.attr, (there.by, there.at))
        conflict = Conflict(
            p.table.sheet,
            p.label,
            p.column,
            Side(p.here_value, *here_who),
            Side(p.there_value, *there_who),
        )
        if conflict not in actions.resolutions:
            plan.conflicts.append(conflict)
        actions.resolutions.setdefault(conflict, []).append(p.resolution)


def _who(
    found: dict[tuple[uuid.UUID, str], Who], row_id: uuid.UUID | None, attr: str, default: Who
) -> Who:
    if row_id is None:
        return default
    return found.get((row_id, attr)) or found.get((row_id, "")) or default


def _merge_links(
    session: Session,
    here: InspectionSnapshot,
    there: There,
    sides: dict[str, tuple[list[Item], list[Item]]],
    matched: dict[int, Item],
    known: tuple[
        dict[uuid.UUID, merge_base.Base],
        dict[tuple[str, tuple[str, ...]], tuple[uuid.UUID, Any]],
    ],
    plan: MergePlan,
    actions: Actions,
    pending: list[_Pending],
) -> None:
    """Themes and evidence links, once their responses and findings are settled.

    A link is keyed by the response (and finding) it names as matched above, so both sides
    tagging one response alike is one row. It has no field to edit: it is added, deleted, or
    left alone. One whose response or finding this merge deletes goes with it; one new there
    whose response or finding is not here (nor added) is not added, and said so. A workbook
    without the Themes (or Evidence) sheet says nothing of them: none is deleted for it."""
    bases, keyed = known
    mine_of = _Parents(here, sides["response"][0], sides["finding"][0], matched)
    theirs_of = _Parents(there.snapshot, sides["response"][1], sides["finding"][1], matched)
    spelling: dict[str, str] = {}
    for row in here.themes:
        spelling.setdefault(theme_key(row.theme), row.theme)
    going = {id(d) for d in actions.deletes}
    coming = {id(a) for a in actions.adds}
    maybe = {id(p.resolution.add) for p in pending if p.resolution.add is not None}
    here_items = {id(h) for entity in ("response", "finding") for h in sides[entity][0]}

    def gone(parents: tuple[Item, ...]) -> bool:
        return any(id(p) in going for p in parents)

    for table in (t for t in TABLES if t.link):
        unsaid = (table.sheet, "") in there.snapshot.absent  # a workbook without the sheet
        mine = [m for row in table.rows(here) if (m := mine_of.item(table, row)) is not None]
        theirs = []
        for row in table.rows(there.snapshot):
            t = theirs_of.item(table, row)
            if t is None:
                continue
            if table.entity == "response_theme":
                said = spelling.get(theme_key(row.theme), row.theme)
                if said != row.theme:  # one spelling per inspection: the one used here
                    t.brought, t.row = row, dataclasses.replace(row, theme=said)
            theirs.append(t)
        pairs, only_there, only_here = _match(mine, theirs)
        unknown = [t.id for t in only_there if t.id is not None and t.id not in bases]
        deleted_here = _deleted_here(session, unknown)
        for h, t in pairs:
            if gone(h.parents):
                _delete_link(h, plan, actions)
            else:
                actions.pairs.append((h, t))
                actions.links.append(h)
        for t in only_there:
            base = bases.get(t.id) if t.id is not None else None
            if base is None:
                brought = t.brought or t.row
                described = tuple(describe(getattr(brought, k)) for k in table.key_fields)
                found = keyed.pop((table.entity, described), None)
                if found is not None:
                    t.id, base = found
            label = table.label(t.row)
            status = [
                "here"
                if id(p) in here_items and id(p) not in going
                else "coming"
                if id(p) in coming
                else "maybe"
                if id(p) in maybe
                else "absent"
                for p in t.parents
            ]
            needed = tuple(p for p, s in zip(t.parents, status, strict=True) if s == "maybe")
            if needed and "absent" not in status:  # its response comes back if there is chosen
                actions.waiting.append((t, needed))
            elif base is not None or t.id in deleted_here:
                plan.kept.append(f"{label}: left deleted, as it is here")
                actions.unforget.append(t)
            elif "absent" not in status:
                plan.added.append(table.line(t.row))
                plan.added_counts[table.nouns] += 1
                actions.adds.append(t)
            else:
                what = [
                    p.table.nouns[0]
                    for p, s in zip(t.parents, status, strict=True)
                    if s == "absent"
                ]
                plan.kept.append(f"{label}: not added (its {' and '.join(what)} is not here)")
        for h in only_here:
            if gone(h.parents) or (not unsaid and h.id is not None and h.id in bases):
                _delete_link(h, plan, actions)
            else:
                actions.links.append(h)  # added here, or never handed out: left alone


def _delete_link(h: Item, plan: MergePlan, actions: Actions) -> None:
    plan.deleted.append(h.table.line(h.row))
    plan.deleted_counts[h.table.nouns] += 1
    actions.deletes.append(h)


class _Parents:
    """The response (and finding) each link of one side names, as matched: a row here, or
    there's own row when it has no match here."""

    def __init__(
        self,
        snapshot: InspectionSnapshot,
        responses: list[Item],
        findings: list[Item],
        matched: dict[int, Item],
    ) -> None:
        self.matched = matched
        self.responses = dict(zip(response_names(snapshot.responses), responses, strict=True))
        self.findings = {
            (f.kind, f.section, f.number): item
            for item in findings
            for f in [item.brought or item.row]
        }

    def _as_matched(self, parent: Item | None) -> Item | None:
        return None if parent is None else self.matched.get(id(parent), parent)

    def item(self, table: Table, row: Any) -> Item | None:
        """The link as the merge sees it, keyed by its parents (None: it names no row)."""
        brought = row
        response = self._as_matched(self.responses.get(named_response(row)))
        if response is None:
            return None
        parents: tuple[Item, ...] = (response,)
        if table.entity == "finding_evidence":
            finding = self._as_matched(self.findings.get((row.kind, row.section, row.number)))
            if finding is None:
                return None
            parents = (finding, response)
            if finding.row.number != row.number:  # renumbered by this merge: named as it will be
                row = dataclasses.replace(row, number=finding.row.number)
        link = item(table, row, {})
        link.brought = None if row is brought else brought
        link.parents = parents
        ends = tuple(id(p) for p in parents)  # both sides' links name the same parent objects
        if table.entity == "response_theme":
            link.key = (*ends, theme_key(row.theme))
        else:
            link.key = ends
        return link
