from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    # Outside any partnership: the signed-in person's own choices.
    path("email-and-calendar/", views.preferences, name="preferences"),
    path("email-and-calendar/new-calendar-address/", views.calendar_reset, name="calendar-reset"),
    # No sign-in: the secret token in the address is the key (calendar apps cannot sign in).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
