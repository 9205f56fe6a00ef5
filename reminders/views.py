"""A person's email and calendar preferences, and their calendar feed.

The preferences page is outside any partnership: it lists the person's own memberships
only. The feed needs no sign-in (a calendar app cannot sign in): its secret token is the
key, and a wrong token, a reset one or the token of someone who belongs to no partnership
any more all answer the same 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inspections.models import Membership
from inspections.tenancy import SignedInRequest
from reminders.calendar import feed_for
from reminders.emails import link
from reminders.forms import PreferenceForm
from reminders.models import TOKEN_LENGTH, CalendarFeed
from reminders.services import calendar_feed_reset, reminder_preferences_save


@require_http_methods(["GET", "POST"])
def preferences(request: SignedInRequest) -> HttpResponse:
    """Reminders on or off and the digest weekly or never, per partnership; the calendar
    address, with a button to make a new one. 4 queries (session, user, memberships,
    calendar feed); saving adds the writes."""
    memberships = (
        Membership.objects.filter(user_id=request.user.pk)
        .select_related("partnership", "reminder_preference")
        .order_by("partnership__name")
    )
    data = request.POST if request.method == "POST" else None
    forms = [PreferenceForm(data, membership=m) for m in memberships]
    if data is not None and all(form.is_valid() for form in forms):
        reminder_preferences_save(
            user=request.user, choices={f.membership.pk: f.choice() for f in forms}
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("reminders:preferences")
    feed = CalendarFeed.objects.filter(user_id=request.user.pk).first()
    feed_url = link("reminders:calendar-feed", token=feed.token) if feed else ""
    return render(
        request,
        "reminders/preferences.html",
        {
            "forms": forms,
            "feed_url": feed_url,
            # Places a narrow screen may break the long address (copying it is unchanged).
            "feed_url_parts": [feed_url[i : i + 20] for i in range(0, len(feed_url), 20)],
        },
        status=400 if data is not None else 200,
    )


@require_POST
def calendar_reset(request: SignedInRequest) -> HttpResponse:
    """Make a new calendar address; the old one answers 404 from now on."""
    had_one = CalendarFeed.objects.filter(user_id=request.user.pk).exists()
    calendar_feed_reset(user=request.user)
    messages.success(
        request,
        "Your calendar has a new address: add it to your calendar app again. "
        "The old address no longer works."
        if had_one
        else "Your calendar address is ready: add it to your calendar app.",
    )
    return redirect(f"{reverse('reminders:preferences')}#calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar of whoever holds this token, while they belong to a partnership."""
    if len(token) != TOKEN_LENGTH:
        raise Http404("No such calendar.")
    member = Membership.objects.filter(user=OuterRef("user"))
    feed = (
        CalendarFeed.objects.by_token(token)
        .filter(user__is_active=True)
        .filter(Exists(member))
        .select_related("user")
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    response = HttpResponse(
        feed_for(feed.user).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="send-tracker.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
