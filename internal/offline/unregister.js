// A service worker that removes itself and every cache the site's offline
// workers made: a preview server answers with it, so that a preview is
// never served from a copy saved on this machine by a published build.
"use strict";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("guide-offline ")) {
        await caches.delete(name);
      }
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) {
      client.navigate(client.url);
    }
  })());
});
