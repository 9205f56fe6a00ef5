"""Removing a member: who takes over the open actions they own."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User

from inspections.models import Membership

NOBODY = "nobody"


class MemberRemoveForm(forms.Form):
    """A confirmation; when the member owns open actions, also a required choice of who
    takes them over: another member who may own actions, or nobody."""

    successor = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(
        self, *args, successors: list[Membership], open_actions: int, name: str, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.successors = {str(m.pk): m for m in successors}
        if not open_actions:
            del self.fields["successor"]
            return
        field = self.fields["successor"]
        assert isinstance(field, forms.ChoiceField)
        many = "s" if open_actions != 1 else ""
        field.label = f"Who takes over {name}'s {open_actions} open action{many}?"
        field.choices = [
            (key, f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})")
            for key, m in self.successors.items()
        ] + [(NOBODY, "Nobody: leave them without an owner")]
        field.error_messages["required"] = f"Choose who takes over {name}'s open actions"
        field.error_messages["invalid_choice"] = (
            "Choose a member from the list, or nobody: that person cannot take them over"
        )

    def chosen_successor(self) -> User | None:
        """The account that takes over (None: nobody, or no actions to take over)."""
        chosen = self.cleaned_data.get("successor")
        membership = self.successors.get(chosen) if chosen else None
        return membership.user if membership is not None else None
