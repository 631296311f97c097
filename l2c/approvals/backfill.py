"""Data migrations of the approvable-document base (used by the migrations that added
``approval``, ``submitted_at`` and ``decided_at`` to each document; kept free of the app's
current models so an old migration still runs as written)."""

from __future__ import annotations

FINAL_STATES = ("approved", "rejected", "withdrawn", "cancelled")


def link_approvals(app_label: str, *model_names: str):
    """A ``RunPython`` forward function: link each document of ``model_names`` to its
    approval request (matched by ``object_type``/``object_id``, as the engine finds it)
    and copy when it was submitted and decided. Every row and status is kept."""

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
