"""Every text the services store fits its column and every URN is six ASCII digits, whichever
service the value arrives through; a refusal stores nothing."""

from __future__ import annotations

import pytest

from coventry_inspect.domain.inspection import Details
from coventry_inspect.domain.vocabulary import FindingKind, InspectionKind, Phase, PreviousGrade
from coventry_inspect.services import evidence, findings, inspections, schools
from coventry_inspect.services.errors import ServiceError
from coventry_inspect.services.history import list_history
from coventry_inspect.services.limits import max_length
from coventry_inspect.services.snapshot import InspectedRow, InspectionSnapshot, replace_inspection
from coventry_inspect.store.database import Database
from coventry_inspect.store.models import Inspection, LocalAuthority, Recommendation, School


@pytest.fixture
def inspection(db: Database) -> Inspection:
    return inspections.create_inspection(db, "COV-1", InspectionKind.LEA, "Coventry")


def test_the_limits_are_the_models_lengths() -> None:
    assert max_length(Inspection.reference) == 40
    assert max_length(School.urn) == 6
    assert max_length(Inspection.summary) is None  # Text: only a cell's 32,767 limit applies


def test_a_too_long_reference_is_refused_and_nothing_changes(
    db: Database, inspection: Inspection
) -> None:
    with pytest.raises(ServiceError, match=r"^Reference: 41 characters is too long; at most 40"):
        inspections.update_inspection(db, inspection.id, reference="R" * 41)
    assert inspections.get_inspection(db, inspection.id).reference == "COV-1"


def test_a_too_long_authority_is_refused_on_create(db: Database) -> None:
    with pytest.raises(ServiceError, match=r"^Local authority: 201 characters is too long"):
        inspections.create_inspection(db, "COV-2", InspectionKind.LEA, "A" * 201)
    assert inspections.find_by_reference(db, "COV-2") is None


def test_too_long_findings_and_recommendations_are_refused(
    db: Database, inspection: Inspection
) -> None:
    with pytest.raises(ServiceError, match=r"^Section: 201 characters is too long"):
        findings.add_finding(db, inspection.id, FindingKind.STRENGTH, "Good", section="S" * 201)
    added = findings.add_recommendation(db, inspection.id, "Do better", function="Support")
    limit = max_length(Recommendation.function)
    assert limit is not None
    with pytest.raises(ServiceError, match=r"^Function: 301 characters is too long"):
        findings.update_recommendation(db, added.id, function="F" * (limit + 1))
    assert findings.list_findings(db, inspection.id) == []
    assert [r.function for r in findings.list_recommendations(db, inspection.id)] == ["Support"]


@pytest.mark.parametrize("urn", ["１２３４５６", "١٢٣٤٥٦", "12345", "1234567", " 12345"])
def test_a_urn_is_six_ascii_digits(db: Database, urn: str) -> None:
    focused = inspections.create_inspection(db, "COV-3", InspectionKind.FOCUSED, "Coventry")
    with pytest.raises(ServiceError, match="is not a URN; a URN is six digits 0-9"):
        evidence.add_inspected_school(
            db, focused.id, urn, "Abbey Primary", Phase.PRIMARY, PreviousGrade.GOOD
        )
    assert schools.list_schools(db) == []
    assert evidence.list_inspected_schools(db, focused.id) == []


def test_a_long_name_through_the_import_path_is_refused_whole(db: Database) -> None:
    """replace_inspection writes many rows in one session: the length check runs at the flush,
    so it holds for services that never call a validator."""
    snapshot = InspectionSnapshot(Details("COV-4", InspectionKind.FOCUSED, "Coventry"))
    snapshot.inspected.append(
        InspectedRow("123456", "N" * 301, Phase.PRIMARY, PreviousGrade.GOOD, None, None, "")
    )
    with pytest.raises(ServiceError, match=r"^School: 301 characters is too long; at most 300"):
        replace_inspection(db, snapshot)
    assert inspections.find_by_reference(db, "COV-4") is None
    assert schools.list_schools(db) == []
    assert list_history(db) == []
    with db.session() as session:
        assert session.query(LocalAuthority).count() == 0
