//! Entry point of the WebAssembly app: installs the panic hook and mounts the root component.

fn main() {}
