from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "l2c.contracts"
    label = "contracts"
    verbose_name = "认购与合同"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.contracts import tasks
        from l2c.contracts.models import Contract, ContractAccessRequest, ContractChange
        from l2c.contracts.services import (
            contract_access_on_outcome,
            contract_change_on_outcome,
            contract_on_outcome,
        )
        from l2c.core import ticks

        registry.register(
            registry.ApprovalKind(
                key="special_contract",
                label="特殊合同评审",
                model=Contract,
                url=lambda obj: reverse("contracts:contract", args=[obj.pk]),
                on_outcome=contract_on_outcome,
            )
        )
        registry.register(
            registry.ApprovalKind(
                key="contract_access",
                label="合同查阅/借阅",
                model=ContractAccessRequest,
                url=lambda obj: reverse("contracts:access_requests"),
                on_outcome=contract_access_on_outcome,
            )
        )
        registry.register(
            registry.ApprovalKind(
                key="contract_change",
                label="合同变更（换房、换名、退订）",
                model=ContractChange,
                url=lambda obj: reverse("contracts:change", args=[obj.pk]),
                on_outcome=contract_change_on_outcome,
            )
        )
        ticks.register("contracts.archive", tasks.remind_archiving, order=45)
