from django.conf import settings
from django.urls import include, path

from l2c.web.views import LoginView, LogoutView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("", include("l2c.web.urls")),
    path("", include("l2c.org.urls")),
    path("policy/", include("l2c.policy.urls")),
    path("audit/", include("l2c.audit.urls")),
    path("notifications/", include("l2c.notifications.urls")),
    path("approvals/", include("l2c.approvals.urls")),
    path("reception/", include("l2c.reception.urls")),
    path("customers/", include("l2c.customers.urls")),
    path("activities/", include("l2c.activities.urls")),
    path("catalog/", include("l2c.catalog.urls")),
    path("deals/", include("l2c.deals.urls")),
    path("contracts/", include("l2c.contracts.urls")),
    path("fulfillment/", include("l2c.fulfillment.urls")),
    path("finance/", include("l2c.finance.urls")),
    path("reports/", include("l2c.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
