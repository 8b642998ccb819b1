#!/usr/bin/env bash
# UDP echo (RFC 862) between sluice and the Linux kernel over a TAP, both
# directions, with the engine inline and threaded:
#  1. a kernel client (udp_echo_peer.py) sends $COUNT datagrams of 1..1472
#     bytes (cycling; sequence number + pseudo-random pattern), 16 in flight,
#     to sluice-echo's UDP port 7 and checks every echo byte for byte;
#  2. sluice's udp_echo_client (apps/examples, public API only) does the same
#     against a kernel echo server (udp_echo_peer.py server) on port 7.
# A datagram not echoed in time is sent again (at most 5 times; the timeout
# follows the measured round-trip time, at least 200 ms, so a slow echo is
# not taken for a lost one); retransmissions are counted and shown (over a
# TAP there should be none). Any corrupt or missing echo fails the test, as do
# more duplicates than retransmissions, and so does a transfer that is not
# done in 20 s (a fraction of that is expected: ~1 s inline): four transfers
# keep the whole test under 2 minutes.
# Usage: linux_peer_udp.sh /path/to/sluice-echo /path/to/udp_echo_client
# Environment (for debugging): SLUICE_UDP_COUNT (default 10000),
# SLUICE_UDP_CASES (default "k2s-inline k2s-threaded s2k-inline s2k-threaded").
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
CLIENT=${2:-}
it_init "${1:-}"
[[ -x "$CLIENT" ]] || it_fail "not executable: udp_echo_client '$CLIENT'"
PEER="$IT_DIR/udp_echo_peer.py"
COUNT=${SLUICE_UDP_COUNT:-10000}
MAX=1472

# retransmissions_of FILE: the count from a summary line.
retransmissions_of() { sed -nE 's/.*, ([0-9]+) retransmissions.*/\1/p' "$1"; }

# Every case runs; a failed transfer is recorded here and fails the test at
# the end (set-up failures fail at once).
FAILED=()
RETRANSMISSIONS=()
case_failed() { it_log "FAILED: $*"; FAILED+=("$*"); }

# check_counter CASE NAME OP VALUE: a sluice-echo counter (it_stop_sluice).
check_counter() {
  local got
  got=$(it_counter "$2")
  if sl_compare "$got" "$3" "$4"; then
    it_log "counter $2 = $got ($3 $4: ok)"
  else
    case_failed "$1: counter $2 = $got, expected $3 $4"
  fi
}

# kernel_to_sluice MODE IDLE
kernel_to_sluice() {
  local mode=$1 idle=$2 out="$IT_TMP/kclient-$1.out" rc=0 name="kernel -> sluice-echo ($1, $2)"
  it_start_sluice --mode "$mode" --idle "$idle"
  it_nsx timeout 40 "$SL_PYTHON" "$PEER" client "$SIP" 7 --count "$COUNT" --max-size "$MAX" \
    --window 16 --timeout-ms 200 --retries 5 --total-s 20 >"$out" 2>&1 || rc=$?
  it_log "$name: $(head -n 1 "$out")"
  it_stop_sluice
  if [[ $rc -ne 0 ]]; then
    case_failed "$name: $(tail -n 1 "$out") (exit $rc)"
    return 0
  fi
  check_counter "$name" echo.datagrams -ge "$COUNT"
  check_counter "$name" echo.send_errors -eq 0
  check_counter "$name" echo.truncated -eq 0
  RETRANSMISSIONS+=("kernel->sluice $mode: $(retransmissions_of "$out")")
}

# sluice_to_kernel MODE IDLE
sluice_to_kernel() {
  local mode=$1 idle=$2 out="$IT_TMP/sclient-$1.out" err="$IT_TMP/sclient-$1.err"
  local config="$IT_TMP/client-$1.conf" server_out="$IT_TMP/kserver-$1.out" rc=0 ready i eal
  local name="udp_echo_client ($1, $2) -> kernel"
  local -a mem
  # The kernel's echo server on port 7 of every address in the namespace.
  sl_spawn_bg "$server_out" "$IT_TMP/kserver-$1.err" \
    ip netns exec "$NS" "$SL_PYTHON" "$PEER" server 0.0.0.0 7 --max-seconds 60
  local server_pid=$SL_LAST_PID
  sl_wait_for_line "$server_out" '^READY' 10 "$server_pid" >/dev/null ||
    { cat "$IT_TMP/kserver-$1.err" >&2; it_fail "kernel echo server did not start"; }

  mapfile -t mem < <(sl_eal_mem_args "$ID")
  eal="-l $(sl_eal_lcore) --no-pci ${mem[*]} --vdev=net_tap0,iface=$IF"
  printf 'eal = %s\nport = net_tap0\nipv4 = %s/24\nmode = %s\nidle = %s\n' \
    "$eal" "$SIP" "$mode" "$idle" >"$config"
  # -W: the client probes the server until the kernel end, configured below
  # once the client has made its TAP, answers.
  sl_spawn_bg "$out" "$err" ip netns exec "$NS" "$CLIENT" -c "$config" -n "$COUNT" -s "$MAX" -w 16 \
    -t 200 -r 5 -W 10 -T 25 -v "$KIP" 7
  local client_pid=$SL_LAST_PID
  ready=$(sl_wait_for_line "$out" '^READY ' 30 "$client_pid") || {
    cat "$err" >&2
    it_fail "udp_echo_client ($mode) did not come up"
  }
  local ip mac
  read -r _ ip mac <<<"$ready"
  [[ "$ip" == "$SIP" ]] || it_fail "udp_echo_client READY reports ip '$ip', expected $SIP"
  SMAC=${mac,,}
  it_setup_kernel_end
  for ((i = 0; i < 400; i++)); do
    sl_pid_alive "$client_pid" || break
    sleep 0.1
  done
  sl_stop_pid "$client_pid" 5 || rc=$?
  sl_stop_pid "$server_pid" 5 || true
  it_log "$name: $(grep -E '^(PASS|FAIL)' "$out" || echo 'no summary')"
  it_log "kernel echo server: $(tail -n 1 "$server_out")"
  if [[ $rc -ne 0 ]] || ! grep -q '^PASS' "$out"; then
    grep -E '^udp_echo_client:|^sluice:' "$err" >&2 || tail -n 20 "$err" >&2
    case_failed "$name: $(grep -E '^udp_echo_client:' "$err" | tail -n 1) (exit $rc)"
    return 0
  fi
  RETRANSMISSIONS+=("sluice->kernel $mode: $(retransmissions_of "$out")")
}

SECONDS=0
for case in ${SLUICE_UDP_CASES:-k2s-inline k2s-threaded s2k-inline s2k-threaded}; do
  case $case in
    k2s-inline) kernel_to_sluice inline busy ;;
    k2s-threaded) kernel_to_sluice threaded adaptive ;;
    s2k-inline) sluice_to_kernel inline busy ;;
    s2k-threaded) sluice_to_kernel threaded adaptive ;;
    *) it_fail "unknown case '$case' in SLUICE_UDP_CASES" ;;
  esac
done
it_log "retransmissions (expected 0 over a TAP): ${RETRANSMISSIONS[*]:-none measured}"
it_log "total ${SECONDS} s"
if ((${#FAILED[@]})); then
  for f in "${FAILED[@]}"; do printf '[%s] failed: %s\n' "$IT_NAME" "$f" >&2; done
  it_fail "${#FAILED[@]} of the UDP echo transfers failed"
fi
it_pass
