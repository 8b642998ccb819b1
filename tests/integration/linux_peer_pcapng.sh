#!/usr/bin/env bash
# sluice-echo --pcap: after 10 pings from the kernel the file is a pcapng that
# tshark opens, holding ARP and ICMP echo in both directions, with no bad
# IPv4 header or ICMP checksum in any frame.
# shellcheck source-path=SCRIPTDIR source=common.sh disable=SC2119
source "$(dirname "$0")/common.sh"
it_init "$@" tshark capinfos
# --pcap is the configuration's pcap key: libsluice writes the capture and
# closes it at WSACleanup (sluice-echo's exit).
"$SL_PYTHON" -c 'import scapy.all' 2>/dev/null || it_skip "needs scapy for $SL_PYTHON"

# tshark only verifies IPv4 header checksums with this preference; it always
# verifies ICMP checksums.
TSHARK=(tshark -n -o ip.check_checksum:TRUE)
BAD='ip.checksum.status == "Bad" || icmp.checksum.status == "Bad"'

# First prove that the filter sees bad checksums in this tshark version.
"$SL_PYTHON" "$IT_DIR/malformed_frames.py" --write-bad-checksums "$IT_TMP/selftest.pcapng"
n=$("${TSHARK[@]}" -r "$IT_TMP/selftest.pcapng" -Y "$BAD" 2>/dev/null | wc -l)
[[ "$n" -eq 2 ]] || it_fail "tshark checksum filter self-test: $n of 2 bad frames found"

pcap="$IT_TMP/sluice.pcapng"
it_start_sluice --pcap "$pcap"
ip -n "$NS" neigh flush dev "$IF"
it_ping -c 10 -i 0.05 -W 2
it_stop_sluice

[[ -s "$pcap" ]] || it_fail "no capture file written"
ftype=$(capinfos -t "$pcap" 2>&1 | sed -n 's/^File type: *//p')
it_log "capture: $ftype, $(capinfos -c "$pcap" 2>/dev/null | sed -n 's/^Number of packets: *//p') frames"
[[ "$ftype" == *pcapng* ]] || it_fail "not a pcapng file: $ftype"
"${TSHARK[@]}" -r "$pcap" >"$IT_TMP/decoded.txt" 2>"$IT_TMP/tshark.err" ||
  { cat "$IT_TMP/tshark.err" >&2; it_fail "tshark cannot read the capture"; }

count() { "${TSHARK[@]}" -r "$pcap" -Y "$1" 2>/dev/null | wc -l; }
expect_count() {  # FILTER OP N DESCRIPTION
  local got
  got=$(count "$1")
  sl_compare "$got" "$2" "$3" || { cat "$IT_TMP/decoded.txt" >&2; it_fail "$4: $got frames, expected $2 $3"; }
  it_log "$4: $got frames"
}
expect_count "arp.opcode == 1 && eth.src == $KMAC && arp.dst.proto_ipv4 == $SIP" -ge 1 \
  "ARP request kernel -> sluice"
expect_count "arp.opcode == 2 && eth.src == $SMAC && eth.dst == $KMAC && arp.src.hw_mac == $SMAC && arp.src.proto_ipv4 == $SIP" -ge 1 \
  "ARP reply sluice -> kernel"
expect_count "icmp.type == 8 && ip.src == $KIP && ip.dst == $SIP && eth.dst == $SMAC" -eq 10 \
  "ICMP echo request kernel -> sluice"
expect_count "icmp.type == 0 && ip.src == $SIP && ip.dst == $KIP && eth.src == $SMAC && eth.dst == $KMAC" -eq 10 \
  "ICMP echo reply sluice -> kernel"
expect_count "$BAD" -eq 0 "bad IPv4/ICMP checksums"
expect_count "_ws.malformed || _ws.expert.severity >= \"Error\"" -eq 0 "malformed frames"
it_pass
