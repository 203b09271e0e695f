"""Reading a reminder time and a time zone as she types them, per locale: tables."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.formats import format_clock
from bot.core.parsing import find_zone, parse_time
from bot.core.zones import ZoneChoice, zone_candidates

WINTER = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
NY, CHI, DEN, PHX, LA = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                         "America/Los_Angeles")
AK, HI, LON = "America/Anchorage", "Pacific/Honolulu", "Europe/London"

# (typed, locale, now, the first candidates, in order)
ZONES: list[tuple[str, str, datetime | None, tuple[str, ...]]] = [
    # US zone words.
    ("Eastern", "en-US", WINTER, (NY,)),
    ("eastern time", "en-US", WINTER, (NY,)),
    ("Eastern Standard Time", "en-US", SUMMER, (NY,)),
    ("ET", "en-US", WINTER, (NY,)),
    ("Central", "en-US", WINTER, (CHI,)),
    ("central time zone", "en-US", WINTER, (CHI,)),
    ("CT", "en-US", WINTER, (CHI,)),
    ("Mountain", "en-US", WINTER, (DEN, PHX)),
    ("MT", "en-US", WINTER, (DEN, PHX)),
    ("Pacific", "en-US", WINTER, (LA,)),
    ("pacific time", "en-GB", WINTER, (LA,)),
    ("PT", "en-US", WINTER, (LA,)),
    ("Alaska", "en-US", WINTER, (AK,)),
    ("Hawaii", "en-US", WINTER, (HI,)),
    # Abbreviations: always her DST-aware zone, whatever the season she names.
    ("EST", "en-US", SUMMER, (NY,)),
    ("EDT", "en-US", WINTER, (NY,)),
    ("CST", "en-US", WINTER, (CHI,)),
    ("CDT", "en-US", SUMMER, (CHI,)),
    ("MST", "en-US", WINTER, (DEN, PHX)),  # Arizona keeps MST all year
    ("MDT", "en-US", SUMMER, (DEN,)),
    ("PST", "en-US", WINTER, (LA,)),
    ("PDT", "en-US", SUMMER, (LA,)),
    ("AKST", "en-US", WINTER, (AK,)),
    ("HST", "en-US", WINTER, (HI,)),
    ("GMT", "en-GB", WINTER, (LON, "Etc/UTC")),
    ("BST", "en-GB", SUMMER, (LON,)),
    ("GMT", "en-US", WINTER, ("Etc/UTC", LON)),
    ("UTC", "en-US", WINTER, ("Etc/UTC",)),
    # Spanish.
    ("hora del este", "es", WINTER, (NY,)),
    ("Hora del Centro", "es-US", WINTER, (CHI,)),
    ("hora de la montaña", "es", WINTER, (DEN, PHX)),
    ("hora del Pacífico", "es", WINTER, (LA,)),
    ("hora oriental", "es", WINTER, (NY,)),  # CLDR's name
    ("hora estándar central", "es-US", WINTER, (CHI,)),
    ("Ciudad de México", "es", WINTER, ("America/Mexico_City",)),
    ("ciudad de mexico", "es", WINTER, ("America/Mexico_City",)),
    ("Nueva York", "es", WINTER, (NY,)),
    ("Londres", "es", WINTER, (LON,)),
    ("Bogotá", "es", WINTER, ("America/Bogota",)),
    ("España", "es", WINTER, ("Europe/Madrid",)),
    ("México", "es", WINTER, ("America/Mexico_City",)),
    # Cities, ranked by population; a state or country after the name narrows them.
    ("Houston", "en-US", WINTER, (CHI,)),
    ("houston tx", "en-US", WINTER, (CHI,)),
    ("Houston, Texas", "en-US", WINTER, (CHI,)),
    ("Boston", "en-US", WINTER, (NY,)),
    ("Paris", "en-US", WINTER, ("Europe/Paris", CHI)),  # then Paris, Texas
    ("paris, tx", "en-US", WINTER, (CHI,)),
    ("mexico city", "en-US", WINTER, ("America/Mexico_City",)),
    ("London", "en-GB", WINTER, (LON, "America/Toronto")),
    ("london, ca", "en-US", WINTER, ("America/Toronto",)),
    ("Birmingham", "en-GB", WINTER, (LON, CHI)),
    ("Portland", "en-US", WINTER, (LA, NY)),
    ("San Juan", "en-US", WINTER, ("America/Puerto_Rico",)),
    ("St. Louis", "en-US", WINTER, (CHI,)),
    ("st louis", "en-US", WINTER, (CHI,)),
    ("nyc", "en-US", WINTER, (NY,)),
    ("Phoenix", "en-US", WINTER, (PHX,)),
    ("El Paso", "en-US", WINTER, (DEN,)),
    ("Sydney", "en-GB", WINTER, ("Australia/Sydney",)),
    # US states and countries.
    ("Texas", "en-US", WINTER, (CHI, DEN)),
    ("Arizona", "en-US", WINTER, (PHX,)),
    ("California", "en-US", WINTER, (LA,)),
    ("UK", "en-GB", WINTER, (LON,)),
    ("Spain", "en-GB", WINTER, ("Europe/Madrid",)),
    # IANA names, legacy ones read as today's.
    ("Europe/Paris", "en-US", WINTER, ("Europe/Paris",)),
    ("america/chicago", "en-US", WINTER, (CHI,)),
    ("US/Eastern", "en-US", WINTER, (NY,)),
    ("Canada/Pacific", "en-US", WINTER, ("America/Vancouver",)),
    ("Asia/Calcutta", "en-GB", WINTER, ("Asia/Kolkata",)),
    # A UTC offset: the zones keeping it now, her country's first.
    ("UTC-5", "en-US", WINTER, (NY,)),
    ("UTC-5", "en-US", SUMMER, (CHI,)),
    ("-5", "en-US", WINTER, (NY,)),
    ("UTC−5", "es-US", WINTER, (NY,)),  # a typographic minus
    ("UTC-4", "en-US", SUMMER, (NY,)),
    ("UTC-7", "en-US", WINTER, (DEN, PHX)),
    ("UTC-7", "en-US", SUMMER, (LA, PHX)),
    ("utc-10", "en-US", WINTER, (HI,)),
    ("GMT+1", "en-GB", SUMMER, (LON,)),
    ("UTC+0", "en-GB", WINTER, (LON,)),
    ("GMT+1", "es", WINTER, ("Europe/Madrid",)),  # Spanish without a country: Spain (CLDR)
    ("+5:30", "en-US", WINTER, ("Asia/Kolkata",)),
    ("UTC+05:45", "en-US", WINTER, ("Asia/Kathmandu",)),
    ("UTC-12", "en-US", WINTER, ("Etc/GMT+12",)),  # nowhere lives there: the fixed zone
    ("UTC-5", "en-US", None, ("Etc/GMT+5",)),  # without the time now: the fixed zone
]

NOTHING = ["Narnia", "", "   ", "x" * 80, "UTC+15", "🍼", "tx", "hi"]


@pytest.mark.parametrize(("typed", "locale", "now", "first"), ZONES)
def test_zones_she_may_mean_most_likely_first(
        typed: str, locale: str, now: datetime | None, first: tuple[str, ...]) -> None:
    found = zone_candidates(typed, locale, now=now)
    assert tuple(c.zone for c in found[:len(first)]) == first, found
    assert len(found) <= 6
    for choice in found:
        assert isinstance(choice, ZoneChoice) and choice.place
        assert not choice.zone.startswith(("US/", "Canada/"))
        ZoneInfo(choice.zone)  # a real zone on this system
        if now is not None and not first[0].startswith("Etc/"):
            assert not choice.zone.startswith("Etc/GMT")


@pytest.mark.parametrize("typed", NOTHING)
def test_nothing_is_guessed_from_nonsense(typed: str) -> None:
    assert zone_candidates(typed, "en-US", now=WINTER) == []


def test_an_offset_offers_each_clock_once_per_country() -> None:
    # New York, Detroit, Indianapolis and Louisville keep the same clock: one button, New York.
    found = [c.zone for c in zone_candidates("UTC-5", "en-US", now=WINTER)]
    assert found[0] == NY
    assert not {"America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville"} & set(found)
    assert "America/Bogota" in found  # other countries still offered


def test_the_zone_table_is_large_enough() -> None:
    assert len(ZONES) >= 30


@pytest.mark.parametrize(("typed", "zone"), [
    ("eastern", NY), ("PST", LA), ("Central Time", CHI), ("US/Eastern", NY),
    ("Canada/Eastern", "America/Toronto"), ("utc-5", "Etc/GMT+5"), ("London", LON), ("new york", NY),
    ("hora del este", NY),
    # A city, state or country may be more than one zone: confirmed on buttons, never saved blind.
    ("houston", None), ("Texas", None), ("Atlantis", None),
])
def test_find_zone_saves_only_what_names_one_zone(typed: str, zone: str | None) -> None:
    assert find_zone(typed) == zone


# (typed, locale, hour and minute): None as the locale is how the settings read a time today.
TIMES: list[tuple[str, str | None, tuple[int, int] | None]] = [
    ("7am", None, (7, 0)),
    ("7 am", None, (7, 0)),
    ("7:30 pm", None, (19, 30)),
    ("7.30pm", None, (19, 30)),
    ("19:30", None, (19, 30)),
    ("0730", None, (7, 30)),
    ("730pm", None, (19, 30)),
    ("1930", None, (19, 30)),
    ("19h", None, (19, 0)),
    ("19h30", None, (19, 30)),
    ("7 a.m.", None, (7, 0)),
    ("7 P.M.", None, (19, 0)),
    ("7p", None, (19, 0)),
    ("12am", None, (0, 0)),
    ("12pm", None, (12, 0)),
    ("noon", None, None),  # words need her language
    ("25:00", None, None),
    ("13pm", None, None),
    ("2400", None, None),
    ("7:60", None, None),
    ("0am", None, None),
    ("abc", None, None),
    ("noon", "en-US", (12, 0)),
    ("Midnight", "en-GB", (0, 0)),
    ("7 in the evening", "en-US", (19, 0)),
    ("7 in the morning", "en-US", (7, 0)),
    ("at 7pm", "en-US", (19, 0)),
    ("7 o'clock", "en-GB", (7, 0)),
    ("12 in the morning", "en-US", None),  # noon or midnight?
    ("3 at night", "en-US", None),
    ("7 de la mañana", "es", (7, 0)),
    ("7 de la manana", "es", (7, 0)),
    ("7:30 de la tarde", "es", (19, 30)),
    ("1 de la tarde", "es", (13, 0)),
    ("7 de la noche", "es", (19, 0)),
    ("12 de la noche", "es", (0, 0)),
    ("6 de la madrugada", "es", (6, 0)),
    ("mediodía", "es", (12, 0)),
    ("medianoche", "es-US", (0, 0)),
    ("a las 7", "es", (7, 0)),
    ("a las 19h", "es", (19, 0)),
    ("7 a. m.", "es-US", (7, 0)),
    ("7:30\u202fp.\u202fm.", "es-US", (19, 30)),  # as Babel writes it in es-US
    ("19 de la tarde", "es", None),
    ("9 de la madrugada", "es", None),
    ("mañana", "es", None),
]


@pytest.mark.parametrize(("typed", "locale", "hm"), TIMES)
def test_times_she_may_type(typed: str, locale: str | None, hm: tuple[int, int] | None) -> None:
    parsed = parse_time(typed, locale)
    assert (None if parsed is None else (parsed.hour, parsed.minute)) == hm


@pytest.mark.parametrize(("locale", "shown"), [
    ("en-US", "7:30\u202fAM"), ("en-GB", "07:30"), ("es", "7:30"), ("es-US", "7:30\u202fa.m."),
])
def test_a_time_is_shown_in_her_locale_and_read_back(locale: str, shown: str) -> None:
    assert format_clock(time(7, 30), locale) == shown
    assert format_clock(datetime(2026, 11, 8, 7, 30, tzinfo=ZoneInfo(CHI)), locale) == shown
    assert parse_time(shown, locale) == time(7, 30)
