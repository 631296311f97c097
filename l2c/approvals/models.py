"""The approval engine's records (BR-APR-01…06).

A business object (a discount request, a quote, a special contract …) is approved through
one :class:`ApprovalRequest` per kind. Each submission is a *round*; a round has the steps
of the chain as it stood at submission (:class:`ApprovalStep`), and each step the tasks of
its approvers (:class:`ApprovalTask`). :class:`ApprovalEvent` is the timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope


class RequestState(models.TextChoices):
    DRAFT = "draft", _("未提交")
    IN_APPROVAL = "in_approval", _("审批中")
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("不通过")
    WITHDRAWN = "withdrawn", _("已撤回")
    CANCELLED = "cancelled", _("已取消")


class StepState(models.TextChoices):
    WAITING = "waiting", _("未开始")
    PENDING = "pending", _("审批中")
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("不通过")
    RETURNED = "returned", _("已退回")
    SKIPPED = "skipped", _("跳过")
    CANCELLED = "cancelled", _("已取消")


class TaskState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("同意")
    REJECTED = "rejected", _("不同意")
    RETURNED = "returned", _("退回")
    TRANSFERRED = "transferred", _("已转办")
    CANCELLED = "cancelled", _("无需处理")


class TaskOrigin(models.TextChoices):
    CHAIN = "chain", _("流程")
    TRANSFER = "transfer", _("转办")
    ADD_SIGNER = "add_signer", _("加签")
    ADMIN_FALLBACK = "admin", _("无审批人，转管理员")


class Decision(models.TextChoices):
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")
    RETURN = "return", _("退回")


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    RESUBMITTED = "resubmitted", _("重新提交")
    NOT_REQUIRED = "not_required", _("无需审批")
    STEP_STARTED = "step_started", _("进入步骤")
    STEP_SKIPPED = "step_skipped", _("跳过步骤")
    APPROVED = "approved", _("同意")
    REJECTED = "rejected", _("不同意")
    RETURNED = "returned", _("退回")
    TRANSFERRED = "transferred", _("转办")
    SIGNER_ADDED = "signer_added", _("加签")
    COPIED = "copied", _("抄送")
    WITHDRAWN = "withdrawn", _("撤回")
    CANCELLED = "cancelled", _("取消")
    REMINDED = "reminded", _("超时提醒")
    ESCALATED = "escalated", _("超时升级")
    COMPLETED = "completed", _("审批完成")


class ApprovalRequest(OwnedRecord):
    kind = models.CharField(_("审批类型"), max_length=50)
    title = models.CharField(_("标题"), max_length=200)
    object_type = models.CharField(_("单据类型"), max_length=100)
    object_id = models.CharField(_("单据编号"), max_length=40)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    owner = None  # the requester's request
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=RequestState.choices, default=RequestState.DRAFT
    )
    #: what the chain's conditions read (amount, discount percent …), as of the submission
    facts = models.JSONField(_("审批要素"), default=dict, blank=True)
    #: the chain as it stood at the (latest) submission, and its policy version
    chain = models.JSONField(default=dict, blank=True)
    chain_version = models.PositiveIntegerField(null=True, blank=True)
    round = models.PositiveIntegerField(_("提交轮次"), default=0)
    current_step = models.PositiveSmallIntegerField(null=True, blank=True)
    rejected_step = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    scope = Scope(owner="requester")

    class Meta:
        verbose_name = _("审批申请")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"], name="approval_one_per_object"
            )
        ]
        indexes = [
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.IN_APPROVAL


class ApprovalStep(models.Model):
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveIntegerField()
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    mode = models.CharField(max_length=3, default="any")
    state = models.CharField(max_length=20, choices=StepState.choices, default=StepState.WAITING)
    deadline_text = models.CharField(max_length=40, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)  # why skipped, who settled it …
    #: who approves (the chain's approver selectors, resolved when the step starts) and
    #: the deadline rule, copied from the chain at submission
    specs = models.JSONField(default=list, blank=True)
    deadline_spec = models.JSONField(default=dict, blank=True)
    approvers_text = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "round", "index"], name="approval_step_unique"
            )
        ]
        ordering = ["round", "index"]

    def __str__(self) -> str:
        return self.name


class ApprovalTask(models.Model):
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="tasks")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_tasks"
    )
    origin = models.CharField(max_length=10, choices=TaskOrigin.choices, default=TaskOrigin.CHAIN)
    state = models.CharField(max_length=12, choices=TaskState.choices, default=TaskState.PENDING)
    opinion = models.TextField(blank=True)
    return_to = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    #: who actually decided: the approver, or their superior after escalation
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_decisions",
    )
    deadline_at = models.DateTimeField(null=True, blank=True)
    #: BR-APR-03: from this moment the approver's superior may decide too (time-derived)
    escalates_at = models.DateTimeField(null=True, blank=True)
    escalate_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_escalations",
    )
    #: when l2c_tick sent the reminder / the escalation notice (idempotency markers)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    from_task = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["approver", "state"]),
            models.Index(fields=["escalate_to", "state"]),
            models.Index(fields=["state", "deadline_at"]),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.step} · {self.approver}"


class ApprovalCopy(models.Model):
    """抄送: someone informed of the request, who may read it but not decide."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="copies")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_copies"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "recipient"], name="approval_copy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.recipient}"


class ApprovalEvent(models.Model):
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="events")
    round = models.PositiveIntegerField(default=0)
    step_index = models.PositiveSmallIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_name}"
