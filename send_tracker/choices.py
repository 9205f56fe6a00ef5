"""A choice of several records whose ids are checked before any query.

Django's single-choice field already answers an id past 64 bits with "not one of the
choices" (its `exact` lookup knows the column's range), but the several-choice field asks
the database with `pk__in`, and there SQLite cannot bind the number (OverflowError) and
PostgreSQL refuses it (NumericValueOutOfRange): a 500 instead of a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

# The largest id a database column holds (a BigAutoField's, on every database).
MAX_ID = 2**63 - 1


class RecordsChoiceField[M: models.Model](forms.ModelMultipleChoiceField[M]):
    """Several records by id; an id no row can have (negative, zero, past 64 bits, not a
    whole number) is "not one of the choices", like an id of another partnership."""

    default_error_messages = {
        "invalid_list": "Choose from the list",
        "invalid_choice": "Choose only from the list: one of the choices is not on it",
        "invalid_pk_value": "Choose only from the list: one of the choices is not on it",
    }

    def clean(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else []:
            text = str(item).strip()
            if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)
