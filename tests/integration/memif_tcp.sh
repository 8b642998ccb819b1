#!/usr/bin/env bash
# TCP between two sluice processes over net_memif (shared memory, the
# benchmark link): sluice-echo is the memif server and serves TCP echo;
# tcp_echo_client (apps/examples, public API only) is the memif client and
# streams a seeded pattern through it, checking every echoed byte, the
# half-close and the end of stream. Both processes run inside a network
# namespace this test creates (the memif socket is an abstract one, private
# to the namespace), so nothing leaves it; it is deleted on every exit path.
# Cases: inline engines (64 MiB) and threaded engines (16 MiB).
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

# memif_case NAME MODE IDLE MIB
memif_case() {
  local name=$1 mode=$2 idle=$3 mib=$4 rc=0 ready
  local sock="memif-$ID" server_prefix="$ID-s-$name" client_prefix="$ID-c-$name"
  local config="$IT_TMP/client-$name.conf" out="$IT_TMP/client-$name.out" err="$IT_TMP/client-$name.err"
  sl_eal_prefix_register "$server_prefix"
  sl_eal_prefix_register "$client_prefix"
  sl_spawn_bg "$IT_TMP/sluice.out" "$IT_TMP/sluice.err" \
    ip netns exec "$NS" "$SLUICE_ECHO" -l 0 --no-pci --in-memory "--file-prefix=$server_prefix" \
    "--vdev=net_memif0,role=server,socket=/$sock" -- --ip "$SIP/24" --mode "$mode" --idle "$idle"
  SLUICE_PID=$SL_LAST_PID
  sl_wait_for_line "$IT_TMP/sluice.out" '^READY ' 60 "$SLUICE_PID" >/dev/null ||
    { cat "$IT_TMP/sluice.err" >&2; it_fail "$name: sluice-echo did not come up"; }
  printf 'eal = -l %s --no-pci --in-memory --file-prefix=%s --vdev=net_memif0,role=client,socket=/%s\n' \
    "$(sl_eal_lcore)" "$client_prefix" "$sock" >"$config"
  printf 'port = net_memif0\nipv4 = %s/24\nmode = %s\nidle = %s\n' "$KIP" "$mode" "$idle" >>"$config"
  sl_spawn_bg "$out" "$err" ip netns exec "$NS" "$CLIENT" -c "$config" -n $((mib << 20)) -W 20 -T 120 -v "$SIP" 7
  local client_pid=$SL_LAST_PID
  ready=$(sl_wait_for_line "$out" '^READY ' 60 "$client_pid") ||
    { cat "$err" >&2; it_fail "$name: tcp_echo_client did not come up"; }
  it_log "$name: client $ready"
  local i
  for ((i = 0; i < 1500; i++)); do
    sl_pid_alive "$client_pid" || break
    sleep 0.1
  done
  sl_stop_pid "$client_pid" 5 || rc=$?
  it_stop_sluice
  local summary
  summary=$(grep -E '^(PASS|FAIL)' "$out" || echo "no summary (exit $rc)")
  it_log "$name: $summary"
  [[ $rc -eq 0 && "$summary" == PASS* ]] || case_failed "$name: $summary"
  [[ "$(it_counter echo.tcp_completed)" -ge 1 ]] || case_failed "$name: sluice-echo completed no connection"
  [[ "$(it_counter echo.tcp_failed)" -eq 0 ]] || case_failed "$name: sluice-echo saw a failed connection"
}

SECONDS=0
memif_case inline inline busy 64
memif_case threaded threaded adaptive 16
it_log "all cases took ${SECONDS} s"
((${#FAILED[@]} == 0)) || it_fail "${#FAILED[@]} failure(s): ${FAILED[*]}"
it_pass
