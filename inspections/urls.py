from django.urls import path

from inspections import import_views, member_views, views

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

urlpatterns += [
    path(
        "p/<slug:slug>/deadlines/<int:pk>/history/", views.deadline_history, name="deadline-history"
    ),
    path("p/<slug:slug>/deadlines/new/", views.deadline_edit, name="deadline-add"),
    path("p/<slug:slug>/deadlines/<int:pk>/edit/", views.deadline_edit, name="deadline-edit"),
    path("p/<slug:slug>/activity/", views.activity_log, name="activity"),
    path("p/<slug:slug>/members/", member_views.member_list, name="members"),
    path("p/<slug:slug>/members/add/", member_views.member_add, name="member-add"),
    path(
        "p/<slug:slug>/members/<int:pk>/role/",
        member_views.member_change_role,
        name="member-role",
    ),
    path(
        "p/<slug:slug>/members/<int:pk>/remove/", member_views.member_remove, name="member-remove"
    ),
]

urlpatterns += [
    path("p/<slug:slug>/import/", import_views.report_upload, name="import"),
    path("p/<slug:slug>/import/save/", import_views.report_save, name="import-save"),
]
