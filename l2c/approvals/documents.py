"""The one approvable document (BR-APR-06): what every document that goes through the
approval engine stands on.

Two abstract bases, both owned records (``core.models.OwnedRecord``: owner, department,
team, scope):

* :class:`ApprovableDocument` — a document whose status *is* its approval's (a discount
  request, a price change, an archive request, a visit plan, a contract access or change
  request …): the statuses of BR-APR-06 as :class:`ApprovalStatus` with their
  CheckConstraint, the link to its :class:`~l2c.approvals.models.ApprovalRequest`, and
  when it was submitted and decided.
* :class:`Approvable` — the link and the times only, for a document with a lifecycle of
  its own in which the approval is one stage (a quote's review, a tender's bid decision,
  a special contract's review); it maps the approval's outcome onto its own status.

A new approvable document is a subclass, a chain in policy (``approvals.chain.<kind>``),
a registration in its ``AppConfig.ready()`` and, if approving it does something, an
outcome handler built on :func:`l2c.approvals.services.documents.follow_outcome` —
nothing copied. ``docs/directory-structure.md`` has a worked example.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import OwnedRecord


class ApprovalStatus(models.TextChoices):
    """Where an approvable document stands: its approval request's state (BR-APR-06)."""

    DRAFT = "draft", _("未提交")
    IN_APPROVAL = "in_approval", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    CANCELLED = "cancelled", _("已取消")


#: the requester may still change the document (BR-APR-06: edit after a rejection or a
#: withdrawal, then resubmit)
EDITABLE_STATUSES = frozenset(
    {ApprovalStatus.DRAFT, ApprovalStatus.REJECTED, ApprovalStatus.WITHDRAWN}
)
#: the approval has not ended yet
OPEN_STATUSES = (ApprovalStatus.DRAFT, ApprovalStatus.IN_APPROVAL)
#: the approval ended (the decided time is set)
FINAL_STATUSES = frozenset(
    {
        ApprovalStatus.APPROVED,
        ApprovalStatus.REJECTED,
        ApprovalStatus.WITHDRAWN,
        ApprovalStatus.CANCELLED,
    }
)


class Approvable(OwnedRecord):
    """A document that goes through the approval engine: the link to its request and the
    times, kept by :func:`~l2c.approvals.services.documents.follow_outcome`."""

    #: the approval kind (``approvals.chain.<kind>``) the document is submitted under
    approval_kind: ClassVar[str] = ""

    approval = models.OneToOneField(
        "approvals.ApprovalRequest",
        verbose_name=_("审批申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审批完成时间"), null=True, blank=True)

    class Meta:
        abstract = True


class ApprovableDocument(Approvable):
    """A document whose status follows its approval request (BR-APR-06)."""

    status = models.CharField(
        _("状态"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApprovalStatus.values),
                name="%(app_label)s_%(class)s_status",
            )
        ]

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())
