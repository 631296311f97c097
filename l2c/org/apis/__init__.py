"""REST API of the organisation (BR-ORG-01…03) and the token login (BR-SEC-02).

Thin: every write is one call to ``l2c.org.services``; every read goes through
``l2c.org.selectors``. Business-rule errors become ``{code, rule, message}`` JSON through
``l2c.core.api.exception_handler``.
"""

from l2c.org.apis.absences import AbsenceCancelApi, AbsenceOutputSerializer, AbsencesApi
from l2c.org.apis.auth import AuthLogoutApi, AuthTokenApi, MeApi
from l2c.org.apis.common import TAG, WRITE_ERRORS, OrgPagination, PersonOutputSerializer
from l2c.org.apis.departments import (
    DepartmentListApi,
    DepartmentOutputSerializer,
    OrgChartApi,
    OrgNodeSerializer,
    TeamOutputSerializer,
)
from l2c.org.apis.people import PeopleApi, PersonDetailApi, PersonSetRolesApi, PersonSetSuperiorApi

__all__ = [
    "TAG",
    "WRITE_ERRORS",
    "AbsenceCancelApi",
    "AbsenceOutputSerializer",
    "AbsencesApi",
    "AuthLogoutApi",
    "AuthTokenApi",
    "DepartmentListApi",
    "DepartmentOutputSerializer",
    "MeApi",
    "OrgChartApi",
    "OrgNodeSerializer",
    "OrgPagination",
    "PeopleApi",
    "PersonDetailApi",
    "PersonOutputSerializer",
    "PersonSetRolesApi",
    "PersonSetSuperiorApi",
    "TeamOutputSerializer",
]
