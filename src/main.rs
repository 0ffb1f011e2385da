//! The browser entry point: everything lives in the library.

fn main() {
    canal_app::start();
}
