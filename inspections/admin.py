"""Django admin for partnerships, inspections, findings, interventions and deadlines."""

from typing import Any

from django.contrib import admin

from inspections.models import (
    Addressee,
    Deadline,
    Finding,
    FocusPoint,
    Inspection,
    InspectionTeamMember,
    Intervention,
    Judgement,
    Membership,
    Organisation,
    Partnership,
)


class RecordsAdmin(admin.ModelAdmin):
    """The admin of partnerships' records. Staff can move a record from one partnership to
    another here, so any save or delete marks every partnership changed (one UPDATE; admin
    edits are rare) and no cached page outlives it (`send_tracker.page_cache`)."""

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        Partnership.objects.mark_changed()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        Partnership.objects.mark_changed()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        Partnership.objects.mark_changed()


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partnership)
class PartnershipAdmin(RecordsAdmin):
    list_display = ["name", "slug", "local_areas"]
    search_fields = ["name", "local_areas"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationInline, MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(RecordsAdmin):
    list_display = ["name", "short_name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(RecordsAdmin):
    list_display = ["user", "partnership", "role", "organisation"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["user"]


class TeamInline(admin.TabularInline):
    model = InspectionTeamMember
    extra = 0


class AddresseeInline(admin.TabularInline):
    model = Addressee
    extra = 0


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = ["kind", "number", "statement", "focus_points_intro", "responsible_bodies"]
    show_change_link = True


class JudgementInline(admin.StackedInline):
    model = Judgement
    fk_name = "inspection"
    extra = 0
    autocomplete_fields = ["finding"]


@admin.register(Inspection)
class InspectionAdmin(RecordsAdmin):
    list_display = ["__str__", "partnership", "kind", "start_date", "outcome"]
    list_filter = ["kind", "outcome", "partnership"]
    search_fields = ["partnership__name"]
    date_hierarchy = "start_date"
    inlines = [TeamInline, AddresseeInline, FindingInline, JudgementInline]


class FocusPointInline(admin.TabularInline):
    model = FocusPoint
    extra = 0


class FindingJudgementInline(admin.StackedInline):
    model = Judgement
    fk_name = "finding"
    extra = 0


@admin.register(Finding)
class FindingAdmin(RecordsAdmin):
    list_display = ["title", "inspection", "kind", "number"]
    list_filter = ["kind", "inspection__partnership"]
    search_fields = ["statement", "inspection__partnership__name"]
    filter_horizontal = ["responsible_bodies"]
    inlines = [FocusPointInline, FindingJudgementInline]


@admin.register(Judgement)
class JudgementAdmin(RecordsAdmin):
    list_display = ["finding", "inspection", "outcome"]
    list_filter = ["outcome"]
    autocomplete_fields = ["finding"]


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    fields = ["title", "source", "owner", "due_date", "due_text", "is_approximate", "status"]


@admin.register(Intervention)
class InterventionAdmin(RecordsAdmin):
    list_display = ["title", "partnership", "kind", "body", "date"]
    list_filter = ["kind", "body", "partnership"]
    inlines = [DeadlineInline]


@admin.register(Deadline)
class DeadlineAdmin(RecordsAdmin):
    list_display = ["title", "partnership", "source", "due_date", "is_approximate", "status"]
    list_filter = ["status", "source", "partnership"]
    search_fields = ["title"]
