from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("p/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("p/<slug:slug>/findings/<int:pk>/", views.finding_detail, name="finding"),
    path("p/<slug:slug>/actions/", views.action_list, name="list"),
    path("p/<slug:slug>/actions/<int:pk>/", views.action_detail, name="action"),
    path(
        "p/<slug:slug>/actions/<int:pk>/status/", views.action_update_status, name="update-status"
    ),
    path("p/<slug:slug>/actions/<int:pk>/updates/", views.action_add_update, name="add-update"),
    path("p/<slug:slug>/actions/<int:pk>/edit/", views.action_edit, name="edit"),
    path("p/<slug:slug>/actions/<int:pk>/history/", views.action_history, name="action-history"),
    path("p/<slug:slug>/findings/<int:pk>/history/", views.finding_history, name="finding-history"),
    path("p/<slug:slug>/measures/", views.measure_list, name="measures"),
    path("p/<slug:slug>/measures/new/", views.measure_edit, name="measure-add"),
    path("p/<slug:slug>/measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("p/<slug:slug>/plans/", views.plan_list, name="plans"),
    path("p/<slug:slug>/plans/new/", views.plan_edit, name="plan-add"),
    path("p/<slug:slug>/plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path(
        "p/<slug:slug>/measures/<int:pk>/values/", views.measure_add_value, name="measure-add-value"
    ),
    path("p/<slug:slug>/packs/", views.pack_list, name="packs"),
    path("p/<slug:slug>/packs/new/", views.pack_create, name="pack-create"),
    path("p/<slug:slug>/packs/<int:pk>/", views.pack_detail, name="pack"),
    path("p/<slug:slug>/packs/<int:pk>/download.pdf", views.pack_download, name="pack-download"),
]
