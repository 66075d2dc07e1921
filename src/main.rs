//! Entry point of the WebAssembly app: installs the panic hook and mounts the root component.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(aggregate_sync::app::App);
}
