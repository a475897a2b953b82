/* The door's service worker: keeps the check-in page and its assets for when the connection drops. */
const CACHE = "dk-door-v1";
const ASSETS = [
  "/static/console.css", "/static/vendor/htmx-2.0.11.min.js", "/static/offline/queue.js", "/static/offline/door.js",
];
const DOOR = /^\/agenda\/[^/]+\/hadir$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const old = caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))));
  event.waitUntil(old.then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.search) return;
  if (!DOOR.test(url.pathname) && !url.pathname.startsWith("/static/")) return;
  event.respondWith(networkFirst(event.request));
});

/* The network's answer (kept for later), else the kept copy. */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !request.headers.get("hx-request")) await cache.put(request.url, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    throw err;
  }
}
