from django.urls import path
from django.views.generic import RedirectView

from l2c.activities import views

app_name = "activities"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="activities:follow_ups"), name="index"),
    path("customers/<int:customer_id>/follow-up/", views.follow_up_new, name="follow_up_new"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/confirm/", views.follow_up_confirm, name="follow_up_confirm"),
    path("follow-ups/pick/", views.follow_up_pick, name="follow_up_pick"),
    path("tracking/", views.tracking, name="tracking"),
    path("tracking/<int:customer_id>/", views.tracking_customer, name="tracking_customer"),
    path("tracking/<int:customer_id>/review/", views.tracking_review, name="tracking_review"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="plan_item_add"),
    path(
        "plans/<int:pk>/items/<int:item_id>/remove/",
        views.plan_item_remove,
        name="plan_item_remove",
    ),
    path(
        "plans/<int:pk>/items/<int:item_id>/cancel/",
        views.plan_item_cancel,
        name="plan_item_cancel",
    ),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("logs/", views.work_log, name="work_log"),
    path("logs/<int:pk>/", views.work_log_detail, name="work_log_detail"),
    path("summaries/", views.summaries, name="summaries"),
    path("summaries/<int:pk>/", views.summary_detail, name="summary"),
    path("summaries/<int:pk>/send/", views.summary_send, name="summary_send"),
]
