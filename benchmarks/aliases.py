"""Local authority names that differ between DfE files, mapped to ONS codes.

Figures are matched by ONS code. Only the statistical neighbours file names authorities by
name; a name is the name an EES file gives the authority, or one of these. A name that is
neither is refused, never guessed.
"""

from __future__ import annotations

# The neighbours file's name -> ONS code (the EES files' name in the comment).
ALIASES: dict[str, str] = {
    "Bedford Borough": "E06000055",  # Bedford
    "Durham": "E06000047",  # County Durham
    "Herefordshire": "E06000019",  # Herefordshire, County of
    "Kingston Upon Hull, City of": "E06000010",  # Kingston upon Hull, City of
}


def code_for(name: str, by_name: dict[str, str]) -> str | None:
    """The ONS code for an authority's name: the EES name (`by_name`, name -> code), else
    the alias table; None when it is neither."""
    return by_name.get(name) or ALIASES.get(name)
