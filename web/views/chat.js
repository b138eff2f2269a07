// Chat: past conversations, the transcript, sending a message, and approvals raised in it.
// The microphone (voice.js) mounts itself into #voice-slot.
"use strict";

(() => {
  const { $, el, api, store, view } = HardE;
  const SESSION = "hard-e.session";

  function say(role, text, extra = "") {
    const li = el("li", { className: `${role} ${extra}`.trim() }, text);
    $("transcript").append(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }

  async function refreshConversations() {
    const list = $("conversations");
    try {
      const data = await api("/api/v1/sessions");
      const sessions = HardE.listOf(data, "sessions");
      const open = store.getItem(SESSION);
      list.replaceChildren(...sessions.map((s) => {
        const button = el("button", { type: "button", className: "link conversation" }, s.title || "Conversation");
        if (s.session_id === open) button.setAttribute("aria-current", "true");
        button.addEventListener("click", () => openConversation(s.session_id));
        return el("li", {}, button, el("span", { className: "muted small" }, HardE.when(s.updated_at)));
      }));
      if (!sessions.length) list.append(el("li", { className: "muted" }, "No past conversations yet."));
    } catch (e) {
      list.replaceChildren(el("li", { className: "muted" }, "Past conversations are not available."));
    }
  }

  async function openConversation(sessionId) {
    store.setItem(SESSION, sessionId);
    $("transcript").replaceChildren();
    $("chat-approvals").replaceChildren();
    try {
      const session = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}`);
      for (const m of session.messages) say(m.role, m.text);
    } catch (e) {
      store.removeItem(SESSION);
      $("chat-error").textContent = e.message;
    }
    refreshConversations();
    $("message").focus();
  }

  /** One approval as the chat shows it: the full preview, then Approve / Deny. */
  function approvalCard(a, onDecided) {
    const card = HardE.approvalCard(a, async (verdict) => {
      const decided = await HardE.decide(a.id, verdict);
      say("assistant", decided.status === "executed" ? `Done: ${decided.summary}.` : decided.status === "denied" ? `Not done, as you said: ${decided.summary}. Nothing changed.` : `That didn't work: ${decided.error || decided.status}.`);
      card.remove();
      if (onDecided) onDecided();
    });
    return card;
  }

  async function send(ev) {
    ev.preventDefault();
    const text = $("message").value.trim();
    if (!text) return;
    $("message").value = "";
    $("chat-error").textContent = "";
    say("user", text);
    const pending = say("assistant", "…", "pending");
    pending.setAttribute("aria-label", "Hard-E is thinking");
    $("send").disabled = true;
    try {
      const body = { message: text };
      const sessionId = store.getItem(SESSION);
      if (sessionId) body.session_id = sessionId;
      const res = await api("/api/v1/chat", { method: "POST", body });
      const fresh = !sessionId;
      store.setItem(SESSION, res.session_id);
      pending.textContent = res.reply;
      pending.className = "assistant";
      pending.removeAttribute("aria-label");
      for (const a of res.approvals || []) {
        if (a.status === "pending") $("chat-approvals").append(approvalCard(a));
      }
      if (fresh) refreshConversations();
      HardE.countApprovals();
    } catch (e) {
      pending.remove();
      $("chat-error").textContent = e.message;  // e.g. the trial is over: nothing was lost
      $("message").value = text;
    } finally {
      $("send").disabled = false;
      $("message").focus();
    }
  }

  let loaded = false;
  view("chat", {
    title: "Chat",
    roles: ["admin", "rep"],
    keepFocus: true,
    init() {
      $("chat-form").addEventListener("submit", send);
      $("new-conversation").addEventListener("click", () => {
        store.removeItem(SESSION);
        $("transcript").replaceChildren();
        $("chat-approvals").replaceChildren();
        refreshConversations();
        $("message").focus();
      });
    },
    async show() {
      $("message").focus();
      HardE.names();  // who asked, on the approval cards
      if (!loaded) {
        loaded = true;
        const sessionId = store.getItem(SESSION);
        if (sessionId) await openConversation(sessionId);
      }
      refreshConversations();
    },
    reset() {
      loaded = false;
      $("transcript").replaceChildren();
      $("chat-approvals").replaceChildren();
      $("conversations").replaceChildren();
    },
  });
})();
