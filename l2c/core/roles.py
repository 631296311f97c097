"""The roles of the spec's role table. Shared by org (who holds them) and scope (what they see)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GM = "gm", _("总经理")
    VP = "vp", _("营销副总")
    DIRECTOR = "director", _("销售总监")
    MANAGER = "manager", _("销售部经理")
    SUPERVISOR = "supervisor", _("销售主管")
    REP = "rep", _("销售顾问")
    ASSISTANT = "assistant", _("销售助理")
    FINANCE = "finance", _("财务")
    SERVICE = "service", _("客服")
    WAREHOUSE = "warehouse", _("库管")
    TECH = "tech", _("技术部")
    ADMIN = "admin", _("系统管理员")


#: Roles that see every sales record (BR-ORG-02).
COMPANY_WIDE_ROLES = frozenset({Role.GM, Role.VP, Role.DIRECTOR})
#: Leaders in the sense of BR-CON-06 and the approval engine.
LEADER_ROLES = frozenset({Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR})
