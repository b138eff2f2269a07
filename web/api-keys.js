// Hard-E web app: API keys for automation agents (company admins). A module of its own:
// it mounts into #api-keys-panel when that element exists and uses the app's api() helper.
"use strict";

(function () {
  const TIERS = ["green", "yellow", "red"];

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  }

  function call(path, options) {
    if (typeof window.api === "function") return window.api(path, options);
    return Promise.reject(new Error("not logged in"));
  }

  async function refresh(panel) {
    const list = panel.querySelector("#api-keys");
    const error = panel.querySelector("#api-keys-error");
    error.textContent = "";
    try {
      const data = await call("/api/v1/api-keys");
      list.replaceChildren(...data.keys.map((key) => row(panel, key)));
      if (data.keys.length === 0) list.append(el("li", { className: "muted", textContent: "No keys yet." }));
    } catch (e) {
      error.textContent = e.message;  // reps see "only company admins manage API keys"
    }
  }

  function row(panel, key) {
    const scopes = key.scopes.tiers.join(", ") + (key.scopes.tools ? ` · only ${key.scopes.tools.join(", ")}` : "")
      + (key.scopes.converse ? " · may converse" : "");
    const label = el("span", { textContent: `${key.name} (${key.id.slice(-6)} ${key.hint}) — ${scopes} — ${key.rate_limit_per_minute}/min` });
    const li = el("li", { className: `api-key ${key.status}` }, label);
    li.dataset.id = key.id;
    if (key.status === "active") {
      const revoke = el("button", { className: "deny", textContent: "Revoke" });
      revoke.addEventListener("click", async () => {
        if (!window.confirm(`Revoke "${key.name}"? Its next request will be refused.`)) return;
        try { await call(`/api/v1/api-keys/${key.id}`, { method: "DELETE" }); } catch (e) { panel.querySelector("#api-keys-error").textContent = e.message; }
        refresh(panel);
      });
      li.append(" ", revoke);
    } else {
      li.append(el("span", { className: "muted", textContent: " revoked" }));
    }
    return li;
  }

  function form(panel) {
    const name = el("input", { id: "api-key-name", placeholder: "Name, e.g. Follow-up bot", required: true, maxLength: 100 });
    name.setAttribute("aria-label", "Key name");
    const tiers = TIERS.map((tier) => {
      const box = el("input", { type: "checkbox", value: tier, checked: tier === "green" });
      return el("label", { className: `tier ${tier}` }, box, ` ${tier}`);
    });
    const converse = el("input", { type: "checkbox", id: "api-key-converse" });
    const limit = el("input", { type: "number", id: "api-key-limit", min: 1, max: 10000, value: 60 });
    const submit = el("button", { type: "submit", textContent: "Create key" });
    const f = el("form", { id: "api-key-form" }, name, ...tiers,
      el("label", {}, converse, " may converse"), el("label", {}, "per minute ", limit), submit);
    f.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = tiers.map((l) => l.firstChild).filter((b) => b.checked).map((b) => b.value);
      try {
        const created = await call("/api/v1/api-keys", {
          method: "POST",
          body: { name: name.value, scopes: { tiers: chosen, converse: converse.checked }, rate_limit_per_minute: Number(limit.value) },
        });
        const shown = panel.querySelector("#api-key-secret");
        shown.hidden = false;
        shown.replaceChildren(
          el("strong", { textContent: "Copy this key now — it is shown only once: " }),
          el("code", { textContent: created.secret }),
        );
        name.value = "";
        refresh(panel);
      } catch (e) {
        panel.querySelector("#api-keys-error").textContent = e.message;
      }
    });
    return f;
  }

  function mount(panel) {
    panel.append(
      el("p", { className: "muted", textContent: "Keys let automation agents call Hard-E's tools (REST or MCP at /mcp). Red actions always wait for a person." }),
      form(panel),
      el("p", { id: "api-key-secret", className: "secret", hidden: true }),
      el("p", { id: "api-keys-error", className: "error", role: "alert" }),
      el("ul", { id: "api-keys" }),
    );
    panel.addEventListener("toggle", () => { if (panel.open) refresh(panel); });
  }

  window.HardEApiKeys = { mount, refresh };
  const panel = document.getElementById("api-keys-panel");
  if (panel) mount(panel);
})();
