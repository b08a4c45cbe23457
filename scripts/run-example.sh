#!/bin/sh
# Build portplan and run its main job on a shipped example: plan the
# Exchange 2010 deployment with an Edge server (examples/), explain it, and
# write it for every target into build/example/.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -s -j"$(nproc 2>/dev/null || echo 2)" build/portplan
example=examples/exchange-2010-edge.yaml
printf '$ portplan plan %s\n' "$example"
build/portplan plan "$example"
printf '\n$ portplan plan --explain %s   (first flows)\n' "$example"
build/portplan plan --explain "$example" | sed -n '3,14p'
rm -rf build/example
for target in nft iptables wfw-ps netsh asa pf capirca reg json markdown html; do
	build/portplan emit --target "$target" -o build/example/ "$example" 2>&1 | sed 's/^/  /'
done
printf '\nThe rules for each target are in build/example/; open build/example/portplan.html for the report.\n'
printf '\n$ portplan query --from hub-transport --to edge-transport\n'
build/portplan query --from hub-transport --to edge-transport
