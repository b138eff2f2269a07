// Team (admins): invite teammates, change a role, remove someone (their tokens stop at once).
"use strict";

(() => {
  const { $, el, api, busy, me, view } = HardE;

  async function inviteTeammate(email, role) {
    return api("/api/v1/team/invites", { method: "POST", body: { email, role } });
  }

  function member(m) {
    const self = m.user_id === (me() || {}).user_id;
    const role = el("select", { "aria-label": `Role of ${m.name}`, disabled: self },
      el("option", { value: "rep" }, "Rep"), el("option", { value: "admin" }, "Admin"));
    role.value = m.role;
    role.addEventListener("change", () => busy(null, "team-error", async () => {
      await api(`/api/v1/team/${encodeURIComponent(m.user_id)}`, { method: "PATCH", body: { role: role.value } });
      refresh();
    }));
    const remove = el("button", { type: "button", className: "small secondary", "aria-label": `Remove ${m.name}`, disabled: self }, "Remove");
    remove.addEventListener("click", () => busy(remove, "team-error", async () => {
      if (!window.confirm(`Remove ${m.name}? They are signed out at once.`)) return;
      await api(`/api/v1/team/${encodeURIComponent(m.user_id)}`, { method: "DELETE" });
      refresh();
    }));
    return el("li", { className: "member" },
      el("span", { className: "name" }, m.name), " ", el("span", { className: "muted" }, m.email), " ", role, " ", remove);
  }

  function pendingInvite(i) {
    const cancel = el("button", { type: "button", className: "small secondary", "aria-label": `Cancel the invite for ${i.email}` }, "Cancel");
    cancel.addEventListener("click", () => busy(cancel, "team-error", async () => {
      await api(`/api/v1/team/invites/${encodeURIComponent(i.invite_id)}`, { method: "DELETE" });
      refresh();
    }));
    return el("li", {}, `${i.email} — ${i.role}`, i.expires_at ? ` · until ${HardE.when(i.expires_at)} ` : " ", cancel);
  }

  async function refresh() {
    $("team-error").textContent = "";
    try {
      const data = await api("/api/v1/team");
      const members = HardE.listOf(data, "members");
      const invites = HardE.listOf(data, "invites");  // the open ones
      $("team-members").replaceChildren(...members.map(member));
      $("team-invites").replaceChildren(...invites.map(pendingInvite));
      if (!invites.length) $("team-invites").append(el("li", { className: "muted" }, "None."));
    } catch (e) {
      $("team-error").textContent = e.message;
    }
  }

  HardE.inviteTeammate = inviteTeammate;

  view("team", {
    title: "Team",
    roles: ["admin"],
    init() {
      $("team-invite-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        $("team-invite-result").textContent = "";
        busy(ev.submitter, "team-error", async () => {
          const email = $("team-invite-email").value.trim();
          const res = await inviteTeammate(email, $("team-invite-role").value);
          $("team-invite-email").value = "";
          $("team-invite-result").replaceChildren(`Invite sent to ${email}. Their link: `, el("code", { className: "link-text" }, HardE.absolute(res.url)));
          refresh();
        });
      });
    },
    show: refresh,
  });
})();
