"""The reminder run: the right people get the right email once, nothing from another
partnership, nothing once switched off or removed; failed sends are retried; two runs at
once send nothing twice; the number of queries does not grow with the data."""

from __future__ import annotations

import datetime as dt
import email as email_parser
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from notifications_python_client.notifications import NotificationsAPIClient

from actions.models import Action
from inspections.models import Membership
from reminders.models import ReminderPreference, Sending
from reminders.services import reminders_send
from tests.reminders.world import TODAY, build_world, days
from tests.test_races import at_once

pytestmark = pytest.mark.django_db

NOTIFY_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def text_of(message: mail.EmailMessage) -> str:
    return str(message.body)


def test_each_owner_gets_one_email_with_their_actions_due_overdue_or_quiet():
    world = build_world()
    summary = reminders_send(today=TODAY)
    (leader_mail,) = [m for m in sent_to("lee@example.org") if "you own" in m.subject]
    body = text_of(leader_mail)
    assert leader_mail.subject == "SEND Tracker: 3 actions you own need attention"
    for title in ("Due soon action", "Overdue action", "Quiet action"):
        assert title in body
    for title in ("Fine action", "Done action", "Withdrawn action", "Otherford action"):
        assert title not in body
    # Each item links to its page; the email ends with the preferences link.
    slug = world.partnership.slug
    assert f"http://testserver/p/{slug}/actions/{world.late.pk}/" in body
    assert body.rstrip().endswith("http://testserver/email-and-calendar/")
    # The other partnership's owner hears only of their own action.
    (their_mail,) = [m for m in sent_to("sam@example.org") if "you own" in m.subject]
    assert "Otherford action" in text_of(their_mail)
    assert "Testshire" not in text_of(their_mail)
    assert summary.emails_failed == 0

    # Once: a second run the same day sends nothing.
    before = len(mail.outbox)
    again = reminders_send(today=TODAY)
    assert (again.emails_sent, len(mail.outbox)) == (0, before)


def test_the_cadence_of_each_kind_of_reminder():
    world = build_world()
    reminders_send(today=TODAY)
    mail.outbox.clear()
    # Next week: the overdue action again (once a week), and the action that was due soon
    # is now overdue too; the quiet one is not told again in the same quiet spell.
    reminders_send(today=days(7))
    (message,) = [m for m in sent_to("lee@example.org") if "you own" in m.subject]
    body = text_of(message)
    assert "Overdue action" in body and "Due soon action" in body
    assert "Quiet action" not in body
    mail.outbox.clear()
    # The same week again: nothing. A new due date brings "due soon" again; a progress update
    # ends the quiet spell, and a new one 60 days after it is told again.
    reminders_send(today=days(8))
    assert not sent_to("lee@example.org")
    Action.objects.filter(pk=world.late.pk).update(due_date=days(10))
    reminders_send(today=days(8))
    (message,) = sent_to("lee@example.org")
    assert "Overdue action" in text_of(message) and "due " in text_of(message)
    world.quiet.updates.create(date=days(9), narrative="News.", rag="amber")
    mail.outbox.clear()
    reminders_send(today=days(9 + 61))
    (message,) = [m for m in sent_to("lee@example.org") if "you own" in m.subject]
    assert "Quiet action" in text_of(message)


def test_the_weekly_digest_goes_to_leaders_and_officers_with_their_partnerships_week():
    world = build_world()
    reminders_send(today=TODAY)
    digests = [m for m in mail.outbox if m.subject == "SEND Tracker: Testshire this week"]
    assert sorted(m.to[0] for m in digests) == ["lee@example.org", "olu@example.org"]
    body = text_of(digests[0])
    d = world.deadlines
    for shown in ("Overdue deadline", "Upcoming deadline", "Turned red action", "Quiet action"):
        assert shown in body, shown
    assert "Monitoring inspection: expected around" in body
    for hidden in ("Later deadline", "Met deadline", "Superseded deadline", "Otherford"):
        assert hidden not in body, hidden
    assert f"/p/{world.partnership.slug}/deadlines/#deadline-row-{d['overdue'].pk}" in body
    # The other partnership's digest has its own items only.
    (theirs,) = [m for m in mail.outbox if m.subject == "SEND Tracker: Otherford this week"]
    assert "Otherford action" in text_of(theirs) and "Testshire" not in text_of(theirs)
    # Once a week.
    mail.outbox.clear()
    reminders_send(today=TODAY)
    assert not mail.outbox


def test_a_board_member_gets_the_digest_only_when_they_choose_it():
    world = build_world()
    membership = Membership.objects.get(user=world.board)
    ReminderPreference.objects.create(membership=membership, digest="weekly")
    reminders_send(today=TODAY)
    assert [m.subject for m in sent_to("bea@example.org")] == ["SEND Tracker: Testshire this week"]


def test_preferences_switched_off_send_nothing():
    world = build_world()
    for user in (world.leader, world.officer):
        ReminderPreference.objects.create(
            membership=Membership.objects.get(user=user), reminders=False, digest="never"
        )
    reminders_send(today=TODAY)
    assert not sent_to("lee@example.org") and not sent_to("olu@example.org")
    assert sent_to("sam@example.org")  # someone else's choices are their own


def test_a_removed_member_gets_nothing_even_a_retry():
    world = build_world()
    with mock_failing_mailer():
        first = reminders_send(today=TODAY)
    assert first.emails_failed > 0 and not mail.outbox
    Membership.objects.filter(user=world.leader).delete()
    summary = reminders_send(today=TODAY)
    assert not sent_to("lee@example.org")
    assert summary.cancelled >= 4  # their owner reminders and their digest
    assert not Sending.objects.filter(user=world.leader, status="pending").exists()
    assert sent_to("olu@example.org")  # the failed sends of others still go


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down.")


def mock_failing_mailer():
    from django.test import override_settings

    return override_settings(
        MAILERS={"default": {"BACKEND": f"{__name__}.FailingBackend"}},
    )


def test_a_failed_send_is_recorded_and_retried_by_the_next_run_once():
    build_world()
    with mock_failing_mailer():
        failed = reminders_send(today=TODAY)
    assert failed.emails_sent == 0 and failed.emails_failed > 0
    rows = Sending.objects.filter(status="failed")
    assert rows.exists() and all("mail server is down" in r.error for r in rows)
    retried = reminders_send(today=TODAY)
    assert retried.emails_sent == failed.emails_failed
    assert len(sent_to("lee@example.org")) == 2  # their reminders and their digest
    assert not Sending.objects.exclude(status="sent").exists()
    assert reminders_send(today=TODAY).emails_sent == 0


class ReentrantBackend(BaseEmailBackend):
    """Starts a second run while the first is sending its first email: a second machine."""

    nested: list = []

    def send_messages(self, email_messages):
        if not self.nested:
            self.nested.append(reminders_send(today=TODAY))
        mail.outbox.extend(email_messages)
        return len(email_messages)


def test_a_second_run_while_the_first_is_sending_sends_nothing_twice():
    from django.test import override_settings

    build_world()
    ReentrantBackend.nested = []
    with override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.ReentrantBackend"}}):
        first = reminders_send(today=TODAY)
    (second,) = ReentrantBackend.nested
    assert second.emails_sent == 0 and second.recorded == 0
    keys = [(tuple(m.to), m.subject) for m in mail.outbox]
    assert len(keys) == len(set(keys)) == first.emails_sent


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_email_once():
    build_world()
    results = at_once(lambda: reminders_send(today=TODAY), lambda: reminders_send(today=TODAY))
    assert not [r for r in results if isinstance(r, Exception)], results
    keys = [(tuple(m.to), m.subject) for m in mail.outbox]
    assert len(keys) == len(set(keys)) == sum(r.emails_sent for r in results) == 5


def test_smtp_mail_has_a_plain_text_part_and_an_accessible_html_part():
    build_world()
    reminders_send(today=TODAY)
    (message,) = [m for m in sent_to("lee@example.org") if "you own" in m.subject]
    parsed = email_parser.message_from_bytes(message.message().as_bytes())
    types = [part.get_content_type() for part in parsed.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    assert isinstance(message, mail.EmailMultiAlternatives)
    (content, kind) = message.alternatives[0]
    assert kind == "text/html" and isinstance(content, str)
    html = content
    assert '<html lang="en-GB">' in html and "<title>" in html
    assert "<h2" in html and '<a href="http://testserver/p/' in html
    assert 'href="http://testserver/email-and-calendar/"' in html


def test_through_govuk_notify_each_email_is_the_plain_template_with_personalisation(settings):
    build_world()
    settings.MAILERS = {"default": {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"}}
    settings.GOVUK_NOTIFY_API_KEY = "tracker-" + "0" * 36 + "-" + "1" * 36
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = NOTIFY_TEMPLATE
    with mock.patch.object(NotificationsAPIClient, "send_email_notification") as send:
        summary = reminders_send(today=TODAY)
    assert send.call_count == summary.emails_sent == 5
    calls = [c.kwargs for c in send.call_args_list]
    assert {c["template_id"] for c in calls} == {NOTIFY_TEMPLATE}
    (lee,) = [
        c
        for c in calls
        if c["email_address"] == "lee@example.org" and "own" in c["personalisation"]["subject"]
    ]
    assert set(lee["personalisation"]) == {"subject", "body"}
    assert "* Overdue action" in lee["personalisation"]["body"]
    assert "<" not in lee["personalisation"]["body"]


def test_the_run_decides_and_records_in_the_same_number_of_queries_at_any_size():
    counts = []
    for n in (1, 4):
        Sending.objects.all().delete()
        for i in range(n):
            build_world(f"Small {n}-{i}", f"Other {n}-{i}")
        Sending.objects.all().delete()
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            summary = reminders_send(today=TODAY)
        # One UPDATE per email sent; everything else is fixed.
        counts.append(len(queries) - summary.emails_sent)
        assert summary.emails_sent >= 5 * n
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12, counts


def test_the_command_and_the_task(capsys):
    build_world()
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Emails sent: 5" in out
    call_command("send_reminders", "--enqueue")  # immediate backend in tests: runs now
    assert "Queued the reminder run" in capsys.readouterr().out
    assert len(mail.outbox) == 5


def test_nobody_without_an_address_or_an_active_account_is_emailed():
    world = build_world()
    type(world.leader).objects.filter(pk=world.leader.pk).update(email="")
    type(world.officer).objects.filter(pk=world.officer.pk).update(is_active=False)
    reminders_send(today=TODAY)
    assert {m.to[0] for m in mail.outbox} == {"sam@example.org"}


def test_a_run_that_stopped_before_sending_is_finished_by_a_later_run():
    """Sendings a run recorded but never sent (the process was stopped) are claimed again
    once they are older than STALE_AFTER; until then they belong to the run recording them."""
    from django.utils import timezone

    from reminders.services import STALE_AFTER

    world = build_world()
    with mock_failing_mailer():
        reminders_send(today=TODAY)
    Sending.objects.update(status="pending", attempts=0, error="")
    assert reminders_send(today=TODAY).emails_sent == 0  # a run still under way, perhaps
    Sending.objects.update(claimed_at=timezone.now() - STALE_AFTER - dt.timedelta(minutes=1))
    assert reminders_send(today=TODAY).emails_sent == 5
    assert len(sent_to("lee@example.org")) == 2
    assert world.leader.reminders_sent.filter(status="sent").count() == 4
