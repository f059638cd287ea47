"""A team week with themes and evidence: the lead hands schools out to Ann, Ann tags responses
and links them to findings in her workbook (as Excel would, cell by cell) while the lead tags
others, and the merge brings both sides' themes and links together, each once."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import FindingKind
from coventry_inspect.exchange.merge_source import plan_workbook_merge
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_for_inspector
from coventry_inspect.services import evidence, findings, merge_write, support, themes
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.history import list_history
from coventry_inspect.services.merge import DELETED, apply_merge, plan_database_merge
from coventry_inspect.services.snapshot import InspectionSnapshot, read_snapshot, replace_inspection
from coventry_inspect.store.database import Database, open_database
from tests.services.merge_helpers import REFERENCE, add_row, delete_row, install, set_cell
from tests.services.test_search import index_is_whole
from tests.test_cli import run

STRENGTH, AREA = FindingKind.STRENGTH, FindingKind.AREA_FOR_IMPROVEMENT
Theme = tuple[str, int, str]
Link = tuple[str, int, str, int]


def _response(db: Database, inspection_id: uuid.UUID, urn: str, number: int) -> uuid.UUID:
    found = [
        r.row_id
        for r in read_snapshot(db, inspection_id).responses
        if (r.urn, r.question_number) == (urn, number)
    ]
    assert len(found) == 1
    assert found[0] is not None
    return found[0]


def _finding(db: Database, inspection_id: uuid.UUID, kind: FindingKind) -> uuid.UUID:
    found = next(f for f in read_snapshot(db, inspection_id).findings if f.kind is kind)
    assert found.row_id is not None
    return found.row_id


def _tag(db: Database, inspection_id: uuid.UUID, urn: str, number: int, theme: str) -> None:
    assert themes.add_theme(db, [_response(db, inspection_id, urn, number)], theme)


def _link(db: Database, inspection_id: uuid.UUID, kind: FindingKind, urn: str, n: int) -> None:
    response = _response(db, inspection_id, urn, n)
    assert support.link(db, _finding(db, inspection_id, kind), [response])


def _themes(snapshot: InspectionSnapshot) -> list[Theme]:
    return sorted((t.urn, t.question_number, t.theme) for t in snapshot.themes)


def _links(snapshot: InspectionSnapshot) -> list[tuple[str, str, int]]:
    return sorted((e.kind.label, e.urn, e.question_number) for e in snapshot.evidence)


def _lead_before_handing_out(db: Database) -> uuid.UUID:
    """Ann has 990001 and 990002; the lead has tagged and linked a few responses already."""
    inspection_id = install(db)
    for row in read_snapshot(db, inspection_id).inspected:
        if row.urn in ("990001", "990002"):
            assert row.row_id is not None
            evidence.update_inspected_school(db, row.row_id, inspector="Ann Example")
    _tag(db, inspection_id, "990001", 1, "clusters")
    _tag(db, inspection_id, "990003", 1, "clusters")
    _link(db, inspection_id, STRENGTH, "990001", 1)
    _link(db, inspection_id, STRENGTH, "990002", 2)
    _link(db, inspection_id, AREA, "990003", 1)
    return inspection_id


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    sheet = load_workbook(path)[name]
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def _ann_fills_in(path: Path) -> None:
    """Ann, in Excel: tags three responses (one spelt her own way, one as the lead also does),
    links one to the area for improvement, unlinks another, and deletes a response of hers
    with its theme and link rows (the workbook would not read with them left naming it)."""
    for urn, number, theme in (
        ("990002", 2, "HR support"),
        ("990001", 2, "  Clusters "),
        ("990002", 1, "governor training"),
    ):
        add_row(
            path,
            "Themes",
            {"URN": urn, "Question No": number, "Respondent": "Headteacher", "Theme": theme},
        )
    add_row(
        path,
        "Evidence",
        {
            "Kind": "Area for improvement",
            "No": 1,
            "URN": "990001",
            "Question No": 2,
            "Respondent": "Headteacher",
        },
    )
    delete_row(path, "Evidence", {"Kind": "Strength", "URN": "990002", "Question No": 2})
    delete_row(path, "Evidence", {"Kind": "Strength", "URN": "990001", "Question No": 1})
    delete_row(path, "Themes", {"URN": "990001", "Question No": 1})
    delete_row(path, "Responses", {"URN": "990001", "Question No": 1})


def _lead_meanwhile(db: Database, inspection_id: uuid.UUID) -> None:
    _tag(db, inspection_id, "990002", 1, "Governor training")  # as Ann does: one row
    _tag(db, inspection_id, "990001", 1, "budget")  # on the response Ann deletes
    _tag(db, inspection_id, "990003", 2, "HR support")
    _link(db, inspection_id, AREA, "990003", 2)


EXPECTED_THEMES: list[Theme] = [
    ("990001", 2, "clusters"),  # Ann's "  Clusters ", in the spelling the inspection uses
    ("990002", 1, "Governor training"),
    ("990002", 2, "HR support"),
    ("990003", 1, "clusters"),
    ("990003", 2, "HR support"),
]
EXPECTED_LINKS = [
    ("Area for improvement", "990001", 2),
    ("Area for improvement", "990003", 1),
    ("Area for improvement", "990003", 2),
]


def test_a_hand_out_carries_its_responses_themes_and_links_with_their_merge_base(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    done = export_for_inspector(db, inspection_id, Choice(inspector="ann example"), path)
    whole = read_snapshot(db, inspection_id)
    ann = [t for t in whole.themes if t.urn in ("990001", "990002")]
    assert [(row[0], row[1], row[2], row[3]) for row in _sheet(path, "Themes")] == [
        ("990001", 1, "Headteacher", "clusters")
    ]
    assert [row[-2:] for row in _sheet(path, "Themes")] == [(str(t.row_id), t.version) for t in ann]
    assert [row[:5] for row in _sheet(path, "Evidence")] == [
        ("Strength", 1, "990001", 1, "Headteacher"),
        ("Strength", 1, "990002", 2, "Headteacher"),
    ]
    part = read_workbook(path)
    assert part.themes == ann
    assert part.evidence == [e for e in whole.evidence if e.urn != "990003"]
    # Merged back untouched, nothing changes: each row's base was recorded as it left.
    plan = plan_workbook_merge(db, path)
    assert (plan.summary(), plan.kept) == ("nothing to merge", [])
    assert done.handout_id == part.handout_id


def test_ann_and_the_lead_tag_and_link_and_the_merge_keeps_each_once(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    _ann_fills_in(path)
    _lead_meanwhile(db, inspection_id)

    plan = plan_workbook_merge(db, path)
    assert plan.conflicts == []
    assert plan.added == [  # in the workbook's order
        "theme 'HR support' on 990002 Q2 Headteacher",
        "theme 'clusters' on 990001 Q2 Headteacher",
        "evidence Area for improvement 1 ← 990001 Q2 Headteacher",
    ]
    assert sorted(plan.deleted) == [
        "Responses: URN 990001, question 1, Headteacher",
        "evidence Strength 1 ← 990001 Q1 Headteacher",
        "evidence Strength 1 ← 990002 Q2 Headteacher",
        "theme 'budget' on 990001 Q1 Headteacher",
        "theme 'clusters' on 990001 Q1 Headteacher",
    ]
    assert plan.summary() == (
        "2 themes added, 1 evidence link added, 1 response deleted, 2 themes deleted, "
        "2 evidence links deleted"
    )
    done = apply_merge(db, plan, {})
    assert done.summary() == plan.summary()
    after = read_snapshot(db, inspection_id)
    assert _themes(after) == EXPECTED_THEMES
    assert _links(after) == EXPECTED_LINKS
    assert themes.themes_used(db, inspection_id) == ["clusters", "Governor training", "HR support"]
    # The same workbook again: nothing to do.
    again = plan_workbook_merge(db, path)
    assert (again.summary(), again.kept) == ("nothing to merge", [])
    apply_merge(db, again, {})
    assert _themes(read_snapshot(db, inspection_id)) == EXPECTED_THEMES


def test_a_link_to_what_the_lead_deleted_meanwhile_is_not_added_and_says_so(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    add_row(
        path,
        "Themes",
        {"URN": "990002", "Question No": 2, "Respondent": "Headteacher", "Theme": "budget"},
    )
    evidence.delete_response(db, _response(db, inspection_id, "990002", 2))
    plan = plan_workbook_merge(db, path)
    assert plan.added == []
    assert "theme 'budget' on 990002 Q2 Headteacher: not added (its response is not here)" in (
        plan.kept
    )
    apply_merge(db, plan, {})
    assert ("990002", 2, "budget") not in _themes(read_snapshot(db, inspection_id))


def test_the_cli_dry_run_names_each_theme_and_link(sqlite_db: Database, tmp_path: Path) -> None:
    inspection_id = _lead_before_handing_out(sqlite_db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(sqlite_db, inspection_id, Choice(inspector="Ann Example"), path)
    _ann_fills_in(path)
    target = sqlite_db.target
    dry = run("import", str(path), "--db", target, "--merge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == (
        f"ann.xlsx: would merge into {REFERENCE}: 3 themes added, 1 evidence link added, "
        "1 response deleted, 1 theme deleted, 2 evidence links deleted"
    )
    assert "  add theme 'governor training' on 990002 Q1 Headteacher" in lines
    assert "  add theme 'HR support' on 990002 Q2 Headteacher" in lines
    assert "  add evidence Area for improvement 1 ← 990001 Q2 Headteacher" in lines
    assert "  delete evidence Strength 1 ← 990002 Q2 Headteacher" in lines
    assert "  delete theme 'clusters' on 990001 Q1 Headteacher" in lines  # not "to"
    assert _themes(read_snapshot(sqlite_db, inspection_id)) == [
        ("990001", 1, "clusters"),
        ("990003", 1, "clusters"),
    ]
    merged = run("import", str(path), "--db", target, "--merge")
    assert merged.returncode == 0, merged.stderr
    assert _links(read_snapshot(sqlite_db, inspection_id)) == [
        ("Area for improvement", "990001", 2),
        ("Area for improvement", "990003", 1),
    ]


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    return tmp_path / "ann.sqlite"


def test_a_database_file_brings_its_themes_and_links_back_too(
    db: Database, tmp_path: Path, laptop: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    workbook = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), workbook)
    theirs = open_database(str(laptop), user="ann")
    try:
        ann_id = replace_inspection(theirs, read_workbook(workbook))
    finally:
        theirs.close()
    first = plan_database_merge(db, str(laptop))
    assert first.summary() == "nothing to merge"
    apply_merge(db, first, {})

    theirs = open_database(str(laptop), user="ann")
    try:
        _tag(theirs, ann_id, "990002", 2, "HR support")
        _tag(theirs, ann_id, "990001", 2, "Clusters")
        _tag(theirs, ann_id, "990002", 1, "governor training")
        _link(theirs, ann_id, AREA, "990001", 2)
        strength = _finding(theirs, ann_id, STRENGTH)
        assert support.unlink(theirs, strength, [_response(theirs, ann_id, "990002", 2)])
        evidence.delete_response(theirs, _response(theirs, ann_id, "990001", 1))
    finally:
        theirs.close()
    _lead_meanwhile(db, inspection_id)

    plan = plan_database_merge(db, str(laptop))
    assert plan.conflicts == []
    assert plan.summary() == (
        "2 themes added, 1 evidence link added, 1 response deleted, 2 themes deleted, "
        "2 evidence links deleted"
    )
    apply_merge(db, plan, {})
    after = read_snapshot(db, inspection_id)
    assert _themes(after) == EXPECTED_THEMES
    assert _links(after) == EXPECTED_LINKS
    again = plan_database_merge(db, str(laptop))
    assert (again.summary(), again.kept) == ("nothing to merge", [])


def test_choosing_ann_s_delete_of_a_response_edited_here_takes_its_themes(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    delete_row(path, "Evidence", {"Kind": "Strength", "URN": "990001", "Question No": 1})
    delete_row(path, "Themes", {"URN": "990001", "Question No": 1})
    delete_row(path, "Responses", {"URN": "990001", "Question No": 1})
    response = _response(db, inspection_id, "990001", 1)
    evidence.update_response(db, response, text="Rewritten here")
    _tag(db, inspection_id, "990001", 1, "budget")
    plan = plan_workbook_merge(db, path)
    (conflict,) = plan.conflicts
    assert (conflict.key, conflict.there.value) == ("URN 990001, question 1, Headteacher", DELETED)
    budget = next(t.row_id for t in read_snapshot(db, inspection_id).themes if t.theme == "budget")
    done = apply_merge(db, plan, {conflict: "there"})
    assert done.deleted == [
        "theme 'clusters' on 990001 Q1 Headteacher",  # deleted by Ann, in any case
        "evidence Strength 1 ← 990001 Q1 Headteacher",
        "Responses: URN 990001, question 1, Headteacher",
        "theme 'budget' on 990001 Q1 Headteacher",  # the lead's, gone with its response
    ]
    after = read_snapshot(db, inspection_id)
    assert ("990001", 1) not in {(r.urn, r.question_number) for r in after.responses}
    # The lead's theme went with it, in the history as a deletion (Edit › Undo puts it back).
    deleted = {e.entity_id for e in list_history(db, inspection_id) if e.action == "deleted"}
    assert budget in deleted
    assert _themes(after) == [("990003", 1, "clusters")]
    assert _links(after) == [("Area for improvement", "990003", 1), ("Strength", "990002", 2)]


def test_choosing_ann_s_edit_of_a_response_deleted_here_brings_her_themes_with_it(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    set_cell(path, "Responses", {"URN": "990002", "Question No": 2}, "Response", "Fuller answer")
    add_row(
        path,
        "Themes",
        {"URN": "990002", "Question No": 2, "Respondent": "Headteacher", "Theme": "budget"},
    )
    evidence.delete_response(db, _response(db, inspection_id, "990002", 2))
    plan = plan_workbook_merge(db, path)
    (conflict,) = plan.conflicts
    assert (conflict.key, conflict.here.value) == ("URN 990002, question 2, Headteacher", DELETED)
    done = apply_merge(db, plan, {conflict: "there"})
    assert done.added == [
        "Responses: URN 990002, question 2, Headteacher",
        "theme 'budget' on 990002 Q2 Headteacher",
        "evidence Strength 1 ← 990002 Q2 Headteacher",
    ]
    assert done.summary() == "1 response added, 1 theme added, 1 evidence link added"
    after = read_snapshot(db, inspection_id)
    assert ("990002", 2, "budget") in _themes(after)
    assert ("Strength", "990002", 2) in _links(after)  # handed out with it, kept there


def test_a_workbook_without_its_themes_and_evidence_sheets_untags_nothing(
    db: Database, tmp_path: Path
) -> None:
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    book = load_workbook(path)
    del book["Themes"], book["Evidence"]
    book.save(path)
    set_cell(path, "Responses", {"URN": "990002", "Question No": 1}, "Judgement", "Positive")
    before = read_snapshot(db, inspection_id)
    plan = plan_workbook_merge(db, path)
    assert (plan.summary(), plan.deleted) == ("1 value changed", [])
    apply_merge(db, plan, {})
    after = read_snapshot(db, inspection_id)
    assert (_themes(after), _links(after)) == (_themes(before), _links(before))


def test_themes_of_two_alike_responses_find_the_one_meant(db: Database, tmp_path: Path) -> None:
    """A head who answered question 1 twice: the Response Id column says which is tagged."""
    inspection_id = _lead_before_handing_out(db)
    snapshot = read_snapshot(db, inspection_id)
    first = next(r for r in snapshot.responses if (r.urn, r.question_number) == ("990001", 1))
    question = next(q.row_id for q in snapshot.questions if q.number == 1)
    school = next(
        s for s in evidence.list_inspected_schools(db, inspection_id) if s.school.urn == "990001"
    )
    assert question is not None
    assert first.row_id is not None
    second = evidence.add_response(
        db, question, school.school_id, first.respondent, "Zebra crossings, said again"
    )
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    for response in (first.row_id, second.id):
        add_row(
            path,
            "Themes",
            {
                "URN": "990001",
                "Question No": 1,
                "Respondent": "Headteacher",
                "Theme": f"about {'first' if response == first.row_id else 'second'}",
                "Response Id": str(response),
            },
        )
    plan = plan_workbook_merge(db, path)
    assert plan.added == [
        "theme 'about first' on 990001 Q1 Headteacher",
        "theme 'about second' on 990001 Q1 Headteacher (2nd)",
    ]
    apply_merge(db, plan, {})
    tagged = themes.themes_of(db, inspection_id)
    assert tagged[first.row_id] == ["about first", "clusters"]
    assert tagged[second.id] == ["about second"]
    assert plan_workbook_merge(db, path).summary() == "nothing to merge"


def test_evidence_for_a_finding_numbered_again_follows_it(db: Database, tmp_path: Path) -> None:
    """Ann and the lead each add a Strength 2: Ann's becomes Strength 3, with her evidence."""
    inspection_id = _lead_before_handing_out(db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(db, inspection_id, Choice(inspector="Ann Example"), path)
    add_row(path, "Findings", {"Kind": "Strength", "No": 2, "Statement": "Ann's strength."})
    add_row(
        path,
        "Evidence",
        {
            "Kind": "Strength",
            "No": 2,
            "URN": "990002",
            "Question No": 1,
            "Respondent": "Headteacher",
        },
    )
    lead = findings.add_finding(db, inspection_id, STRENGTH, "The lead's strength.")
    assert lead.number == 2
    plan = plan_workbook_merge(db, path)
    assert plan.added == [
        "Findings: Strength 3",
        "evidence Strength 3 ← 990002 Q1 Headteacher",
    ]
    apply_merge(db, plan, {})
    after = read_snapshot(db, inspection_id)
    ann = next(f for f in after.findings if f.statement == "Ann's strength.")
    assert ann.number == 3
    assert [(e.number, e.urn, e.question_number) for e in after.evidence if e.kind is STRENGTH] == [
        (1, "990001", 1),
        (1, "990002", 2),
        (3, "990002", 1),
    ]
    again = plan_workbook_merge(db, path)
    assert (again.summary(), again.kept) == ("nothing to merge", [])


def test_a_merge_that_fails_while_writing_its_links_changes_nothing(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: the response deleted and the themes added before the failure are rolled
    back with it, and the search index is still in step with the responses."""
    inspection_id = _lead_before_handing_out(sqlite_db)
    path = tmp_path / "ann.xlsx"
    export_for_inspector(sqlite_db, inspection_id, Choice(inspector="Ann Example"), path)
    _ann_fills_in(path)
    before = read_snapshot(sqlite_db, inspection_id)
    plan = plan_workbook_merge(sqlite_db, path)

    def fail(*_args: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(merge_write, "_link", fail)
    with pytest.raises(OSError, match="disk"):
        apply_merge(sqlite_db, plan, {})
    after = read_snapshot(sqlite_db, inspection_id)
    assert after == before
    assert (_themes(after), _links(after)) == (_themes(before), _links(before))
    assert len(after.responses) == len(before.responses)
    index_is_whole(Path(sqlite_db.target))
