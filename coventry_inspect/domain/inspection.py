"""An inspection's own details: the fields of the workbook's Inspection sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coventry_inspect.domain.vocabulary import InspectionKind


@dataclass
class Details:
    reference: str
    kind: InspectionKind
    authority: str
    la_number: str = ""
    start_date: date | None = None
    end_date: date | None = None
    letter_date: date | None = None
    meeting_date: date | None = None
    sender_name: str = ""
    sender_title: str = ""
    addressee_name: str = ""
    addressee_title: str = ""
    addressee_address: str = ""
    copy_to: str = ""
    summary: str = ""
