#!/usr/bin/env bash
# Publishes the hosting test function with Native AOT as `bootstrap` (what provided.al2023 runs), fails on any
# trim/AOT warning, then runs the binary against the Runtime API emulator with a fixture event and measures the time
# from process start to first response for the AOT bootstrap and the JIT build (same run, same machine).
#
#   bash scripts/aot-smoke.sh              # linux-x64: publish, run, measure
#   RID=linux-arm64 bash scripts/aot-smoke.sh   # cross-publish (needs gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu),
#                                               # then run under qemu-aarch64 when qemu-user is installed
#
# No clang needed: the ILCompiler falls back to gcc when clang is missing (CppCompilerAndLinker=gcc).
set -euo pipefail
cd "$(dirname "$0")/.."

RID="${RID:-linux-x64}"
ART="$PWD/artifacts/aot"
OUT="$ART/$RID"
LOG="$ART/publish-$RID.log"
mkdir -p "$ART"
rm -rf "$OUT"

EXTRA=()
if [[ "$RID" == "linux-arm64" && "$(uname -m)" != "aarch64" ]]; then
  # Cross-link with the GNU toolchain for aarch64 (apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu),
  # through a wrapper that drops clang's --target= option, which gcc does not know.
  EXTRA+=(-p:CppCompilerAndLinker="$PWD/scripts/aarch64-linux-gnu-gcc.sh" -p:ObjCopyName=aarch64-linux-gnu-objcopy)
fi

echo "== dotnet publish (Native AOT, $RID)"
dotnet publish tests/Neptune.Streams.Hosting.TestFunction -c Release -r "$RID" -p:PublishAot=true \
  "${EXTRA[@]}" -o "$OUT" 2>&1 | tee "$LOG"

if grep -E "warning (IL[0-9]{4}|CA[0-9]{4})" "$LOG"; then
  echo "aot-smoke: the publish has trim/AOT warnings (above)" >&2
  exit 1
fi
test -x "$OUT/bootstrap" || { echo "aot-smoke: $OUT/bootstrap was not produced" >&2; exit 1; }
SIZE=$(stat -c %s "$OUT/bootstrap")
echo "bootstrap: $OUT/bootstrap, $SIZE bytes, $(file -b "$OUT/bootstrap" 2>/dev/null || true)"

if [[ "$RID" == "linux-arm64" && "$(uname -m)" != "aarch64" ]]; then
  if command -v qemu-aarch64 > /dev/null; then
    # Functional run only: timings under user-mode emulation say nothing about Lambda.
    echo "== run the arm64 bootstrap under qemu-aarch64 against the Runtime API emulator"
    NSL_AOT_BOOTSTRAP="$OUT/bootstrap" NSL_AOT_LAUNCHER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
      dotnet test tests/Neptune.Streams.Hosting.Tests -c Release --filter "FullyQualifiedName~The_published_bootstrap"
  else
    echo "aot-smoke: $RID published; not run (no qemu-aarch64: apt-get install qemu-user)"
  fi
  exit 0
fi
if [[ "$RID" != "linux-x64" || "$(uname -m)" != "x86_64" ]]; then
  echo "aot-smoke: $RID published; not run on this $(uname -m) machine"
  exit 0
fi

echo "== run the bootstrap against the Runtime API emulator (and measure against the JIT build)"
export NSL_AOT_BOOTSTRAP="$OUT/bootstrap"
export NSL_AOT_REPORT="$ART/report.txt"
rm -f "$NSL_AOT_REPORT"
dotnet test tests/Neptune.Streams.Hosting.Tests -c Release --filter "Category=Aot" --logger "console;verbosity=normal"
test -s "$NSL_AOT_REPORT" || { echo "aot-smoke: the AOT tests did not run" >&2; exit 1; }
cat "$NSL_AOT_REPORT"
