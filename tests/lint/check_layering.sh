#!/usr/bin/env bash
# Layering and file-header lint: what the Meson include directories cannot
# enforce on their own, because every layer sees DPDK's headers.
#   - stack/ never touches ethdev or EAL set-up: no rte_ethdev.h/rte_eal.h,
#     no rte_eth_* calls, no nic/ header but the device interface.
#   - nic/ never includes stack/, provider/ or api/ headers; provider/ never
#     includes the public API headers (api/ sits above it) nor ethdev.
#   - every C++ source and header opens with a comment saying what it is for.
# Usage: check_layering.sh <source root>. Exit 1 with a list of violations.
set -u
root=${1:?usage: check_layering.sh <source root>}
cd "$root" || exit 2
fail=0
report() { echo "layering: $*"; fail=1; }

while IFS= read -r hit; do report "stack uses ethdev/EAL set-up: $hit"; done < <(
  grep -rnE '#include <(rte_ethdev|rte_eal|rte_pcapng|rte_eth_ring)\.h>|\brte_eth_[a-z_]+\(' stack/ || true)
while IFS= read -r hit; do report "stack includes a nic header other than the device interface: $hit"; done < <(
  grep -rnE '#include <sluice/nic/' stack/ | grep -v 'sluice/nic/device.hpp' || true)
for dir in nic stack; do
  while IFS= read -r hit; do report "$dir includes an upper layer: $hit"; done < <(
    grep -rnE '#include <sluice/(provider|api)/|#include <sluice/(winsock2|ws2tcpip|mswsock)\.h>' "$dir"/ || true)
done
while IFS= read -r hit; do report "provider includes the public API headers: $hit"; done < <(
  grep -rnE '#include <sluice/(api/|winsock2\.h|ws2tcpip\.h|mswsock\.h)' provider/ || true)
while IFS= read -r hit; do report "provider uses ethdev directly: $hit"; done < <(
  grep -rnE '#include <rte_ethdev\.h>|\brte_eth_[a-z_]+\(' provider/ || true)
while IFS= read -r hit; do report "nic includes the stack: $hit"; done < <(
  grep -rnE '#include <sluice/stack/' nic/ || true)

while IFS= read -r file; do
  first=$(grep -m1 -vE '^\s*$' "$file")
  case "$first" in
    //*|/\**) ;;
    *) report "$file does not open with a comment saying what it is for" ;;
  esac
done < <(find nic stack provider apps bench tests -name '*.cpp' -o -name '*.hpp' | sort)

[ "$fail" -eq 0 ] && echo "layering: ok"
exit "$fail"
