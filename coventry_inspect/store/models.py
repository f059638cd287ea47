"""SQLAlchemy 2 typed models of an inspection and its evidence.

UUID primary keys let files from several inspectors merge without collisions; human references
(``Inspection.reference``, ``School.urn``) are unique alongside them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from coventry_inspect.domain.jrs import FRAMEWORK_2004
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
from coventry_inspect.store.types import CodeEnum, GradeEnum, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Audited:
    """Identity and audit columns shared by every evidence table."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    """Counts the row's committed changes (1 when created). SQLAlchemy checks it on every UPDATE
    and DELETE, so a row changed by someone else since it was read is never silently overwritten
    (two inspectors on one team server), and a merge knows what a row was when it was handed out."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.version}


AUDIT_COLUMNS = frozenset({"id", "created_at", "updated_at", "updated_by", "version"})
"""The columns that say who a row is and when it changed, not what it records: neither the
history nor a check of what a user saw compares them."""


def _inspection_fk() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)


class LocalAuthority(Audited, Base):
    __tablename__ = "local_authority"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    la_number: Mapped[str] = mapped_column(String(10), default="")


class School(Audited, Base):
    """An establishment in the school register, keyed by its URN."""

    __tablename__ = "school"

    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    phase: Mapped[Phase | None] = mapped_column(CodeEnum(Phase))
    establishment_type: Mapped[str] = mapped_column(String(200), default="")
    la_code: Mapped[str] = mapped_column(String(10), default="")
    la_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(100), default="")
    ofsted_rating: Mapped[str] = mapped_column(String(100), default="")
    ofsted_last_inspection: Mapped[date | None] = mapped_column(Date)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    """True for made-up schools, such as those standing in for the unnamed ones of an example."""


class Inspection(Audited, Base):
    __tablename__ = "inspection"

    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[InspectionKind] = mapped_column(CodeEnum(InspectionKind))
    local_authority_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("local_authority.id"))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    letter_date: Mapped[date | None] = mapped_column(Date)
    meeting_date: Mapped[date | None] = mapped_column(Date)
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    sender_title: Mapped[str] = mapped_column(String(300), default="")
    addressee_name: Mapped[str] = mapped_column(String(200), default="")
    addressee_title: Mapped[str] = mapped_column(String(300), default="")
    addressee_address: Mapped[str] = mapped_column(Text, default="")
    copy_to: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    local_authority: Mapped[LocalAuthority] = relationship(lazy="joined")


class InspectedSchool(Audited, Base):
    __tablename__ = "inspected_school"
    __table_args__ = (UniqueConstraint("inspection_id", "school_id"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    phase: Mapped[Phase] = mapped_column(CodeEnum(Phase))
    previous_grade: Mapped[PreviousGrade] = mapped_column(CodeEnum(PreviousGrade))
    outcome_grade: Mapped[SchoolGrade | None] = mapped_column(GradeEnum(SchoolGrade))
    inadequate_category: Mapped[InadequateCategory | None] = mapped_column(
        CodeEnum(InadequateCategory)
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    inspector: Mapped[str] = mapped_column(String(100), default="", server_default="")
    """Who in the team the school is assigned to (blank = unassigned)."""

    school: Mapped[School] = relationship(lazy="joined")


class SurveyedSchool(Audited, Base):
    __tablename__ = "surveyed_school"
    __table_args__ = (UniqueConstraint("inspection_id", "school_id"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    phase: Mapped[Phase] = mapped_column(CodeEnum(Phase))
    last_grade: Mapped[PreviousGrade] = mapped_column(CodeEnum(PreviousGrade))
    call_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    inspector: Mapped[str] = mapped_column(String(100), default="", server_default="")
    """Who in the team telephones the school (blank = unassigned)."""

    school: Mapped[School] = relationship(lazy="joined")


class KeyQuestion(Audited, Base):
    __tablename__ = "key_question"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    asked_of: Mapped[AskedOf] = mapped_column(CodeEnum(AskedOf), default=AskedOf.ALL_SCHOOLS)


class Response(Audited, Base):
    """A headteacher's or governor's answer to one key question."""

    __tablename__ = "response"

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    key_question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("key_question.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school.id"), index=True)
    respondent: Mapped[Respondent] = mapped_column(CodeEnum(Respondent))
    text: Mapped[str] = mapped_column(Text, default="")
    judgement: Mapped[ResponseJudgement | None] = mapped_column(CodeEnum(ResponseJudgement))

    school: Mapped[School] = relationship(lazy="joined")
    key_question: Mapped[KeyQuestion] = relationship(lazy="joined")


class Finding(Audited, Base):
    """A strength or an area for improvement (by section, for an LEA inspection)."""

    __tablename__ = "finding"

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    kind: Mapped[FindingKind] = mapped_column(CodeEnum(FindingKind))
    section: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[int] = mapped_column(Integer)
    statement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Order of entry across kinds and sections, as the report lists them."""


class ResponseTheme(Audited, Base):
    """A short theme an inspector tags a response with ("governor training"): the analysis
    counts responses per theme."""

    __tablename__ = "response_theme"
    __table_args__ = (UniqueConstraint("response_id", "theme"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(String(60))


class FindingEvidence(Audited, Base):
    """A response that supports a finding: the evidence behind a strength or an area for
    improvement."""

    __tablename__ = "finding_evidence"
    __table_args__ = (UniqueConstraint("finding_id", "response_id"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    finding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )


class Judgement(Audited, Base):
    """One Judgement Recording Statement: a catalogue entry with its grades."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    framework: Mapped[str] = mapped_column(String(20), default=FRAMEWORK_2004)
    number: Mapped[str] = mapped_column(String(8))
    grade: Mapped[LeaGrade | None] = mapped_column(GradeEnum(LeaGrade))
    no_fieldwork: Mapped[bool] = mapped_column(Boolean, default=False)
    self_evaluation_grade: Mapped[LeaGrade | None] = mapped_column(GradeEnum(LeaGrade))
    previous_grade: Mapped[LeaGrade | None] = mapped_column(GradeEnum(LeaGrade))
    average_grade: Mapped[float | None] = mapped_column(Float)


class Recommendation(Audited, Base):
    __tablename__ = "recommendation"

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    section: Mapped[str] = mapped_column(String(200), default="")
    function: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    key: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class LetterEdit(Audited, Base):
    """An inspector's wording of one block of the generated letter."""

    __tablename__ = "letter_edit"
    __table_args__ = (UniqueConstraint("inspection_id", "key"),)

    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    based_on: Mapped[str] = mapped_column(Text, default="")
    """The generated wording when it was edited: a different one now means the facts changed."""


class HistoryEntry(Base):
    """One change to evidence: who, when, what, old → new. Kept after the row itself is deleted."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100))
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(10))
    field: Mapped[str] = mapped_column(String(60), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int | None] = mapped_column(Integer)
    """The row's version after this change (None for changes recorded before versions existed):
    which changes a copy handed out at version N has not seen."""
    school_urn: Mapped[str] = mapped_column(String(6), default="", server_default="")
    school_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    """The school the change is about (a school, or a row belonging to one such as a response),
    as it was named at the time: the history names it after the row or the school is gone."""


class DatabaseIdentity(Base):
    """The database's own id, made once when it is created (migration 0004): its backups are
    named by it, so two files with the same name keep separate backup sets."""

    __tablename__ = "database_identity"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Handout(Base):
    """Schools of an inspection handed out to one inspector as a workbook (or a database file):
    merging it back compares with what each row was when it left (:class:`MergeBase`)."""

    __tablename__ = "handout"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    inspector: Mapped[str] = mapped_column(String(100), default="")
    schools: Mapped[str] = mapped_column(Text, default="")
    """The URNs handed out, comma-separated."""
    file_name: Mapped[str] = mapped_column(String(300), default="")


class MergeBase(Base):
    """What one row was when it last left for, or came back from, another copy of the inspection
    (``source``: a hand-out's id or another database's id): the common ancestor a three-way merge
    compares both sides with. A value that differs from it on one side only was changed there."""

    __tablename__ = "merge_base"
    __table_args__ = (UniqueConstraint("source", "row_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    inspection_id: Mapped[uuid.UUID] = _inspection_fk()
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[str] = mapped_column(Text, default="")
    """The row's fields as JSON (column name → value as the history describes it)."""
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
