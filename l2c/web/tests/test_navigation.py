"""The top navigation offers a page only to the roles that have a use for it: 接待台 to those
who work the desk (reception.permissions), 客户 to those with a customer list (customers'
scopes_for). 客服 (service) has neither, so neither is shown to them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from l2c.customers.views._common import scopes_for
from l2c.reception.permissions import RECEIVING_ROLES, ROSTER_ROLES
from l2c.web.tests.test_views import people_by_role

pytestmark = pytest.mark.django_db


def _nav_urls(person) -> set[str]:
    client = Client()
    client.force_login(person.user)
    response = client.get(reverse("web:home"))
    return {item["url"] for item in response.context["nav_items"]}


def test_desk_and_customers_in_the_navigation_exactly_for_those_who_use_them(company):
    desk, customers = reverse("reception:desk"), reverse("customers:list")
    for role, person in people_by_role(company).items():
        urls = _nav_urls(person)
        works_the_desk = role in RECEIVING_ROLES | ROSTER_ROLES
        has_a_customer_list = bool(scopes_for(person.user))
        assert (desk in urls) is works_the_desk, role
        assert (customers in urls) is has_a_customer_list, role


def test_service_sees_neither_the_desk_nor_the_customer_list(company):
    urls = _nav_urls(company.service)
    assert reverse("reception:desk") not in urls
    assert reverse("customers:list") not in urls
    assert reverse("approvals:inbox") in urls  # what every role keeps
    rep = _nav_urls(company.rep)
    assert {reverse("reception:desk"), reverse("customers:list")} <= rep
