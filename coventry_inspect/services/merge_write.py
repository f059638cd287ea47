"""Writing a merge plan, with the lead's choices, inside the caller's transaction; then
remembering what the source brought, so merging it again compares with that."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Literal

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from coventry_inspect.services import crud
from coventry_inspect.services.errors import ServiceError, ValidationError
from coventry_inspect.services.merge_engine import Actions
from coventry_inspect.services.merge_plan import Conflict, MergePlan
from coventry_inspect.services.merge_tables import TABLES, Item, Table, base_values
from coventry_inspect.services.replacement import TABLES as BUILDERS
from coventry_inspect.services.replacement import _Builder
from coventry_inspect.store.models import (
    Audited,
    Finding,
    FindingEvidence,
    HistoryEntry,
    KeyQuestion,
    MergeBase,
    ResponseTheme,
)
from coventry_inspect.store.types import utcnow

Choice = Literal["here", "there"]


def applied(plan: MergePlan, choices: Mapping[Conflict, Choice], actions: Actions) -> MergePlan:
    """The plan as it reads once each conflict is settled as chosen."""
    done = replace(
        plan,
        added=list(plan.added),
        changed=list(plan.changed),
        deleted=list(plan.deleted),
        kept=list(plan.kept),
        conflicts=[],
        added_counts=plan.added_counts.copy(),
        deleted_counts=plan.deleted_counts.copy(),
    )
    for conflict in plan.conflicts:
        resolution = actions.resolutions[conflict][0]  # identical rows read as one line
        where = f"{conflict.sheet}, {conflict.key}" + (
            f', "{conflict.column}"' if conflict.column else ""
        )
        if choices[conflict] == "here":
            done.kept.append(f"{where}: kept {conflict.here.value or '(blank)'} as here")
        elif resolution.add is not None:
            done.added.append(f"{conflict.sheet}: {conflict.key}")
            done.added_counts[resolution.table.nouns] += 1
        elif resolution.delete is not None:
            done.deleted.append(f"{conflict.sheet}: {conflict.key}")
            done.deleted_counts[resolution.table.nouns] += 1
        else:
            here, there = conflict.here.value or "(blank)", conflict.there.value or "(blank)"
            done.changed.append(f"{where}: {here} → {there}")
    chosen = [r for c, rows in actions.resolutions.items() if choices[c] == "there" for r in rows]
    more_adds, more_deletes = _following(
        actions,
        [*actions.adds, *(r.add for r in chosen if r.add is not None)],
        [*actions.deletes, *(r.delete for r in chosen if r.delete is not None)],
    )
    for lines, counts, links in (
        (done.added, done.added_counts, more_adds),
        (done.deleted, done.deleted_counts, more_deletes),
    ):
        for link in links:  # said as the rows they follow are
            lines.append(link.table.line(link.row))
            counts[link.table.nouns] += 1
    return done


def write(
    session: Session,
    inspection_id: uuid.UUID,
    source_id: str,
    source_name: str,
    actions: Actions,
    choices: Mapping[Conflict, Choice],
) -> None:
    """Apply the actions and the chosen resolutions; record the bases and the history entry."""
    session.add(  # first, so that the history reads it before the rows it changed
        HistoryEntry(
            at=utcnow(),
            user=str(session.info.get("user", "")),
            inspection_id=inspection_id,
            entity="inspection",
            entity_id=inspection_id,
            action="merged",
            new=f"from {source_name}",
        )
    )
    updates = list(actions.updates)
    adds, deletes = list(actions.adds), list(actions.deletes)
    forget = list(actions.forget)
    remember: list[tuple[Table, Any, uuid.UUID]] = [
        (t.table, t.brought or t.row, t.id) for t in actions.unforget if t.id
    ]
    settled = [(c, r) for c, rows in actions.resolutions.items() for r in rows]
    for conflict, resolution in settled:
        there = choices[conflict] == "there"
        if resolution.update is not None:
            if there:
                updates.append((resolution.table, *resolution.update))
                updates.extend((resolution.table, *also) for also in resolution.also)
                if resolution.table.letter:
                    row_id = resolution.update[0]
                    pair = next(t for h, t in actions.pairs if h.id == row_id)
                    updates.append((resolution.table, row_id, "based_on", pair.row.based_on))
        elif resolution.delete is not None:
            if there:
                deletes.append(resolution.delete)
            elif resolution.delete.id is not None:
                forget.append(resolution.delete.id)  # kept here: absent there is no news next time
        elif resolution.add is not None:
            if there:
                adds.append(resolution.add)
            elif resolution.add.id is not None:
                remember.append((resolution.table, resolution.add.row, resolution.add.id))
    more_adds, more_deletes = _following(actions, adds, deletes)
    adds.extend(more_adds)
    deletes.extend(more_deletes)
    _delete(session, deletes)
    touched = _update(session, updates)
    added = _add(session, inspection_id, adds)
    names = {h.id: _name(h) for h, _t in actions.pairs}
    for row_id, orm in touched.items():
        _validate(orm, names.get(row_id, ""))
    for item in adds:
        _validate(added[id(item)], _name(item))
    session.flush()
    versions = _versions(session, inspection_id)
    gone = {d.id for d in deletes}
    records: list[tuple[Table, Any, uuid.UUID, int]] = [
        (h.table, t.brought or t.row, h.id, versions[h.id])
        for h, t in actions.pairs
        if h.id is not None and h.id not in gone and h.id in versions
    ]
    records.extend(
        (a.table, a.brought or a.row, added[id(a)].id, added[id(a)].version) for a in adds
    )
    records.extend((table, row, row_id, 0) for table, row, row_id in remember)
    _remember(session, source_id, inspection_id, records, [*forget, *(g for g in gone if g)])


def _following(
    actions: Actions, adds: list[Item], deletes: list[Item]
) -> tuple[list[Item], list[Item]]:
    """Links follow the lead's choices: those to add (new there, after their response or
    finding added by choosing there) and those to delete (their response or finding is)."""
    adding = {id(a) for a in adds}
    more_adds = [link for link, needed in actions.waiting if all(id(p) in adding for p in needed)]
    gone = {d.id for d in deletes}
    deleting = {id(d) for d in deletes}
    more_deletes = [
        link
        for link in actions.links
        if id(link) not in deleting and any(p.id in gone for p in link.parents)
    ]
    return more_adds, more_deletes


def _link(inspection_id: uuid.UUID, row: Item, added: dict[int, Audited]) -> Audited:
    """A theme or evidence link, naming its response (and finding) here or just added."""
    ids = [added[id(p)].id if id(p) in added else p.id for p in row.parents]
    if row.table.model is ResponseTheme:
        return ResponseTheme(inspection_id=inspection_id, response_id=ids[0], theme=row.row.theme)
    return FindingEvidence(inspection_id=inspection_id, finding_id=ids[0], response_id=ids[1])


def _name(item: Item) -> str:
    return f"{item.table.sheet}, {item.table.label(item.row)}"


def _validate(orm: Audited, where: str) -> None:
    """The merged row obeys the domain's rules (an Inadequate outcome has its category…)."""
    try:
        crud.validate(orm)
    except ValidationError as error:
        raise ServiceError(
            f"{where}: {error}; nothing was merged: put it right on one side (or choose the "
            "other side's value) and merge again"
        ) from error


def _load(session: Session, table: Table, row_id: uuid.UUID) -> Audited:
    return crud.load(session, table.model, row_id)


def _delete(session: Session, rows: Iterable[Item]) -> None:
    order = {table.entity: n for n, table in enumerate(TABLES)}
    for row in sorted(rows, key=lambda r: -order[r.table.entity]):  # responses before questions
        assert row.id is not None
        session.delete(_load(session, row.table, row.id))
    session.flush()


def _update(
    session: Session, updates: list[tuple[Table, uuid.UUID, str, Any]]
) -> dict[uuid.UUID, Audited]:
    """Each row loaded once (a table's rows in one query), then changed."""
    wanted: dict[Table, set[uuid.UUID]] = {}
    for table, row_id, _name, _value in updates:
        wanted.setdefault(table, set()).add(row_id)
    loaded: dict[uuid.UUID, Audited] = {}
    with session.no_autoflush:
        for table, ids in wanted.items():
            model: Any = table.model
            chunk = sorted(ids)
            for start in range(0, len(chunk), 500):
                query = select(model).where(model.id.in_(chunk[start : start + 500]))
                loaded.update((orm.id, orm) for orm in session.scalars(query).unique())
        for table, row_id, name, value in updates:
            orm = loaded.get(row_id) or _load(session, table, row_id)
            loaded[row_id] = orm
            setattr(orm, name, value)
    return {row_id: loaded[row_id] for _t, row_id, _n, _v in updates}


def _add(session: Session, inspection_id: uuid.UUID, adds: list[Item]) -> dict[int, Audited]:
    builder = _Builder(session, inspection_id, illustrative=False)
    for question in session.scalars(
        select(KeyQuestion).where(KeyQuestion.inspection_id == inspection_id)
    ):
        builder.questions[question.number] = question
    build = {b.model: b.build for b in BUILDERS}
    position = (
        session.scalar(
            select(Finding.position)
            .where(Finding.inspection_id == inspection_id)
            .order_by(Finding.position.desc())
            .limit(1)
        )
        or 0
    )
    order = {table.entity: n for n, table in enumerate(TABLES)}
    added: dict[int, Audited] = {}
    linking = False
    for row in sorted(adds, key=lambda r: order[r.table.entity]):  # questions before responses
        if row.table.entity == "response" and row.row.question_number not in builder.questions:
            raise ServiceError(
                f"{_name(row)}: question {row.row.question_number} is not in the inspection "
                "here; nothing was merged"
            )
        if row.table.link and not linking:
            session.flush()  # links last: their responses and findings have their ids
            linking = True
        orm = (
            _link(inspection_id, row, added)
            if row.table.link
            else build[row.table.model](builder, row.row)
        )
        if row.id is not None and session.get(row.table.model, row.id) is None:
            orm.id = row.id  # the same row in both copies from now on
        if isinstance(orm, Finding):
            position += 1
            orm.position = position
        session.add(orm)
        added[id(row)] = orm
        if isinstance(orm, KeyQuestion):
            session.flush()  # its responses refer to it
    session.flush()
    return added


def _versions(session: Session, inspection_id: uuid.UUID) -> dict[uuid.UUID, int]:
    versions: dict[uuid.UUID, int] = {}
    for table in TABLES:
        model: Any = table.model
        found = session.execute(
            select(model.id, model.version).where(model.inspection_id == inspection_id)
        )
        versions.update((row_id, version) for row_id, version in found)
    return versions


def _remember(
    session: Session,
    source: str,
    inspection_id: uuid.UUID,
    records: list[tuple[Table, Any, uuid.UUID, int]],
    forget: list[uuid.UUID],
) -> None:
    """Each merged row as the source brought it (so an unchanged source changes nothing next
    time, and the lead's choice of "here" stands); rows deleted are forgotten. Bases already
    as they should be are left as they are."""
    known = {
        row_id: (version, values)
        for row_id, version, values in session.execute(
            select(MergeBase.row_id, MergeBase.version, MergeBase.values).where(
                MergeBase.source == source
            )
        )
    }
    wanted = {
        row_id: (
            table.entity,
            version,
            json.dumps(base_values(table, row), ensure_ascii=False, sort_keys=True),
        )
        for table, row, row_id, version in records
    }
    stale = [row_id for row_id in forget if row_id in known and row_id not in wanted]
    fresh = {
        row_id: value
        for row_id, value in wanted.items()
        if row_id not in known or known[row_id] != value[1:]
    }
    stale.extend(row_id for row_id in fresh if row_id in known)
    for start in range(0, len(stale), 500):
        session.execute(
            delete(MergeBase).where(
                MergeBase.source == source, MergeBase.row_id.in_(stale[start : start + 500])
            )
        )
    if fresh:
        session.execute(
            insert(MergeBase),
            [
                {
                    "source": source,
                    "inspection_id": inspection_id,
                    "entity": entity,
                    "row_id": row_id,
                    "version": version,
                    "values": values,
                    "at": utcnow(),
                }
                for row_id, (entity, version, values) in fresh.items()
            ],
        )
