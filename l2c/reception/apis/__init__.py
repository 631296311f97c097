"""REST API of reception (/api/v1/reception/…). Thin: services write, selectors read."""

from l2c.reception.apis.attribution import (
    DecisionDetailApi,
    DecisionDisputeApi,
    DecisionResolveApi,
    DecisionsApi,
    DecisionVerifyApi,
)
from l2c.reception.apis.desk import (
    DeskBackApi,
    DeskOutApi,
    LookupApi,
    ReceiveApi,
    RosterDetailApi,
    RostersApi,
)
from l2c.reception.apis.registers import (
    EntriesApi,
    EntryDetailApi,
    EntryFirstMessageApi,
    EntryRegisterApi,
    StatsApi,
)

__all__ = [
    "DecisionDetailApi",
    "DecisionDisputeApi",
    "DecisionResolveApi",
    "DecisionVerifyApi",
    "DecisionsApi",
    "DeskBackApi",
    "DeskOutApi",
    "EntriesApi",
    "EntryDetailApi",
    "EntryFirstMessageApi",
    "EntryRegisterApi",
    "LookupApi",
    "ReceiveApi",
    "RosterDetailApi",
    "RostersApi",
    "StatsApi",
]
