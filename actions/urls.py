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
]
