//! The page's first module (see `ui::first`): the editor and the validator, started before the
//! full page. Built only for the browser, with the `first-module` feature (Trunk does).

#[cfg(target_arch = "wasm32")]
fn main() {
    podplay::ui::first::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("podplay-first is a part of the web page; run `podplay` for the command line");
    std::process::exit(2);
}
