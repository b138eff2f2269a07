// What Hard-E has learned: search it, forget what is wrong; admins confirm what reps said
// that sets prices, discounts or rules before Hard-E uses it.
"use strict";

(() => {
  const { $, el, api, me, view } = HardE;

  function action(label, memory, path, method) {
    const button = el("button", { type: "button", className: "small secondary", "aria-label": `${label}: ${memory.text}` }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api(`/api/v1/memory/${encodeURIComponent(memory.id)}${path}`, { method });
        refresh();
      } catch (e) {
        $("memory-error").textContent = e.message;
        button.disabled = false;
      }
    });
    return button;
  }

  async function refresh() {
    $("memory-error").textContent = "";
    const admin = (me() || {}).role === "admin";
    const q = $("memory-query").value.trim();
    try {
      const data = await api(`/api/v1/memory${q ? "?query=" + encodeURIComponent(q) : ""}`);
      const items = [];
      if (admin) {
        const waiting = await api("/api/v1/memory?status=pending");
        for (const m of waiting.memories) {
          items.push(el("li", { className: "memory pending" },
            el("span", { className: "category" }, "waiting for your OK"),
            `${m.text} `, el("span", { className: "muted small" }, `(${m.pending_reason})`), " ",
            action("Confirm", m, "/confirm", "POST"), " ", action("Forget", m, "", "DELETE")));
        }
      }
      for (const m of data.memories) {
        items.push(el("li", { className: "memory" },
          el("span", { className: "category" }, m.category.replace("_", " ")), m.text, " ",
          admin ? action("Forget", m, "", "DELETE") : null));  // only admins may forget
      }
      if (!items.length) {
        items.push(el("li", { className: "muted" }, q ? `Nothing learned about “${q}”.` : "Nothing yet: Hard-E learns after a conversation goes quiet, or when you say “remember …”."));
      }
      $("memories").replaceChildren(...items);
    } catch (e) {
      $("memory-error").textContent = e.message;
    }
  }

  view("memory", {
    title: "What Hard-E has learned",
    roles: ["admin", "rep"],
    init() {
      $("memory-form").addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
    },
    show: refresh,
  });
})();
