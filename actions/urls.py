from django.urls import path

from actions.views import (
    action,
    evaluation,
    export,
    lifecycle,
    members,
    mine,
    packs,
    progress,
    records,
    sheets,
)

app_name = "actions"

urlpatterns = [
    # Outside any partnership: the signed-in person's own actions in all of theirs.
    path("my-actions/", mine.my_actions, name="my-actions"),
    path("p/<slug:slug>/dashboard/", progress.dashboard, name="dashboard"),
    path("p/<slug:slug>/findings/<int:pk>/", progress.finding_detail, name="finding"),
    path(
        "p/<slug:slug>/findings/<int:pk>/history/",
        progress.finding_history,
        name="finding-history",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/self-evaluation/",
        evaluation.self_evaluation_edit,
        name="self-evaluation",
    ),
    path(
        "p/<slug:slug>/findings/<int:pk>/self-evaluation/history/",
        evaluation.self_evaluation_history,
        name="self-evaluation-history",
    ),
    path("p/<slug:slug>/actions/", action.action_list, name="list"),
    path("p/<slug:slug>/actions/new/", lifecycle.action_create, name="create"),
    path("p/<slug:slug>/actions/<int:pk>/", action.action_detail, name="action"),
    path("p/<slug:slug>/actions/<int:pk>/close/", lifecycle.action_close, name="close"),
    path("p/<slug:slug>/actions/<int:pk>/reopen/", lifecycle.action_reopen, name="reopen"),
    path("p/<slug:slug>/actions/<int:pk>/withdraw/", lifecycle.action_withdraw, name="withdraw"),
    path("p/<slug:slug>/actions/<int:pk>/restore/", lifecycle.action_restore, name="restore"),
    path(
        "p/<slug:slug>/actions/<int:pk>/status/", action.action_update_status, name="update-status"
    ),
    path("p/<slug:slug>/actions/<int:pk>/updates/", action.action_add_update, name="add-update"),
    path("p/<slug:slug>/actions/<int:pk>/edit/", action.action_edit, name="edit"),
    path("p/<slug:slug>/actions/<int:pk>/history/", action.action_history, name="action-history"),
    path("p/<slug:slug>/members/<int:pk>/remove/", members.member_remove, name="member-remove"),
    path("p/<slug:slug>/measures/", records.measure_list, name="measures"),
    path("p/<slug:slug>/measures/new/", records.measure_edit, name="measure-add"),
    path("p/<slug:slug>/measures/<int:pk>/edit/", records.measure_edit, name="measure-edit"),
    path(
        "p/<slug:slug>/measures/<int:pk>/values/",
        records.measure_add_value,
        name="measure-add-value",
    ),
    path(
        "p/<slug:slug>/measures/<int:pk>/commentary/",
        records.measure_commentary,
        name="measure-commentary",
    ),
    path("p/<slug:slug>/plans/", records.plan_list, name="plans"),
    path("p/<slug:slug>/plans/new/", records.plan_edit, name="plan-add"),
    path("p/<slug:slug>/plans/<int:pk>/edit/", records.plan_edit, name="plan-edit"),
    path("p/<slug:slug>/spreadsheets/", export.spreadsheets, name="spreadsheets"),
    path("p/<slug:slug>/spreadsheets/tracker.xlsx", export.export_workbook, name="export-xlsx"),
    path("p/<slug:slug>/spreadsheets/export.csv", export.export_csv, name="export-csv"),
    path(
        "p/<slug:slug>/spreadsheets/import/actions/",
        sheets.import_actions,
        name="import-actions",
    ),
    path(
        "p/<slug:slug>/spreadsheets/import/measure-values/",
        sheets.import_values,
        name="import-values",
    ),
    path("p/<slug:slug>/spreadsheets/imports/<int:pk>/", sheets.import_check, name="import-check"),
    path(
        "p/<slug:slug>/spreadsheets/imports/<int:pk>/save/",
        sheets.import_save,
        name="import-save",
    ),
    path("p/<slug:slug>/packs/", packs.pack_list, name="packs"),
    path("p/<slug:slug>/packs/new/", packs.pack_create, name="pack-create"),
    path("p/<slug:slug>/packs/<int:pk>/", packs.pack_detail, name="pack"),
    path("p/<slug:slug>/packs/<int:pk>/download.pdf", packs.pack_download, name="pack-download"),
    path(
        "p/<slug:slug>/inspections/<int:pk>/readiness.pdf",
        packs.readiness_letter_pdf,
        name="readiness",
    ),
]
