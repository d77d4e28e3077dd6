#!/usr/bin/env bash
# Fetches the llama.cpp build that tests and benchmarks use as reference and peer: the prebuilt CPU
# libraries of the npm package @node-llama-cpp/linux-x64 3.22.1 (llama.cpp of 2026-09-28: libllama,
# libggml, libggml-base and one libggml-cpu-<variant>.so per x86-64 CPU generation, of which ggml
# loads the best one for the machine at run time).
#
#   scripts/fetch-llama-cpp.sh           prints the folder that holds the libraries
#   scripts/fetch-llama-cpp.sh --quiet   the same, printing nothing unless it downloads or fails
#
# The package is downloaded with `npm pack` (the npm registry that npm is configured for), checked
# against the SHA-512 pinned below, and unpacked into LLMSUITE_LLAMA_CPP_DIR (default
# ~/.cache/llmsuite/llama.cpp/3.22.1). A second run finds the folder and returns at once.
# Nothing of llama.cpp is kept in the repository.
set -euo pipefail

PACKAGE="@node-llama-cpp/linux-x64"
VERSION="3.22.1"
# sha512 of node-llama-cpp-linux-x64-3.22.1.tgz (npm reports it base64-encoded as the package's
# "integrity": sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg==).
SHA512="e6e0820cda9608d7da026f1a47f533c5ba381c1a4a80d17dd640873dea4a86032057638099ab6879f6ce94c8a1b2a0a21f639ddf913f7941d00856df44126e3a"
LIBRARY="libllama.v0.5.0.so"

quiet=false
[[ "${1:-}" == "--quiet" ]] && quiet=true
report() { $quiet || printf '%s\n' "$1"; }
die() { printf 'fetch-llama-cpp: %s\n' "$*" >&2; exit 1; }

target="${LLMSUITE_LLAMA_CPP_DIR:-${HOME:?HOME is not set}/.cache/llmsuite/llama.cpp/$VERSION}"
# The marker holds the checksum, so a folder unpacked from another package version is not taken for
# this one; a folder without a marker was filled by hand (LLMSUITE_LLAMA_CPP_DIR) and is used as it is.
if [[ -f "$target/$LIBRARY" && ( ! -f "$target/.sha512" || "$(cat "$target/.sha512")" == "$SHA512" ) ]]; then
  report "$target"
  exit 0
fi

[[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]] \
  || die "the llama.cpp libraries used as the peer are built for Linux x86-64; this machine is $(uname -s)/$(uname -m)."
command -v npm >/dev/null \
  || die "npm is needed to download llama.cpp's prebuilt libraries ($PACKAGE@$VERSION). Install Node.js 20+ with npm (e.g. 'apt-get install npm'), or unpack that package elsewhere and point LLMSUITE_LLAMA_CPP_DIR at its bins/linux-x64 folder."

work="$(mktemp -d "${TMPDIR:-/tmp}/llmsuite-llama-cpp.XXXXXX")"
trap 'rm -rf "$work"' EXIT
printf 'fetch-llama-cpp: downloading %s@%s (about 11 MB)...\n' "$PACKAGE" "$VERSION" >&2
(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" > /dev/null) || die "'npm pack $PACKAGE@$VERSION' failed (is the npm registry reachable?)"
tarball="$work/node-llama-cpp-linux-x64-$VERSION.tgz"
[[ -f "$tarball" ]] || die "npm pack did not produce $(basename "$tarball")"
actual="$(sha512sum "$tarball" | cut -d' ' -f1)"
[[ "$actual" == "$SHA512" ]] || die "checksum mismatch for $(basename "$tarball"): expected sha512 $SHA512, got $actual"

mkdir -p "$work/unpacked" "$(dirname "$target")"
tar -xzf "$tarball" -C "$work/unpacked"
staged="$(mktemp -d "$target.partial.XXXXXX")"
chmod 755 "$staged"
cp -p "$work/unpacked/package/bins/linux-x64/"*.so "$work/unpacked/package/bins/linux-x64/_nlcBuildMetadata.json" \
  "$work/unpacked/package/LICENSE" "$staged/"
printf '%s\n' "$SHA512" > "$staged/.sha512"
# Readers never see a half-written folder: the complete one is renamed into place. If another run
# got there first, its copy (the same bytes) is kept.
rm -rf "$target.old"
[[ -e "$target" ]] && mv "$target" "$target.old"
mv -T "$staged" "$target" 2>/dev/null || rm -rf "$staged"
rm -rf "$target.old"
[[ -f "$target/$LIBRARY" ]] || die "unpacking into $target failed"
printf 'fetch-llama-cpp: llama.cpp %s libraries in %s\n' "$VERSION" "$target" >&2
report "$target"
