"""One construct per feature; the stacks only compose them."""

from __future__ import annotations

from infra.features.api_function import ApiFunction
from infra.features.credentials_key import CredentialsKey
from infra.features.data_access import DataAccess
from infra.features.database import Database
from infra.features.documents import DocumentsBucket
from infra.features.http_api import HttpApiRoutes
from infra.features.secrets import AppSecrets

__all__ = [
    "ApiFunction",
    "AppSecrets",
    "CredentialsKey",
    "DataAccess",
    "Database",
    "DocumentsBucket",
    "HttpApiRoutes",
]
