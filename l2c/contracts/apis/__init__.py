"""REST API of contracts: thin classes over ``l2c.contracts.services`` and ``selectors``."""

from l2c.contracts.apis.archive import (
    AccessRequestsApi,
    ArchiveListApi,
    ChangeDetailApi,
    ChangesApi,
    ContractArchiveApi,
)
from l2c.contracts.apis.contracts import (
    ContractAccessLogApi,
    ContractBorrowApi,
    ContractChecklistApi,
    ContractDetailApi,
    ContractPdfApi,
    ContractReturnApi,
    ContractsApi,
    ContractSignApi,
    ContractSubmitApi,
)
from l2c.contracts.apis.reservations import (
    ReservationCancelApi,
    ReservationDetailApi,
    ReservationPdfApi,
    ReservationReviseApi,
    ReservationsApi,
)

__all__ = [
    "AccessRequestsApi",
    "ArchiveListApi",
    "ChangeDetailApi",
    "ChangesApi",
    "ContractAccessLogApi",
    "ContractArchiveApi",
    "ContractBorrowApi",
    "ContractChecklistApi",
    "ContractDetailApi",
    "ContractPdfApi",
    "ContractReturnApi",
    "ContractSignApi",
    "ContractSubmitApi",
    "ContractsApi",
    "ReservationCancelApi",
    "ReservationDetailApi",
    "ReservationPdfApi",
    "ReservationReviseApi",
    "ReservationsApi",
]
