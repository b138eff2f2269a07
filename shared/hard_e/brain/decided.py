"""What an approved action made, kept for the turns after it: "now open a roofing job
for him" right after a new customer was saved is that customer, not "which customer?"."""

from __future__ import annotations

from typing import Any

from hard_e.brain.answers import DRAFTED, LAST


def remember_decided(state: dict[str, Any], approvals: list[dict[str, Any]]) -> None:
    """Each executed approval's result becomes the conversation's last customer or job,
    as one looked up would (the model brain reads the same from the history). A draft
    decided is no longer one to change."""
    drafted = state.get(DRAFTED, {}).get("approval")
    if any(a.get("id") == drafted and a.get("status") != "pending" for a in approvals):
        state.pop(DRAFTED, None)
    for approval in approvals:
        made = approval.get("result")
        if approval.get("status") != "executed" or not isinstance(made, dict):
            continue
        last = state.setdefault(LAST, {})
        if approval.get("tool") == "create_customer" and "id" in made:
            last["who"] = f"#{made['id']}"
            last["family"] = str(made.get("name") or "")
            last.pop("job", None)  # "his balance" now means this customer's job
        elif approval.get("tool") == "create_job" and made.get("number"):
            last["job"] = str(made["number"])
