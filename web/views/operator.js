// Operators (the people who run Hard-E): create trial invite links, see every company's
// usage, extend a trial by the days and messages they choose, or convert it to a paid plan.
"use strict";

(() => {
  const { $, el, api, busy, view } = HardE;

  function company(c) {
    const t = c.trial || {};
    const usage = t.messages_limit ? `${t.messages_used || 0} of ${t.messages_limit} messages` : `${(c.usage && c.usage.messages) || 0} messages`;
    // The operator chooses how much to add: days and/or messages (blank adds none).
    const id = `extend-${c.tenant_id}`;
    const days = el("input", { id: `${id}-days`, type: "number", min: "1", max: "365", inputMode: "numeric", placeholder: "0" });
    const messages = el("input", { id: `${id}-messages`, type: "number", min: "1", max: "1000000", inputMode: "numeric", placeholder: "0" });
    const extend = el("button", { type: "submit", className: "small secondary", "aria-label": `Extend the trial: ${c.name}` }, "Extend");
    const extendForm = el("form", { className: "row wrap extend" },
      el("label", { for: days.id }, "Add days"), days,
      el("label", { for: messages.id }, "Add messages"), messages, extend);
    extendForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      busy(extend, "operator-error", async () => {
        const body = {};
        if (days.value.trim()) body.extend_days = Number(days.value);
        if (messages.value.trim()) body.add_messages = Number(messages.value);
        if (!Object.keys(body).length) throw new Error(`Say how many days and/or messages to add to ${c.name}'s trial.`);
        const done = await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}/plan`, { method: "POST", body });
        await refresh();
        const t2 = done.trial || {};
        $("operator-invite-result").textContent = `${c.name}: trial until ${HardE.when(t2.ends_at) || "no end"}, ${t2.messages_limit == null ? "no message limit" : `${t2.messages_limit} messages`}.`;
      });
    });
    const paid = el("button", { type: "button", className: "small", "aria-label": `Convert to paid: ${c.name}` }, "Convert to paid");
    paid.addEventListener("click", () => busy(paid, "operator-error", async () => {
      await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}/plan`, { method: "POST", body: { plan: "paid" } });
      refresh();
    }));
    const exportButton = el("button", { type: "button", className: "small secondary", "aria-label": `Export data: ${c.name}` }, "Export data");
    exportButton.addEventListener("click", () => busy(exportButton, "operator-error", async () => {
      const data = await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}/export`);
      const name = `${c.name.replace(/[^\w-]+/g, "-")}-export.json`;
      // A large export comes as a short-lived download link (the API cannot answer with it).
      const href = data.download_url ? HardE.absolute(data.download_url)
        : URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = el("a", { href, download: name });
      document.body.append(a);
      a.click();
      a.remove();
    }));
    const remove = el("button", { type: "button", className: "small danger", "aria-label": `Delete company: ${c.name}` }, "Delete company");
    remove.addEventListener("click", () => busy(remove, "operator-error", async () => {
      const typed = window.prompt(`This deletes ${c.name}: every conversation, document, memory and login. Export first. Type the company's name to delete it.`);
      if (typed === null) return;
      if (typed.trim() !== c.name) throw new Error("The name did not match; nothing was deleted.");
      const done = await api(`/api/v1/operator/companies/${encodeURIComponent(c.tenant_id)}`, { method: "DELETE" });
      await refresh();
      $("operator-invite-result").textContent = `${c.name} deleted: ${done.items} records and ${done.objects} files removed.`;
    }));
    return el("li", { className: "card" }, el("h3", {}, c.name),
      el("p", { className: "meta" }, `${c.plan}${t.ends_at ? ` · trial ends ${HardE.when(t.ends_at)}` : ""} · ${usage}`),
      c.plan === "paid" ? null : extendForm,
      el("div", { className: "row wrap" }, c.plan === "paid" ? null : paid, exportButton, remove));
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
