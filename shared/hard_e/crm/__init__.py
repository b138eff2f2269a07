"""The CRM port, its Leap adapter and the Leap simulator."""

from hard_e.crm.exceptions import (
    CrmAuthError,
    CrmError,
    CrmNotFoundError,
    CrmRateLimitedError,
    CrmUnavailableError,
    CrmValidationError,
)
from hard_e.crm.port import CrmClient

__all__ = [
    "CrmAuthError",
    "CrmClient",
    "CrmError",
    "CrmNotFoundError",
    "CrmRateLimitedError",
    "CrmUnavailableError",
    "CrmValidationError",
]
