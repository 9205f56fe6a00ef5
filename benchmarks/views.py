"""National statistics, for the installation's staff only: import an EES file (upload,
choose the column and breakdown, preview, import) and the statistical neighbours file.

The uploaded file waits in the cache between the steps (an hour, under the staff member's
own key), so nothing is written until the import is confirmed."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from benchmarks import services
from benchmarks.ees import MAX_UPLOAD_BYTES, EesFile, StatisticsRefused, read_ees
from benchmarks.forms import IndicatorChoiceForm, StatisticsUploadForm
from benchmarks.models import Area, Indicator, Neighbour, StatisticsImport

STAGED_SECONDS = 3600
_TOO_BIG = f"The upload is too big: the largest file is {MAX_UPLOAD_BYTES // 2**20} MB"


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """National statistics are the installation's, not a partnership's: staff only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied("Only the installation's staff import national statistics.")
        return view(request, *args, **kwargs)

    return wrapper


def _key(request: HttpRequest, token: str) -> str:
    return f"statistics-upload:{request.user.pk}:{token}"


def _home(
    request: HttpRequest,
    *,
    upload_form: StatisticsUploadForm | None = None,
    neighbours_form: StatisticsUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """What has been imported, and the forms to import more (4 queries)."""
    return render(
        request,
        "benchmarks/statistics.html",
        {
            "indicators": list(Indicator.objects.order_by("name")),
            "imports": list(
                StatisticsImport.objects.select_related("indicator", "imported_by")[:10]
            ),
            "areas": Area.objects.count(),
            "neighbours": Neighbour.objects.values("area").distinct().count(),
            "upload_form": upload_form or StatisticsUploadForm(prefix="ees"),
            "neighbours_form": neighbours_form or StatisticsUploadForm(prefix="neighbours"),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET"])
def statistics_home(request: HttpRequest) -> HttpResponse:
    """The indicators imported, recent imports, and the upload forms."""
    return _home(request)


def _files(request: HttpRequest) -> Any:
    try:
        return request.POST, request.FILES
    except RequestDataTooBig:
        return None


@staff_required
@require_POST
def statistics_upload(request: HttpRequest) -> HttpResponse:
    """Read the file; if it is an EES CSV, keep it for the next step and go there."""
    data = _files(request)
    form = StatisticsUploadForm(data[0] if data else {}, data[1] if data else None, prefix="ees")
    if data is None:
        form.add_error(None, _TOO_BIG)
    if data is None or not form.is_valid():
        return _home(request, upload_form=form)
    upload = form.cleaned_data["file"]
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        read_ees(raw)
    except StatisticsRefused as error:
        form.add_error("file", error.message)
        return _home(request, upload_form=form)
    token = uuid.uuid4().hex
    cache.set(
        _key(request, token), {"name": upload.name or "upload.csv", "raw": raw}, STAGED_SECONDS
    )
    return redirect("benchmarks:review", token=token)


def _staged(request: HttpRequest, token: str) -> tuple[str, bytes, EesFile]:
    staged = cache.get(_key(request, token))
    if staged is None:
        raise Http404("That upload has expired: upload the file again.")
    return staged["name"], staged["raw"], read_ees(staged["raw"])


@staff_required
@require_http_methods(["GET", "POST"])
def statistics_review(request: HttpRequest, token: str) -> HttpResponse:
    """GET: choose the column and breakdown; with a choice, preview what would be stored.
    POST: import it, then back to the list with what changed."""
    name, raw, file = _staged(request, token)
    bound = request.POST if request.method == "POST" else (request.GET or None)
    form = IndicatorChoiceForm(bound, file=file)
    plan, refused = None, ""
    if form.is_bound and form.is_valid():
        try:
            plan = services.statistics_plan(file=file, choice=form.choice())
        except StatisticsRefused as error:
            refused = error.message
            form.add_error(None, refused)
    if request.method == "POST" and plan is not None:
        record = services.statistics_import(
            plan=plan,
            file_name=name,
            sha256=hashlib.sha256(raw).hexdigest(),
            user=request.user if isinstance(request.user, User) else None,
        )
        cache.delete(_key(request, token))
        if record is None:
            messages.info(
                request, f"Nothing changed: “{plan.choice.name}” already has these figures."
            )
        else:
            messages.success(request, f"“{plan.choice.name}” imported: {plan.summary}.")
        return redirect("benchmarks:home")
    sample_codes = ["E92000001", *(plan.partnership_codes if plan else [])]
    return render(
        request,
        "benchmarks/review.html",
        {
            "form": form,
            "file_name": name,
            "rows": len(file.rows),
            "plan": plan,
            "sample": plan.sample(sample_codes) if plan else [],
            "revised": plan.revised[:20] if plan else [],
            "token": token,
        },
        status=200 if not refused else 400,
    )


@staff_required
@require_POST
def neighbours_upload(request: HttpRequest) -> HttpResponse:
    """Replace the statistical neighbours from the neighbours file (names to codes)."""
    data = _files(request)
    form = StatisticsUploadForm(
        data[0] if data else {}, data[1] if data else None, prefix="neighbours"
    )
    if data is None:
        form.add_error(None, _TOO_BIG)
    if data is None or not form.is_valid():
        return _home(request, neighbours_form=form)
    try:
        result = services.neighbours_import(
            raw=form.cleaned_data["file"].read(MAX_UPLOAD_BYTES + 1)
        )
    except StatisticsRefused as error:
        form.add_error("file", error.message)
        return _home(request, neighbours_form=form)
    messages.success(
        request,
        f"Statistical neighbours of {result.authorities} authorities read: "
        + (f"{result.changed} links changed." if result.changed else "nothing changed."),
    )
    return redirect("benchmarks:home")
