/* Check-in at the door: each tap waits in IndexedDB (a client id, the door time) until it is sent. */
(() => {
  const root = document.getElementById("door-queue");
  if (!root || !window.indexedDB || !window.dkQueue) return;
  const eventId = root.dataset.event;
  const text = root.dataset;
  /* The account that taps: its check-ins are sent only under its own session, never the next person's. */
  const sub = (document.querySelector('form[action="/keluar"]') || { dataset: {} }).dataset.sub || "";

  const queue = window.dkQueue;
  const pending = async () => (await queue.all()).filter((i) => i.event_id === eventId && i.sub === sub);
  const { keep, drop } = queue;

  function badge(memberId, kind, label) {
    const row = document.getElementById("r-" + memberId);
    if (!row) return;
    row.querySelectorAll("form, .badge").forEach((el) => el.remove());
    const span = document.createElement("span");
    span.className = "badge " + kind;
    span.textContent = label;
    row.appendChild(span);
  }

  function refusedRow(item) {
    const li = document.createElement("li");
    li.className = "row-action";
    const what = document.createElement("span");
    what.className = "name";
    what.textContent = item.name + " — " + text.refused + ": " + item.detail;
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = text.dismiss;
    dismiss.addEventListener("click", () => drop(item.client_id).then(show));
    li.append(what, dismiss);
    return li;
  }

  async function show() {
    const items = await pending();
    const waiting = items.filter((i) => i.state === "waiting");
    const refused = items.filter((i) => i.state === "refused");
    waiting.forEach((i) => badge(i.member_id, "warn", text.pending));
    refused.forEach((i) => badge(i.member_id, "warn", text.refused));
    document.getElementById("door-count").textContent = waiting.length
      ? text.waiting.replace("{n}", waiting.length) : text.sent;
    document.getElementById("door-refused").replaceChildren(...refused.map(refusedRow));
  }

  async function tap(form) {
    const row = form.closest("li");
    const item = {
      client_id: crypto.randomUUID(), event_id: eventId, sub, member_id: form.dataset.member,
      name: row.querySelector(".name").textContent, checked_in_at: new Date().toISOString(), state: "waiting",
    };
    await keep(item);
    await show();
    await flush();
  }

  async function send() {
    const waiting = (await pending()).filter((i) => i.state === "waiting");
    if (waiting.length) {
      let results = [];
      try { results = await queue.post(eventId, text.csrf, waiting); } catch (err) { return show(); }
      for (const result of results) {
        const item = waiting.find((i) => i.client_id === result.client_id);
        if (!item) continue;
        if (result.status === "sent") { await drop(item.client_id); badge(item.member_id, "ok", "✓ " + text.present); }
        if (result.status === "refused") await keep({ ...item, state: "refused", detail: result.detail });
      }
      remember();
    }
    return show();
  }

  let sending = null;
  function flush() {
    if (!sending) sending = send().finally(() => { sending = null; });
    return sending;
  }

  /* The page as it stands now, kept for an offline reload (the worker keeps it too once it controls). */
  function remember() {
    if (!window.caches || !navigator.onLine) return Promise.resolve();
    return caches.open("dk-door-v1").then((c) => c.add(location.pathname)).catch(() => undefined);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-member]");
    if (!form) return;
    event.preventDefault();
    event.stopPropagation();
    tap(form);
  }, true);
  document.addEventListener("input", (event) => {
    if (event.target.name !== "q" || navigator.onLine) return;
    const needle = event.target.value.trim().toLocaleLowerCase();
    document.querySelectorAll("#door li[id]").forEach((li) => {
      li.hidden = !li.textContent.toLocaleLowerCase().includes(needle);
    });
  });
  document.body.addEventListener("htmx:afterSettle", show);
  window.addEventListener("online", flush);
  setInterval(() => navigator.onLine && flush(), 30000);

  const worker = "serviceWorker" in navigator
    ? navigator.serviceWorker.register("/sw.js", { scope: "/agenda/" }).then(() => navigator.serviceWorker.ready)
    : Promise.resolve();
  const ready = worker.then(remember).catch(() => undefined);
  window.dkDoor = { ready, flush, pending };
  show().then(flush);
})();
