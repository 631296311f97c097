"""Error pages in Chinese (templates/400, 403, 404, 500.html) when DEBUG is off: the site's
layout with a way back to 工作台; the 500 page stands alone (no context, no database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.template.loader import get_template
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.views import defaults

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_page_is_a_chinese_404_in_the_site_layout(company):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到您要访问的页面" in page and "返回工作台" in page
    assert "Not Found" not in page
    assert 'href="/"' in page and "l2c-topbar" in page  # the site's layout, a way home

    client = Client()
    client.force_login(company.rep.user)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "找不到您要访问的页面" in page
    assert "退出登录" in page  # the signed-in shell with its navigation


@override_settings(DEBUG=False)
def test_forbidden_and_bad_requests_are_chinese_pages(company):
    request = RequestFactory().get("/somewhere/")
    request.user = company.rep.user
    response = defaults.permission_denied(request, PermissionDenied())
    page = response.content.decode()
    assert response.status_code == 403 and "您没有权限访问此页面" in page and "返回工作台" in page
    response = defaults.bad_request(request, SuspiciousOperation())
    page = response.content.decode()
    assert response.status_code == 400 and "请求无法处理" in page and "返回工作台" in page


@override_settings(DEBUG=False)
def test_the_500_page_stands_alone():
    with CaptureQueriesContext(connection) as queries:
        response = defaults.server_error(RequestFactory().get("/"))
        plain = get_template("500.html").render()  # no context, no request
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and 'href="/"' in page and "返回工作台" in page
    assert plain.strip().startswith("<!doctype html>")
    assert len(queries) == 0
