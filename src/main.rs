//! One binary: the web app when built for wasm32, the command-line tool when built natively.

#[cfg(target_arch = "wasm32")]
fn main() {
    podplay::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = podplay::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
