// Hard-E web app core: the API client, who is signed in, and hash routing between views.
// Each view lives in views/<name>.js and registers itself with HardE.view(name, spec).
// Deployable as static files: an optional config.json beside index.html may name the API's
// origin ({"api_url": "https://api.example.com"}); by default the API is the same origin.
"use strict";

const HardE = (() => {
  const store = window.sessionStorage;  // voice.js reads the token from here too
  const TOKEN = "hard-e.token";
  const ME = "hard-e.me";
  const PUBLIC = new Set(["signin", "forgot", "reset", "invite"]);
  const views = {};
  const config = { api_url: "" };
  let current = null;

  const $ = (id) => document.getElementById(id);

  /** A DOM element: el("li", {className: "x"}, "text", child). */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k.includes("-") || k === "role" || k === "for") node.setAttribute(k, v);  // aria-*, data-*
      else node[k] = v;
    }
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  class ApiError extends Error {
    constructor(status, message, code) { super(message); this.status = status; this.code = code; }
  }

  /** Call the API with the signed-in user's token; errors become ApiError with the server's message. */
  async function api(path, { method = "GET", body } = {}) {
    const headers = { "Accept": "application/json" };
    const token = store.getItem(TOKEN);
    if (token) headers["Authorization"] = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(config.api_url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, "Hard-E cannot be reached; check your connection and try again.");
    }
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (res.status === 401 && token && !path.startsWith("/api/v1/auth/")) {
      signOut("You have been signed out; please sign in again.");
    }
    if (!res.ok) {
      const err = data.error || {};
      throw new ApiError(res.status, err.message || `request failed (${res.status})`, err.code);
    }
    return data;
  }

  function me() {
    try { return JSON.parse(store.getItem(ME) || "null"); } catch (e) { return null; }
  }

  /** Keep what sign-in (or accepting an invite) returned and go to the user's start page:
   * an admin whose company is not set up yet starts in the onboarding checklist. */
  async function signedIn(result, next) {
    store.setItem(TOKEN, result.token);
    const user = result.user || {};
    store.setItem(ME, JSON.stringify({ ...user, tenant_id: result.tenant_id || (result.tenant && result.tenant.tenant_id) || user.tenant_id, company: (result.tenant && result.tenant.name) || user.company || "" }));
    store.removeItem("hard-e.session");
    for (const v of Object.values(views)) if (v.reset) v.reset();
    if (!next && user.role === "admin") {
      try {
        const progress = await api("/api/v1/onboarding");
        if (progress.done === progress.total) remember({ onboarded: true });
      } catch (e) { /* start in the checklist */ }
    }
    go(next || home());
    if (!me().company && user.role === "admin") {  // sign-in does not say the company's name
      api("/api/v1/company/profile").then((p) => { remember({ company: p.name }); chrome(me()); }).catch(() => {});
    }
  }

  function signOut(message = "") {
    for (const k of [TOKEN, ME, "hard-e.session"]) store.removeItem(k);
    for (const v of Object.values(views)) if (v.reset) v.reset();
    $("signin-error").textContent = message;
    go("signin");
  }

  function home() {
    const user = me();
    if (!user) return "signin";
    if (user.role === "operator") return "operator";
    return user.role === "admin" && !user.onboarded ? "onboarding" : "chat";
  }

  /** Note on the signed-in user (e.g. onboarding finished) so later visits start in chat. */
  function remember(fields) {
    const user = me();
    if (user) store.setItem(ME, JSON.stringify({ ...user, ...fields }));
  }

  function go(name) {
    const target = `#/${name}`;
    if (location.hash === target) route(); else location.hash = target;
  }

  function allowed(spec, user) {
    return !spec.roles || (user && spec.roles.includes(user.role));
  }

  function chrome(user) {
    const signed = Boolean(user && store.getItem(TOKEN));
    $("sign-out").hidden = !signed;
    $("menu-button").hidden = !signed;
    $("nav").hidden = !signed;
    document.body.classList.toggle("signed-in", signed);
    $("company").textContent = signed ? [user.company, user.name].filter(Boolean).join(" · ") : "";
    for (const node of document.querySelectorAll("[data-roles]")) {
      node.hidden = !signed || !node.dataset.roles.split(" ").includes(user.role);
    }
  }

  async function route() {
    const [name, ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    const user = store.getItem(TOKEN) ? me() : null;
    let target = name || "";
    if (!views[target]) target = user ? home() : "signin";
    if (!PUBLIC.has(target) && !user) target = "signin";
    else if (user && target === "signin") target = home();
    else if (!PUBLIC.has(target) && !allowed(views[target], user)) target = home();
    if (`#/${[target, ...params].join("/")}` !== location.hash && target !== name) {
      history.replaceState(null, "", `#/${target}`);
    }
    chrome(user);
    closeMenu();
    for (const section of document.querySelectorAll("main > .view")) section.hidden = section.id !== `view-${target}`;
    for (const link of document.querySelectorAll("#nav a")) {
      if (link.getAttribute("href") === `#/${target}`) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    const section = $(`view-${target}`);
    const spec = views[target];
    document.title = `${spec.title} — Hard-E`;
    if (current !== target) {
      const heading = section.querySelector("h1");
      if (heading && !spec.keepFocus) heading.focus({ preventScroll: true });
    }
    current = target;
    try {
      await spec.show(section, params);
    } catch (e) {
      console.error(e);
    }
  }

  function view(name, spec) {
    views[name] = spec;
    if (spec.init) spec.init($(`view-${name}`));
  }

  function closeMenu() {
    $("menu-button").setAttribute("aria-expanded", "false");
    document.body.classList.remove("menu-open");
  }

  /** Run an action for a form: disables its submit button and shows errors in `errorId`. */
  async function busy(button, errorId, action) {
    const error = errorId && $(errorId);
    if (error) error.textContent = "";
    if (button) button.disabled = true;
    try {
      return await action();
    } catch (e) {
      if (error) error.textContent = e.message;
      else throw e;
    } finally {
      if (button) button.disabled = false;
    }
  }

  /** A list from a response that is either the list itself or {key: list}. */
  function listOf(data, key) {
    return Array.isArray(data) ? data : (data && data[key]) || [];
  }

  /** A link the server made, as a full address to copy and send. */
  function absolute(url) {
    return new URL(url, location.href).href;
  }

  function when(seconds) {
    if (!seconds) return "";
    const d = new Date(typeof seconds === "number" && seconds < 1e12 ? seconds * 1000 : seconds);
    return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  /** Links in emails are <base>/?invite=TOKEN and <base>/?reset=TOKEN: open their page. */
  function linkFromEmail() {
    const params = new URLSearchParams(location.search);
    for (const kind of ["invite", "reset"]) {
      const token = params.get(kind);
      if (token) {
        history.replaceState(null, "", `${location.pathname}#/${kind}/${encodeURIComponent(token)}`);
        return;
      }
    }
  }

  async function start() {
    linkFromEmail();
    try {
      const res = await fetch("config.json", { headers: { "Accept": "application/json" } });
      if (res.ok) Object.assign(config, await res.json());
    } catch (e) { /* same origin */ }
    $("sign-out").addEventListener("click", async () => {
      await api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});  // ends every token of this user
      signOut();
    });
    $("menu-button").addEventListener("click", () => {
      const open = $("menu-button").getAttribute("aria-expanded") !== "true";
      $("menu-button").setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("menu-open", open);
      if (open) $("nav").querySelector("a:not([hidden])")?.focus();
    });
    $("nav").addEventListener("click", (ev) => { if (ev.target.closest("a")) closeMenu(); });
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeMenu(); });
    window.addEventListener("hashchange", route);
    route();
  }

  document.addEventListener("DOMContentLoaded", start);
  return { $, el, api, ApiError, absolute, listOf, me, signedIn, signOut, remember, go, view, busy, when, config, store };
})();

window.HardE = HardE;
window.api = HardE.api;  // api-keys.js and voice.js use it
