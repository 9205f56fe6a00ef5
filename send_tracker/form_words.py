"""Form errors in the product's words wherever a form has not given its own.

Django's fields and validators come with general messages ("This field is required.",
"Select a valid choice. That choice is not one of the available choices."). Every field
is rendered through the one form-field helper (templates/includes/govuk.html), which shows
a field's errors through `own_errors`: an error whose message is still Django's default
is rewritten from its code and the field's label, the GOV.UK way ("Enter the due date",
"Choose a lead organisation from the list"); a message a form wrote itself is kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators

# Django's own messages, as written in its fields and validators (before formatting).
_FIELD_CLASSES: tuple[type[forms.Field], ...] = (
    forms.Field,
    forms.CharField,
    forms.IntegerField,
    forms.FloatField,
    forms.DecimalField,
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.DurationField,
    forms.EmailField,
    forms.URLField,
    forms.BooleanField,
    forms.ChoiceField,
    forms.TypedChoiceField,
    forms.MultipleChoiceField,
    forms.ModelChoiceField,
    forms.ModelMultipleChoiceField,
    forms.FileField,
    forms.UUIDField,
)
_VALIDATORS = (
    validators.MaxLengthValidator,
    validators.MinLengthValidator,
    validators.MaxValueValidator,
    validators.MinValueValidator,
    validators.EmailValidator,
    validators.StepValueValidator,
    validators.ProhibitNullCharactersValidator,
)
DJANGO_MESSAGES: frozenset[str] = frozenset(
    [str(m) for cls in _FIELD_CLASSES for m in cls.default_error_messages.values()]
    + [str(v.message) for v in _VALIDATORS]
    + [str(m) for m in validators.DecimalValidator.messages.values()]
)
CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)
NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


QUESTION_WORDS = ("what ", "who ", "how ", "when ", "which ", "why ", "whether ", "is ", "has ")
DETERMINERS = ("the ", "a ", "an ", "your ", "its ", "this ", "their ")


def _name(label: object) -> str:
    """'Due date' -> 'the due date' inside a sentence; 'RAG rating' keeps its capitals;
    a question ('What happened?') is answered, not named."""
    text = str(label or "this").strip().rstrip(":").removesuffix(" (optional)")
    lowered = text.lower()
    if lowered.startswith(QUESTION_WORDS) or text.endswith("?"):
        return f"an answer to ‘{text}’"
    text = text[:1].lower() + text[1:] if text[1:2].islower() else text
    return text if lowered.startswith(DETERMINERS) else f"the {text}"


def _own(error: Any, field: forms.Field, label: str) -> str:
    """The product's message for one of Django's, from its code and the field."""
    code, params = error.code or "", error.params or {}
    name = _name(label)
    if isinstance(field.widget, forms.HiddenInput):
        return "The form was out of date: reload the page, then try again"
    if code == "required":
        if isinstance(field, forms.BooleanField):
            return f"Tick the box to confirm: {name}"
        return f"Choose {name}" if isinstance(field, CHOICE_FIELDS) else f"Enter {name}"
    if code in {"invalid_choice", "invalid_pk_value", "invalid_list"}:
        return f"Choose {name} from the list"
    if code == "invalid":
        if isinstance(field, forms.DateField):
            return f"Enter a real date for {name}"
        if isinstance(field, forms.EmailField):
            return "Enter an email address in the correct format, like name@example.org"
        if isinstance(field, forms.IntegerField):
            return f"Enter {name} as a whole number, like 12"
        if isinstance(field, NUMBER_FIELDS):
            return f"Enter {name} as a number, like 12.5"
        return f"Enter {name} in the correct format"
    named = name[:1].upper() + name[1:]
    if code == "max_length":
        return f"{named} must be {params.get('limit_value')} characters or fewer"
    if code == "min_length":
        return f"{named} must be {params.get('limit_value')} characters or more"
    if code == "max_value":
        return f"{named} must be {params.get('limit_value')} or less"
    if code == "min_value":
        return f"{named} must be {params.get('limit_value')} or more"
    if code in {"max_digits", "max_decimal_places", "max_whole_digits"}:
        return f"Enter {name} with fewer digits"
    if code == "null_characters_not_allowed":
        return "Remove the invalid character (a NUL byte) from the text"
    return str(error.message % params if params else error.message)


def own_errors(bound: forms.BoundField) -> list[str]:
    """A bound field's error messages, Django's own rewritten in the product's words."""
    messages: list[str] = []
    for error in bound.errors.as_data():
        for single in error.error_list:
            if str(single.message) in DJANGO_MESSAGES:
                messages.append(_own(single, bound.field, str(bound.label)))
            else:
                messages.extend(single.messages)
    return messages
