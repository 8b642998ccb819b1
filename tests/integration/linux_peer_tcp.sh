#!/usr/bin/env bash
# TCP between sluice and the Linux kernel over a TAP, both directions.
# Kernel -> sluice: a kernel client (tcp_echo_peer.py) streams a seeded
# pattern to sluice-echo's TCP echo port 7 while reading the echo back,
# half-closes, and checks the echo byte count and SHA-256 against what it
# sent, and the end of stream after it. Sluice -> kernel: sluice's
# tcp_echo_client (apps/examples, public API only) does the same against a
# kernel echo server (tcp_echo_peer.py server) on port 7, checking every
# echoed byte against its pattern. Cases:
#   clean-inline    256 MiB, inline engine, busy polling
#   clean-threaded   64 MiB, threaded engine, adaptive idling
#   impaired         32 MiB through sluice's fault injection on the port
#                    (loss 2%, duplication 1%, corruption 0.1%, 10% of
#                    frames held back 1-3 ms: reordering), both directions
#   parallel         8 kernel clients at once, 8 MiB each
#   thousand         1,000 kernel connections open at once to one listener,
#                    1 KiB echoed on each, all closed cleanly
#   s2k-inline       tcp_echo_client -> kernel, 256 MiB, inline, busy
#   s2k-threaded     tcp_echo_client -> kernel, 16 MiB, threaded, adaptive
# sluice-echo's counters must show every connection completed (peer FIN,
# everything echoed) and none failed; the impaired case must show the
# stack repaired real damage (retransmissions, checksum drops). In the s2k
# cases the client must PASS (every byte echoed intact, then end of stream)
# and the kernel server must report the whole stream echoed.
# Usage: linux_peer_tcp.sh /path/to/sluice-echo [/path/to/tcp_echo_client]
# (without the client the s2k cases fail).
# Environment (debugging): SLUICE_TCP_CASES (default: all six, in order),
# SLUICE_TCP_TOTAL_S (a client's time limit, default 240).
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
CLIENT=${2:-}
it_init "${1:-}"
PEER="$IT_DIR/tcp_echo_peer.py"
TOTAL_S=${SLUICE_TCP_TOTAL_S:-240}

FAILED=()
case_failed() { it_log "FAILED: $*"; FAILED+=("$*"); }

# check_counter CASE NAME OP VALUE
check_counter() {
  local got
  got=$(it_counter "$2")
  if sl_compare "$got" "$3" "$4"; then
    it_log "counter $2 = $got ($3 $4: ok)"
  else
    case_failed "$1: counter $2 = $got, expected $3 $4"
  fi
}

# run_clients NAME COUNT MIB: COUNT kernel clients at once, MIB each; all
# must PASS. Prints each client's summary line.
run_clients() {
  local name=$1 count=$2 mib=$3 i rc=0
  local -a pids=()
  for ((i = 0; i < count; i++)); do
    it_nsx timeout 300 "$SL_PYTHON" "$PEER" client "$SIP" 7 --bytes $((mib << 20)) --seed $((i + 1)) \
      --total-s "$TOTAL_S" >"$IT_TMP/client-$name-$i.out" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < count; i++)); do
    wait "${pids[$i]}" || rc=1
    it_log "$name client $i: $(tail -n 1 "$IT_TMP/client-$name-$i.out")"
  done
  return $rc
}

# tcp_case NAME CLIENTS MIB SLUICE-ARGS...
tcp_case() {
  local name=$1 clients=$2 mib=$3
  shift 3
  it_start_sluice "$@"
  local ok=1
  run_clients "$name" "$clients" "$mib" || ok=0
  it_stop_sluice
  [[ $ok -eq 1 ]] || case_failed "$name: a client failed (see above)"
  check_counter "$name" echo.tcp_connections -ge "$clients"
  check_counter "$name" echo.tcp_completed -ge "$clients"
  check_counter "$name" echo.tcp_failed -eq 0
  check_counter "$name" echo.tcp_bytes -ge $((clients * (mib << 20)))
  local c summary=""
  for c in segments_received segments_sent tso_segments_sent retransmitted_segments fast_retransmits timeouts \
    out_of_order_segments paws_rejected; do
    summary+=" $c=$(it_counter "tcp.$c")"
  done
  it_log "$name: sluice tcp:$summary drop.tcp_bad_checksum=$(it_counter drop.tcp_bad_checksum)"
}

# client_config MODE IDLE FILE: tcp_echo_client's stack configuration (-c).
client_config() {
  local -a mem
  mapfile -t mem < <(sl_eal_mem_args "$ID")
  printf 'eal = %s\nport = net_tap0\nipv4 = %s/24\nmode = %s\nidle = %s\n' \
    "-l $(sl_eal_lcore) --no-pci ${mem[*]} --vdev=net_tap0,iface=$IF" "$SIP" "$1" "$2" >"$3"
}

# start_kernel_server NAME: the kernel's echo server on port 7 of every
# address in the namespace, one connection. Sets SERVER_PID.
start_kernel_server() {
  local out="$IT_TMP/kserver-$1.out" err="$IT_TMP/kserver-$1.err"
  sl_spawn_bg "$out" "$err" ip netns exec "$NS" "$SL_PYTHON" "$PEER" server 0.0.0.0 7 \
    --connections 1 --max-seconds $((TOTAL_S + 30))
  SERVER_PID=$SL_LAST_PID
  sl_wait_for_line "$out" '^READY' 10 "$SERVER_PID" >/dev/null ||
    { cat "$err" >&2; it_fail "$1: kernel echo server did not start"; }
}

# start_client NAME MODE IDLE MIB: tcp_echo_client in the namespace; waits
# for its READY, then configures the kernel end of the TAP it made (the
# client retries its connect meanwhile: -W). Sets CLIENT_PID.
start_client() {
  local name=$1 out="$IT_TMP/sclient-$1.out" err="$IT_TMP/sclient-$1.err" config="$IT_TMP/client-$1.conf" ready
  local seed=$RANDOM
  client_config "$2" "$3" "$config"
  sl_spawn_bg "$out" "$err" ip netns exec "$NS" "$CLIENT" -c "$config" -n $(($4 << 20)) -s "$seed" \
    -W 10 -T "$TOTAL_S" -v "$KIP" 7
  CLIENT_PID=$SL_LAST_PID
  ready=$(sl_wait_for_line "$out" '^READY ' 60 "$CLIENT_PID") ||
    { cat "$err" >&2; it_fail "$name: tcp_echo_client did not come up"; }
  local ip mac
  read -r _ ip mac <<<"$ready"
  [[ "$ip" == "$SIP" ]] || it_fail "$name: tcp_echo_client READY reports ip '$ip', expected $SIP"
  SMAC=${mac,,}
  it_log "tcp_echo_client ($2, $3, $4 MiB, seed $seed): $ready"
  it_setup_kernel_end
}

# client_summary NAME: the client's TCP counters ("counter NAME VALUE").
client_summary() {
  local c summary=""
  for c in segments_received segments_sent tso_segments_sent retransmitted_segments fast_retransmits timeouts \
    out_of_order_segments; do
    summary+=" $c=$(sed -nE "s/^counter tcp\.$c ([0-9]+)$/\1/p" "$IT_TMP/sclient-$1.out")"
  done
  for c in port.tx_errors drop.tx_queue_full; do
    summary+=" $c=$(sed -nE "s/^counter ${c//./\\.} ([0-9]+)$/\1/p" "$IT_TMP/sclient-$1.out")"
  done
  it_log "$1: client tcp:$summary"
}

# s2k_case NAME MIB MODE IDLE: tcp_echo_client -> the kernel's echo server.
s2k_case() {
  local name=$1 mib=$2 rc=0 i out="$IT_TMP/sclient-$1.out" err="$IT_TMP/sclient-$1.err"
  [[ -x "$CLIENT" ]] || { case_failed "$name: tcp_echo_client not given or not executable ('$CLIENT')"; return 0; }
  start_kernel_server "$name"
  start_client "$name" "$3" "$4" "$mib"
  for ((i = 0; i < (TOTAL_S + 20) * 10; i++)); do
    sl_pid_alive "$CLIENT_PID" || break
    sleep 0.1
  done
  sl_stop_pid "$CLIENT_PID" 5 || rc=$?
  sl_stop_pid "$SERVER_PID" 5 || true
  it_log "$name: $(grep -E '^(PASS|FAIL)' "$out" || echo 'no summary')"
  it_log "$name: kernel echo server: $(grep -E '^echoed|^connection' "$IT_TMP/kserver-$name.out" || echo 'no connection')"
  client_summary "$name"
  if [[ $rc -ne 0 ]] || ! grep -q '^PASS' "$out"; then
    grep -E '^tcp_echo_client:|^sluice:' "$err" >&2 || tail -n 20 "$err" >&2
    case_failed "$name: $(grep -E '^FAIL' "$out" || echo 'no summary') (exit $rc)"
  elif ! grep -qE "^echoed $((mib << 20)) bytes " "$IT_TMP/kserver-$name.out"; then
    case_failed "$name: the kernel echo server did not echo the whole stream"
  fi
}

# thousand_case: 1,000 kernel connections open at once to one sluice
# listener, each echoing 1 KiB and closing cleanly; afterwards sluice holds
# no connection (it closes second: no TIME-WAIT on its side).
thousand_case() {
  local out="$IT_TMP/thousand.out" rc=0
  it_start_sluice --mode inline --idle busy
  (ulimit -n 4096 && it_nsx timeout 200 "$SL_PYTHON" "$PEER" many "$SIP" 7 --connections 1000 --bytes 1024 \
    --total-s 150) >"$out" 2>&1 || rc=$?
  it_log "thousand: $(tail -n 1 "$out")"
  sleep 1  # the last ACKs of sluice's FINs
  it_stop_sluice
  [[ $rc -eq 0 ]] || case_failed "thousand: $(tail -n 1 "$out") (exit $rc)"
  check_counter thousand echo.tcp_connections -eq 1000
  check_counter thousand echo.tcp_completed -eq 1000
  check_counter thousand echo.tcp_failed -eq 0
  check_counter thousand tcp.connections -eq 0
}

SECONDS=0
for case in ${SLUICE_TCP_CASES:-clean-inline clean-threaded impaired parallel thousand s2k-inline s2k-threaded}; do
  case $case in
    clean-inline)
      tcp_case clean-inline 1 256 --mode inline --idle busy
      # net_tap offers TSO: the echo went out as TSO segments the PMD cut,
      # and the kernel client checked every byte of it.
      check_counter clean-inline tcp.tso_segments_sent -gt 0
      ;;
    clean-threaded) tcp_case clean-threaded 1 64 --mode threaded --idle adaptive ;;
    impaired)
      tcp_case impaired 1 32 --mode inline ${SLUICE_TCP_PCAP:+--pcap "$SLUICE_TCP_PCAP"} \
        --impair "loss=2%,dup=1%,corrupt=0.1%,reorder=10%:1ms-3ms,seed=$RANDOM"
      check_counter impaired tcp.retransmitted_segments -gt 0
      ;;
    parallel) tcp_case parallel 8 8 --mode inline ;;
    thousand) thousand_case ;;
    s2k-inline) s2k_case s2k-inline 256 inline busy ;;
    s2k-threaded) s2k_case s2k-threaded 16 threaded adaptive ;;
    *) it_fail "unknown case '$case' in SLUICE_TCP_CASES" ;;
  esac
done
it_log "all cases took ${SECONDS} s"
if ((${#FAILED[@]})); then
  it_fail "${#FAILED[@]} failure(s): ${FAILED[*]}"
fi
it_pass
