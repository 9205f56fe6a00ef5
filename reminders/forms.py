"""What a person chooses for each partnership they belong to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from inspections.models import Membership
from reminders.models import DIGEST_BY_DEFAULT, ReminderPreference
from reminders.services import Choice

ON, OFF = "on", "off"


class PreferenceForm(forms.Form):
    """Reminders on or off, digest weekly or never, for one membership (the form's prefix
    names it, so one page holds a form per partnership)."""

    reminders = forms.ChoiceField(
        choices=[
            (ON, "Yes, email me about them"),
            (OFF, "No, do not email me about them"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to get reminders",
            "invalid_choice": "Choose whether to get reminders",
        },
    )
    digest = forms.ChoiceField(
        choices=ReminderPreference.Digest.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often to get the digest",
            "invalid_choice": "Choose how often to get the digest",
        },
    )

    def __init__(self, data: Mapping[str, Any] | None, *, membership: Membership) -> None:
        self.membership = membership
        preference: ReminderPreference | None = getattr(membership, "reminder_preference", None)
        initial = {
            "reminders": ON if preference is None or preference.reminders else OFF,
            "digest": (
                preference.digest
                if preference is not None
                else (
                    ReminderPreference.Digest.WEEKLY
                    if membership.role in DIGEST_BY_DEFAULT
                    else ReminderPreference.Digest.NEVER
                )
            ),
        }
        super().__init__(data, prefix=f"p{membership.pk}", initial=initial)
        name = membership.partnership.name
        reminders, digest = self.fields["reminders"], self.fields["digest"]
        reminders.label = f"Email reminders about {name} actions you own"
        reminders.help_text = (
            "When one is due within 14 days, once it is overdue (then once a week), and "
            "when it has had no progress update for 60 days."
        )
        digest.label = f"Digest of {name}'s week"
        digest.help_text = (
            "Once a week: deadlines overdue and due soon, actions that turned red or have no "
            "recent update, and the inspectorate's next expected visit."
        )

    def choice(self) -> Choice:
        return Choice(
            reminders=self.cleaned_data["reminders"] == ON, digest=self.cleaned_data["digest"]
        )
