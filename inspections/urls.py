from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("p/<slug:slug>/", views.partnership_home, name="partnership"),
    path("p/<slug:slug>/inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path(
        "p/<slug:slug>/inspections/<int:pk>/letter.pdf",
        views.inspection_letter,
        name="letter",
    ),
    path(
        "p/<slug:slug>/inspections/<int:pk>/readiness.pdf",
        views.inspection_readiness,
        name="readiness",
    ),
]

urlpatterns += [
    path("p/<slug:slug>/deadlines/", views.deadline_list, name="deadlines"),
    path(
        "p/<slug:slug>/deadlines/<int:pk>/status/",
        views.deadline_record_outcome,
        name="deadline-outcome",
    ),
]

from inspections import import_views  # noqa: E402

urlpatterns += [
    path("p/<slug:slug>/import/", import_views.report_upload, name="import"),
    path("p/<slug:slug>/import/save/", import_views.report_save, name="import-save"),
]
