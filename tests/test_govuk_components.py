"""GOV.UK components come from govuk-frontend-jinja (at the GOV.UK Frontend version the CSS
is built from); the tests' strict undefined still catches a misspelt name."""

import re
from pathlib import Path

import jinja2
import pytest
from django.conf import settings
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2 import UndefinedError


def jinja_env() -> jinja2.Environment:
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    return engine.env


def test_govuk_components_render_and_misspelt_names_still_fail():
    env = jinja_env()
    html = env.from_string(
        '{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}{{ govukInput({"label": {"text": "Name"}, "id": "x", "name": "x"}) }}'
    ).render()
    assert 'class="govuk-input"' in html and '<label class="govuk-label" for="x">' in html
    with pytest.raises(UndefinedError):
        env.from_string("{{ misspelt }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("{% if misspelt %}x{% endif %}").render()


COMPONENTS = {
    "input/macro.html": (
        "govukInput",
        {
            "label": {"text": "Name"},
            "id": "x",
            "name": "x",
            "errorMessage": {"text": "Enter a name"},
            "hint": {"text": "h"},
        },
    ),
    "date-input/macro.html": (
        "govukDateInput",
        {
            "id": "d",
            "namePrefix": "d",
            "fieldset": {"legend": {"text": "When"}},
            "items": [{"name": "day", "value": "1"}, {"name": "month"}, {"name": "year"}],
            "errorMessage": {"text": "x"},
        },
    ),
    "header/macro.html": ("govukHeader", {"serviceName": "SEND Tracker"}),
    "service-navigation/macro.html": (
        "govukServiceNavigation",
        {"navigation": [{"href": "/", "text": "Home", "active": True}]},
    ),
    "checkboxes/macro.html": (
        "govukCheckboxes",
        {"name": "c", "items": [{"value": "a", "text": "A"}]},
    ),
    "table/macro.html": (
        "govukTable",
        {"rows": [[{"text": "a"}]], "head": [{"text": "h"}], "caption": "C"},
    ),
    "textarea/macro.html": ("govukTextarea", {"id": "t", "name": "t", "label": {"text": "T"}}),
    "footer/macro.html": ("govukFooter", {}),
    "select/macro.html": (
        "govukSelect",
        {"id": "s", "name": "s", "label": {"text": "S"}, "items": [{"value": "a", "text": "A"}]},
    ),
    "radios/macro.html": (
        "govukRadios",
        {
            "name": "r",
            "fieldset": {"legend": {"text": "R"}},
            "items": [{"value": "a", "text": "A"}],
        },
    ),
    "button/macro.html": ("govukButton", {"text": "Save", "attributes": {"data-x": "1"}}),
    "error-summary/macro.html": (
        "govukErrorSummary",
        {"titleText": "There is a problem", "errorList": [{"text": "x", "href": "#x"}]},
    ),
}


@pytest.mark.parametrize("path", COMPONENTS)
def test_each_component_renders_with_the_test_settings_undefined(path):
    """The components' optional parameters are missing keys, which the tests' strict
    undefined lets through (a misspelt name still fails: the test above)."""
    name, params = COMPONENTS[path]
    env = jinja_env()
    source = f'{{% from "govuk_frontend_jinja/components/{path}" import {name} %}}{{{{ {name}(params) }}}}'
    html = env.from_string(source).render(params=params)
    assert "govuk-" in html


# The root class of each GOV.UK component a template could write by hand.
HAND_WRITTEN = re.compile(
    r'class="(?:[^"]*\s)?govuk-(button|summary-list|details|inset-text|warning-text|tag'
    r"|notification-banner|panel|error-summary|fieldset|pagination|back-link|error-message"
    r'|hint|label|breadcrumbs|skip-link|table)(?=[\s"])'
)
# Not pages: board packs and letters are PDFs with their own print styles, emails are emails,
# and templates/moj holds MOJ Frontend's own templates, ported.
NOT_PAGES = ("pdf/", "moj/", "reminders/email.html")


def test_no_template_writes_a_govuk_component_by_hand():
    """Every GOV.UK component on a page comes from govuk-frontend-jinja's macros, so it
    follows the design system as it changes. A table the macro cannot express (its rows are
    htmx targets) is written out under a comment that says so."""
    root = Path(settings.BASE_DIR) / "templates"
    written = {}
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        if name.startswith(NOT_PAGES):
            continue
        text = path.read_text()
        found = [m.group(1) for m in HAND_WRITTEN.finditer(text)]
        explained = text.count("{#- Table written out:")
        if found.count("table") <= explained:
            found = [component for component in found if component != "table"]
        if found:
            written[name] = sorted(set(found))
    assert written == {}
