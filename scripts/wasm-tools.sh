# Sourced by build-wasm.sh and test-wasm.sh (from the repository root): makes sure the wasm32 target
# and wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock are installed
# (the CLI's schema changes between versions). wasm-bindgen-cli also provides wasm-bindgen-test-runner.

TARGET=wasm32-unknown-unknown
if ! rustup target list --installed | grep -qx "$TARGET"; then
  echo "wasm-tools: installing the $TARGET target (once)"
  rustup target add "$TARGET"
fi

WB_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "wasm-tools: no wasm-bindgen in Cargo.lock (run: cargo generate-lockfile)" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "wasm-tools: installing wasm-bindgen-cli $WB_VERSION (once; compiling it takes about 4 minutes)"
  # --locked first: the versions of its own Cargo.lock, which build without warnings. The registry
  # a machine reaches may lack one of them (seen: webpki-roots 1.0.11, which its ureq needs); then
  # without --locked, which resolves to versions the registry has.
  if ! cargo install --locked wasm-bindgen-cli --version "$WB_VERSION"; then
    echo "wasm-tools: the locked install failed; installing wasm-bindgen-cli $WB_VERSION without --locked"
    cargo install wasm-bindgen-cli --version "$WB_VERSION"
  fi
fi
