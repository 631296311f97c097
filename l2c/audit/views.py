from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from l2c.audit.selectors import audit_list


@login_required
def log(request):
    filters = {
        "action": request.GET.get("action", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
    }
    page = Paginator(audit_list(viewer=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "audit/log.html", {"page": page, "filters": filters})
