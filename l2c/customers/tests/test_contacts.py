"""Contacts and family members (BR-CUS-08 rule 11): added, corrected and removed by the
owner or their superiors, audited; a family member's mobile finds the customer while the
contact exists; the API and the customer page offer all three."""

from __future__ import annotations

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.customers import services
from l2c.customers.models import Contact, Customer
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
MOBILE = "13900139000"
WIFE = "13900139066"


def _customer(company):
    customer = services.customer_register(
        actor=company.rep.user, data={"name": "赵先生", "mobile": MOBILE}
    ).customer
    contact = services.contact_add(
        actor=company.rep.user,
        customer_id=customer.pk,
        data={"name": "赵太太", "relation": "妻子", "mobile": WIFE, "is_family": True},
    )
    return customer, contact


def test_br_cus_08_contact_is_corrected_and_a_blank_mobile_keeps_the_number(company, clock):
    customer, contact = _customer(company)
    updated = services.contact_update(
        actor=company.rep.user,
        customer_id=customer.pk,
        contact_id=contact.pk,
        data={
            "name": "赵太太",
            "relation": "爱人",
            "mobile": "",
            "is_family": True,
            "note": "做主",
        },
    )
    assert (updated.relation, updated.mobile, updated.note) == ("爱人", WIFE, "做主")
    entry = AuditLog.objects.get(action="customer.contact_update")
    assert entry.rule == "BR-CUS-08" and WIFE not in str(entry.extra)


def test_br_cus_08_a_removed_family_member_no_longer_finds_the_customer(company, clock):
    customer, contact = _customer(company)
    again = services.customer_register(
        actor=company.reps1[1].user, data={"name": "赵太太", "mobile": WIFE}
    )
    assert again.customer == customer  # the family member counts as the same customer
    services.contact_remove(actor=company.rep.user, customer_id=customer.pk, contact_id=contact.pk)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert AuditLog.objects.filter(action="customer.contact_remove").count() == 1
    fresh = services.customer_register(
        actor=company.reps1[1].user, data={"name": "赵太太", "mobile": WIFE}
    )
    assert fresh.customer != customer and Customer.objects.count() == 2


def test_br_cus_08_contact_changes_are_for_the_owner_and_superiors(company, clock):
    customer, contact = _customer(company)
    with pytest.raises(PermissionDeniedError):
        services.contact_remove(
            actor=company.reps1[1].user, customer_id=customer.pk, contact_id=contact.pk
        )
    services.contact_update(
        actor=company.supervisor1.user,
        customer_id=customer.pk,
        contact_id=contact.pk,
        data={"name": "赵太太", "relation": "妻子"},
    )
    assert Contact.objects.get(pk=contact.pk).mobile == WIFE


def test_br_cus_03_a_contact_cannot_take_another_customers_mobile(company, clock):
    customer, contact = _customer(company)
    services.customer_register(
        actor=company.rep.user, data={"name": "钱先生", "mobile": "13700137000"}
    )
    with pytest.raises(BusinessRuleError) as err:
        services.contact_update(
            actor=company.rep.user,
            customer_id=customer.pk,
            contact_id=contact.pk,
            data={"name": "赵太太", "mobile": "13700137000"},
        )
    assert err.value.rule == "BR-CUS-03"
    assert Contact.objects.get(pk=contact.pk).mobile == WIFE  # nothing half-written


def test_br_cus_08_api_add_correct_and_remove_a_contact(company, clock, api):
    customer, contact = _customer(company)
    client = api.as_(company.rep)
    url = f"/api/v1/customers/{customer.pk}/contacts/"
    added = client.post(url, {"name": "赵小明", "relation": "儿子"}, format="json")
    assert added.status_code == 201
    assert [c["name"] for c in added.json()["contacts"]] == ["赵太太", "赵小明"]
    changed = client.put(
        f"{url}{contact.pk}/",
        {"name": "赵太太", "relation": "爱人", "is_family": True},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["contacts"][0]["relation"] == "爱人"
    assert changed.json()["contacts"][0]["mobile"] == WIFE  # the owner sees it in full
    removed = client.delete(f"{url}{contact.pk}/")
    assert removed.status_code == 200 and [c["name"] for c in removed.json()["contacts"]] == [
        "赵小明"
    ]
    outsider = api.as_(company.reps2[0]).delete(f"{url}{added.json()['contacts'][0]['id']}/")
    assert outsider.status_code == 404 and outsider.json()["rule"]
    missing = client.put(f"{url}999999/", {"name": "某"}, format="json")
    assert missing.status_code == 404


def test_br_cus_08_page_edits_and_removes_contacts(company, clock, client):
    customer, contact = _customer(company)
    assert client.login(username=company.rep.user.username, password=PASSWORD)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert f"/customers/{customer.pk}/contacts/{contact.pk}/edit/" in page
    response = client.post(
        f"/customers/{customer.pk}/contacts/{contact.pk}/edit/",
        {"name": "赵太太", "relation": "爱人", "mobile": "", "is_family": "on"},
    )
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).relation == "爱人"
    client.post(f"/customers/{customer.pk}/contacts/{contact.pk}/remove/")
    assert not Contact.objects.filter(pk=contact.pk).exists()
