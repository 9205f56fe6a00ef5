from django.urls import path

from benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("statistics/", views.statistics_home, name="home"),
    path("statistics/upload/", views.statistics_upload, name="upload"),
    path("statistics/upload/<slug:token>/", views.statistics_review, name="review"),
    path("statistics/neighbours/", views.neighbours_upload, name="neighbours"),
]
