// Settings: the Leap connection (checked live; the key is never shown again), the company
// profile with its timezone, API keys (api-keys.js) and, locally, the outbox.
"use strict";

(() => {
  const { $, el, api, busy, me, view } = HardE;

  /** Fill a <select> with every IANA timezone, the chosen one (or the browser's) selected. */
  function timezones(select, chosen) {
    if (!select.options.length) {
      const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "UTC"];
      select.append(...zones.map((z) => el("option", { value: z }, z.replace(/_/g, " "))));
    }
    const zone = chosen || Intl.DateTimeFormat().resolvedOptions().timeZone || "America/New_York";
    if (![...select.options].some((o) => o.value === zone)) select.append(el("option", { value: zone }, zone));
    select.value = zone;
  }

  function leapText(leap) {
    if (!leap.connected) return "Not connected: Hard-E cannot look up jobs or customers yet.";
    const account = typeof leap.account === "string" ? leap.account : (leap.account && leap.account.name) || "";
    return `Connected${account ? ` to ${account}` : ""}${leap.checked_at ? ` · checked ${HardE.when(leap.checked_at)}` : ""}.`;
  }

  /** Check a Leap key live and store it; Leap's own reason when it refuses. */
  async function connectLeap(apiKey) {
    return api("/api/v1/company/leap", { method: "PUT", body: { api_key: apiKey } });
  }

  function profileFields(p) {
    return { name: p.name.trim(), trades: p.trades.split(",").map((t) => t.trim()).filter(Boolean), service_area: p.service_area.trim(), timezone: p.timezone };
  }

  async function saveProfile(fields) {
    const saved = await api("/api/v1/company/profile", { method: "PUT", body: profileFields(fields) });
    HardE.remember({ company: saved.name || fields.name });
    return saved;
  }

  async function refreshOutbox() {
    try {
      const data = await api("/api/v1/outbox");
      $("outbox").replaceChildren(...data.messages.map((m) => el("li", {},
        `${m.channel === "email" ? "Email" : "Text"} to ${m.to}${m.subject ? " — " + m.subject : ""}: ${m.body}`)));
      if (!data.messages.length) $("outbox").append(el("li", { className: "muted" }, "Nothing sent yet."));
      $("outbox-panel").hidden = false;
    } catch (e) {
      $("outbox-panel").hidden = true;  // not in local mode
    }
  }

  async function refresh() {
    const admin = (me() || {}).role === "admin";
    for (const id of ["profile-name", "profile-trades", "profile-area", "profile-timezone"]) $(id).disabled = !admin;
    try {
      $("leap-status").textContent = leapText(await api("/api/v1/company/leap"));
    } catch (e) {
      $("leap-status").textContent = admin ? e.message : "Your admin manages the Leap connection.";
    }
    try {
      const p = await api("/api/v1/company/profile");
      $("profile-name").value = p.name || "";
      $("profile-trades").value = (p.trades || []).join(", ");
      $("profile-area").value = p.service_area || "";
      timezones($("profile-timezone"), p.timezone);
    } catch (e) {
      timezones($("profile-timezone"));
      $("profile-error").textContent = e.status === 403 ? "" : e.message;
    }
    refreshOutbox();
  }

  Object.assign(HardE, { timezones, connectLeap, saveProfile, leapText, refreshOutbox });

  view("settings", {
    title: "Settings",
    roles: ["admin", "rep"],
    init() {
      $("leap-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "leap-error", async () => {
          const leap = await connectLeap($("leap-key").value.trim());
          $("leap-key").value = "";
          $("leap-status").textContent = leapText(leap);
        });
      });
      $("profile-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        $("profile-status").textContent = "";
        busy(ev.submitter, "profile-error", async () => {
          await saveProfile({ name: $("profile-name").value, trades: $("profile-trades").value, service_area: $("profile-area").value, timezone: $("profile-timezone").value });
          $("profile-status").textContent = "Saved.";
        });
      });
    },
    show: refresh,
  });
})();
