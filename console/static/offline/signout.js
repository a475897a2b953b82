/* Sign-out on a shared phone: unsent check-ins are sent or discarded first, then the door's traces go. */
(() => {
  const form = document.querySelector('form[action="/keluar"]');
  const panel = document.getElementById("signout-queue");
  if (!form || !panel || !window.indexedDB) return;
  const text = form.dataset;

  function database() {
    return new Promise((ok, fail) => {
      const opening = indexedDB.open("dk-door", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("queue", { keyPath: "client_id" });
      opening.onsuccess = () => ok(opening.result);
      opening.onerror = () => fail(opening.error);
    });
  }

  async function store(mode, work) {
    const db = await database();
    return new Promise((ok, fail) => {
      const tx = db.transaction("queue", mode);
      const request = work(tx.objectStore("queue"));
      tx.oncomplete = () => { db.close(); ok(request.result); };
      tx.onerror = () => { db.close(); fail(tx.error); };
    });
  }

  const all = () => store("readonly", (s) => s.getAll());
  const mine = async () => (await all()).filter((i) => i.sub === text.sub);

  /* Each event's waiting check-ins to the console, under this person's own session. */
  async function send(items) {
    for (const eventId of new Set(items.filter((i) => i.state === "waiting").map((i) => i.event_id))) {
      const batch = items.filter((i) => i.event_id === eventId && i.state === "waiting");
      const body = batch.map(({ member_id, client_id, checked_in_at }) => ({ member_id, client_id, checked_in_at }));
      try {
        const response = await fetch(`/agenda/${eventId}/antrean`, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": text.csrf },
          body: JSON.stringify({ check_ins: body }),
        });
        if (!response.ok || !(response.headers.get("content-type") || "").includes("json")) continue;
        for (const result of (await response.json()).results) {
          if (result.status === "sent") await store("readwrite", (s) => s.delete(result.client_id));
        }
      } catch (err) { /* still offline: the warning stays */ }
    }
  }

  /* The kept pages and, once nobody's check-ins wait any more, the queue itself. */
  async function wipe() {
    if (window.caches) await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
    const others = await all();
    if (others.length) return false;
    if (navigator.serviceWorker) {
      for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
    }
    await new Promise((ok) => {
      const request = indexedDB.deleteDatabase("dk-door");
      request.onsuccess = request.onerror = request.onblocked = ok;
    });
    return true;
  }

  async function leave() {
    const cleared = await wipe().catch(() => false);
    form.elements.queue.value = cleared ? "clear" : "";
    form.dataset.checked = "1";
    form.submit();
  }

  function warn(count) {
    const message = document.createElement("p");
    message.textContent = text.unsent.replace("{n}", count);
    const sendFirst = document.createElement("button");
    sendFirst.type = "button";
    sendFirst.textContent = text.send;
    sendFirst.addEventListener("click", async () => {
      await send(await mine());
      await check();
    });
    const discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = text.discard;
    discard.addEventListener("click", async () => {
      for (const item of await mine()) await store("readwrite", (s) => s.delete(item.client_id));
      await leave();
    });
    panel.replaceChildren(message, sendFirst, discard);
    panel.hidden = false;
  }

  async function check() {
    const items = await mine().catch(() => []);
    return items.length ? warn(items.length) : leave();
  }

  form.addEventListener("submit", (event) => {
    if (form.dataset.checked) return;
    event.preventDefault();
    check();
  });
})();
