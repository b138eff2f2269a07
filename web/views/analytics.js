// Analytics (admins): conversations per day, tool calls by tier and by channel (chat, voice,
// agents' conversations, the tools API, MCP), approvals, response times
// p50/p95 and the most asked topics, drawn with the vendored Chart.js (vendor/, MIT).
"use strict";

(() => {
  const { $, el, api, view } = HardE;
  const charts = {};
  const BRAND = "#c2410c";
  const TIER_COLOURS = { green: "#15803d", yellow: "#ca8a04", red: "#b91c1c" };
  const CHANNELS = { chat: "chat", voice: "voice", agent: "agents", tools_api: "tools API", mcp: "MCP" };

  function draw(id, type, labels, values, colours, extra = {}) {
    if (charts[id]) charts[id].destroy();
    const canvas = $(id);
    canvas.setAttribute("aria-label", `${canvas.dataset.title || canvas.getAttribute("aria-label").split(":")[0]}: ${labels.map((l, i) => `${l} ${values[i]}`).join(", ") || "no data"}`);
    if (!canvas.dataset.title) canvas.dataset.title = canvas.getAttribute("aria-label").split(":")[0];
    if (typeof window.Chart === "undefined") return;  // the figures below still say it in words
    charts[id] = new window.Chart(canvas, {
      type,
      data: { labels, datasets: [{ data: values, backgroundColor: colours || BRAND, borderColor: BRAND, fill: false, tension: 0.2 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, ...extra },
    });
  }

  async function refresh() {
    $("analytics-error").textContent = "";
    const days = $("analytics-days").value;
    let a;
    try {
      a = await api(`/api/v1/analytics?days=${encodeURIComponent(days)}`);
    } catch (e) {
      $("analytics-error").textContent = e.message;
      return;
    }
    const perDay = a.conversations_per_day || [];
    const tiers = a.tool_calls_by_tier || {};
    const channels = a.tool_calls_by_channel || {};
    const approvals = a.approvals || {};
    const ms = a.response_ms || {};
    const topics = a.top_topics || [];
    const total = perDay.reduce((n, d) => n + d.count, 0);
    $("analytics-figures").replaceChildren(
      el("p", {}, el("strong", {}, String(total)), " conversations"),
      el("p", {}, el("strong", {}, String((tiers.green || 0) + (tiers.yellow || 0) + (tiers.red || 0))), " tool calls"),
      el("p", {}, el("strong", {}, String(approvals.pending || 0)), " approvals waiting"),
      el("p", {}, el("strong", {}, ms.p50 == null ? "—" : `${Math.round(ms.p50)} ms`), " typical answer (p50)"),
    );
    draw("chart-conversations", "line", perDay.map((d) => d.day.slice(5)), perDay.map((d) => d.count));
    draw("chart-tiers", "bar", ["green", "yellow", "red"], ["green", "yellow", "red"].map((t) => tiers[t] || 0), Object.values(TIER_COLOURS));
    draw("chart-channels", "bar", Object.values(CHANNELS), Object.keys(CHANNELS).map((c) => channels[c] || 0));
    draw("chart-approvals", "bar", ["approved", "denied", "pending"], ["approved", "denied", "pending"].map((k) => approvals[k] || 0), ["#15803d", "#6b7382", "#ca8a04"]);
    draw("chart-response", "bar", ["p50", "p95"], [ms.p50 || 0, ms.p95 || 0]);
    draw("chart-topics", "bar", topics.map((t) => t.topic), topics.map((t) => t.count), BRAND, { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
  }

  view("analytics", {
    title: "Analytics",
    roles: ["admin"],
    init() { $("analytics-days").addEventListener("change", refresh); },
    show: refresh,
  });
})();
