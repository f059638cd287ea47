"""Export for an inspector: only their schools, recorded as a hand-out only once written."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from coventry_inspect.domain.vocabulary import Respondent
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_for_inspector
from coventry_inspect.files import WriteError
from coventry_inspect.services import evidence, merge_base, support, themes
from coventry_inspect.services.examples import install_examples
from coventry_inspect.services.handout import Choice
from coventry_inspect.services.inspections import choose_inspection
from coventry_inspect.services.snapshot import EvidenceRow, ThemeRow, read_snapshot
from coventry_inspect.store.database import Database, open_database
from coventry_inspect.store.models import Handout, MergeBase
from tests.full_disk import SmallDisk, small_disk
from tests.test_cli import assert_refused, run

ANN = {"990001", "990002", "990003", "990004", "990005", "990006"}
BEN_SURVEYED = {"990018", "990019", "990020", "990021", "990022"}


def answer(db: Database, urns: list[str]) -> None:
    """A response from each school's headteacher to question 1 (the examples have none)."""
    inspection = choose_inspection(db, "COV-2013-03").id
    question = evidence.list_key_questions(db, inspection)[0]
    schools = [
        *evidence.list_inspected_schools(db, inspection),
        *evidence.list_surveyed_schools(db, inspection),
    ]
    for school in schools:
        if school.school.urn in urns:
            evidence.add_response(
                db, question.id, school.school_id, Respondent.HEADTEACHER, "Helpful visit."
            )


def handouts(db: Database) -> tuple[int, int]:
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Handout)) or 0,
            session.scalar(select(func.count()).select_from(MergeBase)) or 0,
        )


@pytest.fixture
def team(examples_db: Database) -> Database:
    answer(examples_db, ["990001", "990007", "990018"])
    return examples_db


def test_an_inspectors_workbook_holds_their_schools_and_nothing_of_the_others(
    team: Database, out: Path
) -> None:
    inspection = choose_inspection(team, "COV-2013-03").id
    whole = read_snapshot(team, inspection)
    done = export_for_inspector(team, inspection, Choice(inspector="  ben   SAMPLE "), out)
    assert done.summary() == "5 schools inspected, 5 surveyed, 2 responses for Ben Sample"
    workbook = load_workbook(out)
    assert "Letter" not in workbook.sheetnames
    part = read_workbook(out)
    assert part.handout_id == done.handout_id
    assert {s.urn for s in part.surveyed} == BEN_SURVEYED
    assert {s.urn for s in part.inspected} == {"990007", "990008", "990009", "990010", "990011"}
    assert {r.urn for r in part.responses} == {"990007", "990018"}
    assert part.questions == whole.questions
    assert part.findings == whole.findings
    assert part.details == whole.details
    assert part.rewordings == []
    # Every row is as stored, id and version included.
    stored = {s.urn: s for s in whole.inspected}
    for school in part.inspected:
        assert school == stored[school.urn]
        assert (school.row_id, school.version) == (
            stored[school.urn].row_id,
            stored[school.urn].version,
        )
    # The hand-out is recorded, with what each row was when it left.
    with team.session() as session:
        handout = session.get(Handout, done.handout_id)
        assert handout is not None
        assert (handout.inspector, handout.file_name) == ("Ben Sample", out.name)
        assert set(handout.schools.split(",")) == {s.urn for s in [*part.inspected]} | (
            BEN_SURVEYED
        )
        bases = merge_base.read(session, str(done.handout_id))
    rows = [*part.inspected, *part.surveyed, *part.questions, *part.responses, *part.findings]
    assert set(bases) == {r.row_id for r in rows}
    assert all(bases[r.row_id].values == merge_base.base_values(r) for r in rows)


def test_schools_by_urn_and_a_workbook_that_still_imports(team: Database, out: Path) -> None:
    inspection = choose_inspection(team, "COV-2013-03").id
    done = export_for_inspector(team, inspection, Choice(urns=("990001", " 990018")), out)
    assert done.summary() == (
        "1 school inspected, 1 surveyed, 2 responses for schools 990001, 990018"
    )
    part = read_workbook(out)
    assert [s.urn for s in part.inspected] == ["990001"]
    assert [s.urn for s in part.surveyed] == ["990018"]


def test_unknown_names_and_urns_are_named_and_nothing_is_recorded(
    team: Database, out: Path
) -> None:
    inspection = choose_inspection(team, "COV-2013-03").id
    with pytest.raises(Exception, match=r'assigned to "Zed"; the inspectors are Ann Example, Ben'):
        export_for_inspector(team, inspection, Choice(inspector="Zed"), out)
    with pytest.raises(Exception, match="URNs 123456, 654321 are not among the schools of COV"):
        export_for_inspector(team, inspection, Choice(urns=("123456", "990001", "654321")), out)
    assert not out.exists()
    assert handouts(team) == (0, 0)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path) as disk:
        yield disk


def test_a_full_disk_records_no_hand_out(team: Database, disk: SmallDisk) -> None:
    inspection = choose_inspection(team, "COV-2013-03").id
    disk.fill()
    target = disk.folder / "for Ann.xlsx"
    with disk.injected(), pytest.raises(WriteError, match="is full"):
        export_for_inspector(team, inspection, Choice(inspector="Ann Example"), target)
    assert not target.exists()
    assert handouts(team) == (0, 0)


def test_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    run("example", "--db", str(db))
    out = tmp_path / "ann.xlsx"
    args = ["export", "--db", str(db), "--inspection", "COV-2013-03", "--out", str(out)]
    result = run(*args, "--inspector", "ann example")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"wrote {out}: 6 schools inspected, 0 surveyed, 0 responses for Ann Example\n"
    )
    assert {s.urn for s in read_workbook(out).inspected} == ANN
    both = run(*args, "--inspector", "Ann Example", "--schools", "990001")
    assert both.returncode == 2
    assert "not allowed with" in both.stderr
    assert_refused(
        run(*args, "--inspector", "Nobody"),
        'no school of COV-2013-03 is assigned to "Nobody"; the inspectors are Ann Example, '
        "Ben Sample, Cal Example",
    )
    assert_refused(
        run(*args, "--schools", "990001,999999"),
        "URN 999999 is not among the schools of COV-2013-03; they are 990001, 990002",
    )
    assert_refused(
        run(*args.copy()[:4], "COV-2004-05", "--out", str(out), "--schools", "990001"),
        "COV-2004-05 is an LEA inspection: it has no schools to hand out",
    )
    opened = open_database(str(db))
    try:
        assert handouts(opened)[0] == 1
        with opened.session() as session:
            (handout,) = session.scalars(select(Handout))
            assert handout.id == read_workbook(out).handout_id
            assert isinstance(handout.id, uuid.UUID)
    finally:
        opened.close()


def test_a_hand_out_is_recorded_the_same_on_sqlite_and_postgresql(
    db: Database, tmp_path: Path
) -> None:
    install_examples(db)
    answer(db, ["990012"])
    inspection = choose_inspection(db, "COV-2013-03").id
    assert evidence.inspector_names(db, inspection) == ["Ben Sample", "Ann Example", "Cal Example"]
    out = tmp_path / "cal.xlsx"
    done = export_for_inspector(db, inspection, Choice(inspector="CAL EXAMPLE"), out)
    assert done.summary() == "0 schools inspected, 6 surveyed, 1 response for Cal Example"
    part = read_workbook(out)
    assert part.handout_id == done.handout_id
    with db.session() as session:
        bases = merge_base.read(session, str(done.handout_id))
    rows = [*part.surveyed, *part.questions, *part.responses, *part.findings]
    assert {r.row_id: r.version for r in rows} == {k: b.version for k, b in bases.items()}
    assert handouts(db) == (1, len(rows))


def test_an_inspectors_workbook_holds_the_themes_and_evidence_of_their_responses_only(
    team: Database, out: Path
) -> None:
    inspection = choose_inspection(team, "COV-2013-03").id
    whole = read_snapshot(team, inspection)
    response = {r.urn: r.row_id for r in whole.responses}
    strength = whole.findings[0]
    assert strength.row_id is not None
    assert None not in response.values()
    for urn in ("990001", "990007"):  # Ann's school and Ben's
        themes.add_theme(team, [response[urn]], f"theme of {urn}")  # type: ignore[list-item]
        support.link(team, strength.row_id, [response[urn]])  # type: ignore[list-item]
    done = export_for_inspector(team, inspection, Choice(inspector="Ben Sample"), out)
    book = load_workbook(out)
    assert [r[:4] for r in book["Themes"].iter_rows(min_row=2, values_only=True)] == [
        ("990007", 1, "Headteacher", "theme of 990007")
    ]
    assert [r[:5] for r in book["Evidence"].iter_rows(min_row=2, values_only=True)] == [
        (strength.kind.label, strength.number, "990007", 1, "Headteacher")
    ]
    part = read_workbook(out)
    stored = read_snapshot(team, inspection)
    assert part.themes == [t for t in stored.themes if t.urn == "990007"]
    assert part.evidence == [e for e in stored.evidence if e.urn == "990007"]
    links: list[ThemeRow | EvidenceRow] = [*part.themes, *part.evidence]
    assert all(r.row_id is not None and r.version is not None for r in links)
    with team.session() as session:
        bases = merge_base.read(session, str(done.handout_id))
    for row in links:  # each recorded as it left, as the other rows are
        assert row.row_id is not None
        assert bases[row.row_id].values == merge_base.base_values(row)
        assert bases[row.row_id].version == row.version
