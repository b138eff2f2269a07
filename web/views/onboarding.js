// The onboarding wizard: company profile -> connect Leap -> soul document -> first
// documents -> invite teammates. Progress comes from GET /api/v1/onboarding.
"use strict";

(() => {
  const { $, el, api, view } = HardE;
  let openStep = null;  // the step a person is working on stays open across refreshes
  let drawing = 0;  // only the latest refresh draws

  function field(id, label, input) {
    input.id = id;
    return [el("label", { for: id }, label), input];
  }

  function form(stepId, submitLabel, fields, action) {
    const error = el("p", { className: "error", role: "alert" });
    const status = el("p", { className: "status" });  // progress while it works
    const button = el("button", { type: "submit" }, submitLabel);
    const f = el("form", { className: "stack" }, ...fields.flat(), button, status, error);
    f.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      button.disabled = true;
      try {
        const note = await action(status);
        openStep = null;
        await refresh(stepId);
        $("onboarding-note").replaceChildren(...[].concat(note || []));  // stays after the redraw
      } catch (e) {
        error.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    return f;
  }

  async function profileForm() {
    let p = {};
    try { p = await api("/api/v1/company/profile"); } catch (e) { /* empty form */ }
    const name = el("input", { required: true, maxLength: 120, value: p.name || HardE.me().company || "", autocomplete: "organization" });
    const trades = el("input", { maxLength: 500, value: (p.trades || []).join(", "), placeholder: "roofing, siding, windows" });
    const area = el("input", { maxLength: 300, value: p.service_area || "", placeholder: "Columbus, OH and 40 miles around" });
    const tz = el("select", {});
    HardE.timezones(tz, p.timezone);
    return form("profile", "Save company profile", [
      field("ob-name", "Company name", name), field("ob-trades", "Trades (comma separated)", trades),
      field("ob-area", "Service area", area), field("ob-timezone", "Timezone", tz),
    ], () => HardE.saveProfile({ name: name.value, trades: trades.value, service_area: area.value, timezone: tz.value }).then(() => "Company profile saved."));
  }

  function leapForm() {
    const key = el("input", { type: "password", required: true, maxLength: 500, autocomplete: "off" });
    return form("leap", "Check and connect", [
      el("p", { className: "muted" }, "Paste the API key from Leap (Settings → Integrations). Hard-E checks it with Leap right away and stores it encrypted; nobody can read it back."),
      field("ob-leap-key", "Leap API key", key),
    ], async () => {
      const leap = await HardE.connectLeap(key.value.trim());
      key.value = "";
      return HardE.leapText(leap);
    });
  }

  async function soulForm() {
    let templates = [];
    let current = "";
    try { templates = HardE.listOf(await api("/api/v1/soul/templates"), "templates"); } catch (e) { /* none */ }
    try { current = (await api("/api/v1/soul")).current.content || ""; } catch (e) { /* none yet */ }
    const pick = el("select", {}, ...templates.map((t) => el("option", { value: t.id }, t.title)));
    const content = el("textarea", { rows: 12, maxLength: 20000, value: current || (templates[0] && templates[0].content) || "" });
    pick.addEventListener("change", () => {
      const t = templates.find((x) => x.id === pick.value);
      if (t) content.value = t.content;
    });
    const question = el("input", { value: "A homeowner says our price is too high. What do I say?", maxLength: 2000 });
    const answer = el("blockquote", { className: "preview", "aria-live": "polite" });
    const previewButton = el("button", { type: "button", className: "secondary" }, "Preview an answer");
    previewButton.addEventListener("click", async () => {
      previewButton.disabled = true;
      answer.textContent = "Thinking…";
      try {
        answer.textContent = (await api("/api/v1/soul/preview", { method: "POST", body: { content: content.value, question: question.value } })).answer;
      } catch (e) { answer.textContent = e.message; }
      previewButton.disabled = false;
    });
    return form("soul", "Save soul document", [
      templates.length ? field("ob-soul-template", "Template", pick) : [],
      field("ob-soul", "Personality, product opinions, company rules", content),
      field("ob-soul-question", "Try a question", question), [previewButton, answer],
    ], () => api("/api/v1/soul", { method: "PUT", body: { content: content.value } }).then((s) => `Soul document saved as version ${(s.current || s).version}.`));
  }

  function documentsForm() {
    const files = el("input", { type: "file", multiple: true, accept: ".pdf,.docx,.md,.txt" });
    return form("documents", "Upload", [
      el("p", { className: "muted" }, "Product sheets, warranties, price guides, objection answers. You can add more later."),
      field("ob-files", "Documents", files),
    ], async (status) => {
      if (!files.files.length) throw new Error("Choose one or more files first.");
      status.textContent = "Uploading and reading…";
      const docs = await HardE.upload(Array.from(files.files));
      const failed = docs.filter((d) => d.status === "failed");
      if (failed.length) throw new Error(failed.map((d) => `${d.filename}: ${d.reason}`).join("; "));
      return `${docs.length} document${docs.length === 1 ? "" : "s"} read and ready.`;
    });
  }

  function teamForm() {
    const email = el("input", { type: "email", required: true, maxLength: 320 });
    const role = el("select", {}, el("option", { value: "rep" }, "Rep"), el("option", { value: "admin" }, "Admin"));
    return form("team", "Invite", [field("ob-invite-email", "Teammate's email", email), field("ob-invite-role", "Role", role)], async () => {
      const to = email.value.trim();
      const res = await HardE.inviteTeammate(to, role.value);
      return [`Invite sent to ${to}. Their link: `, el("code", { className: "link-text" }, HardE.absolute(res.url))];
    });
  }

  const FORMS = { profile: profileForm, leap: leapForm, soul: soulForm, documents: documentsForm, team: teamForm };

  async function refresh(justDone) {
    const mine = ++drawing;
    $("onboarding-error").textContent = "";
    let data;
    try {
      data = await api("/api/v1/onboarding");
    } catch (e) {
      $("onboarding-error").textContent = e.message;
      return;
    }
    const next = data.steps.find((s) => !s.done);
    const open = openStep || (next && next.id);
    const items = [];
    for (const [i, step] of data.steps.entries()) {
      const summary = el("summary", {}, `${i + 1}. ${step.title}`, " ",
        el("span", { className: step.done ? "done" : "todo" }, step.done ? "done" : "to do"));
      const details = el("details", { className: "step", "data-step": step.id }, summary);
      if (step.detail) details.append(el("p", { className: "muted" }, step.detail));
      if (FORMS[step.id]) details.append(await FORMS[step.id]());
      details.open = step.id === open;
      details.addEventListener("toggle", () => { if (details.open) openStep = step.id; });
      items.push(el("li", {}, details));
    }
    if (mine !== drawing) return;
    // the forms are built first and swapped in at once with the progress, so nothing a
    // person typed or picked meanwhile lands in a form that is about to be replaced
    $("onboarding-steps").replaceChildren(...items);
    $("onboarding-progress").textContent = `${data.done} of ${data.total} done.`;
    const finish = el("button", { type: "button", className: data.done === data.total ? "" : "secondary" },
      data.done === data.total ? "Your company is ready — start chatting" : "Skip for now and start chatting");
    finish.addEventListener("click", () => { HardE.remember({ onboarded: true }); HardE.go("chat"); });
    $("onboarding-steps").append(el("li", { className: "finish" }, finish));
    if (justDone) {
      const nextSummary = $("onboarding-steps").querySelector("details[open] summary");
      if (nextSummary) nextSummary.focus();
    }
  }

  view("onboarding", {
    title: "Get started",
    roles: ["admin"],
    show: () => { $("onboarding-note").textContent = ""; return refresh(); },
    reset() { openStep = null; },
  });
})();
