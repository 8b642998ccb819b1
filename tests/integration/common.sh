# shellcheck shell=bash source-path=SCRIPTDIR
# Common part of the Linux-kernel-peer tests. Each test script:
#   source common.sh; it_init "$@"; it_start_sluice [APP ARGS]; ...; it_stop_sluice
#
# Topology: one network namespace "<id>-peer" created by the test. sluice-echo
# runs inside it on a TAP vdev "<id>t0"; the kernel end of that TAP gets
# $KIP/24 and sluice-echo $SIP/24, a random 10.x.y.0/24 that exists only in
# the namespace. Everything is removed on every exit path (scripts/lib.sh trap).
set -euo pipefail

IT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$IT_DIR/../../scripts/lib.sh"

IT_SKIP=77
IT_NAME="$(basename "$0" .sh)"

it_log()  { printf '[%s] %s\n' "$IT_NAME" "$*"; }
it_skip() { printf '[%s] SKIP: %s\n' "$IT_NAME" "$*"; exit "$IT_SKIP"; }
it_fail() { printf '[%s] FAIL: %s\n' "$IT_NAME" "$*" >&2; exit 1; }
it_pass() { printf '[%s] PASS\n' "$IT_NAME"; exit 0; }

# it_nsx CMD...: run CMD inside the test's namespace.
it_nsx() { ip netns exec "$NS" "$@"; }

# Shown on failure: the last lines of sluice-echo's output.
_it_dump_logs() {
  [[ "$SL_EXIT_RC" -ne 0 && "$SL_EXIT_RC" -ne "$IT_SKIP" ]] || return 0
  local f
  for f in "$IT_TMP/sluice.out" "$IT_TMP/sluice.err"; do
    [[ -s "$f" ]] || continue
    printf -- '--- %s (last 40 lines) ---\n' "${f##*/}" >&2
    tail -n 40 "$f" >&2
  done
}

# it_init SLUICE_ECHO [REQUIRED_COMMANDS...]
it_init() {
  SLUICE_ECHO=${1:-}
  shift || true
  [[ -n "$SLUICE_ECHO" ]] || it_fail "usage: $0 /path/to/sluice-echo"
  [[ -x "$SLUICE_ECHO" ]] || it_fail "not executable: $SLUICE_ECHO"
  sl_is_root || it_skip "needs root (network namespaces, TAP)"
  local c
  for c in ip ethtool ping "$@"; do
    command -v "$c" >/dev/null || it_skip "needs $c"
  done
  sl_netns_available || it_skip "cannot create network namespaces or /dev/net/tun missing"

  ID=$(sl_new_id)
  NS="$ID-peer"
  IF="${ID}t0"
  local net
  net=$(sl_new_subnet)
  KIP="$net.1"
  SIP="$net.2"
  IT_TMP=$(mktemp -d "/tmp/$ID.XXXXXX")
  sl_on_exit "rm -rf '$IT_TMP'"
  sl_eal_prefix_register "$ID"
  sl_on_exit _it_dump_logs
  sl_netns_create "$NS" || it_skip "ip netns add failed"
  it_log "netns $NS, tap $IF, kernel $KIP, sluice $SIP"
}

# it_start_sluice [APP ARGS...]: start sluice-echo inside the namespace, wait
# for "READY <ip> <mac>", then configure the kernel end of the TAP.
# Sets SLUICE_PID and SMAC (lower case), KMAC (the kernel end's MAC).
it_start_sluice() {
  local eal ready rc=0
  mapfile -t eal < <(sl_eal_mem_args "$ID")
  sl_spawn_bg "$IT_TMP/sluice.out" "$IT_TMP/sluice.err" \
    ip netns exec "$NS" "$SLUICE_ECHO" -l "$(sl_eal_lcore)" --no-pci "${eal[@]}" \
    "--vdev=net_tap0,iface=$IF" -- --ip "$SIP/24" "$@"
  SLUICE_PID=$SL_LAST_PID
  ready=$(sl_wait_for_line "$IT_TMP/sluice.out" '^READY ' 60 "$SLUICE_PID") || rc=$?
  case $rc in
    0) ;;
    2) it_fail "sluice-echo exited before READY" ;;
    *) it_fail "no READY line within 60 s" ;;
  esac
  local ip mac
  read -r _ ip mac <<<"$ready"
  [[ "$ip" == "$SIP" ]] || it_fail "READY reports ip '$ip', expected $SIP"
  [[ "$mac" =~ ^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$ ]] || it_fail "READY reports bad mac '$mac'"
  SMAC=${mac,,}
  it_log "sluice-echo: $ready"
  it_setup_kernel_end
}

# it_setup_kernel_end: configure the kernel end of the TAP $IF (made by the
# sluice process whose MAC is $SMAC): a MAC of its own ($KMAC), $KIP/24, up.
it_setup_kernel_end() {
  # net_tap gives the kernel end of the TAP the port's own MAC. Give it a MAC
  # of its own so that sluice must address its frames to the kernel's MAC
  # (learned by ARP) for the kernel to accept them.
  KMAC="02:4b:${ID:2:2}:${ID:4:2}:${ID:6:2}:01"
  [[ "$KMAC" != "$SMAC" ]] || KMAC="02:4b:${ID:2:2}:${ID:4:2}:${ID:6:2}:02"
  ip -n "$NS" link set "$IF" address "$KMAC"
  ip -n "$NS" addr add "$KIP/24" dev "$IF"
  ip -n "$NS" link set "$IF" up
  # The kernel must hand the TAP complete checksums (test-bench gotchas).
  it_nsx ethtool -K "$IF" tx off >/dev/null 2>&1 || true
  it_log "kernel end: $IF $KMAC $KIP/24"
}

# it_ping ARGS...: ping $SIP from the kernel end; output in $IT_TMP/ping.out.
# Fails the test unless every request got its reply.
it_ping() {
  local out="$IT_TMP/ping.out" rc=0 sent recv
  it_nsx ping -n -q "$@" "$SIP" >"$out" 2>&1 || rc=$?
  sent=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$out")
  recv=$(sed -nE 's/^[0-9]+ packets transmitted, ([0-9]+) (packets )?received.*/\1/p' "$out")
  it_log "ping $*: ${sent:-?} sent, ${recv:-?} received"
  if [[ $rc -ne 0 || -z "$sent" || "$sent" != "$recv" ]] || ! grep -q ' 0% packet loss' "$out"; then
    cat "$out" >&2
    it_fail "ping $* lost packets (exit $rc)"
  fi
}

# it_stop_sluice: SIGTERM; sluice-echo must exit 0 within 20 s. Its counters
# ("<name> <value>" lines) land in the associative array COUNTERS.
declare -A COUNTERS=()
it_stop_sluice() {
  local rc=0 name value
  sl_stop_pid "$SLUICE_PID" 20 || rc=$?
  [[ $rc -eq 0 ]] || it_fail "sluice-echo exited with status $rc after SIGTERM"
  COUNTERS=()
  while read -r name value; do
    COUNTERS[$name]=$value
  done < <(grep -E '^[A-Za-z0-9_.]+ [0-9]+$' "$IT_TMP/sluice.out" || true)
  [[ -n "${COUNTERS[rx_frames]:-}" ]] || it_fail "no rx_frames counter in sluice-echo's output"
}

# it_counter NAME: value of a counter, 0 when it was not printed.
it_counter() { printf '%s\n' "${COUNTERS[$1]:-0}"; }

# it_expect_counter NAME OP VALUE   (OP: -eq -ge -gt -le)
it_expect_counter() {
  local name=$1 op=$2 want=$3 got
  got=$(it_counter "$name")
  if ! sl_compare "$got" "$op" "$want"; then
    it_fail "counter $name = $got, expected $op $want"
  fi
  it_log "counter $name = $got ($op $want: ok)"
}
