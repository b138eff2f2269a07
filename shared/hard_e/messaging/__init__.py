"""Email and SMS: the Messenger port and its adapters."""

from hard_e.messaging.port import MessagingError, Messenger, Receipt

__all__ = ["MessagingError", "Messenger", "Receipt"]
