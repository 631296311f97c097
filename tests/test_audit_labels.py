"""Audit rows in words: every action has a Chinese label, fields by their verbose name, values
by their meaning, related records by name in a fixed number of queries; the raw codes stay
at hand for the administrator and the GM, and the log filters by code or by label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import Promise

import l2c
from l2c.audit.display import present
from l2c.audit.labels import ACTION_LABELS, action_label, actions_labelled
from l2c.audit.models import AuditLog
from l2c.audit.services import audit_record
from l2c.org.models import Department

pytestmark = pytest.mark.django_db

SOURCE = Path(l2c.__file__).resolve().parent
#: ``action="x.y"`` and ``action=f"x.{y}"`` — the way services name their audit action.
ACTION_KWARG = re.compile(r'\baction=(f?)"([A-Za-z0-9_.{}]+)"')
#: Any dotted literal: in a module that writes audit rows, one with an action prefix is an
#: action passed some other way (``"a" if x else "b"``, a helper's positional argument);
#: ``kind="…"`` is a notification's kind.
DOTTED = re.compile(r'(?<!kind=)"([a-z_]+)\.([a-z_]+(?:\.[a-z_]+)*)"')


def _dynamic_families() -> dict[str, list[str]]:
    """What each f-string action can become. A new f-string action must be added here."""
    from l2c.approvals.models import Decision
    from l2c.deals.services.tenders import SIMPLE_STEPS
    from l2c.reception.models.desk import DeskEventKind

    return {
        "approval.{decision}": [f"approval.{v}" for v in Decision.values],
        "reception.desk_{kind}": [f"reception.desk_{v}" for v in DeskEventKind.values],
        "tender.{step}": [f"tender.{v}" for v in SIMPLE_STEPS],
        # activities.services.reports.visit_report_review accepts exactly these two
        "visit_report.{decision}": ["visit_report.approve", "visit_report.return"],
    }


def _not_actions() -> set[str]:
    """Dotted literals in audit-writing modules that are not actions: policy keys and
    notification kinds."""
    from l2c.notifications.models import KIND_LABELS
    from l2c.policy.defaults import BY_KEY

    return set(BY_KEY) | set(KIND_LABELS)


def _sources() -> list[Path]:
    return [
        p
        for p in SOURCE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p.name != "conftest.py"
    ]


def _written_actions() -> tuple[dict[str, str], dict[str, str]]:
    """``({code: where}, {f-string: where})`` for every action the code base writes."""
    codes: dict[str, str] = {}
    templates: dict[str, str] = {}
    prefixes: set[str] = set()
    files = _sources()
    for path in files:
        text = path.read_text(encoding="utf-8")
        for is_f, code in ACTION_KWARG.findall(text):
            if "." not in code:  # argparse's action="store_true"
                continue
            where = str(path.relative_to(SOURCE.parent))
            (templates if is_f else codes).setdefault(code, where)
            prefixes.add(code.split(".", 1)[0])
    not_actions = _not_actions()
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "audit_record(" not in text:
            continue
        for prefix, rest in DOTTED.findall(text):
            code = f"{prefix}.{rest}"
            if prefix in prefixes and code not in not_actions:
                codes.setdefault(code, str(path.relative_to(SOURCE.parent)))
    return codes, templates


def test_the_scan_finds_the_actions_written_every_way():
    codes, templates = _written_actions()
    assert "customer.register" in codes  # action="…"
    assert "customer.unlock" in codes  # action="customer.lock" if locked else "customer.unlock"
    assert "quote.accept" in codes  # a helper's positional argument
    assert "approval.{decision}" in templates  # action=f"…"
    assert len(codes) > 100


def test_every_action_the_code_base_writes_has_a_label():
    codes, templates = _written_actions()
    families = _dynamic_families()
    unknown_templates = sorted(set(templates) - set(families))
    assert not unknown_templates, (
        f"f-string actions {unknown_templates} ({[templates[t] for t in unknown_templates]}): "
        "list what they can become in _dynamic_families"
    )
    for family in families.values():
        for code in family:
            codes.setdefault(code, "f-string")
    missing = sorted(f"{c} ({w})" for c, w in codes.items() if c not in ACTION_LABELS)
    assert not missing, f"add a label to l2c/audit/labels.py ACTION_LABELS for: {missing}"


def test_action_labels_are_translatable_and_distinct():
    assert all(isinstance(label, Promise) for label in ACTION_LABELS.values())
    labels = [str(label) for label in ACTION_LABELS.values()]
    assert all(labels)
    assert len(set(labels)) == len(labels), "two actions read the same"


def test_labels_and_the_fallback_for_an_unknown_code():
    assert action_label("customer.register") == "登记客户"
    assert action_label("money.receive") == "登记收款"
    assert action_label("auth.login") == "登录"
    assert action_label("org.person.create") == "新建员工"
    assert action_label("something.new") == "something.new"
    assert "auth.login" in actions_labelled("登录")
    assert "money.receive" in actions_labelled("收款")
    assert actions_labelled("  ") == []


def _rows(entry: AuditLog) -> dict[str, tuple[str, str, str]]:
    [shown] = present([entry])
    return {r.field: (r.label, r.before, r.after) for r in shown.change_rows}


def test_fields_by_verbose_name_values_by_meaning(company):
    entry = audit_record(
        actor=company.admin.user,
        action="org.person.update",
        obj=company.rep,
        changes={
            "title": ["", "组长"],
            "superior": [company.supervisor1.pk, company.gm.pk],  # a foreign key by id
            "team": [None, company.team1.pk],  # a __str__ that reads the department
            "department": [{"id": company.dept1.pk, "repr": "旧名"}, None],  # stored with name
            "user": [None, company.rep.user_id],  # a user is shown by the person's name
            "roles": [["rep"], ["supervisor", "rep"]],
            "nickname": ["a", "b"],  # not a field: the key as it is
        },
    )
    rows = _rows(entry)
    assert rows["title"] == ("职务", "—", "组长")
    assert rows["superior"] == ("直接上级", company.supervisor1.name, company.gm.name)
    assert rows["team"] == ("小组", "—", f"{company.dept1.name} · {company.team1.name}")
    assert rows["department"] == ("部门", "旧名", "—")
    assert rows["user"] == ("登录账号", "—", company.rep.name)
    assert rows["roles"] == ("角色", "销售顾问", "销售主管、销售顾问")
    assert rows["nickname"] == ("nickname", "a", "b")


def test_choices_booleans_times_and_missing_records(company):
    from l2c.org.models import Absence

    absence = Absence.objects.create(
        person=company.rep,
        kind="business",
        starts_at="2026-11-22T08:30:00+08:00",
        ends_at="2026-11-22T17:30:00+08:00",
    )
    entry = audit_record(
        actor=company.admin.user,
        action="org.absence.create",
        obj=absence,
        changes={
            "kind": ["leave", "business"],
            "cancelled": [False, True],
            "starts_at": [None, "2026-11-22T00:30:00+00:00"],
            "person": [None, 999999],  # a record gone since
        },
    )
    rows = _rows(entry)
    assert rows["kind"] == ("类型", "请假", "出差")
    assert rows["cancelled"][1:] == ("否", "是")
    assert rows["starts_at"][1:] == ("—", "2026-11-22 08:30")  # local time
    assert rows["person"][1:] == ("—", "#999999")
    [shown] = present([entry])
    by_field = {r.field: r for r in shown.change_rows}
    assert by_field["kind"].after_raw == "business"  # the stored code stays at hand
    assert by_field["person"].after_raw == "999999"
    assert shown.object_label == str(Absence._meta.verbose_name)


def test_a_str_that_would_query_again_shows_the_id(company, monkeypatch):
    # the parent is a nullable key, not joined: reading it would be one query per row
    monkeypatch.setattr(Department, "__str__", lambda self: f"{self.parent} / {self.name}")
    entry = audit_record(
        actor=company.admin.user,
        action="org.person.update",
        obj=company.rep,
        changes={"department": [company.dept2.pk, company.dept1.pk]},
    )
    assert _rows(entry)["department"][1:] == (f"#{company.dept2.pk}", f"#{company.dept1.pk}")


def _client(p) -> Client:
    client = Client()
    client.force_login(p.user)
    return client


def _log_rows(company, n: int) -> None:
    people = [company.rep, *company.reps1, *company.reps2, company.supervisor1]
    for i in range(n):
        p = people[i % len(people)]
        audit_record(
            actor=company.admin.user,
            action="org.person.update",
            obj=p,
            changes={
                "superior": [company.supervisor1.pk, people[(i + 1) % len(people)].pk],
                "team": [company.team1.pk, company.team2.pk],
                "user": [None, p.user_id],
                "roles": [["rep"], ["supervisor"]],
            },
        )


def _count(client, url: str) -> tuple[int, str]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_audit_log_page_names_related_records_in_a_fixed_number_of_queries(company):
    client = _client(company.gm)
    url = reverse("audit:log") + "?action=org.person.update"
    _log_rows(company, 3)
    few, page = _count(client, url)
    assert company.team2.name in page and "销售主管" in page
    _log_rows(company, 27)
    many, page = _count(client, url)
    assert page.count('class="audit-action"') == 30
    assert many == few, f"{few} queries for 3 rows, {many} for 30"


def test_person_history_panel_in_a_fixed_number_of_queries(company):
    client = _client(company.admin)
    url = reverse("org:person", args=[company.rep.pk])
    _log_rows(company, 1)
    few, _ = _count(client, url)
    for _i in range(10):
        _log_rows(company, 1)
    many, _page = _count(client, url)
    assert many == few


def test_person_history_panel_reads_in_chinese_with_codes_as_tooltips(company):
    audit_record(
        actor=company.admin.user,
        action="org.person.set_roles",
        obj=company.rep,
        changes={"roles": [["rep"], ["supervisor"]], "superior": [None, company.gm.pk]},
    )
    page = _client(company.admin).get(reverse("org:person", args=[company.rep.pk])).content
    panel = page.decode().split('id="history-panel"', 1)[1]
    assert ">新建员工<" in panel and ">调整角色<" in panel
    assert 'title="org.person.create"' in panel  # the code, for whoever needs it
    assert ">org.person.create<" not in panel
    assert ">直接上级<" in panel and 'title="superior"' in panel
    assert ">销售主管<" in panel and ">rep<" not in panel
    assert f">{company.gm.name}<" in panel


def test_audit_log_shows_labels_with_the_code_beneath(company):
    audit_record(actor=company.gm.user, action="auth.login", object_repr="gm")
    page = _client(company.gm).get(reverse("audit:log")).content.decode()
    table = page.split('id="audit-table"', 1)[1]
    assert "<div>登录</div>" in table
    assert '<code class="small text-muted">auth.login</code>' in table
    assert "<div>新建员工</div>" in table and "员工" in table
    assert 'list="audit-actions"' in page and 'value="money.receive" label="登记收款"' in page


@pytest.mark.parametrize(
    ("action", "object_type", "expected"),
    [
        ("auth.", "", {"auth.login"}),  # a code prefix, as before
        ("登录", "", {"auth.login"}),  # part of a label
        ("org.team", "", {"org.team.create", "org.team.set_leader"}),
        ("组长", "", {"org.team.set_leader"}),
        ("", "org.team", {"org.team.create", "org.team.set_leader"}),
        ("", "小组", {"org.team.create", "org.team.set_leader"}),
        ("没有这个动作", "", set()),
    ],
)
def test_audit_log_filters_by_code_or_by_label(company, action, object_type, expected):
    audit_record(actor=company.gm.user, action="auth.login", object_repr="gm")
    url = reverse("audit:log")
    response = _client(company.admin).get(url, {"action": action, "object_type": object_type})
    assert response.status_code == 200
    shown = {e.action for e in response.context["page"]}
    assert shown == expected


def test_api_filter_accepts_a_label_and_still_returns_codes(company, api):
    audit_record(actor=company.gm.user, action="auth.login", object_repr="gm")
    body = api.as_(company.admin).get("/api/v1/audit/", {"action": "登录"}).json()
    assert {e["action"] for e in body["results"]} == {"auth.login"}


def test_home_recent_operations_show_labels(company):
    audit_record(actor=company.gm.user, action="money.receive", object_repr="SJ-202611-000003")
    page = _client(company.gm).get(reverse("web:home")).content.decode()
    panel = page.split('id="audit-panel"', 1)[1]
    assert '<span title="money.receive">登记收款</span>' in panel
    assert "SJ-202611-000003" in panel
    assert "· money.receive" not in panel


def test_money_changes_read_with_thousands_separators(company):
    from l2c.finance.tests.conftest import make_reservation

    reservation = make_reservation(company)
    entry = audit_record(
        actor=company.finance.user,
        action="reservation.paid",
        obj=reservation,
        changes={"paid_amount": ["0.00", "50000.00"], "agreed_price": [None, "1683400.00"]},
    )
    rows = _rows(entry)
    assert rows["paid_amount"][1:] == ("0.00", "50,000.00")
    assert rows["agreed_price"][2] == "1,683,400.00"
