"""Every write to the organisation (BR-ORG-01…03) and the login lock-out (BR-SEC-02)."""

from l2c.org.services.absences import absence_cancel, absence_create
from l2c.org.services.common import MANAGER_SUPERIOR_ROLES, ORG_ADMINS, PRIVILEGED_ROLES
from l2c.org.services.logins import (
    api_token_issue,
    login_locked_until,
    login_record_failure,
    login_record_locked_attempt,
    login_record_success,
    logout_record,
)
from l2c.org.services.people import (
    PERSON_EDITABLE,
    person_create,
    person_leave_company,
    person_set_roles,
    person_set_superior,
    person_update,
)
from l2c.org.services.structure import department_create, team_create, team_set_leader

__all__ = [
    "MANAGER_SUPERIOR_ROLES",
    "ORG_ADMINS",
    "PERSON_EDITABLE",
    "PRIVILEGED_ROLES",
    "absence_cancel",
    "absence_create",
    "api_token_issue",
    "department_create",
    "login_locked_until",
    "login_record_failure",
    "login_record_locked_attempt",
    "login_record_success",
    "logout_record",
    "person_create",
    "person_leave_company",
    "person_set_roles",
    "person_set_superior",
    "person_update",
    "team_create",
    "team_set_leader",
]
