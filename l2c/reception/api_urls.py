"""/api/v1/ routes of reception (BR-REC-01…07, BR-ATT-*, BR-RPT-01)."""

from django.urls import path

from l2c.reception import apis

app_name = "reception_api"

P = "reception/"
urlpatterns = [
    path(f"{P}rosters/", apis.RostersApi.as_view(), name="rosters"),
    path(f"{P}rosters/<int:roster_id>/", apis.RosterDetailApi.as_view(), name="roster"),
    path(f"{P}rosters/<int:roster_id>/out/", apis.DeskOutApi.as_view(), name="roster-out"),
    path(f"{P}rosters/<int:roster_id>/back/", apis.DeskBackApi.as_view(), name="roster-back"),
    path(f"{P}receive/", apis.ReceiveApi.as_view(), name="receive"),
    path(f"{P}lookup/", apis.LookupApi.as_view(), name="lookup"),
    path(f"{P}entries/", apis.EntriesApi.as_view(), name="entries"),
    path(f"{P}entries/<int:entry_id>/", apis.EntryDetailApi.as_view(), name="entry"),
    path(
        f"{P}entries/<int:entry_id>/register/",
        apis.EntryRegisterApi.as_view(),
        name="entry-register",
    ),
    path(
        f"{P}entries/<int:entry_id>/first-message/",
        apis.EntryFirstMessageApi.as_view(),
        name="entry-first-message",
    ),
    path(f"{P}stats/", apis.StatsApi.as_view(), name="stats"),
    path(f"{P}attributions/", apis.DecisionsApi.as_view(), name="attributions"),
    path(
        f"{P}attributions/<int:decision_id>/",
        apis.DecisionDetailApi.as_view(),
        name="attribution",
    ),
    path(
        f"{P}attributions/<int:decision_id>/dispute/",
        apis.DecisionDisputeApi.as_view(),
        name="attribution-dispute",
    ),
    path(
        f"{P}attributions/<int:decision_id>/verify/",
        apis.DecisionVerifyApi.as_view(),
        name="attribution-verify",
    ),
    path(
        f"{P}attributions/<int:decision_id>/resolve/",
        apis.DecisionResolveApi.as_view(),
        name="attribution-resolve",
    ),
]
