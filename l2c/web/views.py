"""The shell: login/logout, the home page of each role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from l2c.org.forms import LockoutAuthenticationForm
from l2c.org.services import login_record_success, logout_record
from l2c.web.selectors import home_context


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        login_record_success(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        logout_record(user=request.user)
        messages.info(request, _("您已安全退出。"))
        return super().post(request, *args, **kwargs)


@login_required
def home(request):
    return render(request, "web/home.html", home_context(user=request.user))
