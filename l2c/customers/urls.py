from django.urls import path

from l2c.customers import views

app_name = "customers"

# the customers app's own timeline entries (ownership records, duplicate cards)

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("pool/", views.customer_pool, name="pool"),
    path("new/", views.customer_new, name="new"),
    path("export/", views.customer_export, name="export"),
    path("import/", views.customer_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.customer_import_job, name="import_job"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/lost/", views.customer_mark_lost, name="lost"),
    path("<int:pk>/reveal/", views.customer_reveal, name="reveal"),
    path("<int:pk>/claim/", views.customer_claim, name="claim"),
    path("<int:pk>/transfer/", views.customer_transfer, name="transfer"),
    path("<int:pk>/lock/", views.customer_lock, name="lock"),
    path("<int:pk>/unlock/", views.customer_unlock, name="unlock"),
    path("<int:pk>/archive/", views.customer_archive_view, name="archive"),
    path("<int:pk>/archive-request/", views.customer_archive_request_view, name="archive_request"),
    path("<int:pk>/contacts/", views.customer_contact_add, name="contact_add"),
    path(
        "<int:pk>/contacts/<int:contact_id>/edit/",
        views.customer_contact_edit,
        name="contact_edit",
    ),
    path(
        "<int:pk>/contacts/<int:contact_id>/remove/",
        views.customer_contact_remove,
        name="contact_remove",
    ),
    path("<int:pk>/confirm/", views.customer_confirm, name="confirm"),
    path(
        "<int:pk>/duplicates/<int:duplicate_id>/confirm/",
        views.duplicate_confirm,
        name="duplicate_confirm",
    ),
]
