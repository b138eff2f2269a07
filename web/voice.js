// Hard-E voice: a microphone button that talks to the voice worker over WebRTC.
//
// Mounts into <div id="voice-slot"></div>. The offer goes to POST /api/offer (late ICE
// candidates to PATCH /api/offer) with the rep's login token. While the call is up the
// page keeps a long poll open on it (GET /api/offer?pc_id=…): the worker answers at once
// when the call ends or is lost (its call process died: 410 call_lost), so the rep is
// told within a second or two instead of when WebRTC gives up; captions and the
// listening / thinking / speaking state arrive as RTVI messages on the data channel. A
// call goes on with the chat session the page has open (sent as request_data).
// Interrupting is just talking: the worker hears the rep and stops its own voice, and
// Hard-E's caption keeps only the words the rep heard (as the saved conversation does).
// If Hard-E's voice or hearing fails, the worker says so (server messages): the reply is
// written in the caption and the reason shown under the button; the call goes on.
//
// Settings (optional <meta> tags): "hard-e:voice-url" — where the voice service is (same
// origin by default); "hard-e:ice-servers" — a JSON list of RTCIceServer objects.

const TOKEN_KEY = "hard-e.token"; // where web/app.js keeps the login token
const SESSION_KEY = "hard-e.session"; // the chat the page has open: the call goes on with it
const RTVI_LABEL = "rtvi-ai";
const RTVI_VERSION = "2.2.0";
const PING_EVERY_MS = 1000; // the worker drops a call after 3 s without a ping
const GATHER_WAIT_MS = 1500; // send the offer once candidates are in, or after this
const WATCH_RETRY_MS = [1000, 2000, 5000]; // the watch could not reach the worker: again after
const CALL_LOST = "Call lost — tap the mic to call again.";
const CALL_ENDED = "The call ended. Tap the microphone to call again.";
const PUBLIC_STUN = [{ urls: ["stun:stun.l.google.com:19302"] }];

const STATES = {
  idle: "Tap the microphone to talk",
  connecting: "Connecting…",
  listening: "Listening",
  thinking: "Thinking…",
  speaking: "Speaking — just talk to interrupt",
};

const STYLE = `
#voice-slot .voice-bar { display: flex; align-items: center; gap: .75rem; margin: .5rem 0; }
#voice-slot .voice-mic { border-radius: 999px; min-width: 3rem; min-height: 3rem; font-size: 1.25rem; }
#voice-slot .voice-mic[aria-pressed="true"] { background: #b3261e; color: #fff; }
#voice-slot .voice-state { font-weight: 600; }
#voice-slot[data-state="listening"] .voice-state { color: #1b6e20; }
#voice-slot[data-state="thinking"] .voice-state { color: #8a5a00; }
#voice-slot[data-state="speaking"] .voice-state { color: #0b57d0; }
#voice-slot .voice-captions { list-style: none; padding: 0; margin: 0; max-height: 12rem; overflow-y: auto; }
#voice-slot .voice-captions li { margin: .15rem 0; }
#voice-slot .voice-captions .heard::before { content: "You: "; font-weight: 600; }
#voice-slot .voice-captions .said::before { content: "Hard-E: "; font-weight: 600; }
#voice-slot .voice-captions .interim { opacity: .6; font-style: italic; }
#voice-slot .voice-captions .interrupted::after { content: " —"; }
#voice-slot .voice-captions .unheard { color: #595959; font-style: italic; }
#voice-slot .voice-error { color: #b3261e; }
`;

function setting(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? meta.content.trim() : "";
}

function voiceUrl() {
  return setting("hard-e:voice-url").replace(/\/+$/, "");
}

function iceServers() {
  const configured = setting("hard-e:ice-servers");
  if (configured) {
    try {
      return JSON.parse(configured);
    } catch {
      console.warn("hard-e:ice-servers is not JSON; using the defaults");
    }
  }
  // A page on this machine talks to a worker on this machine: no STUN, nothing leaves it.
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(window.location.hostname);
  return local ? [] : PUBLIC_STUN;
}

/** A call failed in a way the rep should read. */
class VoiceError extends Error {
  constructor(message, code = "") {
    super(message);
    this.code = code;
  }
}

function authorised(headers = {}) {
  const token = window.sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new VoiceError("Log in first to talk to Hard-E.");
  return { Accept: "application/json", Authorization: `Bearer ${token}`, ...headers };
}

async function signal(method, body) {
  const headers = authorised({ "Content-Type": "application/json" });
  let res;
  try {
    res = await fetch(`${voiceUrl()}/api/offer`, { method, headers, body: JSON.stringify(body) });
  } catch {
    throw new VoiceError("The voice service cannot be reached. Is it running?");
  }
  const data = await res.json().catch(() => ({}));
  if (res.ok) return data;
  const error = data.error || {};
  if (res.status === 401) throw new VoiceError("Your login has expired; please log in again.", "unauthorized");
  throw new VoiceError(error.message || `The voice service refused the call (${res.status}).`, error.code || "");
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One long poll on the call: "live", "ended", "lost", "unknown" (404: not ours, or not
 * on this worker), "refused" (401), or "unreachable" (network, 5xx). */
async function watchOnce(pcId, abort) {
  let res;
  try {
    res = await fetch(`${voiceUrl()}/api/offer?pc_id=${encodeURIComponent(pcId)}`, {
      headers: authorised(),
      signal: abort,
      cache: "no-store",
    });
  } catch {
    return "unreachable";
  }
  const data = await res.json().catch(() => ({}));
  if (res.status === 410) return "lost";
  if (res.status === 404) return "unknown";
  if (res.status === 401 || res.status === 403) return "refused";
  if (res.ok && (data.status === "live" || data.status === "ended")) return data.status;
  return "unreachable";
}

function waitForCandidates(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, GATHER_WAIT_MS);
  });
}

/** How much of a bot-output segment has been played: all of it once "completed", the
 * words so far while "in-progress" (word timestamps), none while "new". */
function heardOf(data) {
  if (data.spoken_status === "completed" || data.spoken) return (data.text || "").trim();
  const progress = data.spoken_progress;
  if (progress && typeof progress.accumulated_text === "string") return progress.accumulated_text.trim();
  return data.spoken_status === "new" ? "" : null;
}

/** What the rep sees: the button, the state line, the captions. */
class VoicePanel {
  constructor(slot) {
    this.slot = slot;
    this.button = Object.assign(document.createElement("button"), { type: "button", className: "voice-mic", id: "voice-mic" });
    this.state = Object.assign(document.createElement("span"), { className: "voice-state", id: "voice-state" });
    this.state.setAttribute("role", "status");
    this.error = Object.assign(document.createElement("p"), { className: "voice-error", id: "voice-error" });
    this.error.setAttribute("role", "alert");
    this.captions = Object.assign(document.createElement("ol"), { className: "voice-captions", id: "voice-captions" });
    this.captions.setAttribute("aria-live", "polite");
    this.captions.setAttribute("aria-label", "Voice captions");
    this.audio = Object.assign(document.createElement("audio"), { autoplay: true, id: "voice-audio" });
    const bar = Object.assign(document.createElement("div"), { className: "voice-bar" });
    bar.append(this.button, this.state);
    slot.replaceChildren(bar, this.error, this.captions, this.audio);
    this.show("idle");
  }

  show(state) {
    this.slot.dataset.state = state;
    this.state.textContent = STATES[state];
    const inCall = state !== "idle";
    this.button.setAttribute("aria-pressed", String(inCall));
    this.button.textContent = inCall ? "■" : "🎤";
    this.button.title = inCall ? "Hang up" : "Talk to Hard-E";
    this.button.setAttribute("aria-label", this.button.title);
  }

  line(kind) {
    const li = Object.assign(document.createElement("li"), { className: kind });
    this.captions.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }
}

/** One call: the peer connection, its data channel and the captions it drives. */
class VoiceCall {
  constructor(panel) {
    this.panel = panel;
    this.peer = null;
    this.channel = null;
    this.pcId = null;
    this.microphone = null;
    this.pinger = null;
    this.heard = null; // the caption being heard now (interim until final)
    this.lastHeard = "";
    this.said = null; // Hard-E's reply in progress
    this.saidSegments = new Map(); // bot-output segment id → {text, heard}
    this.unspoken = ""; // reply text written because no voice could say it
    this.ended = false;
    this.watching = new AbortController(); // stops the watch when the call ends here
    this.onEnd = () => {};
  }

  async start() {
    this.panel.error.textContent = "";
    this.panel.show("connecting");
    try {
      this.microphone = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch {
      throw new VoiceError("Hard-E needs your microphone: allow it in the browser and try again.");
    }
    const pc = new RTCPeerConnection({ iceServers: iceServers() });
    this.peer = pc;
    for (const track of this.microphone.getAudioTracks()) pc.addTransceiver(track, { direction: "sendrecv", streams: [this.microphone] });
    pc.addEventListener("track", (ev) => {
      if (ev.track.kind !== "audio") return;
      this.panel.audio.srcObject = ev.streams[0] || new MediaStream([ev.track]);
      this.panel.audio.play().catch(() => {});
    });
    pc.addEventListener("connectionstatechange", () => {
      if (["failed", "closed"].includes(pc.connectionState) && !this.ended) {
        this.fail(new VoiceError("The call dropped. Tap the microphone to call again."));
      }
    });
    this.channel = pc.createDataChannel("rtvi", { ordered: true });
    this.channel.addEventListener("open", () => this.ready());
    this.channel.addEventListener("message", (ev) => this.receive(ev.data));
    const late = [];
    pc.addEventListener("icecandidate", (ev) => {
      if (!ev.candidate || !ev.candidate.candidate) return;
      if (this.pcId) this.trickle([ev.candidate]);
      else late.push(ev.candidate);
    });

    await pc.setLocalDescription(await pc.createOffer());
    await waitForCandidates(pc);
    const offer = { sdp: pc.localDescription.sdp, type: "offer" };
    const session = window.sessionStorage.getItem(SESSION_KEY);
    let answer;
    try {
      answer = await signal("POST", session ? { ...offer, request_data: { session_id: session } } : offer);
    } catch (e) {
      if (!(session && e.code === "session_not_found")) throw e;
      answer = await signal("POST", offer); // that chat has expired: a new conversation
    }
    if (this.ended) return;
    this.pcId = answer.pc_id;
    this.watch();
    await pc.setRemoteDescription({ type: answer.type, sdp: answer.sdp });
    // Candidates that came after the offer left (the offer SDP carries the rest).
    const offered = pc.localDescription.sdp;
    const missing = late.filter((c) => !offered.includes(c.candidate));
    if (missing.length) this.trickle(missing);
  }

  /** Keep asking the worker about the call until it ends: a lost or ended call is torn
   * down here at once. A 404 (the call is not known where the request landed) or an
   * expired login stops the watch only: WebRTC's own state still ends the call. */
  async watch() {
    let failures = 0;
    while (!this.ended) {
      let news;
      try {
        news = await watchOnce(this.pcId, this.watching.signal);
      } catch {
        return; // logged out meanwhile
      }
      if (this.ended) return;
      if (news === "lost") return this.fail(new VoiceError(CALL_LOST, "call_lost"));
      if (news === "ended") return this.fail(new VoiceError(CALL_ENDED, "call_ended"));
      if (news === "unknown" || news === "refused") return;
      if (news === "live") failures = 0;
      else await pause(WATCH_RETRY_MS[Math.min(failures++, WATCH_RETRY_MS.length - 1)]);
    }
  }

  trickle(candidates) {
    const body = {
      pc_id: this.pcId,
      candidates: candidates.map((c) => ({ candidate: c.candidate, sdp_mid: c.sdpMid, sdp_mline_index: c.sdpMLineIndex })),
    };
    signal("PATCH", body).catch((e) => console.warn("ICE candidates not sent:", e.message));
  }

  ready() {
    this.send({ type: "client-ready", data: { version: RTVI_VERSION, about: { library: "hard-e-web", library_version: "1" } } });
    this.channel.send(`ping: ${Date.now()}`);
    this.pinger = setInterval(() => {
      if (this.channel && this.channel.readyState === "open") this.channel.send(`ping: ${Date.now()}`);
    }, PING_EVERY_MS);
    this.panel.show("listening");
  }

  send(message) {
    const id = Math.random().toString(36).slice(2, 10);
    this.channel.send(JSON.stringify({ label: RTVI_LABEL, id, ...message }));
  }

  receive(raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return; // pongs and other plain text
    }
    if (!msg || msg.label !== RTVI_LABEL) return;
    const data = msg.data || {};
    switch (msg.type) {
      case "bot-ready":
        if (this.panel.slot.dataset.state === "connecting") this.panel.show("listening");
        break;
      case "user-started-speaking":
        // While Hard-E talks this may be a cough or an "uh-huh" it talks over; it says
        // bot-interrupted (or stops speaking) when the rep really cut in.
        if (this.panel.slot.dataset.state !== "speaking") this.panel.show("listening");
        break;
      case "user-stopped-speaking":
        if (this.panel.slot.dataset.state !== "speaking") this.panel.show("thinking");
        break;
      case "user-transcription":
      case "stt-raw-text":
        this.hear(data.text, Boolean(data.final));
        break;
      case "user-input":
        if (data.input_type !== "chat") this.hear(data.text, true);
        break;
      case "bot-started-speaking":
        this.panel.show("speaking");
        break;
      case "bot-stopped-speaking":
        this.panel.show("listening");
        break;
      case "bot-interrupted":
        this.interrupted();
        this.panel.show("listening");
        break;
      case "bot-output":
        this.say(data.text, data.segment_id, heardOf(data));
        break;
      case "bot-transcription":
        // The reply's text as it was written, before any of it is spoken: the captions
        // follow bot-output instead, which says what has been played.
        break;
      case "server-message":
        if (data.type === "hard-e-unspoken") {
          this.write(data.text);
          this.panel.error.textContent = data.error || "";
          this.panel.show("listening");
        } else if (data.type === "hard-e-not-heard") {
          this.panel.error.textContent = data.error || "";
          this.panel.show("listening");
        }
        break;
      case "error":
        // A fatal error ends the call and the rep is told; others are the worker's own
        // business (it recovers or says so out loud), so they only go to the console.
        if (!data.fatal) {
          console.warn("voice:", data.message || data.error);
          break;
        }
        this.panel.error.textContent = data.message || data.error || "Hard-E hit a problem.";
        this.stop();
        break;
      default:
        break;
    }
  }

  hear(text, final) {
    text = (text || "").trim();
    if (!text) return;
    if (final && !this.heard && text === this.lastHeard) return; // the same words again
    if (!this.heard) this.heard = this.panel.line("heard interim");
    this.heard.textContent = text;
    this.said = null; // the next words from Hard-E answer this
    if (!final) return;
    this.heard.className = "heard";
    this.heard = null;
    this.lastHeard = text;
    this.panel.show("thinking");
  }

  /** Hard-E's words for one segment: all of ``text`` is shown, the part not heard yet
   * faded; ``heard`` is how much of it has been played (null: the whole of it). */
  say(text, segment, heard = null) {
    text = (text || "").trim();
    if (!text) return;
    this.startSaying();
    const key = segment === undefined || segment === null ? `n${this.saidSegments.size}` : `s${segment}`;
    const known = this.saidSegments.get(key);
    if (known && known.text === text && (known.heard === null || heard === known.heard)) return;
    this.saidSegments.set(key, { text, heard: heard === null ? text : heard });
    this.render();
  }

  /** Text no voice could say: written as it comes, all of it read. */
  write(text) {
    if (!text) return;
    this.startSaying();
    this.unspoken += text;
    this.saidSegments.set("unspoken", { text: this.unspoken.trim(), heard: this.unspoken.trim() });
    this.render();
  }

  startSaying() {
    if (this.said) return;
    this.said = this.panel.line("said");
    this.saidSegments = new Map();
    this.unspoken = "";
  }

  render() {
    const heard = [];
    const unheard = [];
    for (const { text, heard: part } of this.saidSegments.values()) {
      const rest = text.split(/\s+/).slice(part.split(/\s+/).filter(Boolean).length).join(" ");
      if (part) heard.push(part.trim());
      if (rest.trim()) unheard.push(rest.trim());
    }
    const words = heard.join(" ");
    this.said.replaceChildren(document.createTextNode(words));
    if (unheard.length) {
      const faded = Object.assign(document.createElement("span"), { className: "unheard" });
      faded.textContent = `${words ? " " : ""}${unheard.join(" ")}`;
      this.said.appendChild(faded);
    }
    this.said.scrollIntoView({ block: "end" });
  }

  /** The rep cut in: the caption keeps only what they heard. */
  interrupted() {
    if (this.said) {
      for (const [key, segment] of this.saidSegments) {
        if (segment.heard.trim()) this.saidSegments.set(key, { text: segment.heard, heard: segment.heard });
        else this.saidSegments.delete(key);
      }
      this.render();
      this.said.classList.add("interrupted");
      if (!this.said.textContent.trim()) this.said.remove();
    }
    this.said = null;
  }

  fail(error) {
    this.panel.error.textContent = error instanceof VoiceError ? error.message : `The call failed: ${error.message}`;
    this.stop();
  }

  stop() {
    if (this.ended && !this.peer) return;
    this.ended = true;
    this.watching.abort();
    clearInterval(this.pinger);
    if (this.channel) this.channel.close();
    if (this.peer) this.peer.close();
    if (this.microphone) for (const track of this.microphone.getTracks()) track.stop();
    this.peer = null;
    this.panel.audio.srcObject = null;
    this.panel.show("idle");
    this.onEnd();
  }
}

let panel = null;
let call = null;

/** The panel mounted in #voice-slot (tests drive a call's messages through it). */
export function currentPanel() {
  return panel;
}

export { VoiceCall };

/** The call in progress (for the page and for tests), or null. */
export function currentCall() {
  return call;
}

/** Start a call, or hang up the one in progress. */
export async function toggle() {
  if (call) {
    call.stop();
    return;
  }
  const starting = new VoiceCall(panel);
  starting.onEnd = () => {
    if (call === starting) call = null;
  };
  call = starting;
  try {
    await starting.start();
  } catch (e) {
    starting.fail(e);
  }
}

export function mount(slot = document.getElementById("voice-slot")) {
  if (!slot || panel) return;
  if (!window.RTCPeerConnection || !navigator.mediaDevices) {
    slot.textContent = "This browser cannot make voice calls; type your question instead.";
    return;
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  panel = new VoicePanel(slot);
  panel.button.addEventListener("click", () => toggle());
  window.addEventListener("pagehide", () => call && call.stop());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => mount());
else mount();
