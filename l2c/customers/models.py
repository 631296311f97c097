"""The customer archive, ownership and the public pool (BR-CUS-01…10).

Ownership is *derived from dates*: ``void_at`` is the moment the card stops being valid —
the earliest of the protection end (registration + 60 days) and the next follow-up
deadline (3 days after registration, then 7 days after the last real contact), or the
moment the third message-only follow-up in a row was recorded. A card is void when
``void_at <= now`` (unless the customer has a deal or is locked), whether or not
``l2c_tick`` has run; the tick only records the drop into the pool and sends reminders.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import OPEN_STATUSES, ApprovableDocument, ApprovalStatus
from l2c.core.models import BaseModel, OwnedRecord
from l2c.core.scope import Scope


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("准客户")
    INTENT = "intent", _("意向客户")
    DEAL = "deal", _("成交客户")
    AFTER_SALES = "after_sales", _("售后客户")
    LOST = "lost", _("已流失")


class CustomerClass(models.TextChoices):
    A = "A", _("A 重点")
    B = "B", _("B 潜在")
    C = "C", _("C 一般")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    CALL = "call", _("来电")
    REFERRAL = "referral", _("老带新")
    EVENT = "event", _("活动")
    ONLINE = "online", _("网络")
    IMPORT = "import", _("导入")
    OTHER = "other", _("其他")


class CardState(models.TextChoices):
    """What a list filters on; computed from the dates (see ``selectors.card_state_q``)."""

    VALID = "valid", _("有效")
    DUE_SOON = "due_soon", _("即将失效")
    VOID = "void", _("废卡")
    POOL = "pool", _("公海")
    DEAL = "deal", _("成交")
    LOCKED = "locked", _("锁定")


class Customer(OwnedRecord):
    name = models.CharField(_("姓名"), max_length=60)
    #: normalised mainland mobile, 11 digits, +86 stripped (BR-CUS-03); unique when set
    mobile = models.CharField(_("手机"), max_length=11, blank=True)
    company = models.CharField(_("单位"), max_length=100, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    gender = models.CharField(
        _("性别"), max_length=1, blank=True, choices=[("M", _("男")), ("F", _("女"))]
    )
    birthday = models.DateField(_("生日"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    channel = models.CharField(
        _("来源"), max_length=20, choices=Channel.choices, default=Channel.WALK_IN
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT
    )
    klass = models.CharField(
        _("等级"), max_length=1, choices=CustomerClass.choices, default=CustomerClass.C
    )
    intent = models.TextField(_("需求与意向"), blank=True)
    lost_reason = models.CharField(_("流失原因"), max_length=200, blank=True)
    referrer = models.ForeignKey(
        "self",
        verbose_name=_("介绍人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )

    # --- ownership (BR-CUS-04…07): the owned record's fields, nullable (a card in the
    # public pool has no owner) and indexed by the list index below ---
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
        db_index=False,  # the (…, registered_at, id) index leads with it
    )
    team = models.ForeignKey(
        "org.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (…, registered_at, id) index leads with it
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (…, registered_at, id) index leads with it
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("建档时间"))
    #: when the current owner's ownership started (registration, claim, transfer)
    owned_since = models.DateTimeField(_("本次负责起始"), null=True, blank=True)
    protected_until = models.DateTimeField(_("保护期至"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("最近有效回访"), null=True, blank=True)
    message_streak = models.PositiveSmallIntegerField(_("连续短信回访次数"), default=0)
    void_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    void_reason = models.CharField(max_length=20, blank=True)
    deal_at = models.DateTimeField(_("成交时间"), null=True, blank=True)
    #: BR-CUS-04a (when the policy switch is on): when the supervisor confirmed the card
    confirmed_at = models.DateTimeField(_("主管确认时间"), null=True, blank=True)
    locked = models.BooleanField(_("锁定"), default=False)
    previous_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dropped_at = models.DateTimeField(_("掉入公海时间"), null=True, blank=True)
    #: idempotency marker of the "about to drop" reminder: the void_at it was sent for
    reminded_for = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archive_reason = models.CharField(_("归档原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        constraints = [
            models.UniqueConstraint(
                fields=["mobile"], condition=~Q(mobile=""), name="customer_one_per_mobile"
            )
        ]
        # measured at 1M customers (docs/benchmarks.md): every list is "the 50 newest" of a
        # scope, so each scope has (scope, registered_at DESC, id DESC); the sweep and the
        # drop reminders read only live cards through a small partial index
        indexes = [
            models.Index(
                fields=["owner", "-registered_at", "-id"],
                name="customer_owner_newest",
                condition=Q(archived_at__isnull=True),
            ),
            models.Index(
                fields=["team", "-registered_at", "-id"],
                name="customer_team_newest",
                condition=Q(archived_at__isnull=True),
            ),
            models.Index(
                fields=["department", "-registered_at", "-id"],
                name="customer_dept_newest",
                condition=Q(archived_at__isnull=True),
            ),
            models.Index(
                fields=["-registered_at", "-id"],
                name="customer_newest",
                condition=Q(archived_at__isnull=True),
            ),
            models.Index(
                fields=["void_at", "id"],
                name="customer_live_void_at",
                condition=Q(
                    owner__isnull=False,
                    deal_at__isnull=True,
                    locked=False,
                    archived_at__isnull=True,
                ),
            ),
            models.Index(fields=["name"]),
            models.Index(fields=["company"]),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(BaseModel):
    """A contact person of a company customer, or a family member (BR-CUS-08 rule 11)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=60)
    relation = models.CharField(_("关系/职务"), max_length=40, blank=True)
    #: a family member counts as the same customer (BR-CUS-08 rule 11)
    is_family = models.BooleanField(_("家庭成员"), default=False)
    mobile = models.CharField(_("手机"), max_length=11, blank=True, db_index=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = Scope(owner="customer__owner", team="customer__team", department="customer__department")

    def __str__(self) -> str:
        return self.name


class OwnershipKind(models.TextChoices):
    REGISTER = "register", _("建档")
    CLAIM = "claim", _("公海领取")
    TRANSFER = "transfer", _("主管转移")
    DROP = "drop", _("掉入公海")
    REDISTRIBUTE = "redistribute", _("离职/长假重新分配")
    ATTRIBUTION = "attribution", _("客户区分")


class OwnershipRecord(models.Model):
    """Every owner change, with its reason (BR-CUS-07)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="ownership")
    kind = models.CharField(max_length=20, choices=OwnershipKind.choices)
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=200, blank=True)
    rule = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["to_owner", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_kind_display()}"


class DuplicateCard(models.Model):
    """重卡: a second registration of a customer who already has a card (BR-CUS-03). It
    never creates a second owner; it tells the registering rep who owns the customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="duplicates")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    owner_at_the_time = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WALK_IN)
    matched_on = models.CharField(max_length=20, default="mobile")
    at = models.DateTimeField()
    #: BR-CUS-04a: a competing registration the supervisor confirmed (it may win ownership)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"重卡 {self.customer}"


#: where a request to archive a customer file stands (BR-CUS-09): its approval's status
ArchiveStatus = ApprovalStatus
#: a request that still may lead to the archive: at most one per customer
OPEN_ARCHIVE_STATUSES = OPEN_STATUSES


class ArchiveRequest(ApprovableDocument):
    """申请归档: the owner or a leader asks the general manager to archive ("delete") a
    customer file, with a reason (BR-CUS-09). Approved, the file is archived — never
    deleted."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        related_name="archive_requests",
    )
    reason = models.CharField(_("归档原因"), max_length=200)
    #: the requester, and their team and department when they asked (the request's scope)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    approval_kind = "customer_archive"

    class Meta(ApprovableDocument.Meta):
        verbose_name = _("归档申请")
        verbose_name_plural = _("归档申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            *ApprovableDocument.Meta.constraints,
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status__in=["draft", "in_approval"]),
                name="customer_one_open_archive_request",
            ),
        ]

    def __str__(self) -> str:
        return f"归档申请 {self.customer_id} · {self.get_status_display()}"


from l2c.customers.import_models import ImportJob, ImportRow  # noqa: E402, F401
