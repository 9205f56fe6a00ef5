from django.urls import path

from families import public_views, views

app_name = "families"

urlpatterns = [
    path("p/<slug:slug>/families-page/", views.item_list, name="items"),
    path("p/<slug:slug>/families-page/add/", views.item_add, name="item-add"),
    path("p/<slug:slug>/families-page/settings/", views.page_settings, name="settings"),
    path("p/<slug:slug>/families-page/<int:pk>/", views.item_detail, name="item"),
    path("p/<slug:slug>/families-page/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("p/<slug:slug>/families-page/<int:pk>/send/", views.item_submit, name="item-submit"),
    path("p/<slug:slug>/families-page/<int:pk>/approve/", views.item_approve, name="item-approve"),
    path("p/<slug:slug>/families-page/<int:pk>/return/", views.item_return, name="item-return"),
    path(
        "p/<slug:slug>/families-page/<int:pk>/withdraw/", views.item_withdraw, name="item-withdraw"
    ),
    # For anyone, no sign-in: the approved snapshots only (404 unless switched on).
    path("families/<slug:slug>/", public_views.public_page, name="public"),
]
