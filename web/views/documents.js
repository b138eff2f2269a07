// Documents: the company's own (upload, watch them get indexed, delete) and the shared library.
// HardE.upload(files, errorId) is used by the onboarding step too.
"use strict";

(() => {
  const { $, el, api, me, view } = HardE;
  const TYPES = { ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".md": "text/markdown", ".txt": "text/plain" };

  function statusText(d) {
    if (d.status === "indexed") return `ready — ${d.chunk_count} passages`;
    if (d.status === "failed") return `could not be read: ${d.reason}`;
    return "reading…";
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

  /** Upload files, then poll until each is indexed or failed; returns the document list. */
  async function upload(files, errorId, onList) {
    const errors = [];
    for (const f of files) {
      try { await uploadOne(f); } catch (e) { errors.push(e.message); }
    }
    if (errorId) $(errorId).textContent = errors.join(" ");
    else if (errors.length) throw new Error(errors.join(" "));
    let docs = [];
    for (let i = 0; i < 120; i++) {  // watch them get indexed (a minute at most)
      docs = (await api("/api/v1/documents")).documents;
      if (onList) onList(docs);
      if (!docs.some((d) => d.status === "pending" || d.status === "processing")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return docs;
  }

  function render(data) {
    const admin = (me() || {}).role === "admin";
    const list = $("documents");
    list.replaceChildren(...data.documents.map((d) => {
      const li = el("li", { className: "document" }, el("span", { className: "name" }, d.filename), " ",
        el("span", { className: `status status-${d.status}` }, statusText(d)));
      if (admin) {
        const remove = el("button", { type: "button", className: "small secondary", "aria-label": `Delete ${d.filename}` }, "Delete");
        remove.addEventListener("click", async () => {
          if (!window.confirm(`Delete ${d.filename}? Hard-E will stop citing it.`)) return;
          try { await api(`/api/v1/documents/${encodeURIComponent(d.id)}`, { method: "DELETE" }); } catch (e) { $("upload-error").textContent = e.message; }
          refresh();
        });
        li.append(" ", remove);
      }
      return li;
    }));
    if (!data.documents.length) list.append(el("li", { className: "muted" }, "No documents yet."));
    if (data.shared_library) {
      $("library").replaceChildren(...data.shared_library.map((t) => el("li", {}, t)));
    }
  }

  async function refresh() {
    try { render(await api("/api/v1/documents")); } catch (e) { $("upload-error").textContent = e.message; }
  }

  HardE.upload = upload;

  view("documents", {
    title: "Documents",
    roles: ["admin", "rep"],
    init() {
      $("upload-form").addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const files = Array.from($("upload-file").files);
        if (!files.length) { $("upload-error").textContent = "Choose one or more files first."; return; }
        $("upload-button").disabled = true;
        try {
          await upload(files, "upload-error", (docs) => render({ documents: docs }));
          $("upload-file").value = "";
        } catch (e) {
          $("upload-error").textContent = e.message;
        } finally {
          $("upload-button").disabled = false;
        }
      });
    },
    show: refresh,
  });
})();
