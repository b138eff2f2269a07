// Approvals inbox: each waiting action shows who asked, who it goes to and its full text
// before anyone approves it. Also the card and decide() the chat uses for inline approvals.
"use strict";

(() => {
  const { $, el, api, me, view } = HardE;
  const TOOL_NAMES = { send_email: "Email", send_sms: "Text message", create_customer: "New customer", move_job_stage: "Move job stage" };
  let people = null;  // user_id -> name, from the team list (admins); reps see their own

  async function names() {
    if (people) return people;
    people = {};
    const user = me();
    if (user && user.user_id) people[user.user_id] = `${user.name || "you"} (you)`;
    if (user && user.role === "admin") {
      try {
        const data = await api("/api/v1/team");
        for (const m of HardE.listOf(data, "members")) people[m.user_id] = m.name;
      } catch (e) { /* names fall back to ids */ }
    }
    return people;
  }

  function who(id) {
    if (!id) return "someone";
    if (people && people[id]) return people[id];
    return id.startsWith("key") || id.startsWith("ak_") ? `automation agent ${id.slice(-6)}` : id;
  }

  /** The recipient as the tool's arguments name it; the preview (shown in full) has the name on file. */
  function recipient(a) {
    const first = (a.preview || "").split("\n")[0];
    const m = first.match(/^(?:Email|Text)\s+(.+)$/);
    if (m) return m[1];
    return (a.args && (a.args.to || (a.args.customer_id && `customer #${a.args.customer_id}`))) || "";
  }

  function approvalCard(a, decideThis) {
    const title = TOOL_NAMES[a.tool] || a.tool;
    const to = recipient(a);
    const approve = el("button", { type: "button", className: "approve", "aria-label": `Approve: ${a.summary}` }, "Approve");
    const deny = el("button", { type: "button", className: "deny secondary", "aria-label": `Deny: ${a.summary}` }, "Deny");
    const error = el("p", { className: "error", role: "alert" });
    const card = el("li", { className: "card approval", "data-id": a.id },
      el("h3", {}, `${title}: ${a.summary}`),
      el("p", { className: "meta" }, `Asked by ${who(a.requested_by)}`, a.created_at ? ` · ${HardE.when(a.created_at)}` : ""),
      to ? el("p", { className: "recipient" }, el("strong", {}, "To: "), to) : null,
      el("pre", { className: "preview", tabIndex: 0, "aria-label": `Full text of: ${a.summary}` }, a.preview || a.summary),
      a.reason ? el("p", { className: "muted" }, a.reason) : null,
      el("div", { className: "row" }, approve, deny),
      error);
    for (const [button, verdict] of [[approve, "approve"], [deny, "deny"]]) {
      button.addEventListener("click", async () => {
        approve.disabled = deny.disabled = true;
        error.textContent = "";
        try { await decideThis(verdict); } catch (e) { error.textContent = e.message; approve.disabled = deny.disabled = false; }
      });
    }
    return card;
  }

  async function decide(id, verdict) {
    const res = await api(`/api/v1/approvals/${encodeURIComponent(id)}/${verdict}`, { method: "POST" });
    countApprovals();
    return res.approval;
  }

  async function countApprovals() {
    try {
      const data = await api("/api/v1/approvals?status=pending");
      const badge = $("approvals-count");
      badge.textContent = String(data.approvals.length);
      badge.hidden = data.approvals.length === 0;
      badge.setAttribute("aria-label", `${data.approvals.length} waiting`);
      return data.approvals;
    } catch (e) {
      return [];
    }
  }

  async function refresh() {
    $("approvals-error").textContent = "";
    await names();
    try {
      const [pending, recent] = await Promise.all([
        api("/api/v1/approvals?status=pending"),
        api("/api/v1/approvals?limit=20"),
      ]);
      const list = $("approvals-pending");
      list.replaceChildren(...pending.approvals.map((a) => approvalCard(a, async (verdict) => {
        await decide(a.id, verdict);
        refresh();
      })));
      if (!pending.approvals.length) list.append(el("li", { className: "muted" }, "Nothing is waiting for approval."));
      const decided = recent.approvals.filter((a) => a.status !== "pending");
      $("approvals-decided").replaceChildren(...decided.map((a) => el("li", {},
        el("span", { className: `status status-${a.status}` }, a.status), ` ${a.summary}`,
        a.decided_by ? ` — ${who(a.decided_by)}` : "", a.error ? ` (${a.error})` : "")));
      if (!decided.length) $("approvals-decided").append(el("li", { className: "muted" }, "None yet."));
      const badge = $("approvals-count");
      badge.textContent = String(pending.approvals.length);
      badge.hidden = pending.approvals.length === 0;
    } catch (e) {
      $("approvals-error").textContent = e.message;
    }
  }

  Object.assign(HardE, { approvalCard, decide, countApprovals, names });

  view("approvals", {
    title: "Approvals",
    roles: ["admin", "rep"],
    show: refresh,
    reset() { people = null; },
  });
})();
