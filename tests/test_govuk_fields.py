"""The one form-field helper renders Django fields through govuk-frontend-jinja's macros
and keeps what pages and tests rely on: Django's ids, hints and errors tied to the input,
the product's own error words, no password written back."""

import datetime
import re

from django import forms
from django.template import engines
from django.template.backends.jinja2 import Jinja2

from send_tracker.date_input import DateInputField
from send_tracker.govuk_fields import error_list, govuk_field


def render(source: str, **context) -> str:
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    template = engine.env.from_string(
        '{% from "includes/govuk.html" import field, error_summary %}' + source
    )
    return template.render(**context)


def tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    found = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert found, f"no element with id {element_id}"
    return found.group(0)


class Everything(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the letter.", max_length=5)
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    colour = forms.ChoiceField(label="Colour", choices=[("", "---------"), ("r", "Red")])
    size = forms.ChoiceField(
        label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        required=False,
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(label="Urgent", required=False)
    upload = forms.FileField(
        label="File", required=False, widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
    due_date = DateInputField(label="Due date")


def bound(data=None) -> Everything:
    form = Everything(data)
    form.is_valid() if data is not None else None
    return form


def test_text_input_keeps_its_id_hint_width_and_errors():
    form = bound({"name": "too long", "password": "secret"})
    html = render("{{ field(form.name, width='govuk-input--width-10') }}", form=form)
    input_tag = tag(html, "id_name")
    assert 'name="name"' in input_tag and 'value="too long"' in input_tag
    assert "govuk-input--width-10" in input_tag and "govuk-input--error" in input_tag
    assert 'aria-describedby="id_name-hint id_name-error"' in input_tag
    assert '<label class="govuk-label" for="id_name">' in html
    assert "As on the letter." in tag(html, "id_name-hint") + html
    # The product's own words, not Django's "Ensure this value has at most 5 characters".
    assert "The name must be 5 characters or fewer" in html
    assert "Ensure this value" not in html


def test_email_and_password():
    form = bound({"email": "x", "password": "secret"})
    html = render("{{ field(form.email) }}{{ field(form.password) }}", form=form)
    email = tag(html, "id_email")
    assert (
        'type="email"' in email
        and 'spellcheck="false"' in email
        and 'autocomplete="email"' in email
    )
    password = tag(html, "id_password")
    assert 'type="password"' in password and 'autocomplete="current-password"' in password
    assert "secret" not in html  # never written back
    assert "govuk-password-input" in html


def test_select_names_its_empty_choice():
    form = bound({"colour": "r"})
    html = render("{{ field(form.colour) }}", form=form)
    assert "<select" in tag(html, "id_colour")
    assert ">Choose colour</option>" in html
    assert re.search(r'value="r" selected', html)


def test_radios_and_checkboxes_keep_djangos_ids():
    form = bound({"size": "l", "tags": ["b"], "urgent": "on"})
    html = render(
        "{{ field(form.size, inline=true) }}{{ field(form.tags) }}{{ field(form.urgent) }}",
        form=form,
    )
    assert "govuk-radios--inline" in html
    assert 'value="s"' in tag(html, "id_size_0") and "checked" not in tag(html, "id_size_0")
    assert "checked" in tag(html, "id_size_1")
    assert "checked" in tag(html, "id_tags_1") and "checked" not in tag(html, "id_tags_0")
    assert '<label class="govuk-label govuk-radios__label" for="id_size_1">' in html
    urgent = tag(html, "id_urgent")
    assert 'type="checkbox"' in urgent and 'name="urgent"' in urgent and "checked" in urgent
    assert "<legend" in html and "Size" in html


def test_a_fieldset_carries_hint_and_error():
    form = bound({})
    html = render("{{ field(form.size) }}", form=form)
    assert 'aria-describedby="id_size-error"' in html
    assert "Choose the size" in html


def test_textarea_and_file():
    form = bound({"notes": "Line"})
    html = render("{{ field(form.notes) }}{{ field(form.upload) }}", form=form)
    assert 'rows="3"' in tag(html, "id_notes") and ">Line</textarea>" in html
    upload = tag(html, "id_upload")
    assert 'type="file"' in upload and 'accept=".xlsx"' in upload


def test_date_input_boxes_values_and_ids():
    form = Everything(initial={"due_date": datetime.date(2027, 3, 7)})
    html = render("{{ field(form.due_date) }}", form=form)
    assert 'value="7"' in tag(html, "id_due_date-day")
    assert 'name="due_date-month"' in tag(html, "id_due_date-month")
    assert 'value="2027"' in tag(html, "id_due_date-year")
    assert 'role="group"' in html and "Due date" in html and "For example, 27 3 2027" in html


def test_date_input_marks_only_the_boxes_in_error():
    form = bound({"due_date-day": "7", "due_date-month": "", "due_date-year": "2027"})
    html = render("{{ field(form.due_date) }}{{ error_summary(form) }}", form=form)
    assert "Due date must include a month" in html
    assert "govuk-input--error" in tag(html, "id_due_date-month")
    assert "govuk-input--error" not in tag(html, "id_due_date-day")
    assert 'value="7"' in tag(html, "id_due_date-day")  # what was typed stays
    assert '<a href="#id_due_date-month">Due date must include a month</a>' in html


def test_date_input_required_marks_all_boxes_and_links_to_the_day():
    form = bound({})
    html = render("{{ field(form.due_date) }}", form=form)
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in tag(html, f"id_due_date-{part}")
    assert {"text": "Enter the due date", "href": "#id_due_date-day"} in error_list(form)


def test_error_summary_links_each_error_to_its_field():
    form = bound({"name": "ok"})
    html = render("{{ error_summary(form, summary_id='the-errors') }}", form=form)
    assert 'id="the-errors"' in html and 'data-module="govuk-error-summary"' in html
    assert '<a href="#id_colour">Choose the colour</a>' in html
    assert '<a href="#id_size_0">' in html
    assert render("{{ error_summary(form) }}", form=Everything()).strip() == ""


def test_govuk_field_names_the_macro():
    form = Everything()
    kinds = {name: govuk_field(form[name])["macro"] for name in form.fields}
    assert kinds == {
        "name": "input",
        "email": "input",
        "password": "password",
        "notes": "textarea",
        "colour": "select",
        "size": "radios",
        "tags": "checkboxes",
        "urgent": "checkboxes",
        "upload": "file",
        "due_date": "date",
    }


def test_no_template_writes_form_controls_by_hand():
    """Checkboxes, radios and dates come from the helper (govuk-frontend-jinja), so they
    follow the design system as it changes; the browser's own date picker is gone."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    written = {
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        for marker in (
            'class="govuk-checkboxes__input"',
            'class="govuk-radios__input"',
            'type="date"',
        )
        if marker in path.read_text()
    }
    assert written == set()


def test_pagination_renders_through_govuk_pagination_keeping_the_filters():
    from django.core.paginator import Paginator
    from django.test import RequestFactory

    from send_tracker.pagination import pagination

    request = RequestFactory().get("/activity/", {"kind": "action", "page": "5"})
    page = Paginator(list(range(200)), 10).page(5)
    links = pagination(request, page)
    assert links is not None
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    html = engine.env.get_template("includes/pagination.html").render(
        page_links=links, pages_of="activity"
    )
    assert 'aria-label="Pages of activity"' in html
    assert 'href="?kind=action&amp;page=4" rel="prev"' in html
    assert 'href="?kind=action&amp;page=6" rel="next"' in html
    assert 'aria-current="page"' in html and "govuk-pagination__item--ellipsis" in html
    one = Paginator(list(range(5)), 10).page(1)
    assert pagination(request, one) is None
