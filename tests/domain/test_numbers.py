import pytest

from coventry_inspect.domain.numbers import (
    count,
    counted,
    join_list,
    number_words,
    plural,
    was_were,
)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (11, "eleven"),
        (20, "twenty"),
        (21, "twenty-one"),
        (40, "forty"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (230, "two hundred and thirty"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_number_words_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        number_words(1000)


@pytest.mark.parametrize(
    ("n", "start", "text"),
    [
        (11, False, "eleven"),
        (20, False, "twenty"),
        (21, False, "21"),
        (200, False, "200"),
        (11, True, "Eleven"),
        (21, True, "Twenty-one"),
        (200, True, "Two hundred"),
    ],
)
def test_count_words_up_to_twenty_digits_above_and_words_to_start(
    n: int, start: bool, text: str
) -> None:
    assert count(n, start=start) == text


def test_agreement() -> None:
    assert counted(1, "nursery school") == "one nursery school"
    assert counted(9, "primary school") == "nine primary schools"
    assert counted(2, "pupil referral unit") == "two pupil referral units"
    assert plural(2, "child", "children") == "children"
    assert (was_were(1), was_were(2)) == ("was", "were")


@pytest.mark.parametrize(
    ("items", "semicolons", "text"),
    [
        ([], False, ""),
        (["a"], False, "a"),
        (["a", "b"], False, "a and b"),
        (["a", "b", "c"], False, "a, b and c"),
        (["a", "b", "c"], True, "a; b; and c"),
        (["a", "b"], True, "a; and b"),
    ],
)
def test_join_list(items: list[str], semicolons: bool, text: str) -> None:
    assert join_list(items, semicolons=semicolons) == text
