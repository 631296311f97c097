"""The signed original filed by the department's assistant or a superior (BR-CON-05)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.contracts.models import Contract
from l2c.contracts.services._common import is_superior_of, locked_contract, person_of
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.roles import Role

#: who files contract originals (002 art. 7 管理: 此工作由销售助理承担，主管进行监督)
ARCHIVERS = frozenset({Role.ASSISTANT, Role.SUPERVISOR, Role.MANAGER})


@transaction.atomic
def contract_archive(*, actor, contract_id: int, location: str) -> Contract:
    """File the signed original (BR-CON-05): the department's assistant (or the team's
    supervisor, the department's manager) records where it is kept."""
    contract = locked_contract(contract_id, "BR-CON-05")
    person = person_of(actor)
    roles = set(person.role_codes) if person else set()
    allowed = person is not None and (
        (Role.ASSISTANT in roles and person.department_id == contract.department_id)
        or is_superior_of(person, department_id=contract.department_id, team_id=contract.team_id)
    )
    if not allowed:
        raise PermissionDeniedError("BR-CON-05", _("合同原件由本部门销售助理或主管归档。"))
    location = (location or "").strip()
    if not location:
        raise BusinessRuleError("BR-CON-05", _("请填写归档位置（册号/柜号）。"), field="location")
    if contract.signed_at is None:
        raise ConflictError("BR-CON-05", _("合同尚未签约，没有原件可归档。"), code="not_signed")
    if contract.archived_at is not None:
        raise ConflictError(
            "BR-CON-05",
            _("合同 %(n)s 已归档（%(l)s）。")
            % {"n": contract.number, "l": contract.archive_location},
            code="already_archived",
        )
    contract.archived_at = timezone.now()
    contract.archive_location = location[:100]
    contract.save_versioned(update_fields=["archived_at", "archive_location"])
    audit_record(
        actor=actor,
        action="contract.archive",
        obj=contract,
        rule="BR-CON-05",
        changes={"archive_location": ["", contract.archive_location]},
    )
    return contract
