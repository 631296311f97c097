"""The inbox page (BR-RPT-07). Thin: selectors to read, services to mark read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.notifications import selectors, services

PAGE_SIZE = 30


def _same_site(url: str) -> bool:
    """Only a relative path of this site may be a redirect target (no open redirect)."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark the notification read and go where it points (the inbox when it points nowhere
    on this site)."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    if notification.url and _same_site(notification.url):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
    return redirect("notifications:inbox")
