# shellcheck shell=bash
# Shared helpers for scripts/test, scripts/demo and tests/integration/*.sh.
# Source it; it sets no shell options of its own and installs one
# EXIT/INT/TERM trap that runs the registered clean-up actions in reverse order.
#
#   sl_install_deps          install missing Debian packages (root, apt-get)
#   sl_hugepages             >= 512 x 2 MiB hugepages, hugetlbfs on /dev/hugepages
#   sl_configure DIR [OPTS…] meson setup (if needed) / meson configure
#   sl_build DIR [OPTS...]   sl_configure + ninja
#   sl_new_id                unique short id (8 chars) for netns/iface/prefix names
#   sl_netns_create NAME     ip netns add + lo up, deleted on exit
#   sl_spawn_bg OUT ERR CMD… start a background process, remember its pid
#   sl_stop_pid PID [SECS]   SIGTERM, wait, SIGKILL; returns its exit status
#   sl_wait_pid PID          wait (no polling) for it to end by itself
#   sl_on_exit 'CMD'         run CMD at exit (reverse registration order)
#   sl_eal_mem_args PREFIX   EAL memory options (--in-memory or --no-huge) + prefix
#   sl_eal_prefix_register P remove /var/run/dpdk/P at exit
#   sl_wait_for_line F RE T PID   wait for a line of output (READY)
# Namespaces and EAL prefixes are also handed to a detached guard that removes
# them if this shell is SIGKILLed before its trap can run.

if [[ -n "${_SL_LIB_SOURCED:-}" ]]; then return 0; fi
_SL_LIB_SOURCED=1

SL_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The interpreter that has scapy (a pyenv python3 may come first on PATH).
# shellcheck disable=SC2034  # used by the scripts that source this file
SL_PYTHON=/usr/bin/python3

SL_PACKAGES=(
  dpdk dpdk-dev libdpdk-dev meson ninja-build pkg-config g++
  libboost-dev libgtest-dev libgmock-dev
  iproute2 ethtool iputils-ping iputils-arping tcpdump tshark
  python3-scapy nftables
  # The TAP and af_packet PMDs are only Recommends of dpdk: name them for
  # images that do not install recommended packages.
  librte-net-tap23 librte-net-af-packet23
)

# ---------------------------------------------------------------- logging --
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _SL_B=$'\e[1m' _SL_R=$'\e[31m' _SL_Y=$'\e[33m' _SL_N=$'\e[0m'
else
  _SL_B='' _SL_R='' _SL_Y='' _SL_N=''
fi
sl_log()     { printf '%s\n' "$*" >&2; }
sl_heading() { printf '\n%s== %s ==%s\n' "$_SL_B" "$*" "$_SL_N"; }
sl_warn()    { printf '%swarning:%s %s\n' "$_SL_Y" "$_SL_N" "$*" >&2; }
sl_die()     { printf '%serror:%s %s\n' "$_SL_R" "$_SL_N" "$*" >&2; exit 1; }

sl_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# sl_compare A OP B: integer comparison with OP one of -eq -ne -lt -le -gt -ge.
sl_compare() {
  case $2 in
    -eq) (($1 == $3)) ;; -ne) (($1 != $3)) ;;
    -lt) (($1 < $3)) ;;  -le) (($1 <= $3)) ;;
    -gt) (($1 > $3)) ;;  -ge) (($1 >= $3)) ;;
    *) sl_die "sl_compare: bad operator $2" ;;
  esac
}

# ---------------------------------------------------------------- clean-up --
_SL_CLEANUP=()
declare -A _SL_PIDS=()

# Register a command string to run at exit (eval'd; last registered runs first).
sl_on_exit() { _SL_CLEANUP+=("$*"); }

_sl_run_cleanup() {
  local i pid
  # Processes first: they live inside the namespaces removed below.
  for pid in "${!_SL_PIDS[@]}"; do
    sl_stop_pid "$pid" 5 >/dev/null 2>&1 || true
  done
  for ((i = ${#_SL_CLEANUP[@]} - 1; i >= 0; i--)); do
    eval "${_SL_CLEANUP[i]}" || true
  done
  _SL_CLEANUP=()
}
# SL_EXIT_RC holds the exit status while clean-up actions run.
SL_EXIT_RC=0
_sl_exit_trap() {
  local rc=$?
  SL_EXIT_RC=$rc
  trap - EXIT INT TERM
  _sl_run_cleanup
  exit "$rc"
}
_sl_signal_trap() {
  local code=$1
  # shellcheck disable=SC2034  # read by clean-up actions
  SL_EXIT_RC=$code
  trap - EXIT INT TERM
  sl_log "interrupted: cleaning up"
  _sl_run_cleanup
  exit "$code"
}
trap _sl_exit_trap EXIT
trap '_sl_signal_trap 130' INT
trap '_sl_signal_trap 143' TERM

# ---------------------------------------------------------------- guard --
# The EXIT trap cannot run when this shell is SIGKILLed (meson test sends
# SIGKILL to a test's process group 0.5 s after SIGTERM on a timeout). A
# detached guard (own session, so it survives that) waits for this shell to
# end, then deletes what is still listed in its file: our namespaces (ending
# the processes inside them, which are all ours) and our DPDK runtime
# directories. On a normal exit the trap has already removed them and the
# guard finds nothing to do.
_SL_GUARD_FILE=""

# Field 22 of /proc/PID/stat: start time, to tell a reused pid apart.
_sl_starttime() {
  local stat
  read -r stat </proc/"$1"/stat 2>/dev/null || return 1
  stat=${stat##*) }
  # shellcheck disable=SC2086  # split the fields on purpose
  set -- $stat
  printf '%s\n' "${20}"
}

_sl_guard_start() {
  [[ -z "$_SL_GUARD_FILE" ]] || return 0
  _SL_GUARD_FILE=$(mktemp /tmp/sluice-guard.XXXXXX)
  local start
  start=$(_sl_starttime $$)
  # shellcheck disable=SC2016  # the guard's script is expanded by the guard
  setsid bash -c '
    parent=$1 start=$2 file=$3
    alive() {
      local stat
      read -r stat </proc/"$parent"/stat 2>/dev/null || return 1
      stat=${stat##*) }
      [[ ${stat:0:1} != Z ]] || return 1
      set -- $stat
      [[ ${20} == "$start" ]]
    }
    while alive; do sleep 0.5; done
    while read -r kind arg; do
      case $kind in
        netns)
          ip netns list 2>/dev/null | grep -q "^$arg\b" || continue
          for pid in $(ip netns pids "$arg" 2>/dev/null); do kill -KILL "$pid"; done
          sleep 0.2
          ip netns delete "$arg" ;;
        dir) rm -rf -- "$arg" ;;
      esac
    done <"$file"
    rm -f -- "$file"
  ' sluice-guard "$$" "$start" "$_SL_GUARD_FILE" </dev/null >/dev/null 2>&1 &
}

# sl_guard_add netns NAME | dir PATH: have the guard remove it should this
# shell die without running its EXIT trap.
sl_guard_add() {
  _sl_guard_start
  printf '%s %s\n' "$1" "$2" >>"$_SL_GUARD_FILE"
}

# ---------------------------------------------------------------- processes --
# True while PID exists and is not a zombie (kill -0 succeeds on zombies).
sl_pid_alive() {
  local pid=$1 stat
  [[ -r /proc/$pid/stat ]] || return 1
  read -r stat </proc/"$pid"/stat 2>/dev/null || return 1
  stat=${stat##*) }            # "S ppid ..." after the "(comm) " field
  [[ "${stat:0:1}" != Z ]]
}

# sl_spawn_bg OUTFILE ERRFILE CMD [ARGS...]: start CMD in the background with
# stdin from /dev/null; its pid is in SL_LAST_PID and is killed at exit.
# The files are emptied before it returns (the background job's own
# redirections may run later), so a reused OUTFILE never shows an earlier
# process's lines to sl_wait_for_line.
sl_spawn_bg() {
  local out=$1 err=$2
  shift 2
  : >"$out"
  : >"$err"
  "$@" </dev/null >"$out" 2>"$err" &
  SL_LAST_PID=$!
  _SL_PIDS[$SL_LAST_PID]=1
}

# sl_stop_pid PID [GRACE_SECONDS]: SIGTERM, wait up to GRACE (default 10 s),
# then SIGKILL. Only for pids started by sl_spawn_bg (our own children).
# Returns the process's exit status (128+n if killed by signal n).
sl_stop_pid() {
  local pid=$1 grace=${2:-10} i rc=0
  [[ -n "${_SL_PIDS[$pid]:-}" ]] || { sl_warn "sl_stop_pid: $pid is not ours"; return 1; }
  if sl_pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      sl_pid_alive "$pid" || break
      sleep 0.1
    done
    if sl_pid_alive "$pid"; then
      sl_warn "pid $pid ignored SIGTERM for ${grace}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || rc=$?
  unset "_SL_PIDS[$pid]"
  return "$rc"
}

# sl_wait_pid PID: waits for a pid started by sl_spawn_bg to end by itself
# (bash's wait: no polling, so nothing wakes up meanwhile; bound it by
# starting the command under timeout(1)) and forgets it. Returns its exit
# status.
sl_wait_pid() {
  local pid=$1 rc=0
  [[ -n "${_SL_PIDS[$pid]:-}" ]] || { sl_warn "sl_wait_pid: $pid is not ours"; return 1; }
  wait "$pid" || rc=$?
  unset "_SL_PIDS[$pid]"
  return "$rc"
}

# ---------------------------------------------------------------- ids --
# sl_new_id: prints a short unique id: "sl" + 6 hex digits. With "t0" appended
# it makes a 10-character interface name (limit: 15).
sl_new_id() {
  printf 'sl%s\n' "$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
}

# sl_new_subnet: prints "10.X.Y" for a random /24 used only inside our netns.
sl_new_subnet() {
  printf '10.%d.%d\n' $((RANDOM % 200 + 20)) $((RANDOM % 254 + 1))
}

# ---------------------------------------------------------------- packages --
sl_missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$p"
  done
}

# sl_install_deps [EXTRA_PACKAGES...]: apt-get only what is missing.
sl_install_deps() {
  local missing
  mapfile -t missing < <(sl_missing_packages "${SL_PACKAGES[@]}" "$@")
  if ((${#missing[@]} == 0)); then
    sl_log "packages: all present"
    return 0
  fi
  sl_is_root || sl_die "missing packages (${missing[*]}); run as root to install them"
  command -v apt-get >/dev/null || sl_die "missing packages (${missing[*]}) and no apt-get"
  sl_log "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture: answer "no" up front.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' |
    debconf-set-selections 2>/dev/null || true
  apt-get update -q
  apt-get install -y -q "${missing[@]}" </dev/null
}

# ---------------------------------------------------------------- hugepages --
SL_HUGEPAGES_WANTED=512

# Raise (never lower) the 2 MiB hugepage count and mount hugetlbfs. Warns and
# returns 1 instead of failing when the machine will not let us (containers).
sl_hugepages() {
  local nr=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages cur
  if ! sl_is_root; then
    sl_warn "not root: leaving hugepages as they are"
    return 1
  fi
  cur=$(cat "$nr" 2>/dev/null || echo 0)
  if ((cur < SL_HUGEPAGES_WANTED)); then
    if ! echo "$SL_HUGEPAGES_WANTED" >"$nr" 2>/dev/null; then
      sl_warn "cannot write $nr"
    fi
    cur=$(cat "$nr" 2>/dev/null || echo 0)
    ((cur >= SL_HUGEPAGES_WANTED)) ||
      sl_warn "only $cur of $SL_HUGEPAGES_WANTED hugepages available"
  fi
  if ! grep -qs '^[^ ]* /dev/hugepages hugetlbfs ' /proc/mounts; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null ||
      { sl_warn "cannot mount hugetlbfs on /dev/hugepages"; return 1; }
  fi
  sl_log "hugepages: $cur x 2 MiB, hugetlbfs on /dev/hugepages"
}

# Free 2 MiB hugepages in MiB.
sl_hugepages_free_mb() {
  awk '/^HugePages_Free:/ {f=$2} /^Hugepagesize:/ {s=$2} END {print int(f*s/1024)}' /proc/meminfo
}

# sl_eal_mem_args PREFIX: prints the EAL memory options, one per line:
# --in-memory with hugepages when enough are free, otherwise --no-huge.
# A unique --file-prefix is always given: EAL creates /var/run/dpdk/<prefix>
# even in --in-memory mode; sl_eal_cleanup PREFIX removes it.
sl_eal_mem_args() {
  local prefix=$1
  if (($(sl_hugepages_free_mb) >= 256)); then
    printf '%s\n' --in-memory "--file-prefix=$prefix"
  else
    printf '%s\n' --no-huge --no-shconf -m 512 "--file-prefix=$prefix"
  fi
}
# sl_eal_prefix_register PREFIX: remove PREFIX's runtime directory at exit
# (and through the guard, should this shell be killed).
sl_eal_prefix_register() {
  [[ "$1" =~ ^[A-Za-z0-9_-]+$ ]] || sl_die "bad EAL file prefix '$1'"
  sl_guard_add dir "/var/run/dpdk/$1"
  sl_on_exit "sl_eal_cleanup '$1'"
}
sl_eal_cleanup() {
  local prefix=$1
  [[ -n "$prefix" ]] || return 0
  rm -rf -- "/var/run/dpdk/$prefix"
  rm -f -- /dev/hugepages/"$prefix"map_* 2>/dev/null || true
}

# sl_eal_lcore: the lcore for a single-core DPDK process (the last CPU, so that
# the kernel's side of a test tends to run on another one).
sl_eal_lcore() {
  local n
  n=$(nproc 2>/dev/null || echo 1)
  echo $((n > 1 ? n - 1 : 0))
}

# ---------------------------------------------------------------- build --
sl_jobs() { nproc 2>/dev/null || echo 2; }

# sl_configure DIR [MESON_OPTIONS...]: meson setup DIR once; when it already
# exists, re-apply OPTIONS (meson configure) instead.
sl_configure() {
  local dir=$1
  shift
  if [[ -f "$dir/meson-private/coredata.dat" ]]; then
    if (($# > 0)); then
      meson configure "$dir" "$@" >/dev/null
    fi
  else
    meson setup "$dir" "$SL_REPO_ROOT" "$@"
  fi
}

# The normal build's options, stated so that a build dir made before a change
# of the project's defaults is brought in line (meson keeps a dir's options).
SL_NORMAL_BUILD_OPTIONS=(-Dbuildtype=release -Db_lto=true -Db_sanitize=none)

# sl_build DIR [MESON_OPTIONS...]: configure, then build everything.
sl_build() {
  sl_configure "$@"
  ninja -C "$1" -j "$(sl_jobs)"
}

# ---------------------------------------------------------------- netns --
# sl_netns_available: true when we can create network namespaces and TAP
# devices (root, iproute2 with netns, /dev/net/tun).
sl_netns_available() {
  sl_is_root || return 1
  command -v ip >/dev/null || return 1
  [[ -c /dev/net/tun ]] || return 1
  local probe="slprobe$$"
  ip netns add "$probe" 2>/dev/null || return 1
  ip netns delete "$probe" 2>/dev/null || true
}

# sl_netns_create NAME: create NAME with loopback up and IPv6 off (quiet
# captures); it is deleted at exit, after the processes we started inside.
sl_netns_create() {
  local ns=$1
  sl_guard_add netns "$ns"
  ip netns add "$ns" || return 1
  sl_on_exit "sl_netns_delete '$ns'"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
    net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

# sl_netns_delete NAME: end what is still running inside our namespace (all of
# it was started by this script), then delete it.
sl_netns_delete() {
  local ns=$1 pid pids i
  ip netns list 2>/dev/null | grep -q "^$ns\b" || return 0
  mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
  if ((${#pids[@]})); then
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 30; i++)); do
      mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
      ((${#pids[@]})) || break
      sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  ip netns delete "$ns" 2>/dev/null || sl_warn "could not delete netns $ns"
}

# sl_wait_for_line FILE REGEX TIMEOUT_S PID: wait until a line of FILE matches
# REGEX; fails when PID exits first or on timeout. Prints the matching line.
sl_wait_for_line() {
  local file=$1 re=$2 timeout=$3 pid=$4 i line
  for ((i = 0; i < timeout * 20; i++)); do
    line=$(grep -m1 -E -- "$re" "$file" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      printf '%s\n' "$line"
      return 0
    fi
    if [[ -n "$pid" ]] && ! sl_pid_alive "$pid"; then
      # One more look: it may have printed and exited.
      line=$(grep -m1 -E -- "$re" "$file" 2>/dev/null || true)
      [[ -n "$line" ]] && { printf '%s\n' "$line"; return 0; }
      return 2
    fi
    sleep 0.05
  done
  return 1
}
