// Operators (the people who run Hard-E): create trial invite links, see every company's
// usage, extend a trial or convert it to a paid plan.
"use strict";

(() => {
  const { $, el, api, busy, view } = HardE;

  function company(c) {
    const t = c.trial || {};
    const usage = t.messages_limit ? `${t.messages_used || 0} of ${t.messages_limit} messages` : `${(c.usage && c.usage.messages) || 0} messages`;
    const extend = el("button", { type: "button", className: "small secondary", "aria-label": `Extend ${c.name} by 14 days and 200 messages` }, "Extend 14 days + 200 messages");
    const paid = el("button", { type: "button", className: "small", "aria-label": `Convert ${c.name} to paid` }, "Convert to paid");
    extend.addEventListener("click", () => busy(extend, "operator-error", async () => {
      await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}/plan`, { method: "POST", body: { extend_days: 14, add_messages: 200 } });
      refresh();
    }));
    paid.addEventListener("click", () => busy(paid, "operator-error", async () => {
      await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}/plan`, { method: "POST", body: { plan: "paid" } });
      refresh();
    }));
    return el("li", { className: "card" }, el("h3", {}, c.name),
      el("p", { className: "meta" }, `${c.plan}${t.ends_at ? ` · trial ends ${HardE.when(t.ends_at)}` : ""} · ${usage}`),
      el("div", { className: "row wrap" }, extend, c.plan === "paid" ? null : paid));
  }

  async function refresh() {
    $("operator-error").textContent = "";
    try {
      const data = await api("/api/v1/operator/companies");
      const list = HardE.listOf(data, "companies");
      $("operator-companies").replaceChildren(...list.map(company));
      if (!list.length) $("operator-companies").append(el("li", { className: "muted" }, "No companies yet."));
    } catch (e) {
      $("operator-error").textContent = e.message;
    }
  }

  view("operator", {
    title: "Companies",
    roles: ["operator"],
    init() {
      $("operator-invite-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "operator-error", async () => {
          const body = { days: Number($("operator-days").value), messages: Number($("operator-messages").value) };
          if ($("operator-note").value.trim()) body.note = $("operator-note").value.trim();
          const res = await api("/api/v1/operator/invites", { method: "POST", body });
          $("operator-invite-result").replaceChildren("Invite link (single use, until ", HardE.when(res.expires_at), "): ", el("code", { className: "link-text" }, HardE.absolute(res.url)));
        });
      });
    },
    show: refresh,
  });
})();
