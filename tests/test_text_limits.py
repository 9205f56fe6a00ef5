"""Every text field of the record has a length limit the database itself keeps (SQLite
ignores a VARCHAR's length; a TextField has none), and the forms that write the fields
refuse longer text with an error message rather than reaching the database (security
review finding 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from actions.models import BoardPack, Measure, MeasureValue, Plan, SheetImport, SheetMapping
from actions.models.measure import MAX_VALUE_NOTE
from actions.models.pack import MAX_PREPARED_BY
from inspections.importer.forms import ReportForm
from inspections.importer.formsets import AddresseeForm, AreaForm, JudgementForm, PersonForm
from inspections.invitations import invitation_send
from inspections.models import Deadline, Partnership
from inspections.models.finding import MAX_FOCUS_INTRO, MAX_JUDGEMENT, MAX_STATEMENT
from inspections.models.inspection import MAX_OUTCOME_TEXT, MAX_PERSON_NAME, MAX_PERSON_ROLE
from reminders.services import (
    Choice,
    calendar_feed_reset,
    reminder_preferences_save,
    reminders_send,
)
from tests.test_access import suffolk_pack, suffolk_priority_area, suffolk_sheet_import

pytestmark = pytest.mark.django_db

TEXT = (models.CharField, models.TextField, models.FileField)


def text_fields() -> list[tuple[type[models.Model], models.Field]]:
    found: list[tuple[type[models.Model], models.Field]] = []
    for app in ("inspections", "actions", "reminders", "benchmarks"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):  # copies kept by the history
                continue
            found += [(model, f) for f in model._meta.get_fields() if isinstance(f, TEXT)]
    return found


def limit_of(model: type[models.Model], name: str) -> int | None:
    """The length the model's database checks allow in the field: its max_length_check, or
    the longest value its `name__in` check allows."""
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        condition = constraint.condition
        if isinstance(condition, LessThanOrEqual) and condition.lhs == Length(name):
            return condition.rhs
        for child in getattr(condition, "children", []):
            if isinstance(child, tuple) and child[0] == f"{name}__in":
                return max(len(value) for value in child[1])
    return None


FIELDS = text_fields()
# Fields whose database check also keeps a pattern (ONS codes): only a refusal is tried.
PATTERNED = {"local_authority_codes", "code"}


def test_the_walk_finds_the_text_fields():
    names = {f"{model.__name__}.{field.name}" for model, field in FIELDS}
    assert {"Inspection.outcome_text", "Plan.summary", "Measure.definition"} <= names
    assert len(FIELDS) > 40


@pytest.mark.parametrize(
    ("model", "field"), FIELDS, ids=[f"{m.__name__}.{f.name}" for m, f in FIELDS]
)
def test_every_text_field_has_a_database_check_within_its_max_length(model, field):
    limit = limit_of(model, field.name)
    assert limit is not None, f"{model.__name__}.{field.name} has no database length check"
    # A form field built from the model (a ModelForm's, the admin's) takes no more.
    if isinstance(field, models.TextField):
        assert field.max_length is None or field.max_length <= limit
    elif not field.choices:
        assert field.max_length == limit


def a_row_of(model: type[models.Model]) -> models.Model | None:
    if model is BoardPack:
        return BoardPack.objects.get(pk=suffolk_pack())
    if model._meta.model_name == "selfevaluation":
        suffolk_priority_area()
    if model._meta.app_label == "reminders":  # preferences, calendar feeds and sendings
        reminders_send()
        leader = get_user_model().objects.get(username="suffolk-leader")
        calendar_feed_reset(user=leader)
        reminder_preferences_save(
            user=leader,
            choices={
                m.pk: Choice(reminders=True, digest="weekly") for m in leader.memberships.all()
            },
        )
    elif model._meta.model_name in ("sheetimport", "sheetmapping"):
        upload = SheetImport.objects.get(pk=suffolk_sheet_import())
        SheetMapping.objects.get_or_create(partnership=upload.partnership, kind=upload.kind)
    if model._meta.model_name == "invitation":
        admin = get_user_model().objects.get(username="suffolk-admin")
        invitation_send(
            partnership=Partnership.objects.get(slug="suffolk"),
            email="new.member@example.org",
            full_name="New Member",
            role="board",
            by=admin,
        )
    return model._base_manager.order_by("pk").first()


def test_the_database_refuses_text_over_each_limit(demo):
    """On SQLite and PostgreSQL alike (PostgreSQL refuses an over-long VARCHAR before the
    check: a DataError rather than an IntegrityError)."""
    for model, field in FIELDS:
        limit = limit_of(model, field.name)
        assert limit is not None
        row = a_row_of(model)
        assert row is not None, model
        rows = model._base_manager.filter(pk=row.pk)
        with pytest.raises(DatabaseError), transaction.atomic():
            rows.update(**{field.name: "x" * (limit + 1)})
        # A choice's longest value is checked by the form's choices; a pattern refuses x's.
        if not field.choices and field.name not in PATTERNED:
            # A reason is kept only on a withdrawn row.
            withdrawn = (
                {"withdrawn_at": timezone.now()} if field.name == "withdrawal_reason" else {}
            )
            before = rows.values(field.name, *withdrawn).get()
            rows.update(**{field.name: "x" * limit}, **withdrawn)
            assert len(str(rows.values_list(field.name, flat=True).get())) == limit
            rows.update(**before)


def form_limit(form: type[forms.Form], name: str) -> int:
    field = form.base_fields[name]
    assert isinstance(field, forms.CharField) and field.max_length is not None
    return field.max_length


def test_the_import_review_takes_no_more_than_the_database_keeps():
    assert form_limit(ReportForm, "outcome_text") <= MAX_OUTCOME_TEXT
    assert form_limit(AreaForm, "statement") <= MAX_STATEMENT
    assert form_limit(AreaForm, "focus_points") <= MAX_STATEMENT  # each line a focus point
    assert form_limit(AreaForm, "focus_points_intro") <= MAX_FOCUS_INTRO
    assert form_limit(JudgementForm, "narrative") <= MAX_JUDGEMENT
    for form in (PersonForm, AddresseeForm):
        assert form_limit(form, "name") <= MAX_PERSON_NAME
        assert form_limit(form, "role") <= MAX_PERSON_ROLE


def url(name: str, **kwargs: int) -> str:
    return reverse(name, kwargs={"slug": "suffolk", **kwargs})


PLAN = {"title": "A plan", "kind": "strategic", "status": "draft", "supersedes": ""}
MEASURE = {"name": "A measure", "unit": "count", "higher_is_better": "on"}
DEADLINE = {"title": "A deadline", "source": "notice", "owner": "", "due_date": "2027-02-26"}
FORMS = [
    ("actions:plan-add", PLAN, "title", Plan),
    ("actions:plan-add", PLAN, "summary", Plan),
    ("actions:measure-add", MEASURE, "name", Measure),
    ("actions:measure-add", MEASURE, "definition", Measure),
    ("actions:measure-add", MEASURE, "england_average_note", Measure),
    ("inspections:deadline-add", DEADLINE, "title", Deadline),
    ("inspections:deadline-add", DEADLINE, "due_text", Deadline),
]


@pytest.mark.parametrize(("name", "data", "field", "model"), FORMS)
def test_forms_refuse_text_over_the_limit_and_store_text_at_it(officer, name, data, field, model):
    limit = model._meta.get_field(field).max_length
    before = model.objects.count()
    response = officer.post(url(name), {**data, field: "x" * (limit + 1)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and f"{limit} characters or fewer" in page
    assert model.objects.count() == before
    response = officer.post(url(name), {**data, field: "y" * limit})
    assert response.status_code == 302
    assert model.objects.count() == before + 1


def test_a_measure_value_note_over_its_limit_is_a_form_error(officer):
    measure = Measure.objects.filter(partnership__slug="suffolk", indicator=None).earliest("pk")
    limit = MAX_VALUE_NOTE
    prefix = f"measure-{measure.pk}-"
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    data = {f"{prefix}date": day, f"{prefix}value": "5", f"{prefix}note": "x" * (limit + 1)}
    before = MeasureValue.objects.count()
    response = officer.post(url("actions:measure-add-value", pk=measure.pk), data)
    assert response.status_code == 200
    assert f"{limit} characters or fewer" in response.content.decode()
    assert MeasureValue.objects.count() == before


SUBMISSION = "9a4e6f1c-8a55-4b1d-9a51-2c1f2b3d4e5f"


def test_a_pack_requested_by_someone_with_a_long_name_keeps_what_fits(officer):
    user = get_user_model().objects.get(username="suffolk-officer")
    user.first_name, user.last_name = "F" * 150, "L" * 150
    user.save()
    response = officer.post(
        url("actions:pack-create"),
        {"as_of": timezone.localdate().isoformat(), "since": "", "submission_id": SUBMISSION},
    )
    assert response.status_code == 302
    pack = BoardPack.objects.get(submission_id=SUBMISSION)
    assert pack.prepared_by_name == "F" * MAX_PREPARED_BY
