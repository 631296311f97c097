"""REST API of customers (BR-CUS-01…10, BR-RPT-04…06, BR-REC-06): the list with its
scopes, registration with the duplicate check, one customer and its update, the actions
(reveal, claim, transfer, lock, unlock, archive, archive request), the phone lookup, Excel
import, export and template.

Thin: every write is one call to a service; every read goes through the scoped selectors.
Personal data is masked unless the viewer owns the customer (BR-CUS-10). People are named
by their *person* id (the ids of ``/api/v1/people/``). Errors are ``{code, rule, message}``.
"""

from l2c.customers.apis.actions import (
    CustomerArchiveApi,
    CustomerArchiveRequestApi,
    CustomerClaimApi,
    CustomerContactDetailApi,
    CustomerContactsApi,
    CustomerLockApi,
    CustomerRevealApi,
    CustomerTransferApi,
    CustomerUnlockApi,
    PhoneLookupApi,
)
from l2c.customers.apis.customers import CustomerDetailApi, CustomersApi
from l2c.customers.apis.excel import (
    CustomerExportApi,
    CustomerImportApi,
    CustomerImportJobApi,
    CustomerTemplateApi,
)

__all__ = [
    "CustomerArchiveApi",
    "CustomerArchiveRequestApi",
    "CustomerClaimApi",
    "CustomerContactDetailApi",
    "CustomerContactsApi",
    "CustomerDetailApi",
    "CustomerExportApi",
    "CustomerImportApi",
    "CustomerImportJobApi",
    "CustomerLockApi",
    "CustomerRevealApi",
    "CustomerTemplateApi",
    "CustomerTransferApi",
    "CustomerUnlockApi",
    "CustomersApi",
    "PhoneLookupApi",
]
