"""Errors of the tools package; messages are safe to show to users."""

from __future__ import annotations


class ToolError(Exception):
    """Base class."""


class UnknownToolError(ToolError):
    """No tool has that name."""


class ToolInputError(ToolError):
    """The input does not match the tool's schema; ``problems`` lists field → problem."""

    def __init__(self, message: str, problems: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ToolRefusedError(ToolError):
    """The tool ran but could not do what was asked (e.g. an ambiguous stage name)."""


class ApprovalNotFoundError(ToolError):
    """No such approval in this tenant."""


class ApprovalClosedError(ToolError):
    """The approval was already decided, used, or has expired."""

    def __init__(self, message: str, status: str) -> None:
        super().__init__(message)
        self.status = status


class NotAllowedError(ToolError):
    """The caller may not do this (e.g. approve someone else's request without being admin)."""


class OutOfScopeError(ToolError):
    """The calling API key's scopes do not include this tool (or its tier)."""
