// CPU per thread during imports on the import screen (BENCHMARKS.md,
// session 21): opens /import in headless Chromium, waits for its two warm
// workers, drops <file.csv> on the page's input, clicks confirm and waits
// for the outcome, `runs` times; prints each run's parse_ms and the CPU
// each Chromium thread (by process type and name) used from the click to
// the outcome, read from /proc (10 ms ticks). The workers' threads end with
// their job, so their CPU is not in the totals: for those, run it under
//   perf record -a -e cpu-clock -F 2000 -g -- node ... --js-flags=--perf-basic-prof
// and read `perf script` by thread (V8 then names Wasm functions, if the
// worker's .wasm kept its name section: see bench/worker-profile.mjs).
// `SERIES=1` also prints the CPU per thread every ~40 ms during the import.
//
//   node --experimental-websocket bench/import-threads.mjs <server url> <file.csv> [runs] [chromium flags…]
import { spawn, execSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
const [base, csv, runsArg, ...flags] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const mb = fs.statSync(csv).size / 1e6;
const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'canal-thr-'));
const chrome = spawn('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  `--user-data-dir=${udd}`, '--remote-debugging-port=0', ...flags, 'about:blank'], { stdio: 'ignore' });
let port, wsPath;
for (let i = 0; i < 200 && !port; i++) {
  try { [port, wsPath] = fs.readFileSync(path.join(udd, 'DevToolsActivePort'), 'utf8').trim().split('\n'); }
  catch { await new Promise((r) => setTimeout(r, 100)); }
}
const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
await new Promise((r) => { ws.onopen = r; });
let nextId = 0; const pending = new Map();
ws.onmessage = (ev) => { const m = JSON.parse(ev.data); const p = m.id && pending.get(m.id); if (p) { pending.delete(m.id); m.error ? p.reject(new Error(JSON.stringify(m.error))) : p.resolve(m.result); } };
const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => { const id = ++nextId; pending.set(id, { resolve, reject }); ws.send(JSON.stringify({ id, method, params, sessionId })); });
const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId: page } = await send('Target.attachToTarget', { targetId, flatten: true });
const evaluate = async (expression, awaitPromise = false) => (await send('Runtime.evaluate', { expression, awaitPromise, returnByValue: true }, page)).result.value;
const tick = 100; // USER_HZ
function sample() {
  const out = new Map();
  const pids = execSync(`pgrep -f -- '--user-data-dir=${udd}' || true`).toString().trim().split('\n').filter(Boolean);
  for (const pid of pids) {
    let cmd; try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    const type = (cmd.match(/--type=([a-z-]+)/) || [, 'browser'])[1];
    let tasks; try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const t of tasks) {
      try {
        const st = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        const cpu = (Number(f[11]) + Number(f[12])) * 1000 / tick;
        out.set(`${type}/${pid}/${t}/${name}`, cpu);
      } catch {}
    }
  }
  return out;
}
await send('Page.navigate', { url: `${base}/import` }, page);
const waitFor = async (sel) => { while (!(await evaluate(`!!document.querySelector(${JSON.stringify(sel)})`))) await new Promise((r) => setTimeout(r, 20)); };
for (let r = 0; r < runs; r++) {
  if (r > 0) { await send('Page.navigate', { url: `${base}/import` }, page); }
  await waitFor(".import-drop[data-warm-workers='2']");
  const { root } = await send('DOM.getDocument', {}, page);
  const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector: 'input[type=file][data-testid=csv-input]' }, page);
  await send('DOM.setFileInputFiles', { nodeId, files: [path.resolve(csv)] }, page);
  await waitFor('[data-testid=import-confirm]');
  await new Promise((r) => setTimeout(r, 500));
  const a = sample();
  const t0 = Date.now();
  await evaluate(`document.querySelector('[data-testid=import-confirm]').click()`);
  const series = [];
  let prev = a;
  while (process.env.SERIES && !(await evaluate(`!!document.querySelector('[data-import-status=done], [data-import-status=failed]')`))) {
    await new Promise((r) => setTimeout(r, 40));
    const s = sample(); const row = [];
    for (const [k, v] of s) { const d = v - (prev.get(k) || 0); if (d > 0) { const [type, pid, tid, name] = k.split('/'); row.push(`${type[0]}${tid % 1000}:${d}`); } }
    series.push(`${Date.now() - t0}ms ` + row.join(' '));
    prev = s;
  }
  if (process.env.SERIES) console.log(series.join('\n'));
  await waitFor('[data-import-status=done], [data-import-status=failed]');
  const wall = Date.now() - t0;
  const b = sample();
  const pms = await evaluate(`document.querySelector('[data-import-status=done]')?.getAttribute('data-parse-ms')`);
  const agg = new Map();
  for (const [k, v] of b) { const d = v - (a.get(k) || 0); if (d <= 0) continue; const [type, , , name] = k.split('/'); const key = `${type}:${name}:${k.split('/')[2]}`; agg.set(key, (agg.get(key) || 0) + d); }
  const tot = [...agg.values()].reduce((x, y) => x + y, 0);
  console.log(`run ${r}: parse_ms ${pms} = ${(mb / pms * 1e3).toFixed(0)} MB/s, wall ${wall} ms, CPU ${tot} ms: ` + [...agg].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', '));
}
ws.close(); chrome.kill(); await new Promise((r) => chrome.on('exit', r));
try { fs.rmSync(udd, { recursive: true, force: true, maxRetries: 5 }); } catch { /* Chromium's last writes */ }
process.exit(0);
