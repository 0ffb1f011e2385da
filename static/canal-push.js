/*! Canal web push opt-in. Served at /static/canal-push.js.
 *
 * One line on any page of the site that serves Canal:
 *
 *   <script src="/static/canal-push.js" data-topics="news,offers" defer></script>
 *
 * It fills every element carrying `data-canal-push` with a "Get
 * notifications" card; with none on the page it adds a small button in the
 * corner. Nothing asks the visitor anything on page load: the card explains,
 * a click opens the soft prompt (topics), and only the click on "Allow" asks
 * the browser for permission, so the native dialog always follows a gesture.
 *
 * Attributes (on the element or on the script tag): data-topics (news,
 * offers, account, loyalty), data-lang (en, es; default: the page's),
 * data-contact-token (a token the site's backend got from
 * POST /api/push/contact-tokens, linking the subscription to a contact).
 *
 * Every element's state is in `data-push-state`: unsupported, ios-install,
 * default, denied, granted, subscribed, working or error.
 */
(function () {
  'use strict';
  if (window.CanalPush) return;

  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var KEY_URL = base + '/api/push/vapid-public-key';
  var SUBS_URL = base + '/api/push/subscriptions';
  var TOPICS = ['news', 'offers', 'account', 'loyalty'];
  var STORE = 'canal-push';
  // Push services answer in about a second; a subscribe still pending after
  // this is stuck (blocked push service, offline) and the visitor is told.
  var TIMEOUT_MS = 20000;

  var TEXT = {
    en: {
      title: 'Get notifications',
      launcher: 'Notifications',
      close: 'Close',
      default: 'Hear about what matters to you as it happens. You pick the topics and can turn them off at any time.',
      open: 'Get notifications',
      prompt: 'Which notifications do you want?',
      promptHint: 'Your browser will then ask you to confirm.',
      pickOne: 'Pick at least one topic.',
      allow: 'Allow notifications',
      later: 'Not now',
      dismissed: 'You closed the browser\u2019s question, so nothing changed. You can try again whenever you like.',
      working: 'Turning notifications on\u2026',
      granted: 'Notifications are allowed for this site but not turned on in this browser.',
      turnOn: 'Turn on',
      subscribed: 'Notifications are on for:',
      change: 'Change topics',
      save: 'Save topics',
      off: 'Turn off',
      turnedOff: 'Notifications are off. You can turn them back on at any time.',
      denied: 'Notifications are blocked for this site.',
      deniedHelp: 'To allow them again: click the icon left of the address (a lock or sliders), open Site settings, set Notifications to Allow, then reload this page. On Android: \u22ee menu \u2192 Settings \u2192 Site settings \u2192 Notifications.',
      unsupported: 'This browser cannot receive notifications from websites. A current Chrome, Edge, Firefox or Safari can.',
      ios: 'On iPhone and iPad, notifications work once this site is on your Home Screen: tap Share, then \u201cAdd to Home Screen\u201d, and open it from there.',
      timeout: 'Your browser took too long to set up notifications (over 20 seconds). Check your connection and try again.',
      server: 'Notifications are on in your browser, but we could not save them:',
      failed: 'Notifications could not be turned on:',
      retry: 'Try again',
      topics: { news: 'News', offers: 'Offers', account: 'Your account', loyalty: 'Loyalty programme' },
    },
    es: {
      title: 'Recibe notificaciones',
      launcher: 'Notificaciones',
      close: 'Cerrar',
      default: 'Entérate de lo que te interesa en cuanto ocurre. Tú eliges los temas y puedes desactivarlas cuando quieras.',
      open: 'Recibir notificaciones',
      prompt: '¿Qué notificaciones quieres?',
      promptHint: 'Después tu navegador te pedirá que lo confirmes.',
      pickOne: 'Elige al menos un tema.',
      allow: 'Permitir notificaciones',
      later: 'Ahora no',
      dismissed: 'Cerraste la pregunta del navegador, así que nada ha cambiado. Puedes volver a intentarlo cuando quieras.',
      working: 'Activando las notificaciones\u2026',
      granted: 'Este sitio tiene permiso para notificarte, pero las notificaciones no están activadas en este navegador.',
      turnOn: 'Activar',
      subscribed: 'Notificaciones activadas para:',
      change: 'Cambiar temas',
      save: 'Guardar temas',
      off: 'Desactivar',
      turnedOff: 'Notificaciones desactivadas. Puedes volver a activarlas cuando quieras.',
      denied: 'Las notificaciones están bloqueadas para este sitio.',
      deniedHelp: 'Para permitirlas de nuevo: pulsa el icono a la izquierda de la dirección (un candado o unos controles), abre Configuración del sitio, pon Notificaciones en Permitir y recarga esta página. En Android: menú \u22ee \u2192 Configuración \u2192 Configuración de sitios \u2192 Notificaciones.',
      unsupported: 'Este navegador no puede recibir notificaciones de sitios web. Un Chrome, Edge, Firefox o Safari actual sí puede.',
      ios: 'En iPhone y iPad, las notificaciones funcionan cuando este sitio está en tu pantalla de inicio: pulsa Compartir, luego «Añadir a pantalla de inicio», y ábrelo desde allí.',
      timeout: 'Tu navegador tardó demasiado en preparar las notificaciones (más de 20 segundos). Comprueba tu conexión y vuelve a intentarlo.',
      server: 'Las notificaciones están activadas en tu navegador, pero no pudimos guardarlas:',
      failed: 'No se pudieron activar las notificaciones:',
      retry: 'Reintentar',
      topics: { news: 'Novedades', offers: 'Ofertas', account: 'Tu cuenta', loyalty: 'Programa de fidelidad' },
    },
  };

  var CSS =
    '.cp-card{font:inherit;color:inherit;background:var(--surface,#fff);border:1px solid var(--border,#dde1ea);' +
    'border-radius:var(--radius,10px);padding:var(--s4,16px);box-shadow:var(--shadow,0 1px 3px rgba(20,33,61,.08));' +
    'max-width:32rem;box-sizing:border-box}' +
    '.cp-card h2{font-size:1.05rem;margin:0 0 var(--s2,8px);display:flex;gap:8px;align-items:center}' +
    '.cp-card p{margin:0 0 var(--s3,12px);line-height:1.45}' +
    '.cp-help{font-size:.9rem;color:var(--muted,#5b6478)}' +
    '.cp-row{display:flex;flex-wrap:wrap;gap:var(--s2,8px)}' +
    '.cp-btn{font:inherit;min-height:44px;padding:0 18px;border-radius:var(--radius,8px);cursor:pointer;' +
    'border:1px solid var(--border,#c9cfdb);background:var(--surface,#fff);color:inherit}' +
    '.cp-btn.cp-primary{background:var(--accent,#2f5bea);border-color:var(--accent,#2f5bea);color:#fff;font-weight:600}' +
    '.cp-btn:disabled{opacity:.55;cursor:default}' +
    '.cp-btn:focus-visible{outline:3px solid var(--focus,#8fb0ff);outline-offset:2px}' +
    '.cp-topics{border:0;margin:0 0 var(--s3,12px);padding:0;display:grid;gap:6px}' +
    '.cp-topics label{display:flex;gap:10px;align-items:center;min-height:40px;cursor:pointer}' +
    '.cp-topics input{width:20px;height:20px}' +
    '.cp-on{font-weight:600}' +
    '.cp-msg{padding:var(--s2,8px) var(--s3,12px);border-radius:var(--radius,8px);background:var(--warn-bg,#fff5e5)}' +
    '.cp-float{position:fixed;right:16px;bottom:16px;z-index:2147483000;max-width:calc(100vw - 32px)}' +
    '.cp-float .cp-card{width:22rem;max-width:100%}' +
    '.cp-close{float:right;margin:-6px -6px 0 8px;min-height:36px;border:0;background:none;font-size:1.3rem;cursor:pointer}' +
    // On a phone the card is a sheet across the bottom, with even margins.
    '@media (max-width:560px){.cp-row .cp-btn{flex:1 1 100%}' +
    '.cp-float{left:12px;right:12px;bottom:12px;max-width:none}.cp-float .cp-card{width:auto}}';

  function lang(el) {
    var l = (el.dataset.lang || (script && script.dataset.lang) || document.documentElement.lang || navigator.language || 'en');
    return l.toLowerCase().indexOf('es') === 0 ? 'es' : 'en';
  }

  function offeredTopics(el) {
    var raw = el.dataset.topics || (script && script.dataset.topics) || 'news';
    var out = [];
    raw.split(',').forEach(function (t) {
      t = t.trim();
      if (TOPICS.indexOf(t) >= 0 && out.indexOf(t) < 0) out.push(t);
    });
    return out.length ? out : ['news'];
  }

  function contactToken(el) {
    return el.dataset.contactToken || (script && script.dataset.contactToken) || null;
  }

  function saved() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || '{}') || {};
    } catch (_) {
      return {};
    }
  }

  function save(profile) {
    try {
      localStorage.setItem(STORE, JSON.stringify(profile));
    } catch (_) {
      // Private modes may refuse storage; the subscription itself still works.
    }
    // The service worker cannot read localStorage; it renews a replaced
    // subscription from this copy (see sw.js).
    if (window.caches) {
      caches.open(STORE).then(function (c) {
        return c.put('/push-profile', new Response(JSON.stringify(profile), { headers: { 'Content-Type': 'application/json' } }));
      }).catch(function () {});
    }
  }

  function isIos() {
    var ua = navigator.userAgent || '';
    return /iPad|iPhone|iPod/.test(ua) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  }

  function standalone() {
    return navigator.standalone === true || (window.matchMedia && matchMedia('(display-mode: standalone)').matches);
  }

  function supported() {
    return window.isSecureContext !== false && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  }

  // iOS only offers push to an installed home-screen app; outside one the
  // APIs are simply missing, so this is checked before "unsupported".
  function baseState() {
    if (isIos() && !standalone()) return 'ios-install';
    if (!supported()) return 'unsupported';
    var p = Notification.permission;
    return p === 'granted' ? 'granted' : p === 'denied' ? 'denied' : 'default';
  }

  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        var e = new Error('timeout');
        e.code = 'timeout';
        reject(e);
      }, ms);
      promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
    });
  }

  function b64urlToBytes(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function sameKey(sub, key) {
    var k = sub.options && sub.options.applicationServerKey;
    if (!k) return true;
    var a = new Uint8Array(k);
    if (a.length !== key.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== key[i]) return false;
    return true;
  }

  function registration() {
    return navigator.serviceWorker.getRegistration('/').then(function (reg) {
      if (!reg) return navigator.serviceWorker.register('/sw.js').then(function () { return navigator.serviceWorker.ready; });
      return reg.active ? reg : navigator.serviceWorker.ready;
    });
  }

  function serverKey() {
    return fetch(KEY_URL, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw serverError(r.status, 'no VAPID key');
      return r.json();
    }).then(function (j) { return b64urlToBytes(j.key); });
  }

  function serverError(status, message) {
    var e = new Error(message);
    e.code = 'server';
    e.status = status;
    return e;
  }

  function store(sub, topics, token) {
    var body = sub.toJSON();
    body.topics = topics;
    if (token) body.contact_token = token;
    return fetch(SUBS_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      if (r.ok) return;
      return r.json().catch(function () { return {}; }).then(function (j) {
        throw serverError(r.status, (j.error && j.error.message) || 'HTTP ' + r.status);
      });
    });
  }

  function forget(endpoint) {
    return fetch(SUBS_URL, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: endpoint }),
    }).catch(function () {});
  }

  // The browser's subscription for the server's current key, made when
  // missing or made for another key (the server's key was replaced).
  function ensureSubscription() {
    return withTimeout(registration(), TIMEOUT_MS).then(function (reg) {
      return serverKey().then(function (key) {
        return reg.pushManager.getSubscription().then(function (sub) {
          if (sub && sameKey(sub, key)) return sub;
          var drop = sub ? sub.unsubscribe().then(function () { return forget(sub.endpoint); }) : Promise.resolve();
          return drop.then(function () {
            return withTimeout(reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }), TIMEOUT_MS);
          });
        });
      });
    });
  }

  function currentSubscription() {
    if (!supported()) return Promise.resolve(null);
    return navigator.serviceWorker.getRegistration('/').then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    });
  }

  function requestPermission() {
    // Older Safari takes a callback and returns nothing.
    return new Promise(function (resolve) {
      var p = Notification.requestPermission(resolve);
      if (p && p.then) p.then(resolve);
    });
  }

  var widgets = [];

  function Widget(el, floating) {
    this.el = el;
    this.floating = floating;
    this.open = !floating;
    this.prompt = false;
    this.editing = false;
    this.note = null;
    this.error = null;
    this.topics = saved().topics || [];
    this.state = baseState();
    var self = this;
    new MutationObserver(function () { self.render(); }).observe(el, { attributes: true, attributeFilter: ['data-lang', 'data-topics'] });
    this.render();
    this.sync();
  }

  // Chrome never fires pushsubscriptionchange, so every load checks the
  // browser's subscription against the server's key and stores it again.
  Widget.prototype.sync = function () {
    var self = this;
    if (this.state !== 'granted') return;
    var profile = saved();
    currentSubscription().then(function (sub) {
      if (!sub && !profile.on) return null;
      return ensureSubscription().then(function (fresh) {
        var topics = profile.topics && profile.topics.length ? profile.topics : offeredTopics(self.el);
        return store(fresh, topics, contactToken(self.el)).then(function () {
          save({ on: true, topics: topics, contact_token: contactToken(self.el) });
          self.topics = topics;
          self.set('subscribed');
        });
      });
    }).catch(function (e) {
      console.warn('canal-push: re-sync failed', e);
      currentSubscription().then(function (sub) { if (sub) self.set('subscribed'); }).catch(function () {});
    });
  };

  Widget.prototype.set = function (state) {
    this.state = state;
    this.render();
  };

  Widget.prototype.allow = function () {
    var self = this;
    var topics = this.checked();
    // Asked inside the click: browsers ignore or penalise requests without a gesture.
    var asked = Notification.permission === 'granted' ? Promise.resolve('granted') : requestPermission();
    this.note = null;
    this.set('working');
    asked.then(function (p) {
      if (p === 'granted') return self.subscribe(topics);
      self.prompt = false;
      if (p === 'default') self.note = 'dismissed';
      self.set(p === 'denied' ? 'denied' : 'default');
    });
  };

  Widget.prototype.subscribe = function (topics) {
    var self = this;
    this.set('working');
    var token = contactToken(this.el);
    return ensureSubscription().then(function (sub) {
      return store(sub, topics, token);
    }).then(function () {
      save({ on: true, topics: topics, contact_token: token });
      self.topics = topics;
      self.prompt = false;
      self.editing = false;
      self.error = null;
      self.set('subscribed');
      widgets.forEach(function (w) { if (w !== self && w.state !== 'subscribed') { w.topics = topics; w.set('subscribed'); } });
    }).catch(function (e) {
      self.error = e;
      self.set('error');
    });
  };

  Widget.prototype.unsubscribe = function () {
    var self = this;
    this.set('working');
    currentSubscription().then(function (sub) {
      if (!sub) return;
      return forget(sub.endpoint).then(function () { return sub.unsubscribe(); });
    }).then(function () {
      save({ on: false, topics: self.topics });
      self.note = 'turnedOff';
      widgets.forEach(function (w) { w.note = 'turnedOff'; w.set(baseState()); });
    }, function (e) {
      self.error = e;
      self.set('error');
    });
  };

  Widget.prototype.checked = function () {
    var out = [];
    this.el.querySelectorAll('input[data-topic]').forEach(function (i) { if (i.checked) out.push(i.dataset.topic); });
    return out;
  };

  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'on') Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  function button(t, action, primary, onclick, disabled) {
    return h('button', { type: 'button', class: primary ? 'cp-btn cp-primary' : 'cp-btn', 'data-push-action': action, 'data-testid': 'push-' + action, text: t, disabled: disabled, on: { click: onclick } });
  }

  Widget.prototype.render = function () {
    var self = this;
    var t = TEXT[lang(this.el)];
    var el = this.el;
    el.dataset.pushState = this.state;
    el.dataset.pushPrompt = this.prompt ? 'open' : 'closed';
    el.textContent = '';
    if (this.floating && !this.open) {
      el.appendChild(button('\uD83D\uDD14 ' + t.launcher, 'launch', true, function () { self.open = true; self.render(); }));
      return;
    }
    var card = h('section', { class: 'cp-card', role: 'region', 'aria-label': t.title, 'aria-live': 'polite' });
    var title = h('h2', { text: t.title });
    if (this.floating) card.appendChild(h('button', { type: 'button', class: 'cp-close', 'aria-label': t.close, text: '\u00d7', on: { click: function () { self.open = false; self.render(); } } }));
    card.appendChild(title);
    var p = function (text, cls, id) { card.appendChild(h('p', { class: cls, text: text, 'data-testid': id })); };
    var row = h('div', { class: 'cp-row' });
    var offered = offeredTopics(el);
    var topicsBox = function (checked) {
      var box = h('fieldset', { class: 'cp-topics' }, h('legend', { class: 'cp-help', text: t.prompt }));
      offered.forEach(function (topic) {
        var input = h('input', { type: 'checkbox', 'data-topic': topic, 'data-testid': 'push-topic-' + topic, checked: checked.indexOf(topic) >= 0 || offered.length === 1 });
        box.appendChild(h('label', {}, input, h('span', { text: t.topics[topic] })));
      });
      box.addEventListener('change', function () {
        var none = self.checked().length === 0;
        card.querySelectorAll('[data-needs-topic]').forEach(function (b) { b.disabled = none; });
      });
      return box;
    };
    if (this.note) p(t[this.note], 'cp-help', 'push-note');
    switch (this.state) {
      case 'ios-install':
        p(t.ios, null, 'push-message');
        break;
      case 'unsupported':
        p(t.unsupported, null, 'push-message');
        break;
      case 'denied':
        p(t.denied, 'cp-on', 'push-message');
        p(t.deniedHelp, 'cp-help', 'push-help');
        break;
      case 'working':
        p(t.working, null, 'push-message');
        break;
      case 'subscribed':
        if (this.editing) {
          card.appendChild(topicsBox(this.topics));
          var s = button(t.save, 'save', true, function () { self.subscribe(self.checked()); });
          s.setAttribute('data-needs-topic', '');
          row.appendChild(s);
          row.appendChild(button(t.later, 'later', false, function () { self.editing = false; self.render(); }));
        } else {
          p(t.subscribed + ' ' + this.topics.map(function (x) { return t.topics[x] || x; }).join(', ') + '.', 'cp-on', 'push-message');
          row.appendChild(button(t.change, 'change', false, function () { self.editing = true; self.render(); }));
          row.appendChild(button(t.off, 'unsubscribe', false, function () { self.unsubscribe(); }));
        }
        break;
      case 'error':
        var e = this.error || {};
        var why = e.code === 'timeout' ? t.timeout : (e.code === 'server' ? t.server : t.failed) + ' ' + (e.message || e.name || String(e));
        card.appendChild(h('p', { class: 'cp-msg', role: 'alert', text: why, 'data-testid': 'push-message' }));
        row.appendChild(button(t.retry, 'retry', true, function () { self.prompt = true; self.set(baseState()); }));
        break;
      default:
        // default and granted: the soft prompt opens only on a click.
        if (!this.prompt) {
          p(this.state === 'granted' ? t.granted : t.default, null, 'push-message');
          row.appendChild(button(this.state === 'granted' ? t.turnOn : t.open, 'open', true, function () { self.prompt = true; self.note = null; self.render(); }));
        } else {
          var preset = this.topics.length ? this.topics : [];
          card.appendChild(h('div', { 'data-testid': 'push-soft-prompt' }, topicsBox(preset)));
          p(t.promptHint, 'cp-help', 'push-hint');
          var allow = button(t.allow, 'allow', true, function () { self.allow(); }, offered.length > 1 && preset.length === 0);
          allow.setAttribute('data-needs-topic', '');
          row.appendChild(allow);
          row.appendChild(button(t.later, 'later', false, function () { self.prompt = false; self.render(); }));
        }
    }
    if (row.childNodes.length) card.appendChild(row);
    el.appendChild(card);
  };

  function mount(el) {
    if (!el || el.__canalPush) return el && el.__canalPush;
    if (!document.getElementById('canal-push-style')) {
      document.head.appendChild(h('style', { id: 'canal-push-style', text: CSS }));
    }
    var w = new Widget(el, el.hasAttribute('data-canal-push-float'));
    el.__canalPush = w;
    widgets.push(w);
    return w;
  }

  function start() {
    var found = document.querySelectorAll('[data-canal-push]');
    if (!found.length && script && script.dataset.mount !== 'none') {
      var float = h('div', { 'data-canal-push': '', 'data-canal-push-float': '', class: 'cp-float' });
      document.body.appendChild(float);
      found = [float];
    }
    Array.prototype.forEach.call(found, mount);
  }

  window.CanalPush = {
    /** Fills `el` with the opt-in card (idempotent). */
    mount: function (el) { mount(el); },
    /** The push endpoint of this browser, or null. */
    endpoint: function () {
      return currentSubscription().then(function (s) { return s ? s.endpoint : null; }).catch(function () { return null; });
    },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
