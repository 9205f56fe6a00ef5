"""Pages for everyone, signed in or not: the glossary, the accessibility statement and the
privacy notice (linked from every page's footer)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from send_tracker.glossary import GLOSSARY


@login_not_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """Every abbreviation and term the pages use, in plain English; for a signed-in person,
    also the short names of the organisations in their own partnerships (SCC, SNEE ICB)."""
    organisations = []
    if request.user.is_authenticated:
        organisation = apps.get_model("inspections", "Organisation")
        organisations = list(
            organisation.objects.filter(partnership__memberships__user=request.user)
            .exclude(short_name="")
            .select_related("partnership")
            .order_by("partnership__name", "short_name")
            .distinct()
        )
    return render(
        request, "info/glossary.html", {"terms": GLOSSARY, "organisations": organisations}
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """How accessible the service is, what is known not to be, and how to report a problem."""
    return render(request, "info/accessibility.html")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What personal data the service holds, why, for how long, and people's rights."""
    return render(request, "info/privacy.html")


urlpatterns = [
    path("glossary/", glossary, name="glossary"),
    path("accessibility/", accessibility, name="accessibility"),
    path("privacy/", privacy, name="privacy"),
]
