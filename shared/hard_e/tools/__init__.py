"""Tools: the registry, the safety gate, approvals and the audit trail."""

from hard_e.tools.approvals import Approval, ApprovalStore
from hard_e.tools.audit import AuditEvent, AuditLog
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import (
    ApprovalClosedError,
    ApprovalNotFoundError,
    NotAllowedError,
    OutOfScopeError,
    ToolError,
    ToolInputError,
    ToolRefusedError,
    UnknownToolError,
)
from hard_e.tools.gate import GateResult, SafetyGate
from hard_e.tools.registry import Registry, Tier, Tool

__all__ = [
    "Approval",
    "ApprovalClosedError",
    "ApprovalNotFoundError",
    "ApprovalStore",
    "AuditEvent",
    "AuditLog",
    "GateResult",
    "NotAllowedError",
    "OutOfScopeError",
    "Registry",
    "SafetyGate",
    "Tier",
    "Tool",
    "ToolContext",
    "ToolError",
    "ToolInputError",
    "ToolRefusedError",
    "UnknownToolError",
]
