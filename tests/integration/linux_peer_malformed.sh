#!/usr/bin/env bash
# Malformed frames from the kernel end of the TAP (scapy): each must be dropped
# and counted under its drop reason, none may be answered, and ping must still
# work afterwards.
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
it_init "$@"
"$SL_PYTHON" -c 'import scapy.all' 2>/dev/null || it_skip "needs scapy for $SL_PYTHON"
it_start_sluice

# Let the kernel learn sluice's MAC the normal way first.
it_ping -c 2 -i 0.1 -W 2

sent="$IT_TMP/sent.txt"
it_nsx "$SL_PYTHON" "$IT_DIR/malformed_frames.py" "$IF" "$KMAC" "$SMAC" "$KIP" "$SIP" \
  >"$sent" 2>"$IT_TMP/scapy.err" || { cat "$IT_TMP/scapy.err" >&2; it_fail "scapy failed"; }
grep -v '^WARNING' "$IT_TMP/scapy.err" >&2 || true
[[ -s "$sent" ]] || it_fail "no malformed frame was sent"
it_log "sent: $(tr '\n' ' ' <"$sent")"
sleep 0.2

# Still alive and answering.
it_ping -c 5 -i 0.05 -W 2

it_stop_sluice
# Nothing else in this namespace produces any of these reasons: exact counts.
while read -r reason count; do
  it_expect_counter "drop.$reason" -eq "$count"
done <"$sent"
# 2 + 5 pings; none of the malformed echo requests may have been answered.
it_expect_counter icmp_echo_replies -eq 7
it_pass
