// Keeps the workbench usable offline: on install it caches every file of the
// build (from Vite's manifest) and the page; afterwards it answers from the
// network when there is one and from the cache when there is none.
const CACHE = "namidb-workbench-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const manifest = await (await fetch("./.vite/manifest.json", { cache: "no-store" })).json();
      const files = new Set(["./", "./index.html"]);
      for (const chunk of Object.values(manifest)) {
        files.add(`./${chunk.file}`);
        for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(`./${f}`);
      }
      const cache = await caches.open(CACHE);
      await cache.addAll([...files]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      try {
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
        return response;
      } catch (err) {
        const cached = await caches.match(request, { ignoreSearch: true });
        if (cached) return cached;
        throw err;
      }
    })(),
  );
});
