"""The Themes and Evidence sheets: export → import reproduces them exactly (on the example, with
responses, themes and links drawn at random), rows are read strictly, the sheets are optional,
and a replacing import adds, keeps and removes them, saying so first."""

from __future__ import annotations

import json
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coventry_inspect.domain.vocabulary import (
    FindingKind,
    InspectionKind,
    Respondent,
    ResponseJudgement,
)
from coventry_inspect.exchange.errors import WorkbookInvalid
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook, write_template
from coventry_inspect.services import support, themes
from coventry_inspect.services.examples import example_paths, example_snapshot
from coventry_inspect.services.findings import add_finding
from coventry_inspect.services.replacement import plan_replacement, replace
from coventry_inspect.services.snapshot import (
    EvidenceRow,
    InspectionSnapshot,
    ResponseRow,
    ThemeRow,
    occurrences,
    read_snapshot,
)
from coventry_inspect.store.database import Database, open_database
from tests.services.test_analysis import build

THEMES = ["governor training", "Clusters", "HR support", "data", "Ofsted readiness"]
TEXTS = ["Yes.", "Partly: = see notes", "No.", ""]
"""Few texts, so that two responses alike in URN, question and respondent are common."""


def focused_example() -> InspectionSnapshot:
    path = next(p for p in example_paths() if "focused" in p.name)
    return example_snapshot(json.loads(path.read_text(encoding="utf-8")))


@st.composite
def with_links(draw: st.DrawFn) -> InspectionSnapshot:
    """The focused example with responses, themes and evidence links drawn at random."""
    snapshot = focused_example()
    urns = [s.urn for s in [*snapshot.inspected, *snapshot.surveyed]]
    numbers = [q.number for q in snapshot.questions]
    snapshot.responses = [
        ResponseRow(
            draw(st.sampled_from(urns[:3])),  # few schools: shared URN + question + respondent
            draw(st.sampled_from(numbers[:2])),
            draw(st.sampled_from([Respondent.HEADTEACHER, Respondent.GOVERNOR])),
            draw(st.sampled_from(TEXTS)),
            draw(st.one_of(st.none(), st.sampled_from(ResponseJudgement))),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    n = occurrences(snapshot.responses)
    if snapshot.responses:
        indices = st.integers(0, len(snapshot.responses) - 1)
        tags = draw(st.lists(st.tuples(indices, st.sampled_from(THEMES)), unique=True))
        snapshot.themes = [
            ThemeRow(r.urn, r.question_number, r.respondent, theme, n[i])
            for i, theme in tags
            for r in [snapshot.responses[i]]
        ]
        links = draw(
            st.lists(
                st.tuples(st.integers(0, len(snapshot.findings) - 1), indices),
                unique=True,
                max_size=8,
            )
        )
        snapshot.evidence = [
            EvidenceRow(f.kind, f.number, r.urn, r.question_number, r.respondent, n[i], f.section)
            for f_index, i in links
            for f, r in [(snapshot.findings[f_index], snapshot.responses[i])]
        ]
    return snapshot


def tags_by_content(snapshot: InspectionSnapshot) -> tuple[Counter[Any], Counter[Any]]:
    """Which response (by everything it says) carries which theme and supports which finding."""
    found = {
        (r.urn, r.question_number, r.respondent, n): r
        for r, n in zip(snapshot.responses, occurrences(snapshot.responses), strict=True)
    }

    def said(link: ThemeRow | EvidenceRow) -> tuple[Any, ...]:
        r = found[link.urn, link.question_number, link.respondent, link.occurrence]
        return (r.urn, r.question_number, r.respondent, r.text, r.judgement)

    return (
        Counter((said(t), t.theme) for t in snapshot.themes),
        Counter((said(e), e.kind, e.number) for e in snapshot.evidence),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_links())
def test_export_import_reproduces_themes_and_evidence_exactly(drawn: InspectionSnapshot) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here, there = Path(folder) / "here.sqlite", Path(folder) / "there.sqlite"
        db = open_database(str(here), user="tester")
        try:
            inspection_id = replace(db, drawn).inspection_id
            stored = read_snapshot(db, inspection_id)
            assert tags_by_content(stored) == tags_by_content(drawn)
            workbook = Path(folder) / "out.xlsx"
            export_workbook(stored, workbook)
            read = read_workbook(workbook)
            assert read == stored
            assert plan_replacement(db, read).changes_anything is False
        finally:
            db.close()
        other = open_database(str(there), user="tester")
        try:
            copied = read_snapshot(other, replace(other, read).inspection_id)
        finally:
            other.close()
        # Two responses alike in everything are told apart by their ids alone, which a new
        # file does not keep: which of the two carries a tag is the same by what they say.
        assert tags_by_content(copied) == tags_by_content(stored)
        copied.themes, copied.evidence = stored.themes, stored.evidence
        assert copied == stored


# -- a hand-made inspection: FOC-1 of tests/services/test_analysis, tagged and linked ----------


@pytest.fixture
def tagged(sqlite_db: Database) -> uuid.UUID:
    return tag(sqlite_db)


def tag(sqlite_db: Database) -> uuid.UUID:
    """FOC-1 with a second governor's answer from Ash to question 2 (two responses then share
    URN 100001, question 2, Governor), themes on three responses and two findings linked."""
    from coventry_inspect.services import evidence

    inspection_id = build(sqlite_db)
    ash_governor = next(
        r for r in evidence.list_responses(sqlite_db, inspection_id) if r.text == "Too little."
    )
    second = evidence.add_response(
        sqlite_db,
        ash_governor.key_question_id,
        ash_governor.school_id,
        Respondent.GOVERNOR,
        "Enough, now.",
    )
    by_text = {r.text: r.row_id for r in read_snapshot(sqlite_db, inspection_id).responses}
    themes.set_themes(sqlite_db, by_text["We are known well."], ["Clusters", "data"])
    themes.set_themes(sqlite_db, second.id, ["HR support"])
    themes.set_themes(sqlite_db, by_text["Too little."], ["governor training"])
    strength = add_finding(sqlite_db, inspection_id, FindingKind.STRENGTH, "Knows its schools.")
    area = add_finding(
        sqlite_db, inspection_id, FindingKind.AREA_FOR_IMPROVEMENT, "Too little challenge."
    )
    support.link(sqlite_db, strength.id, [by_text["We are known well."], by_text["Very well."]])
    support.link(sqlite_db, area.id, [second.id, by_text["Too little."]])
    return inspection_id


def sheet_values(path: Path, name: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in load_workbook(path)[name].iter_rows(values_only=True)]


def test_the_sheets_as_written(sqlite_db: Database, tagged: uuid.UUID, out: Path) -> None:
    stored = read_snapshot(sqlite_db, tagged)
    export_workbook(stored, out)
    themes_sheet = sheet_values(out, "Themes")
    assert themes_sheet[0] == (
        "URN",
        "Question No",
        "Respondent",
        "Theme",
        "Response Id",
        "Id",
        "Version",
    )
    shared = {r.text: str(r.row_id) for r in stored.responses if r.urn == "100001"}
    assert [row[:5] for row in themes_sheet[1:]] == [
        ("100001", 1, "Headteacher", "Clusters", None),
        ("100001", 1, "Headteacher", "data", None),
        # The two governors' answers to question 2: each named by its Id as well.
        ("100001", 2, "Governor", "HR support", shared["Enough, now."]),
        ("100001", 2, "Governor", "governor training", shared["Too little."]),
    ]
    evidence_sheet = sheet_values(out, "Evidence")
    assert evidence_sheet[0] == (
        "Kind",
        "No",
        "URN",
        "Question No",
        "Respondent",
        "Response Id",
        "Id",
        "Version",
    )
    assert [row[:5] for row in evidence_sheet[1:]] == [
        ("Strength", 1, "100001", 1, "Headteacher"),
        ("Strength", 1, "100004", 1, "Headteacher"),
        ("Area for improvement", 1, "100001", 2, "Governor"),
        ("Area for improvement", 1, "100001", 2, "Governor"),
    ]
    sheet = load_workbook(out)["Themes"]
    assert [sheet.column_dimensions[c].hidden for c in "ABCDEFG"] == [False] * 4 + [True] * 3
    assert sheet.freeze_panes == "A2"
    assert read_workbook(out) == stored
    # The blank template has both, empty under their headers.
    template = out.parent / "blank.xlsx"
    write_template(InspectionKind.FOCUSED, template)
    assert sheet_values(template, "Themes") == [themes_sheet[0]]
    assert sheet_values(template, "Evidence") == [evidence_sheet[0]]


def edited(
    path: Path,
    changes: dict[str, list[list[Any]]],
    drop: tuple[str, ...] = (),
    clear: tuple[str, ...] = (),
) -> Path:
    """The workbook with rows appended to sheets (values by header), sheets removed, or sheets
    emptied under their header row."""
    workbook = load_workbook(path)
    for name in drop:
        del workbook[name]
    for name in clear:
        if workbook[name].max_row > 1:
            workbook[name].delete_rows(2, workbook[name].max_row - 1)
    for name, rows in changes.items():
        for row in rows:
            workbook[name].append(row)
    workbook.save(path)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path)
    return [str(p) for p in raised.value.problems]


def test_rows_naming_what_is_not_there_are_refused(
    sqlite_db: Database, tagged: uuid.UUID, out: Path
) -> None:
    export_workbook(read_snapshot(sqlite_db, tagged), out)
    themes_rows = len(sheet_values(out, "Themes"))
    evidence_rows = len(sheet_values(out, "Evidence"))
    edited(
        out,
        {
            "Themes": [
                ["123456", 2, "Headteacher", "clusters"],
                ["100001", 1, "Headteacher", "   "],
                ["100001", 1, "Headteacher", "x" * 61],
                ["100001", 1, "Headteacher", f"  {'y' * 60}  "],  # fits once tidied
                ["100001", 2, "Governor", "data"],  # two governors' answers: which?
                ["100001", 2, "Governor", "data", str(uuid.uuid4())],  # neither of them
                ["100001", 1, "Headteacher", "pay; conditions"],  # two themes in one cell
            ],
            "Evidence": [
                ["Strength", 2, "100001", 1, "Headteacher"],
                ["Strength", 1, "100002", 3, "Headteacher"],
                ["Area", 1, "100001", 1, "Headteacher"],
            ],
        },
    )
    t, e = themes_rows, evidence_rows
    # Cell values are checked first; what the rows name only once every cell is good.
    assert problems(out) == [
        f'Themes, row {t + 2}, column "Theme": is empty',
        f'Themes, row {t + 3}, column "Theme": 61 characters is too long; at most 60 fit here',
        f'Themes, row {t + 7}, column "Theme": “pay; conditions” holds a comma or semicolon, '
        "which separate themes: give each theme on its own",
        f'Evidence, row {e + 3}, column "Kind": "Area" is not a kind; use Strength or Area '
        "for improvement",
    ]
    assert not [p for p in problems(out) if p.startswith(f"Themes, row {t + 4},")]
    # With the cells put right, what the rows name is checked.
    export_workbook(read_snapshot(sqlite_db, tagged), out)
    edited(
        out,
        {
            "Themes": [
                ["123456", 2, "Headteacher", "clusters"],
                ["100001", 2, "Governor", "data"],
                ["100001", 2, "Governor", "data", str(uuid.uuid4())],
            ],
            "Evidence": [
                ["Strength", 2, "100001", 1, "Headteacher"],
                ["Strength", 1, "100002", 3, "Headteacher"],
            ],
        },
    )
    responses = [
        r for (r,) in load_workbook(out)["Responses"].iter_rows(values_only=True, max_col=1)
    ]
    ash = [n for n, urn in enumerate(responses, start=1) if urn == "100001"]
    governors = f"rows {ash[-2]} and {ash[-1]}"
    assert problems(out) == [
        f'Themes, row {t + 1}, column "URN": no response from URN 123456 to question 2 by '
        "Headteacher on the Responses sheet",
        *[
            f'Themes, row {t + k}, column "Response Id": there are 2 responses from URN 100001 '
            f"to question 2 by Governor on the Responses sheet ({governors}); put the Id of the "
            "one meant (from its hidden Id column) in Response Id"
            for k in (2, 3)
        ],
        f'Evidence, row {e + 1}, column "No": no Strength 2 on the Findings sheet',
        f'Evidence, row {e + 2}, column "URN": no response from URN 100002 to question 3 by '
        "Headteacher on the Responses sheet",
    ]


def test_duplicates_collapse_and_a_theme_keeps_one_spelling(
    sqlite_db: Database, tagged: uuid.UUID, out: Path
) -> None:
    stored = read_snapshot(sqlite_db, tagged)
    export_workbook(stored, out)
    edited(
        out,
        {
            "Themes": [
                ["100001", 1, "Headteacher", "  CLUSTERS "],  # said again, in other letters
                ["100002", 1, "Headteacher", "Governor   Training"],  # a new tag, known theme
            ],
            "Evidence": [["Strength", 1, "100004", 1, "Headteacher"]],  # said again
        },
    )
    read = read_workbook(out)
    assert read.evidence == stored.evidence
    assert read.themes == [
        *stored.themes,
        ThemeRow("100002", 1, Respondent.HEADTEACHER, "governor training"),
    ]


def test_absent_sheets_say_nothing_and_an_old_workbook_imports(
    sqlite_db: Database, tagged: uuid.UUID, out: Path
) -> None:
    """A workbook without the Themes and Evidence sheets (written before they existed, or with
    them deleted) keeps the inspection's themes and links; an empty sheet removes them."""
    stored = read_snapshot(sqlite_db, tagged)
    export_workbook(stored, out)
    edited(out, {}, drop=("Themes", "Evidence"))
    old = read_workbook(out)
    assert (old.themes, old.evidence) == ([], [])
    assert old.responses == stored.responses
    assert not plan_replacement(sqlite_db, old).changes_anything
    # A response reworded in it is a new response: its themes and links go with the old one.
    first = old.responses[0]
    first.text += " (reworded)"
    plan = plan_replacement(sqlite_db, old)
    gone = [line for line in plan.lines() if line.startswith(("Themes", "Evidence"))]
    assert gone
    assert all("remove" in line and "add" not in line for line in gone)
    replace(sqlite_db, old)
    after = read_snapshot(sqlite_db, tagged)
    assert after.themes == [
        t
        for t in stored.themes
        if (t.urn, t.question_number, t.respondent)
        != (first.urn, first.question_number, first.respondent)
    ]
    # With the sheets there but empty, there are none.
    export_workbook(after, out)
    edited(out, {}, clear=("Themes", "Evidence"))
    plan = plan_replacement(sqlite_db, read_workbook(out))
    assert plan.summary().startswith("removed ")
    assert "theme" in plan.summary()
    assert "evidence link" in plan.summary()
    # An LEA workbook with rows on them is refused: an LEA inspection has no responses.
    lea = out.parent / "lea.xlsx"
    write_template(InspectionKind.LEA, lea)
    assert "Themes" not in load_workbook(lea).sheetnames
    workbook = load_workbook(lea)
    workbook.create_sheet("Themes").append(["URN", "Question No", "Respondent", "Theme"])
    workbook["Themes"].append(["100001", 1, "Headteacher", "data"])
    workbook.save(lea)
    assert any(
        p.startswith('Themes, row 2, column "URN": an LEA inspection has no themes sheet')
        for p in problems(lea)
    )


def test_a_replacing_import_adds_keeps_and_removes_them(db: Database, out: Path) -> None:
    """On SQLite and on PostgreSQL."""
    tagged = tag(db)
    stored = read_snapshot(db, tagged)
    export_workbook(stored, out)
    workbook = load_workbook(out)
    workbook["Themes"].delete_rows(2)  # Clusters off Ash's headteacher
    for row in (
        ["100002", 1, "Headteacher", "data"],
        ["100002", 2, "Headteacher", "data"],
        ["100004", 1, "Headteacher", "Local support"],
    ):
        workbook["Themes"].append(row)
    workbook["Evidence"].delete_rows(3)  # Damson's headteacher no longer supports Strength 1
    workbook.save(out)
    read = read_workbook(out)
    plan = plan_replacement(db, read)
    assert plan.summary() == "removed 1 theme and 1 evidence link; added 3 themes"
    assert plan.lines() == [
        "Themes: remove 1 (100001 question 1 Headteacher: Clusters); add 3 (100002 question 1 "
        "Headteacher: data, 100002 question 2 Headteacher: data, 100004 question 1 "
        "Headteacher: Local support)",
        "Evidence: remove 1 (Strength 1 ← 100004 question 1 Headteacher)",
    ]
    kept_ids = {t.row_id for t in stored.themes[1:]}
    done = replace(db, read, record=("replaced", "from out.xlsx"), expected=plan)
    after = read_snapshot(db, tagged)
    assert after == read
    assert kept_ids <= {t.row_id for t in after.themes}  # kept, not removed and added again
    found = support.support_by_finding(db, tagged)
    assert sorted(s.responses for s in found.values()) == [1, 2]
    # Writing back what was there (as undo does) puts the removed rows back with their ids.
    assert done.before is not None
    replace(db, done.before, ids=done.removed_ids)
    back = read_snapshot(db, tagged)
    assert back == stored
    assert [t.row_id for t in back.themes] == [t.row_id for t in stored.themes]
    assert [e.row_id for e in back.evidence] == [e.row_id for e in stored.evidence]


def test_a_changed_response_takes_its_links_along(db: Database, out: Path) -> None:
    """On SQLite and on PostgreSQL."""
    tagged = tag(db)
    stored = read_snapshot(db, tagged)
    export_workbook(stored, out)
    workbook = load_workbook(out)
    responses = workbook["Responses"]
    for row in responses.iter_rows(min_row=2):
        if row[3].value == "We are known well.":
            row[3].value = "We are known very well."
    workbook.save(out)
    read = read_workbook(out)
    plan = plan_replacement(db, read)
    # The response is replaced (a response is matched by what it says), its tags with it.
    assert plan.summary() == (
        "removed 1 response, 2 themes and 1 evidence link; added 1 response, 2 themes and "
        "1 evidence link"
    )
    replace(db, read)
    after = read_snapshot(db, tagged)
    assert after == read
    assert tags_by_content(after) != tags_by_content(stored)
    assert len(after.themes) == 4


def test_cli_dry_run_and_import_say_what_happens_to_them(
    sqlite_db: Database, tagged: uuid.UUID, out: Path
) -> None:
    from tests.test_cli import run

    export_workbook(read_snapshot(sqlite_db, tagged), out)
    workbook = load_workbook(out)
    workbook["Themes"].append(["100002", 1, "Headteacher", "data"])
    workbook["Evidence"].delete_rows(2)
    workbook.save(out)
    target = str(sqlite_db.target)
    dry = run("import", str(out), "--db", target, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[1:] == [
        "  Themes: add 1 (100002 question 1 Headteacher: data)",
        "  Evidence: remove 1 (Strength 1 ← 100001 question 1 Headteacher)",
    ]
    assert "15 responses, 2 findings, 5 themes, 3 evidence links)" in dry.stdout.splitlines()[0]
    done = run("import", str(out), "--db", target)
    assert done.returncode == 0, done.stderr
    assert "  removed 1 evidence link; added 1 theme" in done.stdout.splitlines()
    assert len(read_snapshot(sqlite_db, tagged).themes) == 5


def test_a_workbook_resaved_by_libreoffice_keeps_them(
    sqlite_db: Database, tagged: uuid.UUID, out: Path, tmp_path: Path
) -> None:
    from tests.exchange.test_libreoffice import soffice

    stored = read_snapshot(sqlite_db, tagged)
    export_workbook(stored, out)
    resaved = tmp_path / "resaved"
    result = soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(out)
    )
    assert result.returncode == 0, result.stderr
    again = resaved / out.name
    assert read_workbook(again) == stored
    sheet = load_workbook(again)["Evidence"]
    # LibreOffice writes neighbouring columns alike as one range (F:G, say).
    hidden = {
        n
        for d in sheet.column_dimensions.values()
        if d.hidden and d.min is not None and d.max is not None
        for n in range(d.min, d.max + 1)
    }
    assert hidden == {6, 7, 8}  # Response Id, Id, Version
