// Loads Canal's second Wasm module (every page but the dashboard, import,
// login and settings; see src/lazy/mod.rs) and hands its exports to the
// first module in a `canal-pages` event, or the reason it failed.
const version = new URL(import.meta.url).search;
try {
  const pages = await import(`/canal-pages.js${version}`);
  await pages.default({ module_or_path: `/canal-pages_bg.wasm${version}` });
  window.dispatchEvent(new CustomEvent('canal-pages', { detail: pages }));
} catch (error) {
  window.dispatchEvent(new CustomEvent('canal-pages', { detail: { error: String(error) } }));
}
