"""Archiving originals by the 5th of the next month (BR-CON-05), with the fixed clock: the
contract is signed on Monday 23 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.contracts import policies, selectors, services
from l2c.contracts.tasks import remind_archiving
from l2c.contracts.tests.conftest import reserve, signed_contract
from l2c.core import ticks
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.testing import SHANGHAI, at
from l2c.notifications.models import Notification
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(company, catalog, customer):
    return signed_contract(company, reserve(company.rep, customer, catalog.unit))


def _notices():
    return list(
        Notification.objects.filter(kind="contracts.archive")
        .order_by("recipient_id", "id")
        .values_list("recipient__username", "key")
    )


def test_br_con_05_the_deadline_is_the_5th_of_the_next_month():
    assert policies.archive_deadline(at(2026, 11, 23), 5, SHANGHAI) == dt.datetime(
        2026, 12, 5, 23, 59, 59, tzinfo=SHANGHAI
    )
    assert policies.archive_deadline(at(2026, 12, 31, 23), 5, SHANGHAI).date() == dt.date(
        2027, 1, 5
    )
    assert policies.archive_deadline(at(2027, 1, 10), 31, SHANGHAI).date() == dt.date(2027, 2, 28)
    # on 5 December November is not overdue yet; on the 6th it is
    assert policies.archive_month_start(at(2026, 12, 5, 23), 5, SHANGHAI) == dt.datetime(
        2026, 11, 1, tzinfo=SHANGHAI
    )
    assert policies.archive_month_start(at(2026, 12, 6, 0, 1), 5, SHANGHAI) == dt.datetime(
        2026, 12, 1, tzinfo=SHANGHAI
    )


def test_br_con_05_originals_unarchived_after_the_5th_remind_the_assistant_and_supervisor_once(
    company, contract, clock
):
    assert "contracts.archive" in ticks.registered()
    clock.move_to(at(2026, 12, 5, 17))
    rows = selectors.contracts_to_archive(viewer=company.assistant1.user)
    assert [(r.contract.pk, r.overdue) for r in rows] == [(contract.pk, False)]
    assert remind_archiving(at(2026, 12, 5, 17)) == {"overdue": 0, "notified": 0}
    assert _notices() == []

    clock.move_to(at(2026, 12, 6, 9))
    rows = selectors.contracts_to_archive(viewer=company.assistant1.user, overdue_only=True)
    assert [(r.contract.number, r.overdue) for r in rows] == [(contract.number, True)]
    assert selectors.contracts_to_archive(viewer=company.assistant2.user) == []
    result = remind_archiving(at(2026, 12, 6, 9))
    assert result == {"overdue": 1, "notified": 2}
    key = f"contracts-archive-{contract.pk}-202612"
    assert sorted(_notices()) == [("assistant1", key), ("supervisor1", key)]
    # idempotent: the same month sends nothing again, however often the tick runs
    assert remind_archiving(at(2026, 12, 20, 9)) == {"overdue": 1, "notified": 0}
    assert len(_notices()) == 2
    # still not archived next month: one more notice each
    clock.move_to(at(2027, 1, 4, 9))
    assert remind_archiving(at(2027, 1, 4, 9))["notified"] == 2

    services.contract_archive(
        actor=company.assistant1.user, contract_id=contract.pk, location="2026年11月合同册 第3号"
    )
    assert remind_archiving(at(2027, 2, 6, 9)) == {"overdue": 0, "notified": 0}
    assert selectors.contracts_to_archive(viewer=company.assistant1.user) == []


def test_br_con_05_the_day_comes_from_policy(company, contract, clock):
    policy_change(
        actor=company.gm.user, key="contracts.archive_by_day", value=10, reason="改为10日前归档"
    )
    clock.move_to(at(2026, 12, 8, 9))
    assert remind_archiving(at(2026, 12, 8, 9))["overdue"] == 0
    clock.move_to(at(2026, 12, 11, 9))
    assert remind_archiving(at(2026, 12, 11, 9))["overdue"] == 1


def test_br_con_05_the_departments_assistant_or_supervisor_archives(company, contract):
    for outsider in (company.rep, company.assistant2, company.finance):
        with pytest.raises(PermissionDeniedError):
            services.contract_archive(actor=outsider.user, contract_id=contract.pk, location="A1")
    with pytest.raises(BusinessRuleError):
        services.contract_archive(
            actor=company.assistant1.user, contract_id=contract.pk, location=""
        )
    archived = services.contract_archive(
        actor=company.supervisor1.user, contract_id=contract.pk, location="柜2-第5册"
    )
    assert archived.archived_at is not None and archived.archive_location == "柜2-第5册"
    with pytest.raises(ConflictError):
        services.contract_archive(
            actor=company.assistant1.user, contract_id=contract.pk, location="x"
        )
