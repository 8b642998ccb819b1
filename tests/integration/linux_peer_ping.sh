#!/usr/bin/env bash
# Linux kernel pings sluice-echo over a TAP: 500 echoes at 2 ms intervals with
# no loss, then full-MTU (1500-byte) echoes with DF set.
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
it_init "$@"
it_start_sluice

it_ping -c 500 -i 0.002 -W 2
it_ping -c 5 -i 0.05 -s 1472 -M "do" -W 2
# 1472 bytes of payload + 8 ICMP + 20 IPv4 = 1500: the reply must be full size.
# (Output captured first: with pipefail, "ping | grep -q" fails whenever grep
# exits before ping has written its statistics and ping dies of SIGPIPE.)
full=$(it_nsx ping -n -c 1 -s 1472 -M "do" -W 2 "$SIP" 2>&1 || true)
grep -q '^1480 bytes from' <<<"$full" || { printf '%s\n' "$full" >&2; it_fail "full-MTU reply has the wrong size"; }

it_stop_sluice
it_expect_counter icmp_echo_replies -eq 506
it_expect_counter rx_frames -ge 506
it_expect_counter tx_frames -ge 506
it_pass
