from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "l2c.approvals"
    label = "approvals"
    verbose_name = "审批"

    def ready(self) -> None:
        from l2c.approvals import chains, selectors, tasks
        from l2c.core import ticks, todo
        from l2c.policy import display
        from l2c.policy.kinds import register_validator

        register_validator("approvals.chain.", chains.parse_chain)
        display.register_chain_reader(chains.describe_chain)
        ticks.register("approvals.deadlines", tasks.send_deadline_notices, order=20)
        todo.register("approvals", selectors.todo_section)
