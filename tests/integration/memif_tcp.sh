#!/usr/bin/env bash
# TCP between two sluice processes over net_memif (shared memory, the
# benchmark link): sluice-echo is the memif server and serves TCP echo;
# tcp_echo_client (apps/examples, public API only) is the memif client and
# either streams a seeded pattern through it, checking every echoed byte, the
# half-close and the end of stream, or makes many short connections (-k: a
# 64-byte request and its echo, half-close, end of stream, closesocket; the
# client closes first, so its side of each one goes through TIME-WAIT). Both
# processes run inside a network namespace this test creates (the memif
# socket is an abstract one, private to the namespace), so nothing leaves
# it; it is deleted on every exit path.
# Cases: inline engines (64 MiB), threaded engines (16 MiB), and "short":
# 10,000 short connections, 8 in flight, inline engines.
#
# After every case both stacks must be back where they started: no mbuf and
# no TCP connection left. Both run with tcp_msl = 1 s (TIME-WAIT 2 s); the
# client keeps its stack running for SETTLE_S (> 2 MSL) after its run (-S)
# and then prints its counters (-v); sluice-echo is stopped after that and
# prints its own. Then, in each process:
#   tcp.connections = 0   every connection table entry is gone, TIME-WAIT
#                         ones included (an entry stuck in any state fails)
#   pool.in_use = 0       every mbuf is back in the pool. This is the idle
#                         level for net_memif: it copies between its
#                         shared-memory rings and mbufs it allocates per
#                         burst (no zero-copy), so it posts no RX buffers,
#                         and an idle sluice holds none (no socket, no queued
#                         segment, no pcap). So anything above 0 is an mbuf
#                         leaked (or a connection that never ended).
# And tcp.resets_sent = 0 in both unless a retransmission timeout happened
# (see expect_graceful).
# Plus sluice-echo's own counts: every connection completed, none failed
# (the short case: exactly 10,000 of each).
# Usage: memif_tcp.sh /path/to/sluice-echo /path/to/tcp_echo_client
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
CLIENT=${2:-}
it_init "${1:-}"
[[ -x "$CLIENT" ]] || it_fail "not executable: tcp_echo_client '$CLIENT'"
# memif shares hugepage memory between the processes (test-bench: avoid --no-huge).
free_mb=$(sl_hugepages_free_mb)
((free_mb >= 600)) || it_skip "memif needs hugepages for two processes (have $free_mb MB free)"

FAILED=()
case_failed() { it_log "FAILED: $*"; FAILED+=("$*"); }

MSL_S=1             # tcp_msl of both stacks: TIME-WAIT lasts 2 s
SETTLE_S=3          # the client's stack runs on this long after its run
SHORT_COUNT=10000   # the short case's connections
SHORT_PARALLEL=8    # ... and how many are in flight at once

# The client's "counter NAME VALUE" lines (-v), like COUNTERS for sluice-echo.
declare -A CLIENT_COUNTERS=()
load_client_counters() {
  local _tag name value
  CLIENT_COUNTERS=()
  while read -r _tag name value; do
    CLIENT_COUNTERS[$name]=$value
  done < <(grep -E '^counter [A-Za-z0-9_.]+ [0-9]+$' "$1" || true)
}

# expect CASE client|server NAME OP VALUE: a missing counter fails too.
expect() {
  local name=$1 who=$2 counter=$3 op=$4 want=$5 got
  if [[ $who == client ]]; then got=${CLIENT_COUNTERS[$counter]:-}; else got=${COUNTERS[$counter]:-}; fi
  if [[ -n "$got" ]] && sl_compare "$got" "$op" "$want"; then return 0; fi
  case_failed "$name: $who counter $counter = ${got:-missing}, expected $op $want"
}

# expect_idle CASE: no mbuf and no connection left in either process.
expect_idle() {
  local who counter
  for who in client server; do
    for counter in pool.in_use tcp.connections; do
      expect "$1" "$who" "$counter" -eq 0
    done
  done
  it_log "$1: client pool.in_use ${CLIENT_COUNTERS[pool.in_use]:-?} tcp.connections" \
    "${CLIENT_COUNTERS[tcp.connections]:-?}; server pool.in_use $(it_counter pool.in_use)" \
    "tcp.connections $(it_counter tcp.connections)"
}

# expect_graceful CASE: no reset either way unless a retransmission timeout
# happened (a FIN retransmitted by LAST-ACK is ACKed again from TIME-WAIT,
# and that second ACK may find the peer CLOSED: a legitimate RST; the
# stacks' processes busy-poll on 2 CPUs, so a stalled one is not rare).
expect_graceful() {
  local timeouts=$((${CLIENT_COUNTERS[tcp.timeouts]:-0} + $(it_counter tcp.timeouts)))
  if ((timeouts != 0)); then
    it_log "$1: $timeouts retransmission timeout(s); resets" \
      "$(it_counter tcp.resets_sent) sent by sluice-echo, ${CLIENT_COUNTERS[tcp.resets_sent]:-?} by the client"
    return 0
  fi
  expect "$1" client tcp.resets_sent -eq 0
  expect "$1" server tcp.resets_sent -eq 0
}

# start_server NAME MODE IDLE: sluice-echo as memif server, up to READY.
start_server() {
  local name=$1 mode=$2 idle=$3 prefix="$ID-s-$1"
  sl_eal_prefix_register "$prefix"
  sl_spawn_bg "$IT_TMP/sluice.out" "$IT_TMP/sluice.err" \
    ip netns exec "$NS" "$SLUICE_ECHO" -l 0 --no-pci --in-memory "--file-prefix=$prefix" \
    "--vdev=net_memif0,role=server,socket=/memif-$ID" -- --ip "$SIP/24" --mode "$mode" --idle "$idle" \
    --msl "$MSL_S"
  SLUICE_PID=$SL_LAST_PID
  sl_wait_for_line "$IT_TMP/sluice.out" '^READY ' 60 "$SLUICE_PID" >/dev/null ||
    { cat "$IT_TMP/sluice.err" >&2; it_fail "$name: sluice-echo did not come up"; }
}

# client_config NAME MODE IDLE: writes the client's stack configuration
# file, CLIENT_CONFIG.
client_config() {
  local config="$IT_TMP/client-$1.conf" prefix="$ID-c-$1"
  CLIENT_CONFIG=$config
  sl_eal_prefix_register "$prefix"
  printf 'eal = -l %s --no-pci --in-memory --file-prefix=%s --vdev=net_memif0,role=client,socket=/memif-%s\n' \
    "$(sl_eal_lcore)" "$prefix" "$ID" >"$config"
  printf 'port = net_memif0\nipv4 = %s/24\nmode = %s\nidle = %s\ntcp_msl = %s\n' "$KIP" "$2" "$3" "$MSL_S" \
    >>"$config"
}

# run_client NAME CLIENT_ARGS...: runs tcp_echo_client to its end (at most
# 100 s); its exit status in CLIENT_RC.
run_client() {
  local name=$1 out="$IT_TMP/client-$1.out" err="$IT_TMP/client-$1.err" ready i
  shift
  sl_spawn_bg "$out" "$err" ip netns exec "$NS" "$CLIENT" -W 20 -T 60 -S "$SETTLE_S" -v "$@" "$SIP" 7
  local client_pid=$SL_LAST_PID
  ready=$(sl_wait_for_line "$out" '^READY ' 60 "$client_pid") ||
    { cat "$err" >&2; it_fail "$name: tcp_echo_client did not come up"; }
  it_log "$name: client $ready"
  for ((i = 0; i < 1000; i++)); do
    sl_pid_alive "$client_pid" || break
    sleep 0.1
  done
  CLIENT_RC=0
  sl_stop_pid "$client_pid" 5 || CLIENT_RC=$?
}

# memif_case NAME MODE IDLE CLIENT_ARGS...: one run of both processes and
# its checks; the short case's exact counts are checked by the caller.
memif_case() {
  local name=$1 mode=$2 idle=$3 summary
  shift 3
  start_server "$name" "$mode" "$idle"
  client_config "$name" "$mode" "$idle"
  run_client "$name" -c "$CLIENT_CONFIG" "$@"
  it_stop_sluice
  summary=$(grep -E '^(PASS|FAIL)' "$IT_TMP/client-$name.out" || echo "no summary (exit $CLIENT_RC)")
  it_log "$name: $summary"
  [[ $CLIENT_RC -eq 0 && "$summary" == PASS* ]] || case_failed "$name: $summary"
  load_client_counters "$IT_TMP/client-$name.out"
  [[ "$(it_counter echo.tcp_completed)" -ge 1 ]] || case_failed "$name: sluice-echo completed no connection"
  expect "$name" server echo.tcp_failed -eq 0
  expect_idle "$name"
  expect_graceful "$name"
}

SECONDS=0
memif_case inline inline busy -n $((64 << 20))
memif_case threaded threaded adaptive -n $((16 << 20))
memif_case short inline busy -k "$SHORT_COUNT" -p "$SHORT_PARALLEL"
expect short server echo.tcp_connections -eq "$SHORT_COUNT"
expect short server echo.tcp_completed -eq "$SHORT_COUNT"
expect short client tcp.active_opens -ge "$SHORT_COUNT"
it_log "all cases took ${SECONDS} s"
((${#FAILED[@]} == 0)) || it_fail "${#FAILED[@]} failure(s): ${FAILED[*]}"
it_pass
