"""Every write of fulfillment (BR-FUL-01…03): one business action, one transaction, one
audit row. The order from a signed contract (or a paid reservation) with its ship-by date
and its production/delivery notice; the departments' acknowledgements; the demand request
(需货申请单) through its chain; the outbound order (销售出库单) issued by the assistant and
shipped by the warehouse; the customer's confirmation (客户确认单)."""

from l2c.fulfillment.services.common import locked_order
from l2c.fulfillment.services.demand import (
    demand_request_create,
    demand_request_on_outcome,
    remaining_quantities,
)
from l2c.fulfillment.services.orders import notice_acknowledge, order_create, ship_by_for
from l2c.fulfillment.services.outbound import (
    confirmation_file,
    locked_outbound,
    outbound_issue,
    outbound_ship,
)

__all__ = [
    "confirmation_file",
    "demand_request_create",
    "demand_request_on_outcome",
    "locked_order",
    "locked_outbound",
    "notice_acknowledge",
    "order_create",
    "outbound_issue",
    "outbound_ship",
    "remaining_quantities",
    "ship_by_for",
]
