"""The customers demo (loaded by the whole demo loader ``l2c.web.demo``, so it is tested
across apps): every card state, loaded once."""

from __future__ import annotations

from l2c.customers.models import Customer


def test_demo_customers_cover_every_card_state_and_load_once(db, clock):
    from l2c.customers.demo import load_customers_demo
    from l2c.customers.display import Shown
    from l2c.org.models import Person
    from l2c.web.demo import load_demo

    created = load_demo()["customers"]  # the demo loader calls load_customers_demo
    people = {p.user.username: p for p in Person.objects.select_related("user")}
    assert created >= 60 and Customer.objects.count() >= created
    assert load_customers_demo(people) == 0
    zhao = Customer.objects.get(mobile="13900139000")
    shown = Shown.for_viewer(people["wangfang"].user)
    # 王芳 registered 赵先生 (S2); the reception demo then records his return to 陈静
    first = zhao.ownership.order_by("at", "id").first()
    assert first.to_owner == people["wangfang"].user and shown.state(zhao) == "valid"
    states = {shown.state(c) for c in Customer.objects.all()}
    assert {"valid", "due_soon", "void", "deal", "locked"} <= states
    assert Customer.objects.filter(stage="lost").exists()
    assert Customer.objects.filter(department__name="销售二部").count() >= 25
