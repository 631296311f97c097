"""API tokens that end (issue 16, BR-SEC-02): a token is good for ``security.token_days``
from the login that issued it; a new login issues a new key (the old one stops working),
and signing out — on the API or on the web — revokes the user's token."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from l2c import policy


def token_expired(created: dt.datetime, now: dt.datetime | None = None) -> bool:
    days = int(policy.value("security.token_days"))
    return (now or timezone.now()) >= created + dt.timedelta(days=days)


class TokenExpired(exceptions.AuthenticationFailed):
    default_code = "token_expired"
    #: the API's error shows this message, not the generic "authentication failed"
    says_why = True


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than the policy allows."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token.created):
            raise TokenExpired(_("登录已过期，请重新登录。"))
        return user, token
