#!/usr/bin/env bash
# The linker for a Native AOT cross-publish to linux-arm64 from x86_64 with the GNU toolchain
# (apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu). The ILCompiler passes clang's
# --target=aarch64-linux-gnu when it cross-compiles; gcc has no such option (the target is in its name), so drop it.
args=()
for arg in "$@"; do
  [[ "$arg" == --target=* ]] || args+=("$arg")
done
exec aarch64-linux-gnu-gcc "${args[@]}"
