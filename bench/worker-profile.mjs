// Where the import worker's time goes, in headless Chromium (BENCHMARKS.md,
// session 17): drives `canal-worker` directly on a CSV file, as the import
// bench does, with a CPU profile of the worker thread (DevTools protocol:
// the page's session auto-attaches to the worker, paused until the profiler
// runs), and prints each run's times and the functions that took the time.
//
//   target/debug/canal serve --addr 127.0.0.1:8099 --database /tmp/p.db --dist <dist> &
//   node --experimental-websocket bench/worker-profile.mjs http://127.0.0.1:8099 <file.csv> [runs] [profile 0/1]
//
// Function names need a worker .wasm that kept its name section: the
// dist's has none (`wasm-opt -Oz` drops it); for a profile, rebuild it from
// wasm-bindgen's output with `wasm-opt -Oz -g` (same code, names kept).
// `TOP=n` prints n functions (default 40); `CALLERS=text` also prints the
// call paths (three callers up) of the functions whose name holds `text`,
// with their self time. Extra arguments go to Chromium.
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const [base, csv, runsArg, profileArg, ...flags] = process.argv.slice(2);
if (!base || !csv) throw new Error('usage: worker-profile.mjs <server url> <file.csv> [runs] [profile 0/1]');
const runs = Number(runsArg || 3);
const profile = profileArg !== '0';
const mb = fs.statSync(csv).size / 1e6;

const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'canal-profile-'));
const chrome = spawn(process.env.CHROMIUM || 'chromium', ['--headless=new', '--no-sandbox', '--disable-gpu',
  `--user-data-dir=${udd}`, '--remote-debugging-port=0', ...flags, 'about:blank'], { stdio: 'ignore' });
let port, wsPath;
for (let i = 0; i < 200 && !port; i++) {
  try {
    [port, wsPath] = fs.readFileSync(path.join(udd, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
await new Promise((r) => { ws.onopen = r; });
let nextId = 0;
const pending = new Map();
const listeners = [];
ws.onmessage = (ev) => {
  const m = JSON.parse(ev.data);
  const p = m.id && pending.get(m.id);
  if (p) {
    pending.delete(m.id);
    if (m.error) p.reject(new Error(JSON.stringify(m.error)));
    else p.resolve(m.result);
  } else listeners.forEach((f) => f(m));
};
const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
  const id = ++nextId;
  pending.set(id, { resolve, reject });
  ws.send(JSON.stringify({ id, method, params, sessionId }));
});

const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId: page } = await send('Target.attachToTarget', { targetId, flatten: true });
let worker = null;
listeners.push(async (m) => {
  if (m.method !== 'Target.attachedToTarget' || m.sessionId !== page) return;
  const s = m.params.sessionId;
  if (m.params.targetInfo.type === 'worker') {
    worker = s;
    if (profile) {
      await send('Profiler.enable', {}, s);
      await send('Profiler.setSamplingInterval', { interval: 200 }, s);
      await send('Profiler.start', {}, s);
    }
  }
  await send('Runtime.runIfWaitingForDebugger', {}, s);
});
await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, page);
await send('Page.navigate', { url: `${base}/import` }, page);
const evaluate = async (expression, awaitPromise = false) =>
  (await send('Runtime.evaluate', { expression, awaitPromise, returnByValue: true }, page)).result.value;
while ((await evaluate('document.readyState')) !== 'complete') await new Promise((r) => setTimeout(r, 100));

// The import bench's direct run (tests/e2e/import_bench.rs, DIRECT_WORKER),
// leaving the worker alive until its profile is taken.
await evaluate(`(() => {
  const input = document.createElement('input');
  input.type = 'file'; input.id = 'profile-input';
  document.body.appendChild(input);
  window.runDirect = () => new Promise((done) => {
    const file = input.files[0];
    const job = { files: [{ name: file.name, size: file.size, options: {} }], chunk_bytes: 4 << 20 };
    const t0 = performance.now();
    const slices = [];
    const w = new Worker('/canal-worker_loader.js');
    window.profiledWorker = w;
    w.onerror = (e) => done({ error: String(e.message || e) });
    w.onmessage = (ev) => {
      const msg = JSON.parse(ev.data[0]);
      const t = performance.now() - t0;
      if (msg.type === 'ready') {
        slices.push(Math.round(t));
        w.postMessage([JSON.stringify(job), file]);
      } else if (msg.type === 'progress') {
        slices.push(Math.round(t));
      } else {
        done({ type: msg.type, parse_ms: msg.parse_ms, slices, steps: msg.steps, reason: msg.reason });
      }
    };
  });
})()`);
const { root } = await send('DOM.getDocument', {}, page);
const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector: '#profile-input' }, page);
await send('DOM.setFileInputFiles', { nodeId, files: [path.resolve(csv)] }, page);

const self = new Map();
const paths = new Map();
let total = 0;
for (let r = 0; r < runs; r++) {
  const v = await evaluate('runDirect()', true);
  if (v.type !== 'done') throw new Error(JSON.stringify(v));
  const steps = v.steps.map(([s, ms]) => `${s} ${Math.round(ms)}`).join(', ');
  console.log(`run ${r}: parse_ms ${Math.round(v.parse_ms)} = ${(mb / v.parse_ms * 1e3).toFixed(0)} MB/s; ready, then each slice, at ms: ${v.slices.join(' ')}; steps: ${steps}`);
  if (profile && worker) {
    const { profile: p } = await send('Profiler.stop', {}, worker);
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const parents = new Map();
    for (const n of p.nodes) for (const c of n.children || []) parents.set(c, n);
    for (let i = 0; i < p.samples.length; i++) {
      const f = nodes.get(p.samples[i]).callFrame;
      const name = f.functionName || `(${f.url.split('/').pop()})`;
      const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(name, (self.get(name) || 0) + ms);
      total += ms;
      if (process.env.CALLERS && name.includes(process.env.CALLERS)) {
        const chain = [];
        for (let n = nodes.get(p.samples[i]); n && chain.length < 4; n = parents.get(n.id)) {
          chain.push((n.callFrame.functionName || '?').replace(/::h[0-9a-f]{16}$/, '').slice(0, 70));
        }
        const key = chain.join(' <- ');
        paths.set(key, (paths.get(key) || 0) + ms);
      }
    }
  }
  await evaluate('profiledWorker.terminate()');
}
if (profile) {
  console.log(`self time of the worker thread over ${runs} runs (from its start to the profile's end), ${total.toFixed(0)} ms:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 40))) {
    console.log(`${ms.toFixed(1).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${name.slice(0, 140)}`);
  }
  for (const [chain, ms] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${chain}`);
  }
}
ws.close();
chrome.kill();
await new Promise((r) => chrome.on('exit', r));
try { fs.rmSync(udd, { recursive: true, force: true, maxRetries: 5 }); } catch { /* Chromium's last writes; /tmp keeps it */ }
process.exit(0);
