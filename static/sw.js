// Canal's service worker. Served from the site root (/sw.js) so its scope
// covers the whole app. It takes control promptly so updates apply on
// reload, shows every web push, reports clicks, and renews a subscription
// the browser replaced.

const VAPID_CACHE = 'canal-push';
const VAPID_KEY_URL = '/api/push/vapid-public-key';
const PROFILE_URL = '/push-profile';

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// Browsers penalise (and Safari revokes) subscriptions whose pushes show
// nothing, so a notification is shown even when the payload is unreadable.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (_) {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'New notification';
  const options = {
    body: typeof data.body === 'string' ? data.body : 'Open to see what is new.',
    data: { url: safeUrl(data.url), send_id: data.send_id || null },
  };
  if (data.icon) options.icon = data.icon;
  if (data.tag) options.tag = data.tag;
  // "displayed" tells delivered-to-device apart from accepted-by-the-push-service.
  event.waitUntil(
    self.registration.showNotification(title, options).then(() => report(data.send_id, 'displayed')),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { url, send_id: sendId } = event.notification.data || {};
  const target = safeUrl(url);
  event.waitUntil(Promise.all([openOrFocus(target), report(sendId, 'clicked')]));
});

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event));
});

// Only same-site paths or http(s) URLs are opened; anything else (a
// javascript: URL in a forged payload) falls back to the site root.
function safeUrl(url) {
  try {
    const u = new URL(url || '/', self.location.origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : self.location.origin + '/';
  } catch (_) {
    return self.location.origin + '/';
  }
}

async function openOrFocus(url) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (client.url === url && 'focus' in client) return client.focus();
  }
  return self.clients.openWindow ? self.clients.openWindow(url) : undefined;
}

// keepalive lets the report finish while the worker is shutting down;
// a failed report is dropped rather than retried, so clicks are never
// counted twice.
async function report(sendId, kind) {
  if (!sendId) return;
  try {
    const sub = await self.registration.pushManager.getSubscription();
    if (!sub) return;
    await fetch('/api/push/events', {
      method: 'POST',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ send_id: sendId, endpoint: sub.endpoint, kind }),
    });
  } catch (_) {
    // Offline: the click still opened the page.
  }
}

async function vapidKey() {
  const cache = await caches.open(VAPID_CACHE);
  const cached = await cache.match(VAPID_KEY_URL);
  if (cached) return (await cached.json()).key;
  const res = await fetch(VAPID_KEY_URL);
  if (!res.ok) throw new Error('no VAPID key');
  await cache.put(VAPID_KEY_URL, res.clone());
  return (await res.json()).key;
}

function base64UrlToBytes(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

// The browser replaced or dropped the subscription: subscribe again with the
// stored key, store the new one with the visitor's topics and signed contact
// token (which the opt-in script, static/canal-push.js, keeps as JSON at
// PROFILE_URL in the canal-push cache), and drop the old one.
async function resubscribe(event) {
  const old = event.oldSubscription || null;
  let fresh = event.newSubscription || null;
  if (!fresh) {
    const key = await vapidKey();
    fresh = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(key),
    });
  }
  const stored = await caches.open(VAPID_CACHE).then((c) => c.match(PROFILE_URL));
  const profile = stored ? await stored.json().catch(() => ({})) : {};
  const body = Object.assign(fresh.toJSON(), { topics: Array.isArray(profile.topics) ? profile.topics : [] });
  if (typeof profile.contact_token === 'string') body.contact_token = profile.contact_token;
  await fetch('/api/push/subscriptions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (old && old.endpoint !== fresh.endpoint) {
    await fetch('/api/push/subscriptions', {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: old.endpoint }),
    });
  }
}
