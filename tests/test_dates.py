"""Reading a birth date as she types it, per locale, and showing a day in her locale: tables."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.dates import (
    Ambiguous,
    BirthDate,
    DateProblem,
    DateReading,
    parse_birth_date,
    parse_date,
    typed_as_weeks,
)
from bot.core.formats import format_day, writes_day_first

TODAY = date(2026, 12, 1)  # a Tuesday
MAX_WEEKS = 261  # content/programme.toml: five years


def on(year: int, month: int, day: int) -> BirthDate:
    return BirthDate(date(year, month, day))


def about(year: int, month: int, day: int) -> BirthDate:
    """Worked out from weeks or months: approximate."""
    return BirthDate(date(year, month, day), approximate=True)


def asked(first: tuple[int, int, int], second: tuple[int, int, int]) -> tuple[date, date]:
    """Ambiguous: both dates offered, her locale's reading first."""
    return date(*first), date(*second)


FUTURE, TOO_OLD, UNREADABLE = DateProblem("future"), DateProblem("too_old"), DateProblem("unreadable")

Expected = BirthDate | DateProblem | tuple[date, date]

EN_US: list[tuple[str, Expected]] = [
    # Numeric, both readings real: asked, month first.
    ("11/08/2026", asked((2026, 11, 8), (2026, 8, 11))),
    ("3/4/2026", asked((2026, 3, 4), (2026, 4, 3))),
    ("11/8/26", asked((2026, 11, 8), (2026, 8, 11))),
    ("02-01-2026", asked((2026, 2, 1), (2026, 1, 2))),
    ("11.08.26", asked((2026, 11, 8), (2026, 8, 11))),
    ("11/8", asked((2026, 11, 8), (2026, 8, 11))),
    ("12/1/2026", asked((2026, 12, 1), (2026, 1, 12))),
    ("1/12/2026", asked((2026, 1, 12), (2026, 12, 1))),
    # Numeric, one reading real or in range.
    ("08/14/2026", on(2026, 8, 14)),
    ("14/08/2026", on(2026, 8, 14)),
    ("10/13/26", on(2026, 10, 13)),
    ("7/7/2026", on(2026, 7, 7)),
    ("12/02/2026", on(2026, 2, 12)),  # 2 Dec is still to come
    ("2026-11-08", on(2026, 11, 8)),
    ("2026/11/8", on(2026, 11, 8)),
    # A month's name.
    ("Nov 8, 2026", on(2026, 11, 8)),
    ("November 8th 2026", on(2026, 11, 8)),
    ("nov. 8", on(2026, 11, 8)),
    ("8 Nov 2026", on(2026, 11, 8)),
    ("the 8th of November", on(2026, 11, 8)),
    ("Sunday, November 8, 2026", on(2026, 11, 8)),
    ("Dec 25", on(2025, 12, 25)),  # this year's is still to come
    ("Sept 3", on(2026, 9, 3)),
    ("  NOV 8 2026 ", on(2026, 11, 8)),
    # How long ago.
    ("6 wks", about(2026, 10, 20)),
    ("6wks", about(2026, 10, 20)),
    ("9", about(2026, 9, 29)),
    ("2 months", about(2026, 10, 1)),
    ("2 mo", about(2026, 10, 1)),
    ("3 weeks ago", about(2026, 11, 10)),
    ("two weeks", about(2026, 11, 17)),
    ("a month ago", about(2026, 11, 1)),
    ("10 days ago", on(2026, 11, 21)),
    ("yesterday", on(2026, 11, 30)),
    ("today", on(2026, 12, 1)),
    # Refused, with the reason.
    ("12/25/2026", FUTURE),
    ("01/01/30", FUTURE),
    ("1/1/2020", TOO_OLD),
    ("300 weeks", TOO_OLD),
    ("31/02/2026", UNREADABLE),
    # As a mother on her phone says it: hedged, or in a sentence beside a birth word.
    ("I had my baby 16 weeks ago", about(2026, 8, 11)),
    ("she was born 16 weeks ago", about(2026, 8, 11)),
    ("about 4 months ago", about(2026, 8, 1)),
    ("around 9 weeks", about(2026, 9, 29)),
    ("9 weeks ish", about(2026, 9, 29)),
    ("it was 10 weeks ago today", about(2026, 9, 22)),
    ("my baby is 10 weeks old", about(2026, 9, 22)),
    ("sixteen weeks", about(2026, 8, 11)),
    ("gave birth on Sept 14", on(2026, 9, 14)),
    ("born on 9/14", on(2026, 9, 14)),
    ("my 2 kids", UNREADABLE),  # no birth word, no unit: not guessed
    ("I have chest pain", UNREADABLE),
    ("Monday, November 8, 2026", UNREADABLE),  # 8 Nov 2026 is a Sunday: which did she mean?
    ("last tuesday", UNREADABLE),
    ("8 de noviembre de 2026", UNREADABLE),  # Spanish names are read in Spanish
    ("6.5", UNREADABLE),  # six and a half weeks, or 6 May? Not guessed
    ("8 ago", about(2026, 10, 6)),  # a bare number is weeks; in Spanish, 8 August
    ("nov 2026", UNREADABLE),
    ("99999 weeks", UNREADABLE),
    ("", UNREADABLE),
    ("🍼", UNREADABLE),
]

EN_GB: list[tuple[str, Expected]] = [
    ("11/08/2026", asked((2026, 8, 11), (2026, 11, 8))),
    ("3/4/2026", asked((2026, 4, 3), (2026, 3, 4))),
    ("11/8/26", asked((2026, 8, 11), (2026, 11, 8))),
    ("02-01-2026", asked((2026, 1, 2), (2026, 2, 1))),
    ("11.08.26", asked((2026, 8, 11), (2026, 11, 8))),
    ("11/8", asked((2026, 8, 11), (2026, 11, 8))),
    ("1/12/2026", asked((2026, 12, 1), (2026, 1, 12))),
    ("14/08/2026", on(2026, 8, 14)),
    ("08/14/2026", on(2026, 8, 14)),
    ("13/10/26", on(2026, 10, 13)),
    ("25/12/2025", on(2025, 12, 25)),
    ("07/07/2026", on(2026, 7, 7)),
    ("2/12/2026", on(2026, 2, 12)),  # 2 Dec is still to come
    ("2026-08-14", on(2026, 8, 14)),
    ("8 Nov 2026", on(2026, 11, 8)),
    ("8th November 2026", on(2026, 11, 8)),
    ("8 November", on(2026, 11, 8)),
    ("Nov 8th, 2026", on(2026, 11, 8)),
    ("Sun 8 Nov 2026", on(2026, 11, 8)),
    ("25 Dec", on(2025, 12, 25)),
    ("6 weeks", about(2026, 10, 20)),
    ("6wks", about(2026, 10, 20)),
    ("6 weeks ago", about(2026, 10, 20)),
    ("3 months", about(2026, 9, 1)),
    ("3 mths", about(2026, 9, 1)),
    ("one month", about(2026, 11, 1)),
    ("12", about(2026, 9, 8)),
    ("0 weeks", about(2026, 12, 1)),
    ("5 days ago", on(2026, 11, 26)),
    ("the day before yesterday", on(2026, 11, 29)),
    ("31/12/2026", FUTURE),
    ("2 Dec 2026", FUTURE),
    ("1 Jan 2019", TOO_OLD),
    ("400 weeks", TOO_OLD),
    ("32/01/2026", UNREADABLE),
    ("29 Feb", UNREADABLE),  # neither 2026 nor 2025 had one
    ("30 Feb 2024", UNREADABLE),
    ("-3 weeks", UNREADABLE),
    ("soon", UNREADABLE),
    ("x" * 500, UNREADABLE),
]

ES: list[tuple[str, Expected]] = [
    ("11/08/2026", asked((2026, 8, 11), (2026, 11, 8))),
    ("3/4/2026", asked((2026, 4, 3), (2026, 3, 4))),
    ("11/8/26", asked((2026, 8, 11), (2026, 11, 8))),
    ("1/12/2026", asked((2026, 12, 1), (2026, 1, 12))),
    ("14/08/2026", on(2026, 8, 14)),
    ("08/14/2026", on(2026, 8, 14)),
    ("13.10.2026", on(2026, 10, 13)),
    ("2026-08-14", on(2026, 8, 14)),
    ("8 de noviembre de 2026", on(2026, 11, 8)),
    ("8 de Noviembre del 2026", on(2026, 11, 8)),
    ("8 noviembre 2026", on(2026, 11, 8)),
    ("8 nov 2026", on(2026, 11, 8)),
    ("8 nov. 26", on(2026, 11, 8)),
    ("8 noviembre", on(2026, 11, 8)),
    ("noviembre 8, 2026", on(2026, 11, 8)),
    ("1º de noviembre", on(2026, 11, 1)),
    ("3 sept 2026", on(2026, 9, 3)),
    ("3 setiembre 2026", on(2026, 9, 3)),
    ("15 ago", on(2026, 8, 15)),
    ("8 ago", on(2026, 8, 8)),
    ("8 mar 2026", on(2026, 3, 8)),  # "mar" is March here, not Tuesday (martes)
    ("domingo 8 de noviembre de 2026", on(2026, 11, 8)),
    ("jueves, 25 de diciembre de 2025", on(2025, 12, 25)),
    ("25 dic", on(2025, 12, 25)),
    ("Nov 8, 2026", on(2026, 11, 8)),  # English too
    ("hace 3 semanas", about(2026, 11, 10)),
    ("6 semanas", about(2026, 10, 20)),
    ("6 sem", about(2026, 10, 20)),
    ("2 meses", about(2026, 10, 1)),
    ("hace un mes", about(2026, 11, 1)),
    ("dos semanas", about(2026, 11, 17)),
    ("9", about(2026, 9, 29)),
    ("hace 10 días", on(2026, 11, 21)),
    ("hace 10 dias", on(2026, 11, 21)),
    ("ayer", on(2026, 11, 30)),
    ("anteayer", on(2026, 11, 29)),
    ("hoy", on(2026, 12, 1)),
    ("5 de diciembre de 2026", FUTURE),
    ("31/12/2026", FUTURE),
    ("1 de enero de 2019", TOO_OLD),
    ("30 de febrero", UNREADABLE),
    ("hace 3", UNREADABLE),
    ("tuve a mi bebé hace 16 semanas", about(2026, 8, 11)),
    ("hace unas 10 semanas", about(2026, 9, 22)),
    ("el martes pasado", UNREADABLE),
    ("miércoles 8 de noviembre de 2026", UNREADABLE),  # a Sunday
]


def _check(reading: DateReading, expected: Expected) -> None:
    if isinstance(expected, tuple):
        assert isinstance(reading, Ambiguous), reading
        assert reading.choices == expected
        assert {reading.month_first, reading.day_first} == set(expected)
    else:
        assert reading == expected


@pytest.mark.parametrize(("typed", "expected"), EN_US)
def test_dates_typed_in_en_us(typed: str, expected: Expected) -> None:
    _check(parse_date(typed, "en-US", TODAY, MAX_WEEKS), expected)


@pytest.mark.parametrize(("typed", "expected"), EN_GB)
def test_dates_typed_in_en_gb(typed: str, expected: Expected) -> None:
    _check(parse_date(typed, "en-GB", TODAY, MAX_WEEKS), expected)


@pytest.mark.parametrize(("typed", "expected"), ES)
def test_dates_typed_in_spanish(typed: str, expected: Expected) -> None:
    _check(parse_date(typed, "es", TODAY, MAX_WEEKS), expected)


def test_the_tables_are_large_enough() -> None:
    assert min(len(EN_US), len(EN_GB), len(ES)) >= 30


@pytest.mark.parametrize(("locale", "day_first"), [
    ("en-US", False), ("en-GB", True), ("es", True), ("es-US", True), ("es-MX", True),
    ("en-CA", False), ("en_GB", True), ("ja", False), ("not a locale", False), ("", False),
])
def test_the_locales_date_order_comes_from_cldr(locale: str, day_first: bool) -> None:
    assert writes_day_first(locale) is day_first


def test_es_us_asks_day_first_as_cldr_writes_it() -> None:
    reading = parse_date("11/08/2026", "es-US", TODAY, MAX_WEEKS)
    assert isinstance(reading, Ambiguous)
    assert reading.choices == (date(2026, 8, 11), date(2026, 11, 8))


def test_the_old_signature_still_answers_a_date_and_month_first_pairs() -> None:
    assert parse_birth_date("Nov 8, 2026", TODAY, MAX_WEEKS) == date(2026, 11, 8)
    assert parse_birth_date("2 months", TODAY, MAX_WEEKS) == date(2026, 10, 1)
    assert parse_birth_date("11/08/2026", TODAY, MAX_WEEKS) == Ambiguous(date(2026, 11, 8), date(2026, 8, 11))
    in_gb = parse_birth_date("11/08/2026", TODAY, MAX_WEEKS, locale="en-GB")
    assert isinstance(in_gb, Ambiguous)
    assert (in_gb.month_first, in_gb.day_first) == (date(2026, 11, 8), date(2026, 8, 11))
    assert parse_birth_date("8 de noviembre", TODAY, MAX_WEEKS, locale="es") == date(2026, 11, 8)
    assert parse_birth_date("2026-12-02", TODAY, MAX_WEEKS) == FUTURE


@pytest.mark.parametrize(("typed", "approximate"), [
    ("9", True), ("6 wks", True), ("2 months", True), ("2 mo", True), ("hace 3 semanas", True),
    ("3 meses", True), ("a week ago", True),
    ("10 days ago", False), ("yesterday", False), ("Nov 8", False), ("11/08/2026", False), ("", False),
])
def test_weeks_and_months_are_flagged_approximate(typed: str, approximate: bool) -> None:
    assert typed_as_weeks(typed) is approximate


def test_approximate_follows_her_language() -> None:
    assert typed_as_weeks("8 ago") is True  # 8 weeks ago
    assert typed_as_weeks("8 ago", locale="es") is False  # 8 de agosto
    assert parse_date("8 ago", "es", TODAY, MAX_WEEKS) == on(2026, 8, 8)


@pytest.mark.parametrize(("locale", "shown"), [
    ("en-US", "Nov 8, 2026"), ("en-GB", "8 Nov 2026"), ("es", "8 nov 2026"), ("es-US", "8 nov 2026"),
    ("xx-XX", "Nov 8, 2026"),
])
def test_a_day_is_shown_in_her_locale(locale: str, shown: str) -> None:
    assert format_day(date(2026, 11, 8), locale) == shown
