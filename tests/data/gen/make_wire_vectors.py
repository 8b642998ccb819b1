#!/usr/bin/python3
"""Generate the golden wire vectors in tests/data/wire/ with scapy.

Run:  /usr/bin/python3 tests/data/gen/make_wire_vectors.py
(Debian's python3-scapy). The output is committed test data: the unit tests
(tests/unit/wire_*_test.cpp) read the .hex files and never run scapy.

Each vector is one complete Ethernet frame (no preamble, no FCS), written as
hex text, 16 bytes per line, after '#' comment lines that say what the frame is,
the exact scapy expression that made it and what the parser must conclude.
Every field that scapy would randomise or take from the host (IP id, ICMP id,
MAC addresses, timestamps) is fixed, so re-running the script reproduces the
files byte for byte (only the scapy version line may change).
"""

import pathlib
import sys

import scapy
from scapy.layers.inet import ICMP, IP, IPerror, IPOption_Router_Alert, UDPerror, fragment
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
