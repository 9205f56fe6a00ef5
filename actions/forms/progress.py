"""Forms of an action's progress: the action list's filters, status and RAG, progress
updates and the action's details. Every write is validated here."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone

from actions.forms.fields import FindingChoiceField, FocusPointChoiceField
from actions.forms.lifecycle import (
    OPEN_RAGS,
    check_dates_and_focus,
    check_owner_or_lead,
    clean_text,
    owner_field,
    scope_choices,
)
from actions.models import Action, ProgressUpdate, Rag
from actions.models.action import MAX_NAME, MAX_TEXT, MAX_TITLE
from inspections.models import Finding, Organisation, Partnership
from send_tracker.date_input import DateInputField

MAX_NARRATIVE = 5000


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text.")
    return value


def anyone_or(owners: list[tuple[int, str]]) -> list[tuple[int | str, str]]:
    """An owner filter's choices: anyone (no filter), or one of the partnership's owners."""
    return [("", "Anyone"), *owners]


class ActionFilterForm(forms.Form):
    """The action list's filters; they live in the URL's query string.

    The finding and lead choices come from the partnership's findings and organisations,
    which the view has read, so checking a filter costs no query.
    """

    SORTS = [("due", "Due date, soonest first"), ("-due", "Due date, latest first")]

    finding = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of this partnership's findings"},
    )
    lead = forms.TypedChoiceField(
        label="Lead organisation",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of this partnership's organisations"},
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Action.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[("", "All ratings"), *Rag.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a RAG rating from the list"},
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    overdue = forms.BooleanField(label="Only overdue actions", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=SORTS,
        required=False,
        error_messages={"invalid_choice": "Choose an order from the list"},
    )

    def __init__(
        self,
        *args,
        findings: list[Finding],
        organisations: list[Organisation],
        owners: list[tuple[int, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations  # their short names are explained on the page
        finding, lead, owner = self.fields["finding"], self.fields["lead"], self.fields["owner"]
        assert isinstance(finding, forms.ChoiceField) and isinstance(lead, forms.ChoiceField)
        assert isinstance(owner, forms.ChoiceField)
        finding.choices = [("", "All findings")] + [
            (f.pk, f"{f.short_code}: {f.statement[:70]}…") for f in findings
        ]
        lead.choices = [("", "All organisations")] + [(o.pk, o.name) for o in organisations]
        owner.choices = anyone_or(owners)

    def criteria(self, today: dt.date) -> dict:
        """The valid filters as arguments of `selectors.action_list_get`; an invalid value is
        ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "finding_id": data.get("finding"),
            "lead_id": data.get("lead"),
            "status": data.get("status") or None,
            "rag": data.get("rag") or None,
            "owner_id": data.get("owner"),
            "overdue_on": today if data.get("overdue") else None,
            "latest_first": data.get("sort") == "-due",
        }


class OwnerFilterForm(forms.Form):
    """The dashboard's "Show actions owned by" filter, in the URL's query string. The
    choices are the partnership's possible owners (`selectors.owner_choices`)."""

    owner = forms.TypedChoiceField(
        label="Show actions owned by", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = anyone_or(owners)
        self.names = dict(owners)

    def owner_id(self) -> int | None:
        """The chosen owner's user id; an invalid value shows everyone's actions."""
        return self.cleaned_data.get("owner") if self.is_valid() else None

    def owner_name(self) -> str:
        owner_id = self.owner_id()
        return self.names[owner_id] if owner_id is not None else ""


OPEN_STATUSES = [(s.value, s.label) for s in Action.Status if s != Action.Status.COMPLETE]


class ActionStatusForm(forms.Form):
    """Status and RAG of an open action, changed in place by leaders. Completing goes
    through "Close as complete" (a date and a closing note), so neither Complete nor blue
    is offered here, and a complete action is reopened rather than switched back.

    `version` is the action's version the form was shown with, so a save after someone
    else's is refused, not applied over it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        label="Status",
        choices=OPEN_STATUSES,
        error_messages={
            "required": "Choose a status",
            "invalid_choice": "Choose Not started, In progress or On hold: to complete the "
            "action, use Close as complete",
        },
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=OPEN_RAGS,
        error_messages={
            "required": "Choose a RAG rating",
            "invalid_choice": "Choose red, amber or green: Blue means complete, so use Close "
            "as complete",
        },
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.action = action

    @classmethod
    def for_action(cls, action: Action) -> ActionStatusForm:
        initial = {"status": action.status, "rag": action.rag, "version": action.version}
        return cls(action=action, initial=initial)

    def rebound_to(self, version: int) -> ActionStatusForm:
        """The user's values again, now based on `version`, to save again if they still want."""
        data: dict[str, Any] = dict(self.data.items())
        data[self.add_prefix("version")] = str(version)
        return ActionStatusForm(data, action=self.action)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.action.status == Action.Status.COMPLETE:
            raise forms.ValidationError(
                "This action is complete: reopen it to change its status or rating"
            )
        return self.cleaned_data


class ProgressUpdateForm(forms.ModelForm):
    """A dated narrative with the RAG rating at the time.

    `submission_id` is new each time the form is shown: submitting the same form twice
    (a double click, a replay) adds one update.
    """

    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = ProgressUpdate
        fields = ["date", "narrative", "rag"]
        labels = {
            "date": "Date of update",
            "narrative": "What has happened",
            "rag": "RAG rating now",
        }
        field_classes = {"date": DateInputField}
        error_messages = {
            "narrative": {"required": "Enter what has happened since the last update"},
            "rag": {"required": "Choose a RAG rating"},
            "date": {"required": "Enter the date of the update", "invalid": "Enter a real date"},
        }

    def __init__(self, *args, action: Action, **kwargs) -> None:
        kwargs.setdefault("prefix", "update")
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["narrative"].widget.attrs["rows"] = 5
        # The ratings offered agree with the action's state: blue only when complete.
        rag = self.fields["rag"]
        assert isinstance(rag, forms.ChoiceField)
        if action.status == Action.Status.COMPLETE:
            rag.choices = [(Rag.BLUE.value, Rag.BLUE.label)]
            rag.error_messages["invalid_choice"] = (
                "This action is complete, so its rating is blue: choose blue, or reopen the "
                "action to rate it red, amber or green"
            )
        else:
            rag.choices = [("", "Choose a rating"), *OPEN_RAGS]
            rag.error_messages["invalid_choice"] = (
                "Blue means complete: close the action as complete first, or choose red, "
                "amber or green"
            )
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial["submission_id"] = uuid.uuid4()

    def clean_narrative(self) -> str:
        narrative = no_nul(self.cleaned_data["narrative"]).strip()
        if not narrative:
            raise forms.ValidationError("Enter what has happened since the last update")
        if len(narrative) > MAX_NARRATIVE:
            raise forms.ValidationError(f"Keep the update to {MAX_NARRATIVE:,} characters or fewer")
        return narrative

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        if date.year < 2000:
            raise forms.ValidationError("Enter a date after 2000")
        return date

    def clean_rag(self) -> str:
        rag = self.cleaned_data["rag"]
        complete = self.action.status == Action.Status.COMPLETE
        if rag == Rag.BLUE and not complete:
            raise forms.ValidationError(
                "Blue means complete: mark the action complete first, or choose red, amber or green"
            )
        if complete and rag != Rag.BLUE:
            raise forms.ValidationError(
                "This action is complete, so its rating is blue: choose blue, or reopen the "
                "action to rate it red, amber or green"
            )
        return rag


class ActionDetailsForm(forms.ModelForm):
    """The action's details, edited by leaders and officers on their own page. `version`
    is the action's version the form was shown with (see ActionStatusForm)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    owner = owner_field()

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "finding",
            "focus_point",
            "lead_organisation",
            "owner",
            "lead_name",
            "start_date",
            "due_date",
        ]
        labels = {"focus_point": "Focus point (optional)", "lead_name": "Named lead"}
        help_texts = {"lead_name": "For a lead without an account, for example a job title."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {
            "finding": FindingChoiceField,
            "focus_point": FocusPointChoiceField,
            "start_date": DateInputField,
            "due_date": DateInputField,
        }

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        scope_choices(self, partnership, owner_id=self.instance.owner_id)
        self.fields["description"].required = False

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"], limit=MAX_TITLE, what="title")

    def clean_description(self) -> str:
        # Checked here: the model's TextField gives the form field no max_length.
        return clean_text(self.cleaned_data["description"], limit=MAX_TEXT, what="description")

    def clean_lead_name(self) -> str:
        return clean_text(self.cleaned_data["lead_name"], limit=MAX_NAME, what="named lead")

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_dates_and_focus(self, completed=self.instance.completed_date)
        check_owner_or_lead(self)
        return self.cleaned_data

    def details(self) -> dict:
        """The edited details, by field name, for `services.action_update_details`."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def rebound_to(self, instance: Action, version: int) -> ActionDetailsForm:
        """The user's values again, now based on `version` (see ActionStatusForm)."""
        data: dict[str, Any] = dict(self.data.items())
        data["version"] = str(version)
        return ActionDetailsForm(data, instance=instance, partnership=self.partnership)
