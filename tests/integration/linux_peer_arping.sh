#!/usr/bin/env bash
# ARP against the Linux kernel: arping gets replies carrying the MAC that
# sluice-echo announced on its READY line, and after a ping the kernel's
# neighbour table holds that MAC for sluice's address.
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
it_init "$@" arping
it_start_sluice

out="$IT_TMP/arping.out"
rc=0
it_nsx arping -c 3 -w 10 -I "$IF" "$SIP" >"$out" 2>&1 || rc=$?
cat "$out"
[[ $rc -eq 0 ]] || it_fail "arping exited with $rc"
replies=$(grep -ciE '^Unicast reply from' "$out" || true)
[[ "$replies" -eq 3 ]] || it_fail "expected 3 ARP replies, got $replies"
# Every reply: "Unicast reply from <ip> [<MAC>]  <t>ms"
while read -r line; do
  [[ "$line" =~ from\ ([0-9.]+)\ \[([0-9A-Fa-f:]+)\] ]] || it_fail "cannot parse: $line"
  [[ "${BASH_REMATCH[1]}" == "$SIP" ]] || it_fail "reply from ${BASH_REMATCH[1]}, expected $SIP"
  [[ "${BASH_REMATCH[2],,}" == "$SMAC" ]] ||
    it_fail "reply carries MAC ${BASH_REMATCH[2]}, READY said $SMAC"
done < <(grep -iE '^Unicast reply from' "$out")
it_log "arping: 3 replies from $SIP is-at $SMAC"

# The kernel resolves sluice through its own ARP request on the first ping.
ip -n "$NS" neigh flush dev "$IF"
it_ping -c 3 -i 0.1 -W 2
neigh=$(ip -n "$NS" neigh show "$SIP" dev "$IF")
it_log "kernel neighbour table: $neigh"
[[ "$neigh" =~ lladdr\ ([0-9a-f:]+) ]] || it_fail "no neighbour entry for $SIP"
[[ "${BASH_REMATCH[1]}" == "$SMAC" ]] ||
  it_fail "kernel holds ${BASH_REMATCH[1]} for $SIP, READY said $SMAC"

it_stop_sluice
it_expect_counter icmp_echo_replies -eq 3
it_pass
