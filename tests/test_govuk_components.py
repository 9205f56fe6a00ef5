"""GOV.UK components come from govuk-frontend-jinja (at the GOV.UK Frontend version the CSS
is built from); the tests' strict undefined still catches a misspelt name."""

import jinja2
import pytest
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
