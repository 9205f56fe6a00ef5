"""URL routes. Every partnership page lives under /p/<slug>/."""

from django.contrib import admin
from django.urls import include, path

from inspections import views as inspection_views

admin.site.site_header = "SEND Tracker administration"
admin.site.site_title = "SEND Tracker admin"

# Error pages in the product's style (send_tracker/errors.py).
handler400 = "send_tracker.errors.bad_request"
handler403 = "send_tracker.errors.permission_denied"
handler404 = "send_tracker.errors.page_not_found"
handler500 = "send_tracker.errors.server_error"

urlpatterns = [
    path("", inspection_views.home, name="home"),
    path("accounts/", include("send_tracker.accounts")),
    path("admin/", admin.site.urls),
    path("", include("send_tracker.info_pages")),
    path("", include("inspections.urls")),
    path("", include("actions.urls")),
    path("", include("reminders.urls")),
    path("", include("benchmarks.urls")),
    path("", include("families.urls")),
]
