"""Which time zones a call to a number may land in: the number's own, the debtor's, the number's area.

A dialler that is not told where a debtor lives reads it from the number:
the country code, and in countries with several zones the area code. This
module does the same with libphonenumber's data (the ``phonenumbers``
package) and decides, for each contact point, the zones the calling window
must hold in:

1. the zone recorded for the number itself (``contacts.csv``'s ``time_zone``);
2. else the debtor's zone, together with the number's area when that area
   lies in another zone: with conflicting information about where the
   debtor is, a call must be convenient in every place they may be
   (Reg F's commentary to 12 CFR 1006.6(b)(1)(i) says so in as many words);
3. else the number's area, or every zone of its country when the area is
   unknown (an area code libphonenumber does not place, a toll-free number).

A number with no country (national digits and a floor whose profile names
no country) and a debtor without a zone give no zone at all: the gate then
refuses rather than guess. Nothing here falls back to the floor's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as number_timezone
from phonenumbers.tzdata import TIMEZONE_DATA

from agent_tui.domain.records import ContactKind, ContactPoint, Debtor
from agent_tui.i18n import Msg

#: What libphonenumber answers for a number it cannot place.
_UNKNOWN = "Etc/Unknown"
#: Digits that make any prefix a whole national number, so its region can be looked up.
_PADDING = "2345678901"


@dataclass(frozen=True)
class NumberZones:
    """The zones a number places its holder in.

    ``area`` is true when the number narrows its country down (an area code
    in one part of the United States); false when it tells only the country,
    and ``zones`` are then every zone of that country. ``zones`` is empty for
    a value that is no phone number, or one with no country.
    """

    zones: tuple[str, ...]
    area: bool = False


def zone_known(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows (not empty, not an abbreviation)."""
    return _zone_known(name) if name else False


@lru_cache(maxsize=512)
def _zone_known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=64)
def country_zones(region: str) -> tuple[str, ...]:
    """Every zone libphonenumber places numbers of ``region`` (``US``, ``CN``) in, sorted; () if unknown."""
    code = phonenumbers.country_code_for_region(region)
    if not code:
        return ()
    head = str(code)
    zones: set[str] = set()
    for prefix, names in TIMEZONE_DATA.items():
        if prefix.startswith(head) and len(prefix) > len(head):
            national = int((prefix[len(head) :] + _PADDING)[: len(_PADDING)])
            number = phonenumbers.PhoneNumber(country_code=code, national_number=national)
            if phonenumbers.region_code_for_number(number) == region:
                zones.update(names)
    if not zones and phonenumbers.region_codes_for_country_code(code) == (region,):
        zones.update(TIMEZONE_DATA.get(head, ()))  # a country known only by its code
    return tuple(sorted(z for z in zones if z != _UNKNOWN and zone_known(z)))


@lru_cache(maxsize=8192)
def number_zones(value: str, country: str = "") -> NumberZones:
    """The zones ``value`` places its holder in; national digits are read as ``country``'s (``CN``).

    An e-mail address or any text that is no number gives no zone.
    """
    try:
        number = phonenumbers.parse(value, country or None)
    except phonenumbers.NumberParseException:
        return NumberZones(())
    region = phonenumbers.region_code_for_number(number) or phonenumbers.region_code_for_country_code(
        number.country_code or 0
    )
    whole = country_zones(region) if region and region != phonenumbers.UNKNOWN_REGION else ()
    found = tuple(z for z in number_timezone.time_zones_for_number(number) if z != _UNKNOWN and zone_known(z))
    if found and set(found) < set(whole):
        return NumberZones(tuple(sorted(found)), area=True)
    return NumberZones(whole or found)


def point_zones(point: ContactPoint, debtor: Debtor, country: str = "") -> tuple[str, ...]:
    """The zones a call to ``point`` must fall in the calling window of (see the module's rules 1-3).

    A zone name on record that is not a zone counts as none; () when nothing tells the zone.
    """
    if point.time_zone:
        return (point.time_zone,) if zone_known(point.time_zone) else ()
    number = number_zones(point.value, country) if point.kind != ContactKind.EMAIL else NumberZones(())
    if debtor.time_zone:
        if not zone_known(debtor.time_zone):
            return ()
        if number.area and debtor.time_zone not in number.zones:
            return (debtor.time_zone, *number.zones)
        return (debtor.time_zone,)
    return number.zones


def settled_zone(debtor: Debtor, points: Iterable[ContactPoint], country: str = "") -> str:
    """The debtor's zone: their own, else the one zone all their numbers agree on, else ``""``."""
    if debtor.time_zone:
        return debtor.time_zone
    found = {point_zones(p, debtor, country) for p in points if p.kind != ContactKind.EMAIL}
    found.discard(())
    if len(found) == 1:
        (zones,) = found
        if len(zones) == 1:
            return zones[0]
    return ""


def clock_zone(debtor: Debtor, points: Sequence[ContactPoint], country: str = "") -> str:
    """The zone the debtor's clock and days are shown in: a zone name that always opens.

    The settled zone (:func:`settled_zone`); for a debtor whose numbers leave
    it open, the first zone of the primary number (or of the first number
    that has one); ``UTC`` when nothing tells.
    """
    settled = settled_zone(debtor, points, country)
    if zone_known(settled):
        return settled
    ordered = sorted(points, key=lambda p: not p.primary)
    for point in ordered:
        zones = point_zones(point, debtor, country)
        if zones:
            return zones[0]
    return "UTC"


def zones_named(at: datetime, zones: Sequence[str]) -> str | Msg:
    """One zone by its name; several by their count and the westmost and eastmost at ``at``."""
    if len(zones) == 1:
        return zones[0]
    west_to_east = sorted(zones, key=lambda name: (at.astimezone(ZoneInfo(name)).utcoffset(), name))
    return Msg("compliance.zones", {"first": west_to_east[0], "last": west_to_east[-1], "count": len(zones)})
