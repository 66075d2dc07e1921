# Sourced by the other scripts: puts the project's pinned tools first on PATH.
# npm's wasm-opt (binaryen 132) must come before any Debian wasm-opt 108, which breaks the wasm.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$repo_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk would otherwise ask crates.io for a newer trunk on every run.
export TRUNK_SKIP_VERSION_CHECK=true
# The version of wasm-bindgen the app links against: the CLI must be exactly this one.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$repo_root/Cargo.lock"
}
app_version() {
  awk -F '"' '/^version = / { print $2; exit }' "$repo_root/Cargo.toml"
}
