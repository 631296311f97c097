"""The OpenAPI schema builds without warnings, and the docs are served offline."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

API_PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/auth/logout/",
    "/api/v1/me/",
    "/api/v1/people/",
    "/api/v1/people/{person_id}/",
    "/api/v1/people/{person_id}/superior/",
    "/api/v1/people/{person_id}/roles/",
    "/api/v1/departments/",
    "/api/v1/org-chart/",
    "/api/v1/absences/",
    "/api/v1/absences/{absence_id}/cancel/",
    "/api/v1/policy/settings/",
    "/api/v1/policy/settings/{key}/",
    "/api/v1/policy/settings/{key}/change/",
    "/api/v1/audit/",
    "/api/v1/audit/{entry_id}/",
    "/api/v1/notifications/",
    "/api/v1/notifications/unread-count/",
    "/api/v1/notifications/read-all/",
    "/api/v1/notifications/{notification_id}/read/",
    "/api/v1/approvals/requests/",
    "/api/v1/approvals/requests/{request_id}/",
    "/api/v1/approvals/requests/{request_id}/decide/",
    "/api/v1/approvals/requests/{request_id}/transfer/",
    "/api/v1/approvals/requests/{request_id}/add-signer/",
    "/api/v1/approvals/requests/{request_id}/copy/",
    "/api/v1/approvals/requests/{request_id}/withdraw/",
    "/api/v1/approvals/inbox/",
    "/api/v1/approvals/inbox/counts/",
    "/api/v1/deals/discounts/",
    "/api/v1/deals/discounts/{discount_id}/",
    "/api/v1/deals/discounts/{discount_id}/submit/",
    "/api/v1/catalog/board/",
    "/api/v1/catalog/price-changes/",
    "/api/v1/catalog/price-changes/{change_id}/",
    "/api/v1/catalog/price-changes/{change_id}/submit/",
    "/api/v1/catalog/products/",
    "/api/v1/catalog/projects/",
    "/api/v1/catalog/stock/",
    "/api/v1/catalog/units/",
    "/api/v1/catalog/units/{unit_id}/",
    "/api/v1/catalog/units/{unit_id}/hold/",
    "/api/v1/catalog/units/{unit_id}/release/",
    "/api/v1/contracts/",
    "/api/v1/contracts/access-requests/",
    "/api/v1/contracts/archive/",
    "/api/v1/contracts/changes/",
    "/api/v1/contracts/changes/{change_id}/",
    "/api/v1/contracts/reservations/",
    "/api/v1/contracts/reservations/{reservation_id}/",
    "/api/v1/contracts/reservations/{reservation_id}/cancel/",
    "/api/v1/contracts/reservations/{reservation_id}/pdf/",
    "/api/v1/contracts/reservations/{reservation_id}/revise/",
    "/api/v1/contracts/{contract_id}/",
    "/api/v1/contracts/{contract_id}/access-log/",
    "/api/v1/contracts/{contract_id}/archive/",
    "/api/v1/contracts/{contract_id}/borrow/",
    "/api/v1/contracts/{contract_id}/checklist/",
    "/api/v1/contracts/{contract_id}/pdf/",
    "/api/v1/contracts/{contract_id}/return/",
    "/api/v1/contracts/{contract_id}/sign/",
    "/api/v1/contracts/{contract_id}/submit/",
    "/api/v1/deals/opportunities/",
    "/api/v1/deals/opportunities/funnel/",
    "/api/v1/deals/opportunities/{opportunity_id}/",
    "/api/v1/deals/opportunities/{opportunity_id}/move/",
    "/api/v1/deals/quotes/",
    "/api/v1/deals/quotes/{quote_id}/",
    "/api/v1/deals/quotes/{quote_id}/accept/",
    "/api/v1/deals/quotes/{quote_id}/decline/",
    "/api/v1/deals/quotes/{quote_id}/request-discount/",
    "/api/v1/deals/quotes/{quote_id}/revise/",
    "/api/v1/deals/quotes/{quote_id}/send/",
    "/api/v1/deals/quotes/{quote_id}/submit/",
    "/api/v1/deals/tenders/",
    "/api/v1/deals/tenders/{tender_id}/",
    "/api/v1/deals/tenders/{tender_id}/award/",
    "/api/v1/deals/tenders/{tender_id}/decide/",
    "/api/v1/deals/tenders/{tender_id}/opening/",
    "/api/v1/deals/tenders/{tender_id}/price/",
    "/api/v1/deals/tenders/{tender_id}/result/",
    "/api/v1/deals/tenders/{tender_id}/service-fee/",
    "/api/v1/deals/tenders/{tender_id}/steps/",
    "/api/v1/deals/tenders/{tender_id}/team/",
    "/api/v1/finance/bid-bonds/",
    "/api/v1/finance/bid-bonds/refunds/",
    "/api/v1/finance/deposit-conversions/",
    "/api/v1/finance/money/",
    "/api/v1/finance/money/daily-totals/",
    "/api/v1/finance/money/{number}/",
    "/api/v1/finance/money/{number}/pdf/",
    "/api/v1/finance/money/{number}/void/",
    "/api/v1/finance/refunds/",
    "/api/v1/reports/daily/",
    "/api/v1/reports/deposits/",
    "/api/v1/reports/sales-status/",
    "/api/v1/reports/signings/",
    "/api/v1/reports/small-deposits/",
    "/api/v1/reports/statistics/",
    "/api/v1/reports/{register}/export/",
    "/api/v1/customers/",
    "/api/v1/customers/phone-lookup/",
    "/api/v1/customers/import/",
    "/api/v1/customers/export/",
    "/api/v1/customers/{customer_id}/",
    "/api/v1/customers/{customer_id}/reveal/",
    "/api/v1/customers/{customer_id}/contacts/",
    "/api/v1/customers/{customer_id}/contacts/{contact_id}/",
    "/api/v1/customers/{customer_id}/claim/",
    "/api/v1/customers/{customer_id}/transfer/",
    "/api/v1/customers/{customer_id}/archive-requests/",
    "/api/v1/reception/rosters/",
    "/api/v1/reception/receive/",
    "/api/v1/reception/lookup/",
    "/api/v1/reception/entries/",
    "/api/v1/reception/stats/",
    "/api/v1/reception/attributions/",
    "/api/v1/activities/follow-ups/",
    "/api/v1/activities/tracking/",
    "/api/v1/activities/visit-plans/",
    "/api/v1/activities/visit-plans/{plan_id}/submit/",
    "/api/v1/activities/visit-reports/",
    "/api/v1/activities/visit-reports/{report_id}/review/",
    "/api/v1/activities/tasks/",
    "/api/v1/activities/work-logs/",
    "/api/v1/activities/daily-summaries/",
]


def test_openapi_schema_builds_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert set(API_PATHS) <= set(schema["paths"])
    # The audit log is read-only (BR-SEC-01).
    assert set(schema["paths"]["/api/v1/audit/"]) == {"get"}
    assert set(schema["paths"]["/api/v1/audit/{entry_id}/"]) == {"get"}
    # Lists are paginated with limit/offset.
    people = schema["paths"]["/api/v1/people/"]["get"]
    assert {"limit", "offset"} <= {p["name"] for p in people["parameters"]}
    # Errors are documented as {code, rule, message}.
    error = schema["components"]["schemas"]["Error"]
    assert {"code", "rule", "message"} <= set(error["properties"])


@pytest.mark.django_db
def test_schema_endpoint_answers(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_api_docs_are_served_with_offline_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr.net" not in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
