// Soul document editor (admins): edit, save as a new version, look at or restore an older
// version, start from a template, and preview how Hard-E would answer with the draft.
"use strict";

(() => {
  const { $, el, api, busy, view } = HardE;
  let templates = [];

  async function refresh() {
    $("soul-error").textContent = "";
    try {
      const data = await api("/api/v1/soul");
      $("soul-content").value = data.current.content || "";
      $("soul-status").textContent = `Version ${data.current.version}${data.current.updated_at ? ` · saved ${HardE.when(data.current.updated_at)}` : ""}`;
      $("soul-versions").replaceChildren(...(data.versions || []).map((v) => {
        const open = el("button", { type: "button", className: "link", "aria-label": `Load version ${v.version} into the editor` }, `Version ${v.version}`);
        open.addEventListener("click", () => busy(open, "soul-error", async () => {
          const old = await api(`/api/v1/soul/versions/${encodeURIComponent(v.version)}`);
          $("soul-content").value = (old.content !== undefined ? old : old.version || old).content;
          $("soul-status").textContent = `Version ${v.version} loaded: save to make it current again.`;
          $("soul-content").focus();
        }));
        return el("li", {}, open, " ", el("span", { className: "muted small" }, [HardE.when(v.updated_at), v.updated_by].filter(Boolean).join(" · ")));
      }));
    } catch (e) {
      $("soul-error").textContent = e.message;
    }
    if (!templates.length) {
      try {
        templates = HardE.listOf(await api("/api/v1/soul/templates"), "templates");
        $("soul-template").append(...templates.map((t) => el("option", { value: t.id }, t.title)));
      } catch (e) { /* templates are optional */ }
    }
  }

  view("soul", {
    title: "Soul document",
    roles: ["admin"],
    init() {
      $("soul-template").addEventListener("change", () => {
        const t = templates.find((x) => x.id === $("soul-template").value);
        if (t) $("soul-content").value = t.content;
      });
      $("soul-save").addEventListener("click", (ev) => busy(ev.currentTarget, "soul-error", async () => {
        const saved = await api("/api/v1/soul", { method: "PUT", body: { content: $("soul-content").value } });
        await refresh();
        $("soul-status").textContent = `Saved as version ${(saved.current || saved).version}.`;
      }));
      $("soul-preview-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "soul-error", async () => {
          $("soul-preview").textContent = "Thinking…";
          const res = await api("/api/v1/soul/preview", { method: "POST", body: { content: $("soul-content").value, question: $("soul-question").value } });
          $("soul-preview").textContent = res.answer;
        });
      });
    },
    show: refresh,
  });
})();
