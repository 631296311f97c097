from django.urls import path

from l2c.org import views

app_name = "org"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("org-chart/", views.org_chart, name="chart"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:pk>/cancel/", views.absence_cancel, name="absence_cancel"),
]
