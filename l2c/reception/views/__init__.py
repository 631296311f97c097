"""Reception pages: the desk, the registers, attribution. Thin: selectors read, services act."""

from l2c.reception.views.attribution import (
    attribution_detail,
    attribution_dispute,
    attribution_resolve,
    attribution_verify,
    attributions,
)
from l2c.reception.views.desk import desk, lookup, mark_back, mark_out, receive, roster_edit
from l2c.reception.views.registers import (
    entry_attribution,
    entry_detail,
    entry_message_sent,
    entry_register,
    export,
    registers,
)

__all__ = [
    "attribution_detail",
    "attribution_dispute",
    "attribution_resolve",
    "attribution_verify",
    "attributions",
    "desk",
    "entry_attribution",
    "entry_detail",
    "entry_message_sent",
    "entry_register",
    "export",
    "lookup",
    "mark_back",
    "mark_out",
    "receive",
    "registers",
    "roster_edit",
]
