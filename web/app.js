// Hard-E web chat: log in, talk, and pick the conversation up again after a reload.
"use strict";

const $ = (id) => document.getElementById(id);
const store = window.sessionStorage;

async function api(path, { method = "GET", body } = {}) {
  const headers = { "Accept": "application/json" };
  const token = store.getItem("hard-e.token");
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== "/api/v1/auth/login") { logout("Your login has expired; please log in again."); }
  if (!res.ok) throw new Error((data.error && data.error.message) || `request failed (${res.status})`);
  return data;
}

function say(role, text, extra = "") {
  const li = document.createElement("li");
  li.className = `${role} ${extra}`.trim();
  li.textContent = text;
  $("transcript").appendChild(li);
  li.scrollIntoView({ block: "end" });
  return li;
}

async function refreshApprovals() {
  try {
    const data = await api("/api/v1/approvals?status=pending");
    const list = $("approvals");
    list.replaceChildren();
    for (const a of data.approvals) {
      const li = document.createElement("li");
      li.className = "approval";
      li.dataset.id = a.id;
      const label = document.createElement("span");
      label.className = "preview";  // recipient and full content, exactly as it will go
      label.textContent = a.preview || a.summary;
      const yes = document.createElement("button");
      yes.textContent = "Approve";
      yes.className = "approve";
      yes.addEventListener("click", () => decide(a.id, "approve"));
      const no = document.createElement("button");
      no.textContent = "Deny";
      no.className = "deny";
      no.addEventListener("click", () => decide(a.id, "deny"));
      li.append(label, yes, no);
      list.appendChild(li);
    }
    $("approvals-panel").hidden = data.approvals.length === 0;
  } catch (e) {
    $("approvals-panel").hidden = true;
  }
}

const TYPES = { ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".md": "text/markdown", ".txt": "text/plain" };

async function refreshDocuments() {
  try {
    const data = await api("/api/v1/documents");
    const list = $("documents");
    list.replaceChildren();
    for (const d of data.documents) {
      const li = document.createElement("li");
      const detail = d.status === "indexed" ? `${d.chunk_count} passages` : d.status === "failed" ? d.reason : "reading…";
      li.innerHTML = "";
      li.append(`${d.filename} — `);
      const status = document.createElement("span");
      status.className = `status-${d.status}`;
      status.textContent = `${d.status} (${detail})`;
      li.append(status);
      list.appendChild(li);
    }
    return data.documents;
  } catch (e) {
    return [];
  }
}

async function uploadOne(file) {
  const ext = file.name.slice(file.name.lastIndexOf(".")).toLowerCase();
  const contentType = TYPES[ext] || file.type || "application/octet-stream";
  const res = await api("/api/v1/documents", { method: "POST", body: { filename: file.name, content_type: contentType, size: file.size } });
  const up = res.upload;
  let sent;
  if (up.method === "POST") {
    const form = new FormData();
    for (const [k, v] of Object.entries(up.fields)) form.append(k, v);
    form.append("file", file);
    sent = await fetch(up.url, { method: "POST", body: form });
  } else {
    sent = await fetch(up.url, { method: "PUT", headers: up.headers, body: file });
  }
  if (!sent.ok) throw new Error(`${file.name}: the upload was refused (${sent.status})`);
  return res.document_id;
}

$("upload-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("upload-error").textContent = "";
  const files = Array.from($("upload-file").files);
  if (!files.length) return;
  $("upload-button").disabled = true;
  try {
    for (const f of files) {
      try { await uploadOne(f); } catch (e) { $("upload-error").textContent = e.message; }
    }
    $("upload-file").value = "";
    for (let i = 0; i < 30; i++) {  // watch them get indexed
      const docs = await refreshDocuments();
      if (!docs.some((d) => d.status === "pending" || d.status === "processing")) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    $("upload-button").disabled = false;
  }
});

async function refreshMemory() {
  try {
    const q = $("memory-query").value.trim();
    const data = await api(`/api/v1/memory${q ? "?query=" + encodeURIComponent(q) : ""}`);
    const isAdmin = (store.getItem("hard-e.role") || "") === "admin";
    const list = $("memories");
    list.replaceChildren();
    if (isAdmin) {  // what reps said that sets prices, discounts, rules: used only once confirmed
      const waiting = await api("/api/v1/memory?status=pending");
      for (const m of waiting.memories) {
        const li = document.createElement("li");
        li.className = "pending";
        li.append(`Waiting for your OK (${m.pending_reason}): ${m.text} `);
        for (const [label, path, method] of [["Confirm", "/confirm", "POST"], ["Delete", "", "DELETE"]]) {
          const button = document.createElement("button");
          button.textContent = label;
          button.addEventListener("click", async () => {
            await api(`/api/v1/memory/${encodeURIComponent(m.id)}${path}`, { method });
            refreshMemory();
          });
          li.append(button);
        }
        list.appendChild(li);
      }
    }
    for (const m of data.memories) {
      const li = document.createElement("li");
      const cat = document.createElement("span");
      cat.className = "category";
      cat.textContent = m.category.replace("_", " ");
      li.append(cat, m.text);
      if (isAdmin) {
        const del = document.createElement("button");
        del.textContent = "Delete";
        del.addEventListener("click", async () => {
          await api(`/api/v1/memory/${encodeURIComponent(m.id)}`, { method: "DELETE" });
          refreshMemory();
        });
        li.append(del);
      }
      list.appendChild(li);
    }
    if (!list.children.length) list.innerHTML = "<li>Nothing yet: Hard-E learns after a conversation goes quiet, or when you say “remember …”.</li>";
  } catch (e) { /* the panel stays as it was */ }
}

$("memory-form").addEventListener("submit", (ev) => { ev.preventDefault(); refreshMemory(); });

async function refreshOutbox() {
  try {
    const data = await api("/api/v1/outbox");
    const list = $("outbox");
    list.replaceChildren();
    for (const m of data.messages) {
      const li = document.createElement("li");
      li.textContent = `${m.channel === "email" ? "Email" : "Text"} to ${m.to}${m.subject ? " — " + m.subject : ""}: ${m.body}`;
      list.appendChild(li);
    }
    $("outbox-panel").hidden = false;
  } catch (e) {
    $("outbox-panel").hidden = true;  // not in local mode
  }
}

async function decide(id, verdict) {
  try {
    const res = await api(`/api/v1/approvals/${encodeURIComponent(id)}/${verdict}`, { method: "POST" });
    const a = res.approval;
    say("assistant", a.status === "executed" ? `Done: ${a.summary}.` : a.status === "denied" ? `Cancelled: ${a.summary}.` : `That didn't work: ${a.error || a.status}.`);
  } catch (e) {
    $("chat-error").textContent = e.message;
  }
  refreshApprovals();
  refreshOutbox();
}

function showChat() {
  $("login-view").hidden = true;
  $("chat-view").hidden = false;
  $("logout").hidden = false;
  $("new-session").hidden = false;
  $("company").textContent = store.getItem("hard-e.user") || "";
  $("message").focus();
  refreshApprovals();
  refreshOutbox();
  refreshDocuments();
  refreshMemory();
}

function logout(message = "") {
  for (const k of ["hard-e.token", "hard-e.session", "hard-e.user", "hard-e.role"]) store.removeItem(k);
  $("transcript").replaceChildren();
  $("chat-view").hidden = true;
  $("login-view").hidden = false;
  $("logout").hidden = true;
  $("new-session").hidden = true;
  $("login-error").textContent = message;
}

async function resume() {
  const sessionId = store.getItem("hard-e.session");
  if (!sessionId) return;
  try {
    const session = await api(`/api/v1/sessions/${encodeURIComponent(sessionId)}`);
    for (const m of session.messages) say(m.role, m.text);
  } catch (e) {
    store.removeItem("hard-e.session");
  }
}

$("login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("login-error").textContent = "";
  try {
    const res = await api("/api/v1/auth/login", { method: "POST", body: { email: $("email").value, password: $("password").value } });
    store.setItem("hard-e.token", res.token);
    store.setItem("hard-e.user", `${res.user.name} · ${res.user.email}`);
    store.setItem("hard-e.role", res.user.role);
    $("password").value = "";
    showChat();
  } catch (e) {
    $("login-error").textContent = e.message;
  }
});

$("chat-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("message").value.trim();
  if (!text) return;
  $("message").value = "";
  $("chat-error").textContent = "";
  say("user", text);
  const pending = say("assistant", "…", "pending");
  $("send").disabled = true;
  try {
    const body = { message: text };
    const sessionId = store.getItem("hard-e.session");
    if (sessionId) body.session_id = sessionId;
    const res = await api("/api/v1/chat", { method: "POST", body });
    store.setItem("hard-e.session", res.session_id);
    pending.textContent = res.reply;
    pending.className = "assistant";
    refreshApprovals();
    refreshOutbox();
  } catch (e) {
    pending.remove();
    $("chat-error").textContent = e.message;
  } finally {
    $("send").disabled = false;
    $("message").focus();
  }
});

$("logout").addEventListener("click", async () => {
  await api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});  // ends the token too
  logout();
});
$("new-session").addEventListener("click", () => {
  store.removeItem("hard-e.session");
  $("transcript").replaceChildren();
  $("message").focus();
});

if (store.getItem("hard-e.token")) { showChat(); resume(); }
