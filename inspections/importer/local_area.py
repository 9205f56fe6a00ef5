"""Whether a document is about a partnership's local area: a report or letter about
another area is refused, never saved into the wrong partnership.

The area is the one the document names in its title (as read, not as corrected on the
check page), compared with the partnership's name and the other names recorded for its area
(`Partnership.local_areas`), ignoring case, punctuation and the words "Borough", "City of",
"Council" and "the": "Bedford Borough" is Bedford, "City of York" is York.
"""

from __future__ import annotations

import re

from inspections.models import Partnership

_IGNORED = re.compile(r"\b(?:borough|city of|council|the)\b")


def area_key(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = _IGNORED.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def is_partnership_area(partnership: Partnership, area: str) -> bool:
    key = area_key(area)
    return bool(key) and any(area_key(name) == key for name in partnership.area_names)


def wrong_area_message(partnership: Partnership, area: str) -> str:
    return (
        f"This is about {area or 'an area the document does not name'}, not "
        f"{partnership.name}: it cannot be saved to {partnership.name}. Import it into the "
        f"{area or 'right'} partnership instead; if {partnership.name} is also known as "
        f"{area or 'that'}, an administrator can record that name for it."
    )
