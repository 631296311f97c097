from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from l2c.audit.display import present
from l2c.audit.labels import ACTION_LABELS
from l2c.audit.selectors import audit_list, shown_to


@login_required
def log(request):
    filters = {
        "action": request.GET.get("action", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
    }
    page = Paginator(audit_list(viewer=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = present(shown_to(request.user, page.object_list))
    actions = sorted((code, str(label)) for code, label in ACTION_LABELS.items())
    return render(request, "audit/log.html", {"page": page, "filters": filters, "actions": actions})
