"""/api/v1/ routes of customers."""

from django.urls import path

from l2c.customers import apis

app_name = "customers_api"

# the customers app's own timeline entries (ownership records, duplicate cards)

urlpatterns = [
    path("customers/", apis.CustomersApi.as_view(), name="customers"),
    path("customers/phone-lookup/", apis.PhoneLookupApi.as_view(), name="phone-lookup"),
    path("customers/import/", apis.CustomerImportApi.as_view(), name="import"),
    path("customers/import/<int:job_id>/", apis.CustomerImportJobApi.as_view(), name="import-job"),
    path("customers/export/", apis.CustomerExportApi.as_view(), name="export"),
    path("customers/template/", apis.CustomerTemplateApi.as_view(), name="template"),
    path("customers/<int:customer_id>/", apis.CustomerDetailApi.as_view(), name="customer"),
    path("customers/<int:customer_id>/reveal/", apis.CustomerRevealApi.as_view(), name="reveal"),
    path(
        "customers/<int:customer_id>/contacts/",
        apis.CustomerContactsApi.as_view(),
        name="contacts",
    ),
    path(
        "customers/<int:customer_id>/contacts/<int:contact_id>/",
        apis.CustomerContactDetailApi.as_view(),
        name="contact-detail",
    ),
    path("customers/<int:customer_id>/claim/", apis.CustomerClaimApi.as_view(), name="claim"),
    path(
        "customers/<int:customer_id>/transfer/",
        apis.CustomerTransferApi.as_view(),
        name="transfer",
    ),
    path("customers/<int:customer_id>/lock/", apis.CustomerLockApi.as_view(), name="lock"),
    path("customers/<int:customer_id>/unlock/", apis.CustomerUnlockApi.as_view(), name="unlock"),
    path("customers/<int:customer_id>/archive/", apis.CustomerArchiveApi.as_view(), name="archive"),
    path(
        "customers/<int:customer_id>/archive-requests/",
        apis.CustomerArchiveRequestApi.as_view(),
        name="archive-requests",
    ),
]
