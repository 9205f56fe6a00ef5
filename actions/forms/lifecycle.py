"""Forms of an action's life: creating it, choosing its owner, closing it as complete,
reopening it, withdrawing it and restoring it. Every write is validated here; each refuses
what the database's rules (see `actions.models.Action.Meta.constraints`) would refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, QuerySet
from django.utils import timezone

from actions.forms.fields import FindingChoiceField, FocusPointChoiceField
from actions.models import Action, Plan, Rag
from actions.models.action import MAX_NAME, MAX_TEXT, MAX_TITLE
from inspections.models import (
    Finding,
    FocusPoint,
    Membership,
    Organisation,
    Partnership,
    kind_order,
)
from send_tracker.date_input import DateInputField
from send_tracker.withdrawal import MAX_REASON

OPEN_RAGS = [(r.value, r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)]


def clean_text(value: str, *, limit: int, what: str) -> str:
    """Text as typed, trimmed; no NUL byte (PostgreSQL cannot store one) and within the
    limit the database keeps too."""
    if "\x00" in value:
        raise forms.ValidationError("Remove the invalid character (a NUL byte) from the text.")
    value = value.strip()
    if len(value) > limit:
        raise forms.ValidationError(f"Keep the {what} to {limit:,} characters or fewer")
    return value


def possible_owners(partnership: Partnership, keep: int | None = None) -> QuerySet[Any]:
    """The partnership's members who may own an action: officers, leaders and admins, and
    the action's owner (`keep`) while they are a member, whatever their role now (an owner
    keeps their actions when their role changes, so editing the action never drops them)."""
    members = Membership.objects.for_partnership(partnership)
    may_own = members.who_may_own_actions()
    if keep is not None:
        may_own = may_own | members.filter(user_id=keep)
    return (
        get_user_model()
        .objects.filter(pk__in=may_own.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


class OwnerChoiceField(forms.ModelChoiceField):
    """A member of the partnership, by name (the username when no name is recorded)."""

    def label_from_instance(self, obj: AbstractBaseUser) -> str:
        full_name = getattr(obj, "get_full_name", lambda: "")()
        return full_name or obj.get_username()


def owner_field() -> OwnerChoiceField:
    return OwnerChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Owner (optional)",
        empty_label="No owner: name the lead below",
        help_text="A member of the partnership (leader, officer or admin) who answers for it.",
        error_messages={
            "invalid_choice": "Choose a member of this partnership who is a leader, officer "
            "or admin, or no owner"
        },
    )


def check_owner_or_lead(form: forms.BaseForm) -> None:
    """Somebody answers for an action: an owner with an account, or a named lead."""
    cleaned = form.cleaned_data
    named = "owner" in cleaned and "lead_name" in cleaned
    if named and cleaned["owner"] is None and not cleaned["lead_name"]:
        form.add_error("owner", "Choose an owner, or name the lead if they have no account")


def check_dates_and_focus(form: forms.BaseForm, completed: dt.date | None = None) -> None:
    """Due not before start, focus point of the chosen finding, start not after completion."""
    cleaned = form.cleaned_data
    start, due = cleaned.get("start_date"), cleaned.get("due_date")
    if start and due and due < start:
        form.add_error("due_date", "The due date must be the same as or after the start date")
    point, finding = cleaned.get("focus_point"), cleaned.get("finding")
    if point and finding and point.finding_id != finding.pk:
        form.add_error("focus_point", "Choose a focus point of the chosen finding, or none")
    if completed and start and completed < start:
        form.add_error("start_date", "The start date must be on or before the completion date")
    for name in ("start_date", "due_date"):
        value = cleaned.get(name)
        if value and not 2000 <= value.year <= 2100:
            form.add_error(name, "Enter a date between 2000 and 2100")


def scope_choices(
    form: forms.BaseForm, partnership: Partnership, owner_id: int | None = None
) -> None:
    """Every choice an action form offers comes from this partnership, and is current
    (withdrawn findings, focus points and organisations are left out by their managers)."""
    fields = form.fields
    finding, focus_point = fields["finding"], fields["focus_point"]
    lead_organisation, owner = fields["lead_organisation"], fields["owner"]
    assert isinstance(finding, FindingChoiceField)
    assert isinstance(focus_point, FocusPointChoiceField)
    assert isinstance(lead_organisation, forms.ModelChoiceField)
    assert isinstance(owner, OwnerChoiceField)
    finding.queryset = (
        Finding.objects.for_partnership(partnership).priority_first().select_related("inspection")
    )
    focus_point.queryset = (
        FocusPoint.objects.filter(finding__inspection__partnership=partnership)
        .filter(finding__withdrawn_at__isnull=True)
        .select_related("finding")
        .order_by(kind_order("finding__kind"), "finding__number", "order")
    )
    lead_organisation.queryset = Organisation.objects.for_partnership(partnership).order_by(
        "kind", "name"
    )
    owner.queryset = possible_owners(partnership, keep=owner_id)


class ActionCreateForm(forms.ModelForm):
    """A new action under one of the partnership's findings, in one of its plans. It
    starts Not started, rated amber (the model's defaults)."""

    owner = owner_field()

    class Meta:
        model = Action
        fields = [
            "finding",
            "focus_point",
            "plan",
            "title",
            "description",
            "lead_organisation",
            "owner",
            "lead_name",
            "start_date",
            "due_date",
        ]
        labels = {
            "title": "What will be done (a short title)",
            "description": "Description (optional)",
            "focus_point": "Focus point (optional)",
            "lead_name": "Named lead (optional)",
            "start_date": "Start date (optional)",
        }
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
        error_messages = {
            "title": {"required": "Enter what will be done"},
            "finding": {
                "required": "Choose the finding the action answers",
                "invalid_choice": "Choose one of this partnership's findings",
            },
            "focus_point": {"invalid_choice": "Choose a focus point of the chosen finding"},
            "plan": {
                "required": "Choose the plan the action belongs to",
                "invalid_choice": "Choose one of this partnership's plans",
            },
            "lead_organisation": {
                "required": "Choose the lead organisation",
                "invalid_choice": "Choose one of this partnership's organisations",
            },
            "due_date": {"required": "Enter the due date", "invalid": "Enter a real date"},
            "start_date": {"invalid": "Enter a real date"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        scope_choices(self, partnership)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        # Plans that nothing replaces first: a new action most likely belongs to one.
        plan.queryset = Plan.objects.for_partnership(partnership).order_by(
            F("start_date").desc(nulls_last=True), "title"
        )
        self.fields["description"].required = False
        if not self.is_bound and "plan" not in self.initial:
            # The plan in force: the newest one that no other replaces.
            self.initial["plan"] = plan.queryset.filter(superseded_by__isnull=True).first()

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"], limit=MAX_TITLE, what="title")

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data["description"], limit=MAX_TEXT, what="description")

    def clean_lead_name(self) -> str:
        return clean_text(self.cleaned_data["lead_name"], limit=MAX_NAME, what="named lead")

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_dates_and_focus(self)
        check_owner_or_lead(self)
        return self.cleaned_data

    def details(self) -> dict[str, Any]:
        """The new action's fields, by name, for `lifecycle.action_create`."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionCloseForm(forms.Form):
    """Close an open action as complete: when it was completed, and what that achieved."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    completed_date = DateInputField(
        label="Date completed",
        error_messages={
            "required": "Enter the date it was completed",
            "invalid": "Enter a real date",
        },
    )
    closing_note = forms.CharField(
        label="Closing note",
        help_text="What completing it achieved, and the evidence of impact.",
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=False,
        error_messages={"required": "Enter a closing note: what completing it achieved"},
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if not self.is_bound:
            self.initial.update(version=action.version, completed_date=timezone.localdate())

    def clean_completed_date(self) -> dt.date:
        date = self.cleaned_data["completed_date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date completed must be today or in the past")
        if date.year < 2000:
            raise forms.ValidationError("Enter a date after 2000")
        start = self.action.start_date
        if start and date < start:
            raise forms.ValidationError(
                f"The date completed must be on or after the start date ({start:%d/%m/%Y})"
            )
        return date

    def clean_closing_note(self) -> str:
        note = clean_text(self.cleaned_data["closing_note"], limit=MAX_TEXT, what="closing note")
        if not note:
            raise forms.ValidationError("Enter a closing note: what completing it achieved")
        return note

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.action.status == Action.Status.COMPLETE:
            raise forms.ValidationError("This action is already complete")
        return self.cleaned_data

    def rebound_to(self, action: Action, version: int) -> ActionCloseForm:
        """The user's values again, now based on `version`, to save again if they still want."""
        data: dict[str, Any] = dict(self.data.items())
        data["version"] = str(version)
        return ActionCloseForm(data, action=action)


class ActionReopenForm(forms.Form):
    """Reopen a complete action: it goes back to In progress with the rating chosen."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rag = forms.ChoiceField(
        label="RAG rating once reopened",
        choices=OPEN_RAGS,
        error_messages={
            "required": "Choose a RAG rating for the reopened action",
            "invalid_choice": "Choose red, amber or green: blue means complete",
        },
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)
        self.action = action
        if not self.is_bound:
            self.initial.update(version=action.version, rag=Rag.AMBER)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.action.status != Action.Status.COMPLETE:
            raise forms.ValidationError("This action is not complete, so it cannot be reopened")
        return self.cleaned_data

    def rebound_to(self, version: int) -> ActionReopenForm:
        data: dict[str, Any] = dict(self.data.items())
        data[self.add_prefix("version")] = str(version)
        return ActionReopenForm(data, action=self.action)


class WithdrawForm(forms.Form):
    """Why a record is withdrawn: required, and kept in its history."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Why is it being withdrawn?",
        help_text="For example: recorded twice, or recorded against the wrong finding.",
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        error_messages={"required": "Enter why it is being withdrawn"},
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if not self.is_bound:
            self.initial["version"] = action.version

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"], limit=MAX_REASON, what="reason")
        if not reason:
            raise forms.ValidationError("Enter why it is being withdrawn")
        return reason


class RestoreForm(forms.Form):
    """Restore a withdrawn action; `version` guards against a second restore or change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
