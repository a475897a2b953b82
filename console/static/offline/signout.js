/* Sign-out on a shared phone: unsent check-ins are sent or discarded first, then the door's traces go. */
(() => {
  const form = document.querySelector('form[action="/keluar"]');
  const panel = document.getElementById("signout-queue");
  if (!form || !panel || !window.indexedDB || !window.dkQueue) return;
  const text = form.dataset;

  const queue = window.dkQueue;
  const mine = async () => (await queue.all()).filter((i) => i.sub === text.sub);

  /* Each event's waiting check-ins to the console, under this person's own session. */
  async function send(items) {
    for (const eventId of new Set(items.filter((i) => i.state === "waiting").map((i) => i.event_id))) {
      const batch = items.filter((i) => i.event_id === eventId && i.state === "waiting");
      try {
        for (const result of await queue.post(eventId, text.csrf, batch)) {
          if (result.status === "sent") await queue.drop(result.client_id);
        }
      } catch (err) { /* still offline: the warning stays */ }
    }
  }

  /* The kept pages and, once nobody's check-ins wait any more, the queue itself. */
  async function wipe() {
    if (window.caches) await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
    const others = await queue.all();
    if (others.length) return false;
    if (navigator.serviceWorker) {
      for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
    }
    await queue.erase();
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
      for (const item of await mine()) await queue.drop(item.client_id);
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
