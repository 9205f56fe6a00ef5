"""Local area partnerships, their member bodies, and who belongs to them in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from send_tracker.withdrawal import (
    CURRENT,
    CurrentManager,
    Withdrawable,
    max_length_check,
    withdrawal_checks,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


MAX_PARTNERSHIP_NAME = 120
MAX_SLUG = 60
MAX_LOCAL_AREAS = 300
MAX_ORGANISATION_NAME = 200
MAX_SHORT_NAME = 40
MAX_LA_CODES = 120
# One ONS code, or several separated by commas (no spaces): E10000029 or E09000004,E09000005.
LA_CODES = r"^([EWSN][0-9]{8}(,[EWSN][0-9]{8})*)?$"


class PartnershipScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """Rows that belong to a partnership through `partnership_path`: every read of a
    partnership's data starts with `for_partnership()`, never with a child's id alone."""

    partnership_path = "partnership"

    def for_partnership(self, partnership: Partnership) -> Self:
        return self.filter(**{self.partnership_path: partnership})


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def mark_changed(self) -> int:
        """Bump these partnerships' `generation`, so pages cached from their data are read
        afresh (`send_tracker.page_cache`). One UPDATE, safe from any number of processes."""
        return self.update(generation=F("generation") + 1)


class Partnership(models.Model):
    """A local area partnership: a council, its ICB(s) and its parent carer forum."""

    name = models.CharField(max_length=MAX_PARTNERSHIP_NAME, unique=True, help_text="e.g. Suffolk")
    slug = models.SlugField(max_length=MAX_SLUG, unique=True)
    local_areas = models.CharField(
        max_length=MAX_LOCAL_AREAS,
        blank=True,
        help_text="Other names the inspectorates give the local area in reports and letters, "
        "separated by semicolons (e.g. “Bedford Borough” for Bedford). The importer refuses a "
        "document about any other area.",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Demo partnership: pages say which data is illustrative."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    generation = models.PositiveBigIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every change to the partnership's records: names its cached pages.",
    )
    local_authority_codes = models.CharField(
        max_length=MAX_LA_CODES,
        blank=True,
        validators=[
            RegexValidator(
                LA_CODES, "Enter ONS codes like E10000029, separated by commas without spaces"
            )
        ],
        help_text="ONS code(s) of the local authority or authorities it covers, separated by "
        "commas, e.g. E10000029 (Suffolk): national statistics are read for these.",
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            max_length_check("partnership_name", "name", MAX_PARTNERSHIP_NAME),
            max_length_check("partnership_slug", "slug", MAX_SLUG),
            max_length_check(
                "partnership_local_authority_codes", "local_authority_codes", MAX_LA_CODES
            ),
            models.CheckConstraint(
                condition=Q(local_authority_codes__regex=LA_CODES),
                name="partnership_local_authority_codes_are_ons",
            ),
            max_length_check("partnership_local_areas", "local_areas", MAX_LOCAL_AREAS),
        ]

    def __str__(self) -> str:
        return f"{self.name} Local Area Partnership"

    @property
    def ons_codes(self) -> list[str]:
        """The ONS codes of its local authorities, the main one first."""
        return [c for c in self.local_authority_codes.split(",") if c]

    @property
    def area_names(self) -> list[str]:
        """Its name and the other names recorded for its local area."""
        others = [name.strip() for name in self.local_areas.split(";")]
        return [self.name, *(name for name in others if name)]


class Organisation(Withdrawable):
    """A member body of a partnership (council, ICB, parent carer forum, other)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        ICB = "icb", "Integrated care board"
        PCF = "pcf", "Parent carer forum"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=MAX_ORGANISATION_NAME)
    short_name = models.CharField(max_length=MAX_SHORT_NAME, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    added_by_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="organisations_added",
        help_text="The inspection whose import added it; withdrawing that inspection takes "
        "it too, if nothing else uses it.",
    )

    objects = CurrentManager.from_queryset(PartnershipScopedQuerySet)()
    all_objects = PartnershipScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "kind", "name"]
        constraints = [
            *withdrawal_checks("organisation"),
            max_length_check("organisation_name", "name", MAX_ORGANISATION_NAME),
            max_length_check("organisation_short_name", "short_name", MAX_SHORT_NAME),
            models.UniqueConstraint(
                fields=["partnership", "name"],
                condition=CURRENT,
                name="organisation_unique_name_per_partnership",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["council", "icb", "pcf", "other"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(PartnershipScopedQuerySet["Membership"]):
    def of_user_in(self, user: AbstractBaseUser | AnonymousUser, slug: str) -> Self:
        """The user's membership of the partnership with this slug (0 or 1 row), with its
        partnership and `member_of_several`: whether the user belongs to another one."""
        others = Membership.objects.filter(user=OuterRef("user")).exclude(pk=OuterRef("pk"))
        return (
            self.filter(user_id=user.pk, partnership__slug=slug)
            .select_related("partnership")
            .annotate(member_of_several=Exists(others))
        )

    def lock_admins(self, partnership_id: int) -> list[Membership]:
        """Lock the partnership's admin memberships until the transaction ends (a no-op on
        SQLite, whose write transactions already run one at a time), so a check of
        `would_leave_no_admin` and the change it allows are not split by another admin's."""
        return list(
            self.select_for_update()
            .filter(partnership_id=partnership_id, role=Membership.Role.ADMIN)
            .order_by("pk")
        )

    def who_may_own_actions(self) -> Self:
        """Members who may be made an action's owner: leaders, officers and admins."""
        return self.filter(role__in=Membership.OWNER_ROLES)


class Membership(models.Model):
    """A user's role in one partnership. A user may belong to several partnerships."""

    class Role(models.TextChoices):
        BOARD = "board", "Board member"
        OFFICER = "officer", "Officer"
        LEADER = "leader", "Partnership leader"
        ADMIN = "admin", "Partnership admin"
        # Reads the partnership's pages like a board member; the only role that approves
        # (or returns) what the families page says (families/).
        FORUM = "forum", "Parent carer forum representative"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="membership_one_role_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["board", "officer", "leader", "admin", "forum"]),
                name="membership_role_valid",
            ),
        ]

    # Who may own an action (and so take over a departing member's actions).
    OWNER_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.partnership.name}"

    @property
    def can_edit_records(self) -> bool:
        """Officers and above record inspections, findings, deadlines, plans and measures."""
        return self.role in {self.Role.OFFICER, self.Role.LEADER, self.Role.ADMIN}

    @property
    def can_update_progress(self) -> bool:
        """Leaders and admins change action status and RAG and add progress updates (on
        every action; an action's owner may too, on that action, whatever their role)."""
        return self.role in {self.Role.LEADER, self.Role.ADMIN}

    @property
    def can_approve_for_families(self) -> bool:
        """Only the parent carer forum's representative approves or returns what the
        partnership's public page for families says."""
        return self.role == self.Role.FORUM

    def would_leave_no_admin(self, new_role: str | None) -> bool:
        """Whether giving this member `new_role` (None: removing them) would leave the
        partnership without a partnership admin."""
        if self.role != self.Role.ADMIN or new_role == self.Role.ADMIN:
            return False
        others = Membership.objects.filter(
            partnership_id=self.partnership_id, role=self.Role.ADMIN
        ).exclude(pk=self.pk)
        return not others.exists()
