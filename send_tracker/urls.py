"""URL routes. Every partnership page lives under /p/<slug>/."""

from django.contrib import admin
from django.urls import include, path

from inspections import views as inspection_views

admin.site.site_header = "SEND Tracker administration"
admin.site.site_title = "SEND Tracker admin"

urlpatterns = [
    path("", inspection_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("inspections.urls")),
    path("", include("actions.urls")),
    path("", include("benchmarks.urls")),
]
