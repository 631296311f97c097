"""One import run: reading and validating each row (BR-CUS-01, 02, 03, 10), the owner by
工号 (BR-REC-01), duplicates by mobile or family member (BR-CUS-03, 08), updates of
existing customers through ``customer_update`` — and the per-row report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.scope import viewer_of
from l2c.customers import services
from l2c.customers.display import Shown, duplicate_message, owner_name
from l2c.customers.excel import (
    IMPORT_STAGES,
    cell_birthday,
    cell_choice,
    cell_klass,
    cell_text,
    choice_lookup,
)
from l2c.customers.import_models import ImportJob, ImportRow, RowOutcome
from l2c.customers.imports.writing import ChunkWriter
from l2c.customers.models import Channel, Contact, Customer, Stage
from l2c.customers.services._common import clean_customer_fields, owner_person
from l2c.org.models import Person


@dataclass
class ImportRowData:
    no: int
    name: str = ""
    mobile: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    update: dict[str, Any] = field(default_factory=dict)
    channel: str = Channel.IMPORT
    owner: Person | None = None


class ImportRun(ChunkWriter):
    """One import run: the caches it keeps across chunks and its counters."""

    def __init__(self, actor, job: ImportJob):
        self.actor = actor
        self.job = job
        self.viewer = viewer_of(actor)
        self.now = timezone.now()
        self.shown = Shown.for_viewer(actor, self.now)
        self.owners: dict[str, Person | BusinessRuleError] = {}
        self.templates: dict[int, Customer] = {}
        self.bases: dict[int, list[Any]] = {}
        self.seen: dict[str, int] = {}
        self.report: list[ImportRow] = []
        self.stages = choice_lookup([(s, Stage(s).label) for s in IMPORT_STAGES])
        self.channels = choice_lookup(Channel.choices)
        # translated once a run: a message per row costs a gettext per row, error or not
        self.stage_error = _("阶段只能是准客户或意向客户（成交由签约产生）。")
        self.channel_error = _("来源无效。")

    # --- one row -----------------------------------------------------------------------

    def owner_for(self, employee_no: str) -> Person:
        key = employee_no or f"#user{self.actor.pk}"
        if key not in self.owners:
            try:
                if employee_no:
                    user_id = (
                        Person.objects.filter(employee_no=employee_no)
                        .values_list("user_id", flat=True)
                        .first()
                    )
                    if user_id is None:
                        raise BusinessRuleError(
                            "BR-CUS-07",
                            _("未找到工号为 %(no)s 的员工。") % {"no": employee_no},
                            field="owner",
                        )
                else:
                    user_id = self.actor.pk
                owner = owner_person(user_id)
                if owner.user_id != self.actor.pk and not (
                    self.viewer.roles & services.DESK_ROLES or self.viewer.is_superuser
                ):
                    raise PermissionDeniedError("BR-REC-01", _("只能为自己登记客户。"))
                self.owners[key] = owner
            except BusinessRuleError as exc:
                self.owners[key] = exc
        found = self.owners[key]
        if isinstance(found, BusinessRuleError):
            raise found
        return found

    def parse(self, no: int, raw: dict[str, Any]) -> ImportRowData:
        cells = {key: cell_text(value) for key, value in raw.items()}
        get = cells.get
        row = ImportRowData(no, name=get("name", "")[:60])
        data: dict[str, Any] = {"name": row.name, "mobile": get("mobile", "")}
        for key in ("company", "address", "intent"):
            data[key] = get(key, "")
        if get("klass"):
            data["klass"] = cell_klass(cells["klass"])
        if get("stage"):
            data["stage"] = cell_choice(
                cells["stage"],
                self.stages,
                rule="BR-CUS-01",
                message=self.stage_error,
                field="stage",
            )
        data["birthday"] = cell_birthday(raw.get("birthday"))
        if get("channel"):
            row.channel = cell_choice(
                cells["channel"],
                self.channels,
                rule="BR-REC-01",
                message=self.channel_error,
                field="channel",
            )
        clean = clean_customer_fields(data)
        if not clean["mobile"]:
            raise BusinessRuleError(
                "BR-CUS-03", _("请填写手机号码：查重以手机号为准。"), field="mobile"
            )
        row.name, row.mobile = clean["name"], clean["mobile"]
        row.data = clean
        # "update existing" changes only what the row fills in, never the mobile or owner
        row.update = {
            k: clean[k]
            for k in ("name", "company", "klass", "stage", "birthday", "address", "intent")
            if k in clean and clean[k] not in ("", None)
        }
        earlier = self.seen.get(row.mobile)
        if earlier is not None:
            raise BusinessRuleError(
                "BR-CUS-03", _("与第 %(n)s 行的手机号重复。") % {"n": earlier}, field="mobile"
            )
        row.owner = self.owner_for(get("owner", ""))
        self.seen[row.mobile] = no
        return row

    def note(self, row_no: int, outcome: str, name: str, message: str = "", customer=None):
        self.report.append(
            ImportRow(
                job=self.job,
                row_no=row_no,
                outcome=outcome,
                name=name[:60],
                customer=customer,
                message=str(message)[:300],
            )
        )
        counter = {
            RowOutcome.CREATED: "created_count",
            RowOutcome.UPDATED: "updated_count",
            RowOutcome.DUPLICATE: "duplicate_count",
            RowOutcome.FAILED: "failed_count",
        }[RowOutcome(outcome)]
        setattr(self.job, counter, getattr(self.job, counter) + 1)

    # --- one chunk -----------------------------------------------------------------------

    def chunk(self, raws: list[tuple[int, dict[str, Any]]]) -> None:
        rows: list[ImportRowData] = []
        for no, raw in raws:
            try:
                rows.append(self.parse(no, raw))
            except BusinessRuleError as exc:
                self.note(no, RowOutcome.FAILED, cell_text(raw.get("name")), exc.message)
        existing = {
            c.mobile: c
            for c in Customer.objects.filter(mobile__in=[r.mobile for r in rows])
            .exclude(mobile="")
            .select_related("owner__person")
        }
        family = {
            c.mobile: c.customer
            for c in Contact.objects.filter(
                mobile__in=[r.mobile for r in rows if r.mobile not in existing], is_family=True
            ).select_related("customer__owner__person")
        }
        fresh = []
        for row in rows:
            customer = existing.get(row.mobile)
            relative = family.get(row.mobile)
            if customer is None and relative is not None:
                # BR-CUS-08 rule 11: a family member is the same customer
                message = duplicate_message(owner_name(relative), self.shown.state(relative))
                self.note(
                    row.no, RowOutcome.DUPLICATE, row.name, _("家庭成员：%(m)s") % {"m": message}
                )
            elif customer is None:
                fresh.append(row)
            elif customer.archived_at is not None:
                self.note(row.no, RowOutcome.FAILED, row.name, _("该手机号属于已归档的客户档案。"))
            elif self.job.update_existing:
                self.update(row, customer)
            else:
                message = duplicate_message(owner_name(customer), self.shown.state(customer))
                self.note(row.no, RowOutcome.DUPLICATE, row.name, message)
        self.create(fresh)
        ImportRow.objects.bulk_create(self.report)
        self.report = []

    def update(self, row: ImportRowData, customer: Customer) -> None:
        try:
            services.customer_update(actor=self.actor, customer_id=customer.pk, data=row.update)
        except BusinessRuleError as exc:
            message = exc.message
            if exc.status_code == 403:
                message = _("%(msg)s（%(dup)s）") % {
                    "msg": exc.message,
                    "dup": duplicate_message(owner_name(customer), self.shown.state(customer)),
                }
            self.note(row.no, RowOutcome.FAILED, row.name, message)
        else:
            self.note(row.no, RowOutcome.UPDATED, row.name, _("已更新资料，负责人不变"), customer)
