"""QuickSelect renders what Django's Select renders, escaped, without a template per option."""

from __future__ import annotations

import re

from django import forms

from l2c.core.widgets import QuickSelect


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_quick_select_matches_djangos_select_markup():
    choices = [("", "全部负责人"), (1, "张三（一组）"), (2, "李四 <b>&</b>")]
    attrs = {"class": "form-select form-select-sm", "id": "id_owner"}
    for value in (None, "", 2, "1"):
        django_html = forms.Select(choices=choices, attrs=attrs).render("owner", value)
        quick_html = QuickSelect(choices=choices, attrs=attrs).render("owner", value)
        assert _same(quick_html) == _same(django_html)
    html = QuickSelect(choices=choices).render("owner", 2)
    assert "李四 &lt;b&gt;&amp;&lt;/b&gt;" in html and '<option value="2" selected>' in html


def test_quick_select_keeps_option_groups():
    choices = [("一部", [(1, "张三"), (2, "李四")]), ("二部", [(3, "王五")])]
    django_html = forms.Select(choices=choices).render("owner", 3)
    quick_html = QuickSelect(choices=choices).render("owner", 3)
    assert _same(quick_html) == _same(django_html)
    assert quick_html.count("<optgroup") == 2
