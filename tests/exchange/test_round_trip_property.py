"""Property: any valid inspection survives export → import → export exactly."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coventry_inspect.domain import jrs
from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import (
    AskedOf,
    FindingKind,
    InadequateCategory,
    InspectionKind,
    LeaGrade,
    Phase,
    PreviousGrade,
    Respondent,
    ResponseJudgement,
    SchoolGrade,
)
from coventry_inspect.exchange.reader import read_workbook
from coventry_inspect.exchange.writer import export_workbook
from coventry_inspect.services.snapshot import (
    FindingRow,
    InspectedRow,
    InspectionSnapshot,
    JudgementRow,
    QuestionRow,
    RecommendationRow,
    ResponseRow,
    SurveyedRow,
)

# Average grades keep four decimals: workbooks, like Excel, hold 15 significant digits.
# Anything a person can type; XML cannot hold most control characters, and turns a carriage
# return into a line feed (the exporter writes line feeds, tested separately).
characters = st.characters(blacklist_categories=("Cs", "Cn", "Cc"), whitelist_characters="\n\t")
plain = st.text(characters, max_size=40)
risky_start = st.sampled_from(["", "=", "+", "-", "@", "\t", "=SUM(A1:A9)", "\n"])
free_text = st.builds(lambda start, rest: start + rest, risky_start, plain)
long_text = st.builds(
    lambda seed, n: (seed or "x") * n,
    st.text(characters, min_size=1, max_size=10),
    st.integers(2_000, 3_000),
).map(lambda t: t[:30_000])
response_text = st.one_of(free_text, long_text)
required = free_text.filter(lambda t: t.strip() != "")
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
urns = st.integers(100_000, 999_999).map(str)


@st.composite
def details(draw: st.DrawFn, kind: InspectionKind) -> Details:
    start, end, letter = sorted(draw(st.lists(dates, min_size=3, max_size=3)))
    return Details(
        reference=draw(st.from_regex(r"[A-Z]{3}-20[0-9]{2}-[0-9]{2}", fullmatch=True)),
        kind=kind,
        authority=draw(required).strip() or "Coventry",
        la_number=draw(st.from_regex(r"[0-9]{3}", fullmatch=True)),
        start_date=start,
        end_date=draw(st.one_of(st.none(), st.just(end))),
        letter_date=draw(st.one_of(st.none(), st.just(letter))),
        meeting_date=draw(st.one_of(st.none(), dates)),
        sender_name=draw(free_text),
        sender_title=draw(free_text),
        addressee_name=draw(free_text),
        addressee_title=draw(free_text),
        addressee_address=draw(free_text),
        copy_to=draw(free_text),
        summary=draw(response_text),
    )


@st.composite
def inspected_row(draw: st.DrawFn, urn: str) -> InspectedRow:
    outcome = draw(st.one_of(st.none(), st.sampled_from(SchoolGrade)))
    category = (
        draw(st.sampled_from(InadequateCategory)) if outcome is SchoolGrade.INADEQUATE else None
    )
    return InspectedRow(
        urn,
        draw(required),
        draw(st.sampled_from(Phase)),
        draw(st.sampled_from(PreviousGrade)),
        outcome,
        category,
        draw(free_text),
    )


@st.composite
def focused_snapshots(draw: st.DrawFn) -> InspectionSnapshot:
    snapshot = InspectionSnapshot(draw(details(InspectionKind.FOCUSED)))
    all_urns = draw(st.lists(urns, unique=True, max_size=12))
    split = draw(st.integers(0, len(all_urns)))
    snapshot.inspected = [draw(inspected_row(urn)) for urn in all_urns[:split]]
    snapshot.surveyed = [
        SurveyedRow(
            urn,
            draw(required),
            draw(st.sampled_from(Phase)),
            draw(st.sampled_from([PreviousGrade.OUTSTANDING, PreviousGrade.GOOD])),
            draw(st.one_of(st.none(), dates)),
            draw(free_text),
        )
        for urn in all_urns[split:]
    ]
    numbers = draw(st.lists(st.integers(1, 20), unique=True, max_size=5))
    snapshot.questions = [
        QuestionRow(n, draw(required), draw(st.sampled_from(AskedOf))) for n in numbers
    ]
    if all_urns and numbers:
        snapshot.responses = [
            ResponseRow(
                draw(st.sampled_from(all_urns)),
                draw(st.sampled_from(numbers)),
                draw(st.sampled_from(Respondent)),
                draw(response_text),
                draw(st.one_of(st.none(), st.sampled_from(ResponseJudgement))),
            )
            for _ in range(draw(st.integers(0, 4)))
        ]
    snapshot.findings = [
        FindingRow(kind, "", number, draw(required))
        for kind in FindingKind
        for number in range(1, draw(st.integers(0, 4)) + 1)
    ]
    return snapshot


@st.composite
def lea_snapshots(draw: st.DrawFn) -> InspectionSnapshot:
    snapshot = InspectionSnapshot(draw(details(InspectionKind.LEA)))
    grades = st.one_of(st.none(), st.sampled_from(LeaGrade))
    entries = draw(st.lists(st.sampled_from(jrs.catalogue()), unique=True, max_size=51))
    snapshot.judgements = [
        JudgementRow(
            entry.number,
            draw(grades),
            draw(st.booleans()),
            draw(grades),
            draw(grades),
            draw(st.one_of(st.none(), st.floats(1.0, 7.0).map(lambda x: round(x, 4)))),
        )
        for entry in entries
    ]
    sections = sorted({entry.section for entry in jrs.catalogue()})
    snapshot.findings = [
        FindingRow(draw(st.sampled_from(FindingKind)), section, number, draw(required))
        for section in draw(st.lists(st.sampled_from(sections), unique=True, max_size=3))
        for number in range(1, draw(st.integers(1, 3)) + 1)
    ]
    snapshot.recommendations = [
        RecommendationRow(draw(plain), draw(plain), draw(required), draw(st.booleans()))
        for _ in range(draw(st.integers(0, 4)))
    ]
    return snapshot


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(focused_snapshots(), lea_snapshots()))
def test_export_import_export_reproduces_the_data(snapshot: InspectionSnapshot) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "first.xlsx", Path(folder) / "second.xlsx"
        export_workbook(snapshot, first)
        imported = read_workbook(first)
        assert imported == snapshot
        export_workbook(imported, second)
        assert read_workbook(second) == snapshot


def test_carriage_returns_become_line_feeds(tmp_path: Path) -> None:
    snapshot = InspectionSnapshot(
        Details("COV-2013-03", InspectionKind.FOCUSED, "Coventry", summary="one\r\ntwo\rthree")
    )
    export_workbook(snapshot, tmp_path / "cr.xlsx")
    assert read_workbook(tmp_path / "cr.xlsx").details.summary == "one\ntwo\nthree"
