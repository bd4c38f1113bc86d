#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of a library from the public API analyzer's findings (RS0016/RS0017).
# Run it after a deliberate change to the public surface, then review the diff like any other change.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in "${@:-src/Neptune.Streams.Lambda}"; do
  dir=$project
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  out=$(dotnet build "$dir" -c Release --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= 2>&1 || true)
  echo "$out" | grep -oE "RS0016: Symbol '[^']+'|RS0016: Symbol \"[^\"]+\"" | sed -E "s/^RS0016: Symbol '(.*)'$/\1/; s/^RS0016: Symbol \"(.*)\"$/\1/" \
    | sort -u >> "$dir/PublicAPI.Unshipped.txt"
  echo "$dir: $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) public symbols"
done
