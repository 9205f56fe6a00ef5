"""A password rule Django does not ship: enough different characters.

"aaaaaaaaaaaa" passes a 12-character minimum and is in no list of common passwords, but is
guessed at once; so is any short piece said over and over ("abcabcabcabc").
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

_REPEATED = re.compile(r"(.{1,6}?)\1+", re.DOTALL)


class CharacterVarietyValidator:
    """At least `min_distinct` different characters, and not one short piece repeated."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        if len(set(password)) < self.min_distinct or _REPEATED.fullmatch(password):
            raise ValidationError(
                "This password repeats the same characters. Use at least "
                f"{self.min_distinct} different characters, not one piece over and over.",
                code="password_too_repetitive",
            )

    def get_help_text(self) -> str:
        return (
            f"Your password must use at least {self.min_distinct} different characters, "
            "not the same ones over and over."
        )
