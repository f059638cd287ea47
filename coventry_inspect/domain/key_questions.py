"""The key questions of the 2013 focused inspections, asked of headteachers and governors."""

from __future__ import annotations

from coventry_inspect.domain.vocabulary import AskedOf

STANDARD_KEY_QUESTIONS: tuple[tuple[str, AskedOf], ...] = (
    (
        "How well does the local authority know your school, your performance and the standards "
        "your pupils achieve?",
        AskedOf.ALL_SCHOOLS,
    ),
    (
        "What measures are in place to support and challenge your school and how do these meet "
        "the needs of your school?",
        AskedOf.ALL_SCHOOLS,
    ),
    (
        "What is the impact of the local authority support and challenge over time to help your "
        "school improve?",
        AskedOf.ALL_SCHOOLS,
    ),
    (
        "How well is the local authority making use of your schools' strengths to help others "
        "improve?",
        AskedOf.SURVEYED_GOOD_AND_OUTSTANDING,
    ),
)
