from django.urls import path

from inspections import deadline_views, import_views, member_views, views

app_name = "inspections"

urlpatterns = [
    path("p/<slug:slug>/", views.partnership_home, name="partnership"),
    path("p/<slug:slug>/inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("p/<slug:slug>/inspections/<int:pk>/letter.pdf", views.inspection_letter, name="letter"),
    path("p/<slug:slug>/activity/", views.activity_log, name="activity"),
]

urlpatterns += [
    path("p/<slug:slug>/deadlines/", deadline_views.deadline_list, name="deadlines"),
    path("p/<slug:slug>/deadlines/new/", deadline_views.deadline_edit, name="deadline-add"),
    path(
        "p/<slug:slug>/deadlines/<int:pk>/edit/", deadline_views.deadline_edit, name="deadline-edit"
    ),
    path(
        "p/<slug:slug>/deadlines/<int:pk>/status/",
        deadline_views.deadline_record_outcome,
        name="deadline-outcome",
    ),
    path(
        "p/<slug:slug>/deadlines/<int:pk>/history/",
        deadline_views.deadline_history,
        name="deadline-history",
    ),
]

urlpatterns += [
    path("p/<slug:slug>/members/", member_views.member_list, name="members"),
    path("p/<slug:slug>/members/add/", member_views.member_add, name="member-add"),
    path(
        "p/<slug:slug>/members/<int:pk>/role/", member_views.member_change_role, name="member-role"
    ),
    path("p/<slug:slug>/import/", import_views.report_upload, name="import"),
    path("p/<slug:slug>/import/save/", import_views.report_save, name="import-save"),
]
