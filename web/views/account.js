// Signed-out pages: sign in, forgotten password, the emailed reset link, accepting an invite.
"use strict";

(() => {
  const { $, api, busy, signedIn, view } = HardE;

  view("signin", {
    title: "Sign in",
    init() {
      $("signin-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "signin-error", async () => {
          const res = await api("/api/v1/auth/login", { method: "POST", body: { email: $("signin-email").value.trim(), password: $("signin-password").value } });
          $("signin-password").value = "";
          signedIn(res);
        });
      });
    },
    show() { $("signin-email").focus(); },
    keepFocus: true,
  });

  view("forgot", {
    title: "Reset your password",
    init() {
      $("forgot-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "forgot-error", async () => {
          await api("/api/v1/auth/password-reset", { method: "POST", body: { email: $("forgot-email").value.trim() } });
          $("forgot-status").textContent = "If that address has an account, a link to reset the password is on its way.";
        });
      });
    },
    show() { $("forgot-status").textContent = ""; },
  });

  let resetToken = "";
  view("reset", {
    title: "Choose a new password",
    init() {
      $("reset-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "reset-error", async () => {
          await api("/api/v1/auth/password-reset/confirm", { method: "POST", body: { token: resetToken, password: $("reset-password").value } });
          $("reset-password").value = "";
          $("reset-status").replaceChildren("Password changed. ", HardE.el("a", { href: "#/signin" }, "Sign in"));
        });
      });
    },
    show(section, [token = ""]) {
      resetToken = token;
      $("reset-status").textContent = "";
      $("reset-error").textContent = token ? "" : "This link is incomplete; ask for a new one.";
    },
  });

  let invite = null;
  let inviteToken = "";
  view("invite", {
    title: "Join Hard-E",
    init() {
      $("invite-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(ev.submitter, "invite-error", async () => {
          const body = { name: $("invite-name").value.trim(), password: $("invite-password").value };
          if (invite.kind === "company") {
            body.company_name = $("invite-company").value.trim();
            body.email = $("invite-email").value.trim();
          }
          const res = await api(`/api/v1/invites/${encodeURIComponent(inviteToken)}/accept`, { method: "POST", body });
          $("invite-password").value = "";
          signedIn(res, invite.kind === "company" ? "onboarding" : "chat");
        });
      });
    },
    async show(section, [token = ""]) {
      inviteToken = token;
      invite = null;
      $("invite-form").hidden = true;
      $("invite-error").textContent = "";
      $("invite-about").textContent = "Checking your invite…";
      try {
        invite = await api(`/api/v1/invites/${encodeURIComponent(token)}`);
      } catch (e) {
        $("invite-about").textContent = "";
        $("invite-error").textContent = e.message;  // reused, expired or unknown: the server says which
        return;
      }
      const company = invite.kind === "company";
      const until = invite.expires_at ? ` This invite works until ${HardE.when(invite.expires_at)}.` : "";
      const limits = invite.limits ? ` Your trial: ${invite.limits.days} days, ${invite.limits.messages} messages.` : "";
      $("invite-about").textContent = company
        ? `Set up your company on Hard-E.${limits}${until}`
        : `${invite.company || "Your company"} invited ${invite.email || "you"} to join as ${invite.role === "admin" ? "an admin" : "a rep"}.${until}`;
      $("invite-company-fields").hidden = !company;
      $("invite-company").required = company;
      $("invite-email").required = company;
      $("invite-form").hidden = false;
      (company ? $("invite-company") : $("invite-name")).focus();
    },
  });
})();
