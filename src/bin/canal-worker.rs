//! The CSV import worker: Trunk builds this as a Web Worker next to the app
//! (`data-type="worker"` in index.html); see `canal_app::worker`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    canal_app::worker::run();
}
