"""Counts and lists as the reference letter writes them.

Words up to twenty and digits above twenty mid-sentence; always words at the start of a sentence;
lists joined with commas (or semicolons) and a final "and".
"""

from __future__ import annotations

from collections.abc import Sequence

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0–999 in words: 'twenty-one', 'one hundred and five'."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is outside 0–999")
    if n <= 20:
        return _UNITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
    hundreds, rest = divmod(n, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def count(n: int, *, start: bool = False) -> str:
    """A count mid-sentence ('eleven', '25'), or capitalised words to start a sentence."""
    if start:
        return number_words(n).capitalize() if n <= 999 else str(n)
    return number_words(n) if n <= 20 else str(n)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return singular if n == 1 else (plural_form or f"{singular}s")


def counted(n: int, singular: str, plural_form: str | None = None, *, start: bool = False) -> str:
    """'one nursery school', 'nine primary schools'."""
    return f"{count(n, start=start)} {plural(n, singular, plural_form)}"


def was_were(n: int) -> str:
    return "was" if n == 1 else "were"


def join_list(items: Sequence[str], *, semicolons: bool = False) -> str:
    """'a, b and c'; with semicolons 'a; b; and c' as the reference lists phases."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if semicolons:
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
