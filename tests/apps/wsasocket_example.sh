#!/usr/bin/env bash
# Runs Microsoft's WSASocket sample (apps/examples/wsasocket_example.c, the
# seed's example program with only its includes and entry point adapted)
# against libsluice and checks its exit status and its whole standard output
# for four argument sets <family> <type> <protocol> <flags>:
#   0 2 17 1   AF_UNSPEC, SOCK_DGRAM, IPPROTO_UDP, WSA_FLAG_OVERLAPPED: the
#              socket is created (the UDP/IP entry, AF_INET; the sample prints
#              only that WSASocket succeeded, not the family it got)
#   2 1 17 1   AF_INET, SOCK_STREAM, IPPROTO_UDP: WSAEPROTONOSUPPORT (10043)
#   99 1 6 0   unknown family, SOCK_STREAM, IPPROTO_TCP: WSAEAFNOSUPPORT (10047)
#   2 9 0 0    AF_INET, unknown type 9: WSAESOCKTNOSUPPORT (10044)
# Spec: shared/spec/winsock-behaviour.md WS-SOCK-04; provider/selection.hpp.
# The sample exits 0 whether WSASocket succeeded or not (1 only for a wrong
# argument count, a failed WSAStartup or a failed closesocket), so each case
# checks status 0 and the exact text. EAL logs to stderr, which is not
# checked but shown on failure. The run uses libsluice's embedded default
# stack (SLUICE_CONFIG unset: EAL without NIC or hugepages, loopback only).
# Usage: wsasocket_example.sh /path/to/wsasocket_example
set -euo pipefail

NAME="$(basename "$0" .sh)"
log()  { printf '[%s] %s\n' "$NAME" "$*"; }
fail() { printf '[%s] FAIL: %s\n' "$NAME" "$*" >&2; exit 1; }

EXE=${1:-}
[[ -n "$EXE" ]] || fail "usage: $0 /path/to/wsasocket_example"
[[ -x "$EXE" ]] || fail "not executable: $EXE"

TMP=$(mktemp -d "/tmp/$NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# run_case EXPECTED_TEXT ARGS...: the sample must exit 0 and print exactly
# EXPECTED_TEXT (plus its final newline) on stdout.
run_case() {
  local expected=$1 rc=0
  shift
  printf '%s\n' "$expected" >"$TMP/expected"
  env -u SLUICE_CONFIG LC_ALL=C "$EXE" "$@" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
  if [[ $rc -ne 0 ]] || ! cmp -s "$TMP/expected" "$TMP/stdout"; then
    printf -- '--- %s %s: exit status %d (expected 0); stdout diff (expected, got):\n' \
      "${EXE##*/}" "$*" "$rc" >&2
    diff -u "$TMP/expected" "$TMP/stdout" >&2 || true
    if [[ -s "$TMP/stderr" ]]; then
      printf -- '--- stderr:\n' >&2
      cat "$TMP/stderr" >&2
    fi
    fail "wsasocket_example $*"
  fi
  log "$*: $(tail -n 1 "$TMP/stdout")"
}

run_case "Calling socket with following parameters:
  Address Family = Unspecified (0)
  Socket type = SOCK_DGRAM (datagram) (2)
  Protocol = 17 = IPPROTO_UDP (UDP) (17)
  Flags =   WSA_FLAG_OVERLAPPED (0x1)
WSASocket function succeeded" 0 2 17 1

run_case "Calling socket with following parameters:
  Address Family = AF_INET (IPv4) (2)
  Socket type = SOCK_STREAM (stream) (1)
  Protocol = 17 = IPPROTO_UDP (UDP) (17)
  Flags =   WSA_FLAG_OVERLAPPED (0x1)
WSASocket function failed with error = 10043" 2 1 17 1

run_case "Calling socket with following parameters:
  Address Family = Other (99)
  Socket type = SOCK_STREAM (stream) (1)
  Protocol = 6 = IPPROTO_TCP (TCP) (6)
  Flags =  (0x0)
WSASocket function failed with error = 10047" 99 1 6 0

run_case "Calling socket with following parameters:
  Address Family = AF_INET (IPv4) (2)
  Socket type = Other (9)
  Protocol = 0 = Unspecified (0)
  Flags =  (0x0)
WSASocket function failed with error = 10044" 2 9 0 0

log PASS
