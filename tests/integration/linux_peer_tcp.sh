#!/usr/bin/env bash
# TCP between sluice and the Linux kernel over a TAP: a kernel client
# (tcp_echo_peer.py) streams a seeded pattern to sluice-echo's TCP echo port 7
# while reading the echo back, half-closes, and checks the echo byte count
# and SHA-256 against what it sent, and the end of stream after it. Cases:
#   clean-inline    256 MiB, inline engine, busy polling
#   clean-threaded   64 MiB, threaded engine, adaptive idling
#   impaired         32 MiB through sluice's fault injection on the port
#                    (loss 2%, duplication 1%, corruption 0.1%, 10% of
#                    frames held back 1-3 ms: reordering), both directions
#   parallel         8 kernel clients at once, 8 MiB each
# sluice-echo's counters must show every connection completed (peer FIN,
# everything echoed) and none failed; the impaired case must show the
# stack repaired real damage (retransmissions, checksum drops).
# Usage: linux_peer_tcp.sh /path/to/sluice-echo
# Environment (debugging): SLUICE_TCP_CASES (default: all four, in order),
# SLUICE_TCP_TOTAL_S (a client's time limit, default 240).
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
it_init "${1:-}"
PEER="$IT_DIR/tcp_echo_peer.py"

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
      --total-s "${SLUICE_TCP_TOTAL_S:-240}" >"$IT_TMP/client-$name-$i.out" 2>&1 &
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
  for c in segments_received segments_sent retransmitted_segments fast_retransmits timeouts out_of_order_segments \
    paws_rejected; do
    summary+=" $c=$(it_counter "tcp.$c")"
  done
  it_log "$name: sluice tcp:$summary drop.tcp_bad_checksum=$(it_counter drop.tcp_bad_checksum)"
}

SECONDS=0
for case in ${SLUICE_TCP_CASES:-clean-inline clean-threaded impaired parallel}; do
  case $case in
    clean-inline) tcp_case clean-inline 1 256 --mode inline --idle busy ;;
    clean-threaded) tcp_case clean-threaded 1 64 --mode threaded --idle adaptive ;;
    impaired)
      tcp_case impaired 1 32 --mode inline ${SLUICE_TCP_PCAP:+--pcap "$SLUICE_TCP_PCAP"} \
        --impair "loss=2%,dup=1%,corrupt=0.1%,reorder=10%:1ms-3ms,seed=$RANDOM"
      check_counter impaired tcp.retransmitted_segments -gt 0
      ;;
    parallel) tcp_case parallel 8 8 --mode inline ;;
    *) it_fail "unknown case '$case' in SLUICE_TCP_CASES" ;;
  esac
done
it_log "all cases took ${SECONDS} s"
if ((${#FAILED[@]})); then
  it_fail "${#FAILED[@]} failure(s): ${FAILED[*]}"
fi
it_pass
