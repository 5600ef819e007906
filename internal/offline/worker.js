// The service worker of one part of a site (package offline documents what
// it does). The build puts the manifest and the version in: every file of
// the part as [URL relative to the site root, hash, bytes].
"use strict";

const VERSION = "__VERSION__";
const MANIFEST = [/* MANIFEST */];
const PREFIX = "guide-offline ";
const SCOPE = new URL("./", self.location.href).href;
const ROOT = new URL("../", self.location.href).href;
const CACHE = PREFIX + SCOPE + " " + VERSION;
const KEPT = SCOPE + "?guide-offline-kept";
const TIMEOUT = 3000;
const HASH = "X-Guide-Hash";
const SAVED = "X-Guide-Saved";

const files = new Map(MANIFEST.map(([url, hash, size]) => [ROOT + url, { hash: hash, size: size }]));
const total = MANIFEST.reduce((n, f) => n + f[2], 0);

// sum is the first 16 hex digits of the SHA-256 of buf, as package offline
// computes it.
async function sum(buf) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", buf));
  return Array.from(d.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

// store saves a response under url with its hash and the time, and returns
// what it saved.
async function store(cache, url, res) {
  const body = await res.arrayBuffer();
  const headers = new Headers();
  headers.set("Content-Type", res.headers.get("Content-Type") || "application/octet-stream");
  headers.set(HASH, await sum(body));
  headers.set(SAVED, new Date().toISOString());
  const saved = new Response(body, { status: 200, headers: headers });
  await cache.put(url, saved.clone());
  return saved;
}

function current(res, url) {
  const f = files.get(url);
  return res && f && res.headers.get(HASH) === f.hash;
}

function saveData() {
  return Boolean(self.navigator.connection && self.navigator.connection.saveData);
}

async function older() {
  return (await caches.keys()).filter((n) => n.startsWith(PREFIX + SCOPE + " ") && n !== CACHE);
}

// fill saves every file of the manifest not yet saved in its version, four
// at a time, calling progress after each.
async function fill(cache, progress) {
  const todo = [];
  for (const url of files.keys()) {
    if (!current(await cache.match(url), url)) {
      todo.push(url);
    }
  }
  let done = files.size - todo.length;
  progress(done);
  const next = async () => {
    for (let url = todo.shift(); url; url = todo.shift()) {
      const res = await fetch(url, { cache: "no-cache" });
      if (!res.ok) {
        throw new Error(url + ": " + res.status);
      }
      await store(cache, url, res);
      progress(++done);
    }
  };
  await Promise.all([next(), next(), next(), next()]);
}

async function status(cache) {
  let saved = 0;
  for (const url of files.keys()) {
    if (current(await cache.match(url), url)) {
      saved++;
    }
  }
  return { type: "status", kept: Boolean(await cache.match(KEPT)), files: files.size, bytes: total, saved: saved };
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let kept = false;
    try {
      for (const name of await older()) {
        const old = await caches.open(name);
        kept = kept || Boolean(await old.match(KEPT));
        for (const req of await old.keys()) {
          if (files.has(req.url) && !(await cache.match(req))) {
            await cache.put(req, await old.match(req));
          }
        }
      }
      if (kept) {
        await cache.put(KEPT, new Response(new Date().toISOString()));
        if (!saveData()) {
          await fill(cache, () => {});
        }
      }
    } catch (err) {
      await caches.delete(CACHE); // the older worker and its cache stay
      throw err;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await older()) {
      await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// marked is a saved page with the time it was saved on its <html> element.
async function marked(res) {
  const text = await res.text();
  const at = (res.headers.get(SAVED) || "").replace(/[^0-9A-Za-z:.+-]/g, "");
  return new Response(text.replace(/<html\b/i, '<html data-offline-saved="' + at + '"'), {
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

function page(event, url) {
  // The page is asked of the server, never of the browser's HTTP cache
  // (which may hold an older version for a while, by the server's
  // Last-Modified), shown as soon as it comes, and saved after.
  const net = fetch(new Request(event.request, { cache: "no-cache" })).then((res) => {
    if (res.ok && !res.redirected && (res.headers.get("Content-Type") || "").startsWith("text/html")) {
      const copy = res.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => store(cache, url, copy)).catch(() => {}));
    }
    return res;
  });
  event.waitUntil(net.catch(() => {}));
  return (async () => {
    const saved = await (await caches.open(CACHE)).match(url);
    if (!saved) {
      return net;
    }
    try {
      const res = await Promise.race([net, new Promise((resolve, reject) => setTimeout(reject, TIMEOUT))]);
      if (res.status >= 500) {
        return marked(saved);
      }
      return res;
    } catch (err) {
      return marked(saved);
    }
  })();
}

async function file(event, url) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(url);
  if (current(saved, url)) {
    return saved;
  }
  try {
    const res = await fetch(event.request);
    if (!res.ok) {
      return saved || res;
    }
    return await store(cache, url, res);
  } catch (err) {
    if (saved) {
      return saved;
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  const key = url.origin + url.pathname;
  if (req.mode === "navigate") {
    if (key.startsWith(SCOPE)) {
      event.respondWith(page(event, key));
    }
  } else if (files.has(key)) {
    event.respondWith(file(event, key));
  }
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  const client = event.source;
  const tell = (m) => client && client.postMessage(m);
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    if (type === "keep") {
      try {
        await cache.put(KEPT, new Response(new Date().toISOString()));
        await fill(cache, (done) => tell({ type: "progress", done: done, total: files.size }));
      } catch (err) {
        tell({ type: "failed" });
      }
    } else if (type === "forget") {
      await caches.delete(CACHE);
    } else if (type !== "status") {
      return;
    }
    tell(await status(await caches.open(CACHE)));
  })());
});
