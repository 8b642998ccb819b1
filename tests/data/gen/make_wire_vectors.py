#!/usr/bin/python3
"""Generate the golden wire vectors in tests/data/wire/ with scapy.

Run:  /usr/bin/python3 tests/data/gen/make_wire_vectors.py
(Debian's python3-scapy). The output is committed test data: the unit tests
(tests/unit/wire_*_test.cpp) read the .hex files and never run scapy.

Each vector is one complete Ethernet frame (no preamble, no FCS), written as
hex text, 16 bytes per line, after '#' comment lines that say what the frame is,
the exact scapy expression that made it and what the parser must conclude.
Every field that scapy would randomise or take from the host (IP id, ICMP id,
MAC addresses, TCP sequence numbers, timestamps) is fixed, so re-running the
script reproduces the files byte for byte (only the scapy version line may
change).
"""

import pathlib
import sys

import scapy
from scapy.layers.inet import ICMP, IP, TCP, IPerror, IPOption_Router_Alert, UDPerror, fragment
from scapy.layers.inet6 import ICMPv6EchoRequest, IPv6
from scapy.layers.l2 import ARP, Dot1AD, Dot1Q, Ether
from scapy.packet import Padding, Raw

OUT_DIR = pathlib.Path(__file__).resolve().parent.parent / "wire"

# The stack under test ("host") and its peer, used throughout.
HOST_MAC = "02:00:00:00:00:01"
PEER_MAC = "02:00:00:00:00:02"
BCAST_MAC = "ff:ff:ff:ff:ff:ff"
ZERO_MAC = "00:00:00:00:00:00"
HOST_IP = "10.0.0.2"
PEER_IP = "10.0.0.1"

# ping(8)-like echo data: 8 bytes where ping puts a timeval (fixed here),
# then the bytes 0x10..0x3f: 56 bytes in all.
PING_DATA = bytes.fromhex("6553f10000000000") + bytes(range(0x10, 0x40))
# Full-MTU echo: 1472 bytes of data, 20 + 8 + 1472 = 1500-byte IP packet.
MTU_DATA = bytes(i & 0xFF for i in range(1472))
# Link padding is filled with 0xa5 rather than zeros, so a parser that
# mistakes padding for payload gets a visibly wrong ICMP checksum.
PAD_A5 = b"\xa5"


def to_host():
    return Ether(dst=HOST_MAC, src=PEER_MAC)


def from_host():
    return Ether(dst=PEER_MAC, src=HOST_MAC)


def ip_in(**kw):
    """IPv4 from the peer to the host, fixed id/ttl unless overridden."""
    args = dict(src=PEER_IP, dst=HOST_IP, id=0x1C46, ttl=64)
    args.update(kw)
    return IP(**args)


def ip_out(**kw):
    """IPv4 from the host to the peer, fixed id/ttl unless overridden."""
    args = dict(src=HOST_IP, dst=PEER_IP, id=0x0001, ttl=64)
    args.update(kw)
    return IP(**args)


def echo_request(data=PING_DATA, **kw):
    args = dict(type=8, code=0, id=0x1234, seq=1)
    args.update(kw)
    return ICMP(**args) / Raw(data)


def arp(op, hwsrc, psrc, hwdst, pdst, **kw):
    return ARP(op=op, hwsrc=hwsrc, psrc=psrc, hwdst=hwdst, pdst=pdst, **kw)


def arp_who_has():
    return arp(1, PEER_MAC, PEER_IP, ZERO_MAC, HOST_IP)


def first_fragment():
    return fragment(ip_in(id=0x0BAD) / echo_request(bytes(2000)), fragsize=1480)[0]


def last_fragment():
    return fragment(ip_in(id=0x0BAD) / echo_request(bytes(2000)), fragsize=1480)[1]


# TCP (RFC 9293): the peer (port 40000) talks to the host (port 80). The
# peer's initial sequence number sits 4 KiB below 2^32, so its sequence
# numbers (and the SACK blocks that cover them) wrap.
PEER_PORT = 40000
HOST_PORT = 80
PEER_ISN = 0xFFFFF000
HOST_ISN = 0x5E6F7080
PEER_TSVAL = 0x00C0FFEE
HOST_TSVAL = 0x0BADF00D
# Odd length on purpose: the checksum's left-over byte (RFC 1071 4.1).
TCP_DATA = b"hello, sluice!\n"
NOP = ("NOP", None)


def peer_seq(n):
    """The peer's sequence number n bytes after its ISN, modulo 2^32."""
    return (PEER_ISN + n) % 2**32


def host_seq(n):
    return (HOST_ISN + n) % 2**32


def tcp_in(**kw):
    """TCP from the peer to the host: a SYN unless overridden."""
    args = dict(sport=PEER_PORT, dport=HOST_PORT, seq=PEER_ISN, ack=0, flags="S", window=64240)
    args.update(kw)
    return TCP(**args)


def tcp_out(**kw):
    """TCP from the host to the peer: a SYN-ACK unless overridden."""
    args = dict(sport=HOST_PORT, dport=PEER_PORT, seq=HOST_ISN, ack=peer_seq(1), flags="SA", window=65160)
    args.update(kw)
    return TCP(**args)


def tcp_ack_in(**kw):
    """An established-state segment from the peer (seq 1, ack 1)."""
    args = dict(flags="A", seq=peer_seq(1), ack=host_seq(1), window=502)
    args.update(kw)
    return tcp_in(**args)


def tcp_ack_out(**kw):
    """The host acknowledging 1448 bytes of the peer's data."""
    args = dict(flags="A", seq=host_seq(1), ack=peer_seq(1449), window=509)
    args.update(kw)
    return tcp_out(**args)


def syn_options(tsval, tsecr, wscale):
    """Linux's SYN layout: MSS, SACK-permitted, timestamps, NOP, window scale."""
    return [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (tsval, tsecr)), NOP, ("WScale", wscale)]


def sack_edges(count):
    """`count` SACK blocks of 1448 bytes with 1448-byte holes; the first wraps."""
    edges = []
    for i in range(count):
        edges += [peer_seq(1 + 1448 * (2 * i + 2)), peer_seq(1 + 1448 * (2 * i + 3))]
    return tuple(edges)


def tcp_ts_sack(count):
    """The host's ACK with NOP NOP timestamps and NOP NOP SACK(count blocks)."""
    return tcp_ack_out(options=[NOP, NOP, ("Timestamp", (HOST_TSVAL, PEER_TSVAL)), NOP, NOP,
                                ("SAck", sack_edges(count))])


def tcp_raw_options(hex_options, **kw):
    """A segment from the peer whose options area is exactly these bytes:
    the data offset covers them, so malformed options stay inside the header
    and scapy's checksum still covers every byte."""
    options = bytes.fromhex(hex_options)
    assert len(options) % 4 == 0
    return tcp_ack_in(dataofs=5 + len(options) // 4, **kw) / Raw(options)


# name -> (what it is and what the parser must conclude, scapy expression)
# The expression is evaluated here and also copied verbatim into the file.
VECTORS = {
    # ---- Ethernet / 802.1Q ----
    "eth_untagged": (
        "Untagged Ethernet II frame, type IPv4 (ICMP echo request, 4 data bytes). Valid.",
        "to_host()/ip_in()/echo_request(b'ping')"),
    "eth_vlan100_pcp5": (
        "802.1Q tagged: TPID 0x8100, PCP 5, DEI 0, VID 100 (TCI 0xa064), inner type IPv4. Valid.",
        "to_host()/Dot1Q(prio=5, id=0, vlan=100)/ip_in()/echo_request(b'ping')"),
    "eth_priority_tagged": (
        "Priority-tagged: TPID 0x8100, PCP 6, VID 0 (TCI 0xc000), inner type ARP (who-has). Valid.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/Dot1Q(prio=6, vlan=0)/arp_who_has()"),
    "eth_qinq": (
        "QinQ: outer 802.1ad S-tag 0x88a8 VID 200, inner 802.1Q VID 100, IPv4. Drop eth_stacked_vlan.",
        "to_host()/Dot1AD(vlan=200)/Dot1Q(vlan=100)/ip_in()/echo_request(b'ping')"),
    "eth_double_ctag": (
        "Two stacked 802.1Q C-tags (0x8100, 0x8100), VIDs 200 and 100. Drop eth_stacked_vlan.",
        "to_host()/Dot1Q(vlan=200)/Dot1Q(vlan=100)/ip_in()/echo_request(b'ping')"),
    "eth_truncated": (
        "13 bytes: one byte short of the Ethernet header. Drop eth_truncated.",
        "bytes(to_host()/ip_in()/echo_request(b'ping'))[:13]"),
    "eth_vlan_truncated": (
        "17 bytes: TPID 0x8100 present but the tag/inner type incomplete. Drop eth_truncated.",
        "bytes(to_host()/Dot1Q(prio=5, vlan=100)/ip_in()/echo_request(b'ping'))[:17]"),
    # ---- ARP (RFC 826) ----
    "arp_request": (
        "ARP request: who-has 10.0.0.2 tell 10.0.0.1, broadcast. Valid, 42 bytes (unpadded).",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp_who_has()"),
    "arp_reply": (
        "ARP reply: 10.0.0.2 is-at 02:00:00:00:00:01, to 10.0.0.1. Valid.",
        "from_host()/arp(2, HOST_MAC, HOST_IP, PEER_MAC, PEER_IP)"),
    "arp_gratuitous": (
        "Gratuitous ARP (RFC 5227 announcement): request with sender IP == target IP. Valid.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(1, PEER_MAC, PEER_IP, ZERO_MAC, PEER_IP)"),
    "arp_padded": (
        "ARP request padded with 18 zero bytes to the 60-byte minimum frame. Valid; padding ignored.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp_who_has()/Padding(bytes(18))"),
    "arp_bad_hlen8": (
        "ARP with hardware type 1 but hardware length 8 (32-byte body). Drop arp_bad_hardware.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(1, bytes.fromhex('0200000000000002'), PEER_IP,"
        " bytes(8), HOST_IP, hwlen=8)"),
    "arp_bad_htype6": (
        "ARP with hardware type 6 (IEEE 802), length 6. Drop arp_bad_hardware.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(1, bytes.fromhex('020000000002'), PEER_IP,"
        " bytes(6), HOST_IP, hwtype=6)"),
    "arp_bad_ptype_ipv6": (
        "ARP with protocol type 0x86dd (IPv6) and protocol length 4. Drop arp_bad_protocol.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(1, PEER_MAC, bytes([10, 0, 0, 1]),"
        " ZERO_MAC, bytes([10, 0, 0, 2]), ptype=0x86dd, plen=4)"),
    "arp_bad_plen16": (
        "ARP with protocol type 0x0800 but protocol length 16 (52-byte body). Drop arp_bad_protocol.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(1, PEER_MAC, bytes(15) + b'\\x01',"
        " ZERO_MAC, bytes(15) + b'\\x02', plen=16)"),
    "arp_bad_op3": (
        "ARP with operation 3 (RARP request). Drop arp_bad_operation.",
        "Ether(dst=BCAST_MAC, src=PEER_MAC)/arp(3, PEER_MAC, PEER_IP, ZERO_MAC, HOST_IP)"),
    "arp_truncated": (
        "ARP request cut to a 20-byte body (target addresses missing). Drop arp_truncated.",
        "bytes(Ether(dst=BCAST_MAC, src=PEER_MAC)/arp_who_has())[:14 + 20]"),
    # ---- IPv4 (RFC 791, RFC 1122 3.2.1) and ICMP (RFC 792) ----
    "icmp_echo_request": (
        "IPv4 + ICMP echo request, id 0x1234 seq 1, 56 data bytes (like ping). Valid.",
        "to_host()/ip_in()/echo_request()"),
    "icmp_echo_reply": (
        "IPv4 + ICMP echo reply to icmp_echo_request (same id/seq/data), TTL 64. Valid.",
        "from_host()/IP(src=HOST_IP, dst=PEER_IP, id=0x0001, ttl=64)/echo_request(type=0)"),
    "icmp_echo_mtu": (
        "Full-MTU echo request: 1472 data bytes, 1500-byte IP packet, DF set. Valid.",
        "to_host()/ip_in(flags='DF')/echo_request(MTU_DATA, seq=7)"),
    "icmp_dest_unreachable": (
        "ICMP destination unreachable, code 4 (fragmentation needed, next-hop MTU 1400,"
        " RFC 1191) quoting an IPv4/UDP header + 8 bytes. Valid.",
        "to_host()/ip_in(id=0x0002)/ICMP(type=3, code=4, nexthopmtu=1400)"
        "/IPerror(src=HOST_IP, dst='192.0.2.7', id=0x4242, flags='DF', len=1500, proto=17)"
        "/UDPerror(sport=40000, dport=9, len=1480)"),
    "icmp_bad_checksum": (
        "ICMP echo request with a wrong ICMP checksum (0xbeef); IPv4 header valid. Drop icmp_bad_checksum.",
        "to_host()/ip_in()/echo_request(chksum=0xbeef)"),
    "icmp_truncated": (
        "Valid IPv4 header carrying a 7-byte ICMP message (total length 27). Drop icmp_truncated.",
        "to_host()/ip_in(proto=1)/Raw(bytes.fromhex('08001234567890'))"),
    "ipv4_options_router_alert": (
        "IPv4 with IHL 6: Router Alert option (94 04 00 00, RFC 2113), ICMP echo. Valid; parse only.",
        "to_host()/ip_in(options=[IPOption_Router_Alert()])/echo_request(b'ping')"),
    "ipv4_bad_checksum": (
        "IPv4 header checksum 0xdead (wrong). Drop ipv4_bad_checksum.",
        "to_host()/ip_in(chksum=0xdead)/echo_request()"),
    "ipv4_ihl4": (
        "IPv4 with IHL 4 (16-byte header claimed). Drop ipv4_bad_ihl.",
        "to_host()/ip_in(ihl=4)/echo_request(b'ping')"),
    "ipv4_version6": (
        "An IPv6 packet (version 6) behind ethertype 0x0800. Drop ipv4_bad_version.",
        "Ether(dst=HOST_MAC, src=PEER_MAC, type=0x0800)/IPv6(src='fd00::1', dst='fd00::2', hlim=64, fl=0)"
        "/ICMPv6EchoRequest(id=0x1234, seq=1, data=b'ping')"),
    "ipv4_total_length_beyond_frame": (
        "IPv4 total length 200 but only 84 bytes present. Drop ipv4_bad_total_length.",
        "to_host()/ip_in(len=200)/echo_request()"),
    "ipv4_total_length_below_ihl": (
        "IPv4 total length 16, below IHL*4 = 20. Drop ipv4_bad_total_length.",
        "to_host()/ip_in(len=16)/echo_request(b'ping')"),
    "ipv4_truncated": (
        "Only 19 bytes of IPv4 header after Ethernet. Drop ipv4_truncated.",
        "bytes(to_host()/ip_in()/echo_request())[:14 + 19]"),
    "ipv4_padded_small": (
        "Small IPv4 echo (total length 32) in a frame padded with 0xa5 to 60 bytes. Valid;"
        " payload_len (12) comes from total length, not the frame.",
        "to_host()/ip_in()/echo_request(b'ping')/Padding(PAD_A5 * 14)"),
    "ipv4_df": (
        "IPv4 with DF set, TTL 255, TOS 0xb8 (DSCP EF), id 0xbeef, ICMP echo. Valid.",
        "to_host()/ip_in(flags='DF', ttl=255, tos=0xb8, id=0xbeef)/echo_request(b'ping')"),
    "ipv4_fragment_first": (
        "First fragment of a 2008-byte ICMP echo: MF set, offset 0, 1480 payload bytes. Valid IPv4.",
        "to_host()/first_fragment()"),
    "ipv4_fragment_last": (
        "Last fragment of the same datagram: MF clear, offset 185*8 = 1480, 528 bytes. Valid IPv4.",
        "to_host()/last_fragment()"),
    # ---- TCP (RFC 9293 3.1, 3.2; RFC 7323; RFC 2018) in IPv4 ----
    "tcp_syn": (
        "SYN: MSS 1460, SACK-permitted, TS (TSval 0xc0ffee, TSecr 0), NOP, WS 7; 40-byte header"
        " (Linux's layout, also ours). Valid.",
        "to_host()/ip_in()/tcp_in(options=syn_options(PEER_TSVAL, 0, 7))"),
    "tcp_syn_ack": (
        "SYN-ACK: MSS 1460, SACK-permitted, TS (TSval 0xbadf00d, TSecr 0xc0ffee), NOP, WS 9. Valid.",
        "from_host()/ip_out()/tcp_out(options=syn_options(HOST_TSVAL, PEER_TSVAL, 9))"),
    "tcp_syn_ecn": (
        "ECN-setup SYN (SYN, ECE, CWR; RFC 3168 6.1.1) without timestamps: MSS 1460, NOP NOP"
        " SACK-permitted, NOP WS 7. Valid.",
        "to_host()/ip_in()/tcp_in(flags='SEC', options=[('MSS', 1460), NOP, NOP, ('SAckOK', b''),"
        " NOP, ('WScale', 7)])"),
    "tcp_data_ts": (
        "Data (PSH, ACK) with NOP NOP TS (TSval 0xc0ffef, TSecr 0xbadf00d) and 15 data bytes. Valid.",
        "to_host()/ip_in()/tcp_ack_in(flags='PA', options=[NOP, NOP, ('Timestamp',"
        " (PEER_TSVAL + 1, HOST_TSVAL))])/Raw(TCP_DATA)"),
    "tcp_ack_sack1": (
        "ACK with NOP NOP TS and NOP NOP SACK, 1 block (crossing 2^32). Valid.",
        "from_host()/ip_out()/tcp_ts_sack(1)"),
    "tcp_ack_sack2": (
        "ACK with NOP NOP TS and NOP NOP SACK, 2 blocks. Valid.",
        "from_host()/ip_out()/tcp_ts_sack(2)"),
    "tcp_ack_sack3": (
        "ACK with NOP NOP TS and NOP NOP SACK, 3 blocks: 40 option bytes, the most beside TS. Valid.",
        "from_host()/ip_out()/tcp_ts_sack(3)"),
    "tcp_ack_sack4": (
        "ACK with NOP NOP SACK, 4 blocks, no timestamps (36 option bytes). Valid.",
        "from_host()/ip_out()/tcp_ack_out(options=[NOP, NOP, ('SAck', sack_edges(4))])"),
    "tcp_fin": (
        "FIN, ACK from the peer, no options. Valid.",
        "to_host()/ip_in()/tcp_ack_in(flags='FA')"),
    "tcp_rst": (
        "RST, ACK answering a SYN to a closed port (RFC 9293 3.10.7.1): seq 0, ack ISN+1,"
        " window 0, no options. Valid.",
        "from_host()/ip_out()/tcp_out(flags='RA', seq=0, window=0)"),
    "tcp_urgent": (
        "URG, PSH, ACK with urgent pointer 3 and 15 data bytes. Valid.",
        "to_host()/ip_in()/tcp_ack_in(flags='UPA', urgptr=3)/Raw(TCP_DATA)"),
    "tcp_reserved_bits": (
        "All eight control bits and all four reserved bits set (byte 12 low nibble f). Valid:"
        " flags 0xff, reserved bits ignored (RFC 9293 3.1); emit writes them zero.",
        "to_host()/ip_in()/tcp_ack_in(flags=0x1ff, reserved=7)"),
    "tcp_unknown_options": (
        "SYN with MSS, TFO cookie request (kind 34, length 2), experimental option (kind 254,"
        " length 4, RFC 6994 ExID 0xf989), WS 7, EOL padding. Valid: 2 unknown options skipped.",
        "to_host()/ip_in()/tcp_in(options=[('MSS', 1460), (34, b''), (254, bytes.fromhex('f989')),"
        " ('WScale', 7)])"),
    "tcp_eol_padding": (
        "SYN with MSS and WS back to back, padded by one EOL (scapy's layout). Valid.",
        "to_host()/ip_in()/tcp_in(options=[('MSS', 1460), ('WScale', 7)])"),
    "tcp_eol_then_garbage": (
        "Options MSS 1460, EOL, then 02 00 ff (a length-0 option if read): ignored after EOL"
        " (RFC 9293 3.2). Valid: MSS only.",
        "to_host()/ip_in()/tcp_raw_options('020405b4000200ff', flags='S', seq=PEER_ISN, ack=0)"),
    "tcp_nop_only": (
        "Four NOPs, nothing else (data offset 6). Valid: no options.",
        "to_host()/ip_in()/tcp_ack_in(options=[NOP] * 4)"),
    "tcp_nops_unaligned": (
        "SYN with NOPs in odd places: NOP, MSS (at byte 1), NOP NOP NOP, WS, NOP, SACK-permitted,"
        " EOL. Valid.",
        "to_host()/ip_in()/tcp_in(options=[NOP, ('MSS', 1460), NOP, NOP, NOP, ('WScale', 7), NOP,"
        " ('SAckOK', b'')])"),
    "tcp_ts_sack_unaligned": (
        "ACK with TS then SACK (1 block) and no NOPs: 20 option bytes, TS values unaligned. Valid.",
        "from_host()/ip_out()/tcp_ack_out(options=[('Timestamp', (HOST_TSVAL, PEER_TSVAL)),"
        " ('SAck', sack_edges(1))])"),
    "tcp_bad_checksum": (
        "Data segment as tcp_data_ts but checksum 0xbeef. Parses; checksum verification fails.",
        "to_host()/ip_in()/tcp_ack_in(flags='PA', chksum=0xbeef, options=[NOP, NOP, ('Timestamp',"
        " (PEER_TSVAL + 1, HOST_TSVAL))])/Raw(TCP_DATA)"),
    "tcp_truncated": (
        "Valid IPv4 header carrying 19 bytes of a TCP header (total length 39). Drop tcp_truncated.",
        "to_host()/ip_in(proto=6)/Raw(bytes(tcp_ack_in())[:19])"),
    "tcp_data_offset4": (
        "Data offset 4 (16-byte header claimed). Drop tcp_bad_data_offset.",
        "to_host()/ip_in()/tcp_ack_in(dataofs=4)"),
    "tcp_data_offset_beyond_segment": (
        "Data offset 15 (60 bytes) in a 24-byte segment. Drop tcp_bad_data_offset.",
        "to_host()/ip_in()/tcp_ack_in(dataofs=15)/Raw(b'abcd')"),
    "tcp_option_length0": (
        "Option kind 254 with length 0 (would loop forever if trusted). Drop tcp_bad_option_length.",
        "to_host()/ip_in()/tcp_raw_options('fe000101')"),
    "tcp_option_length1": (
        "NOP NOP, then window scale kind with length 1. Drop tcp_bad_option_length.",
        "to_host()/ip_in()/tcp_raw_options('01010301')"),
    "tcp_option_past_header": (
        "Options NOP NOP TS in a 4-byte options area: TS (length 10) would run 8 bytes into the"
        " data that follows. Drop tcp_option_past_header.",
        "to_host()/ip_in()/tcp_raw_options('0101080a', flags='PA')/Raw(TCP_DATA)"),
    "tcp_option_kind_at_end": (
        "NOP NOP NOP, then kind 2 (MSS) as the last header byte: no room for its length."
        " Drop tcp_option_past_header.",
        "to_host()/ip_in()/tcp_raw_options('01010102')"),
    "tcp_mss_wrong_length": (
        "MSS option with length 6 (02 06 05 b4 00 00), NOP NOP. Drop tcp_option_wrong_length.",
        "to_host()/ip_in()/tcp_raw_options('020605b400000101', flags='S', seq=PEER_ISN, ack=0)"),
    "tcp_ws_wrong_length": (
        "Window scale option with length 4 (03 04 07 00). Drop tcp_option_wrong_length.",
        "to_host()/ip_in()/tcp_raw_options('03040700', flags='S', seq=PEER_ISN, ack=0)"),
    "tcp_ts_wrong_length": (
        "NOP NOP, timestamps option with length 8 (08 08 + 6 bytes), NOP NOP. Drop tcp_option_wrong_length.",
        "to_host()/ip_in()/tcp_raw_options('0101080800c0ffee00000101')"),
    "tcp_sack_permitted_wrong_length": (
        "SACK-permitted with length 3 (04 03 00), NOP. Drop tcp_option_wrong_length.",
        "to_host()/ip_in()/tcp_raw_options('04030001', flags='S', seq=PEER_ISN, ack=0)"),
    "tcp_sack_wrong_length": (
        "SACK option with length 12 (not 8n + 2). Drop tcp_option_wrong_length.",
        "to_host()/ip_in()/tcp_raw_options('050c00000001000000020000')"),
    "tcp_duplicate_mss": (
        "Two MSS options (1460, then 1400). Drop tcp_duplicate_option.",
        "to_host()/ip_in()/tcp_raw_options('020405b402040578', flags='S', seq=PEER_ISN, ack=0)"),
    "tcp_duplicate_timestamps": (
        "NOP NOP TS twice (TSval 1, then 2). Drop tcp_duplicate_option.",
        "to_host()/ip_in()/tcp_raw_options('0101080a00000001000000000101080a0000000200000000')"),
}


def hex_lines(data):
    return [" ".join(f"{b:02x}" for b in data[i:i + 16]) for i in range(0, len(data), 16)]


def render(name, what, expression, data):
    header = [
        f"# {name}: {what}",
        f"# {len(data)} bytes, one Ethernet frame (no FCS).",
        f"# Made by tests/data/gen/make_wire_vectors.py (scapy {scapy.VERSION}):",
        f"#   {expression}",
    ]
    return "\n".join(header + hex_lines(data)) + "\n"


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, (what, expression) in VECTORS.items():
        data = bytes(eval(expression))  # noqa: S307 - our own constant table
        (OUT_DIR / f"{name}.hex").write_text(render(name, what, expression, data))
    print(f"wrote {len(VECTORS)} vectors to {OUT_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
