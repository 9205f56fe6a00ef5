"""Forms for recording what happened to a deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone

from inspections.activity import TYPE_CHOICES
from inspections.invitations import is_member_already
from inspections.models import Deadline, Membership, Organisation, Partnership
from inspections.models.deadline import MAX_OUTCOME_NOTE
from send_tracker.date_input import DateInputField

MET, MISSED = Deadline.Status.MET, Deadline.Status.MISSED

# A hidden version missing or garbled: the page was not the one the app sent.
OUT_OF_DATE = "The form was out of date: reload the page, then save again"


class DeadlineStatusForm(forms.Form):
    """Mark a deadline met (with a date and evidence) or missed, or record that an expected
    inspection took place (it is never missed). Changing a recorded outcome, met to missed or
    back, needs a reason. `version` is the deadline's version the form was shown with, so a
    save after someone else's is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    status = forms.ChoiceField(
        label="What happened?",
        choices=[(MET, "Met"), (MISSED, "Missed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the deadline was met or missed"},
    )
    met_date = DateInputField(
        label="Date met",
        required=False,
        error_messages={"invalid": "Enter a real date"},
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What shows it was met, or why it was missed.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome_note = forms.CharField(
        label="Reason for changing the outcome",
        help_text="Needed when a deadline recorded as met is changed to missed, or back.",
        required=False,
        max_length=MAX_OUTCOME_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, deadline: Deadline, **kwargs) -> None:
        kwargs.setdefault("prefix", f"deadline-{deadline.pk}")  # one form per row
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        if deadline.is_expected_event:
            # The inspectorate's visit: it takes place, or has not yet; never "missed".
            status = self.fields["status"]
            assert isinstance(status, forms.ChoiceField)
            status.choices = [(MET, "Took place")]
            status.label = "Has the inspection taken place?"
            status.error_messages["required"] = "Choose ‘Took place’ to record the inspection"
            self.fields["met_date"].label = "Date it took place (its last day)"
            self.fields["evidence"].label = "Details"
            self.fields[
                "evidence"
            ].help_text = "For example the dates of the visit and when the letter was published."

    @property
    def asks_reason(self) -> bool:
        """Whether the form offers a change of a recorded outcome (and so asks why)."""
        return not self.deadline.is_expected_event and self.deadline.status in (MET, MISSED)

    @classmethod
    def for_deadline(cls, deadline: Deadline) -> DeadlineStatusForm:
        initial = {
            "status": deadline.status if deadline.status in (MET, MISSED) else None,
            "met_date": deadline.met_date,
            "evidence": deadline.evidence,
            "version": deadline.version,
        }
        return cls(deadline=deadline, initial=initial)

    def rebound_to(self, deadline: Deadline, version: int) -> DeadlineStatusForm:
        """The user's values again, now based on `version`, to save again if they still want."""
        data = dict(self.data.items())
        data[self.add_prefix("version")] = str(version)
        return DeadlineStatusForm(data, deadline=deadline)

    def _text(self, name: str) -> str:
        text = self.cleaned_data[name]
        if "\x00" in text:
            raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")
        return text.strip()

    def clean_evidence(self) -> str:
        return self._text("evidence")

    def clean_outcome_note(self) -> str:
        return self._text("outcome_note")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        event = self.deadline.is_expected_event
        if status == MET:
            met: dt.date | None = cleaned.get("met_date")
            if met is None and "met_date" not in self.errors:
                what = "it took place" if event else "the deadline was met"
                self.add_error("met_date", f"Enter the date {what}")
            elif met and met > timezone.localdate():
                self.add_error("met_date", "The date must be today or in the past")
            elif met and met.year < 2000:
                self.add_error("met_date", "Enter a date after 2000")
            if not cleaned.get("evidence") and "evidence" not in self.errors:
                what = (
                    "details of the inspection" if event else "evidence that the deadline was met"
                )
                self.add_error("evidence", f"Enter the {what}")
        recorded = self.deadline.status
        changing = {recorded, status} == {MET, MISSED}
        # A form shown before someone else's save is refused as stale (what changed is shown
        # first); asked again, it then needs the reason if the outcome changes.
        current = cleaned.get("version") == self.deadline.version
        reason = cleaned.get("outcome_note")
        if current and changing and not reason and "outcome_note" not in self.errors:
            self.add_error(
                "outcome_note",
                f"Enter the reason for changing the deadline from {recorded} to {status}",
            )
        return cleaned


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class InvitationForm(forms.Form):
    """Someone to invite: an email address, a name and a role. No account is looked up: an
    address that belongs to a member of this partnership is the one thing refused (the
    admin sees them on the members page already)."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation, with a link to accept it, is sent here.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, error_messages={"required": "Choose a role"}
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_member_already(partnership=self.partnership, email=email):
            raise forms.ValidationError(f"{email} is already a member of the partnership")
        return email


class NewAccountForm(SetPasswordForm):
    """The password an invitee chooses for their new account. `user` is the account not yet
    saved (its username, email and name), so the similarity rule can compare with them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 12 characters, with at least 5 different ones; not a common password."
        )
        self.fields["new_password2"].label = "Type the password again"


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of people, by full name (or username when they have none)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class ActivityFilterForm(forms.Form):
    """Filter the activity log by type of record, by person and by date."""

    kind = forms.ChoiceField(
        label="Type of record",
        choices=[("", "All types"), *TYPE_CHOICES],
        required=False,
        error_messages={"invalid_choice": "Choose a type of record from the list"},
    )
    person = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Everyone",
        label="Who",
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    start = DateInputField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter a real date for From"},
    )
    end = DateInputField(
        label="To",
        required=False,
        error_messages={"invalid": "Enter a real date for To"},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = (
            get_user_model()
            .objects.filter(memberships__partnership=partnership)
            .order_by("last_name", "username")
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned


class DeadlineForm(forms.ModelForm):
    """Record or correct a deadline (officers and above)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        required=False,
        error_messages={"invalid": OUT_OF_DATE},
    )

    class Meta:
        model = Deadline
        fields = ["title", "source", "owner", "due_date", "due_text", "is_approximate"]
        error_messages = {
            "title": {"required": "Enter what has to be done"},
            "source": {
                "required": "Choose who set the deadline",
                "invalid_choice": "Choose who set the deadline from the list",
            },
            "owner": {"invalid_choice": "Choose one of this partnership's organisations"},
            "due_date": {"invalid": "Enter a real date"},
        }
        labels = {
            "due_date": "Due date",
            "due_text": "How the date was given (optional)",
            "is_approximate": "The date is approximate",
        }
        field_classes = {"due_date": DateInputField}

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = Organisation.objects.for_partnership(partnership)
        owner.required = False
        owner.empty_label = "No organisation named"
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [("", "Choose who set it"), *Deadline.Source.choices]
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def details(self) -> dict:
        """The deadline's fields as entered, for `services.deadline_save`."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def rebound_to(self, instance: Deadline, version: int) -> DeadlineForm:
        """The user's values again, now based on `version` (see DeadlineStatusForm)."""
        data = dict(self.data.items())
        data["version"] = str(version)
        return DeadlineForm(data, instance=instance, partnership=self.partnership)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if "\x00" in title:
            raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text")
        if not title:
            raise forms.ValidationError("Enter what has to be done")
        return title

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        due = cleaned.get("due_date")
        if due and not (2000 <= due.year <= 2100):
            self.add_error("due_date", "Enter a date between 2000 and 2100")
        if not due and not cleaned.get("due_text"):
            self.add_error("due_date", "Enter a due date, or say how the date was given")
        title = cleaned.get("title")
        if title:
            same = Deadline.objects.filter(partnership=self.partnership, title=title, due_date=due)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():  # also stops a double-clicked submit adding it twice
                self.add_error(
                    "title", "This partnership already has a deadline with this title and due date"
                )
        return cleaned
