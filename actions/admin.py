"""Django admin for plans, actions, progress updates and measures."""

from django.contrib import admin

from actions.models import Action, Measure, MeasureValue, Plan, ProgressUpdate
from inspections.admin import RecordsAdmin


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "finding", "lead_organisation", "due_date", "status", "rag"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(RecordsAdmin):
    list_display = ["title", "partnership", "kind", "status", "start_date", "supersedes"]
    list_filter = ["kind", "status", "partnership"]
    inlines = [ActionInline]


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "rag", "narrative", "author", "author_name"]


@admin.register(Action)
class ActionAdmin(RecordsAdmin):
    list_display = ["title", "plan", "finding", "lead_organisation", "due_date", "status", "rag"]
    list_filter = ["status", "rag", "is_illustrative", "plan__partnership"]
    search_fields = ["title", "lead_name"]
    list_select_related = ["plan", "finding", "lead_organisation"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordsAdmin):
    list_display = ["action", "date", "rag", "author"]
    list_filter = ["rag"]
    search_fields = ["narrative"]
    list_select_related = ["action", "author"]


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    extra = 0


@admin.register(Measure)
class MeasureAdmin(RecordsAdmin):
    list_display = [
        "name",
        "partnership",
        "unit",
        "baseline_value",
        "target_value",
        "england_average",
    ]
    list_filter = ["unit", "is_illustrative", "partnership"]
    search_fields = ["name"]
    filter_horizontal = ["findings"]
    inlines = [MeasureValueInline]
