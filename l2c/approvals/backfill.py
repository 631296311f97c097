"""The migration operations of the approvable-document base (``approvals.documents``), for
the migrations that put each existing document on it. Frozen as written: a later change of
the base gets a new migration, never an edit here, so an old migration still runs as it
did.

``approvable(app_label, model_name)`` is what one document needs: the link to its approval
request and the submitted/decided times (the fields), the status CheckConstraint (for an
``ApprovableDocument``), and the data step that links every document that already went
through the engine — matched by the engine's own ``object_type``/``object_id`` — keeping
every row and status.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models

STATUSES = ["draft", "in_approval", "approved", "rejected", "withdrawn", "cancelled"]
STATUS_LABELS = ["未提交", "审批中", "已批准", "未批准", "已撤回", "已取消"]
FINAL_STATES = ("approved", "rejected", "withdrawn", "cancelled")


def link_fields(model_name: str, *, submitted_at: bool = True) -> list:
    """AddField of ``approval``, ``decided_at`` and (unless the model had it) ``submitted_at``."""
    operations = [
        migrations.AddField(
            model_name=model_name,
            name="approval",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="approvals.approvalrequest",
                verbose_name="审批申请",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="审批完成时间"),
        ),
    ]
    if submitted_at:
        operations.append(
            migrations.AddField(
                model_name=model_name,
                name="submitted_at",
                field=models.DateTimeField(blank=True, null=True, verbose_name="提交时间"),
            )
        )
    return operations


def status_field() -> models.CharField:
    return models.CharField(
        choices=list(zip(STATUSES, STATUS_LABELS, strict=True)),
        default="draft",
        max_length=20,
        verbose_name="状态",
    )


def status_constraint(app_label: str, model_name: str):
    return migrations.AddConstraint(
        model_name=model_name,
        constraint=models.CheckConstraint(
            condition=models.Q(("status__in", STATUSES)),
            name=f"{app_label}_{model_name}_status",
        ),
    )


def link_approvals(app_label: str, *model_names: str):
    """A ``RunPython`` forward function: link each document of ``model_names`` to its
    approval request and copy when it was submitted and decided."""

    def forward(apps, schema_editor) -> None:
        request_model = apps.get_model("approvals", "ApprovalRequest")
        for name in model_names:
            model = apps.get_model(app_label, name)
            requests = request_model.objects.filter(object_type=f"{app_label}.{name.lower()}")
            for request in requests.iterator():
                decided = request.finished_at if request.state in FINAL_STATES else None
                model.objects.filter(pk=request.object_id).update(
                    approval_id=request.pk,
                    submitted_at=request.submitted_at,
                    decided_at=decided,
                )

    return forward


def link_existing(app_label: str, *model_names: str):
    return migrations.RunPython(link_approvals(app_label, *model_names), migrations.RunPython.noop)
