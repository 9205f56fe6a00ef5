"""The staff-only page: upload, choose the column and breakdown, preview, import. Nobody
else reaches it, whatever their role in a partnership."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import Indicator, Neighbour, Observation, StatisticsImport
from tests.benchmarks.support import COLUMN, NEIGHBOURS_FILE, SUFFOLK, TIMELINESS_FILE
from tests.factories import make_member, make_partnership, make_user

pytestmark = pytest.mark.django_db

CHOICE = {
    "column": COLUMN,
    "breakdown": "0",  # the file's first breakdown: all EHC plans
    "name": "New EHC plans issued within 20 weeks (%)",
    "unit": "percent",
    "polarity": "higher",
    "source": "DfE, Education, health and care plans",
    "release": "June 2025",
}


@pytest.fixture
def staff() -> Client:
    make_partnership("Suffolk", local_authority_codes=SUFFOLK)
    client = Client()
    client.force_login(make_user(is_staff=True))  # type: ignore[arg-type]
    return client


def upload(client: Client, path=TIMELINESS_FILE, name: str = "ees-file"):
    return client.post(
        reverse("benchmarks:upload"),
        {"ees-file": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")},
    )


def test_only_staff_reach_the_pages():
    partnership = make_partnership()
    member = Client()
    member.force_login(make_member(partnership, role="admin"))
    urls = [
        reverse("benchmarks:home"),
        reverse("benchmarks:upload"),
        reverse("benchmarks:neighbours"),
        reverse("benchmarks:review", kwargs={"token": "abc"}),
    ]
    for target in urls:
        anonymous = Client().get(target)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
        assert member.get(target).status_code == 403, target
        assert member.post(target).status_code == 403, target


def test_upload_choose_preview_and_import(staff):
    response = upload(staff)
    assert response.status_code == 302
    review = response["Location"]
    page = staff.get(review).content.decode()
    assert "Choose what to import" in page and COLUMN in page
    assert "12,212 rows" in page
    preview = staff.get(review, CHOICE).content.decode()
    assert "Check what will be stored" in preview
    assert "970 new figures, 0 revised, 0 unchanged (8 missing with their reason)" in preview
    assert "Suffolk (E10000029)" in preview and "England (E92000001)" in preview
    assert not Observation.objects.exists()  # a preview stores nothing
    done = staff.post(review, CHOICE)
    assert done.status_code == 302 and done["Location"] == reverse("benchmarks:home")
    assert Observation.objects.count() == 970
    record = StatisticsImport.objects.get()
    assert record.created == 970 and record.imported_by is not None
    home = staff.get(reverse("benchmarks:home")).content.decode()
    assert "New EHC plans issued within 20 weeks (%)" in home and "970 new" in home
    # The staged file is gone: the review page is no more.
    assert staff.get(review).status_code == 404
    # The same file again: nothing changes.
    again = upload(staff)["Location"]
    staff.post(again, CHOICE)
    assert Observation.objects.count() == 970 and StatisticsImport.objects.count() == 1


def test_bad_files_and_choices_get_a_clear_message_and_nothing_stored(staff):
    bad = staff.post(
        reverse("benchmarks:upload"),
        {"ees-file": SimpleUploadedFile("x.csv", b"name,value\nSuffolk,3\n", "text/csv")},
    )
    assert bad.status_code == 200
    assert "not in the Explore Education Statistics shape" in bad.content.decode()
    assert "There is a problem" in staff.post(reverse("benchmarks:upload"), {}).content.decode()
    review = upload(staff)["Location"]
    wrong = staff.post(review, {**CHOICE, "column": "la_name"})
    assert wrong.status_code == 200 and "Choose a column" in wrong.content.decode()
    other = staff.post(
        review, {**CHOICE, "column": "pc_plans_issued_gt_1_year", "breakdown": "999"}
    )
    assert other.status_code == 200 and "Choose one" in other.content.decode()
    assert not Observation.objects.exists() and not Indicator.objects.exists()


def test_the_neighbours_file_is_imported_through_the_page(staff):
    review = upload(staff)["Location"]
    staff.post(review, CHOICE)
    response = staff.post(
        reverse("benchmarks:neighbours"),
        {"neighbours-file": SimpleUploadedFile("n.csv", NEIGHBOURS_FILE.read_bytes(), "text/csv")},
    )
    assert response.status_code == 302
    assert Neighbour.objects.filter(area__code=SUFFOLK).count() == 10
    refused = staff.post(
        reverse("benchmarks:neighbours"),
        {
            "neighbours-file": SimpleUploadedFile(
                "n.csv", b"Suffolk\n" + b"Atlantis\n" * 10, "text/csv"
            )
        },
    )
    assert "‘Atlantis’" in refused.content.decode()
    assert Neighbour.objects.filter(area__code=SUFFOLK).count() == 10


def test_the_staff_page_query_count_is_flat(staff):
    counts = []
    for column in (COLUMN, "PC_plans_issued_20_weeks_ex", "pc_plans_issued_gt_1_year"):
        with CaptureQueriesContext(connection) as read:
            assert staff.get(reverse("benchmarks:home")).status_code == 200
        counts.append(len(read))
        review = upload(staff)["Location"]
        staff.post(review, {**CHOICE, "column": column, "name": column})
    assert Indicator.objects.count() == 3
    assert counts[1] == counts[2] <= 8, counts
