/* The door's check-in queue in IndexedDB and its sending: one module for door.js and signout.js. */
window.dkQueue = (() => {
  const NAME = "dk-door";

  function database() {
    return new Promise((ok, fail) => {
      const opening = indexedDB.open(NAME, 1);
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

  /* One event's waiting check-ins to the console, under this session; their results, else an error. */
  async function post(eventId, csrf, items) {
    const body = items.map(({ member_id, client_id, checked_in_at }) => ({ member_id, client_id, checked_in_at }));
    const response = await fetch(`/agenda/${eventId}/antrean`, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ check_ins: body }),
    });
    const type = response.headers.get("content-type") || "";
    if (!response.ok || !type.includes("json")) throw new Error("not sent: " + response.status);
    return (await response.json()).results;
  }

  /* The whole queue gone (on sign-out, once nobody's check-ins wait). */
  function erase() {
    return new Promise((ok) => {
      const request = indexedDB.deleteDatabase(NAME);
      request.onsuccess = request.onerror = request.onblocked = ok;
    });
  }

  return {
    all: () => store("readonly", (s) => s.getAll()),
    keep: (item) => store("readwrite", (s) => s.put(item)),
    drop: (clientId) => store("readwrite", (s) => s.delete(clientId)),
    post,
    erase,
  };
})();
