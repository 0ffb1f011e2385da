// Canal's service worker. Served from the site root (/sw.js) so its scope
// covers the whole app. Web push handlers arrive with the web push work;
// until then it only takes control promptly so updates apply on reload.
self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
