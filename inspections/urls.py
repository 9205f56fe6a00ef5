from django.urls import path

from inspections import (
    deadline_views,
    import_views,
    invitation_views,
    member_views,
    record_views,
    views,
    withdrawal_views,
)

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
    path("p/<slug:slug>/members/invite/", member_views.member_invite, name="member-invite"),
    path(
        "p/<slug:slug>/invitations/<int:pk>/cancel/",
        invitation_views.invitation_cancel_view,
        name="invitation-cancel",
    ),
    path(
        "p/<slug:slug>/invitations/<int:pk>/send-again/",
        invitation_views.invitation_resend_view,
        name="invitation-resend",
    ),
    # The link in an invitation email: open to anyone holding it (no sign-in needed).
    path("invitations/<str:token>/", invitation_views.invitation_open, name="invitation-accept"),
    path(
        "p/<slug:slug>/members/<int:pk>/role/", member_views.member_change_role, name="member-role"
    ),
    path("p/<slug:slug>/import/", import_views.report_upload, name="import"),
    path("p/<slug:slug>/import/save/", import_views.report_save, name="import-save"),
]

# Corrections to the record outside the import review (officers and above).
urlpatterns += [
    path(
        "p/<slug:slug>/inspections/<int:pk>/findings/new/",
        record_views.finding_add,
        name="finding-add",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/correct/",
        record_views.finding_correct,
        name="finding-correct",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/withdraw/",
        record_views.finding_withdraw,
        name="finding-withdraw",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/focus-points/new/",
        record_views.focus_point_add,
        name="focus-point-add",
    ),
    path(
        "p/<slug:slug>/focus-points/<int:pk>/correct/",
        record_views.focus_point_correct,
        name="focus-point-correct",
    ),
    path(
        "p/<slug:slug>/focus-points/<int:pk>/withdraw/",
        record_views.focus_point_withdraw,
        name="focus-point-withdraw",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/judgements/new/",
        record_views.judgement_add,
        name="judgement-add",
    ),
    path(
        "p/<slug:slug>/judgements/<int:pk>/correct/",
        record_views.judgement_correct,
        name="judgement-correct",
    ),
    path(
        "p/<slug:slug>/judgements/<int:pk>/withdraw/",
        record_views.judgement_withdraw,
        name="judgement-withdraw",
    ),
    path(
        "p/<slug:slug>/inspections/<int:pk>/withdraw/",
        withdrawal_views.inspection_withdraw_view,
        name="inspection-withdraw",
    ),
    path(
        "p/<slug:slug>/inspections/<int:pk>/restore/",
        withdrawal_views.inspection_restore_view,
        name="inspection-restore",
    ),
]
