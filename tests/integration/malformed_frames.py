#!/usr/bin/python3
"""Send a burst of malformed frames to sluice-echo from the kernel end of a TAP.

Each kind is sent a distinct number of times so that a frame counted under the
wrong drop reason shows up as a mismatch. Prints one line per kind actually
sent: "<drop reason> <count>". Run inside the test's network namespace.

usage: malformed_frames.py IFACE SRC_MAC DST_MAC SRC_IP DST_IP
       malformed_frames.py --write-bad-checksums FILE.pcapng
The second form writes one frame with a bad IPv4 header checksum and one with a
bad ICMP checksum: the pcapng test uses it to prove its tshark filter works.
"""
import struct
import sys

from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, sendp  # noqa: E402
from scapy.utils import PcapNgWriter, checksum

conf.verb = 0


def arp_raw(hwtype, ptype, hwlen, plen, op, sha, spa, tha, tpa):
    return (struct.pack("!HHBBH", hwtype, ptype, hwlen, plen, op)
            + sha + spa + tha + tpa)


def write_bad_checksums(path):
    eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    ip = IP(src="10.0.0.1", dst="10.0.0.2")
    echo = ICMP(type=8, id=1, seq=1) / Raw(b"checksum self-test")
    bad_ip = eth / IP(bytes(ip / echo)[:10] + b"\x12\x34" + bytes(ip / echo)[12:])
    e = bytes(echo)
    bad_icmp = eth / ip / ICMP(e[:2] + bytes([e[2] ^ 0xff, e[3]]) + e[4:])
    writer = PcapNgWriter(path)
    writer.write(bad_ip)
    writer.write(bad_icmp)
    writer.close()


def main():
    if sys.argv[1] == "--write-bad-checksums":
        write_bad_checksums(sys.argv[2])
        return
    iface, smac, dmac, sip, dip = sys.argv[1:6]
    eth = Ether(src=smac, dst=dmac)
    mac_b = bytes.fromhex(smac.replace(":", ""))
    sip_b = bytes(map(int, sip.split(".")))
    dip_b = bytes(map(int, dip.split(".")))
    echo = ICMP(type=8, id=0x5151, seq=1) / Raw(b"sluice-malformed" * 2)

    def good_ip(**kw):
        return IP(src=sip, dst=dip, **kw)

    def ip_checksum_of(pkt):
        return IP(bytes(pkt)).chksum

    good = bytes(good_ip() / echo)
    bad_ck = ip_checksum_of(good_ip() / echo) ^ 0x5a5a
    icmp_good = ICMP(bytes(echo)).chksum

    kinds = []  # (reason, count, [frames])

    kinds.append(("ipv4_bad_checksum", 3,
                  [eth / good_ip(chksum=bad_ck) / echo]))
    # IHL 4: a 16-byte header is illegal whatever the rest says.
    kinds.append(("ipv4_bad_ihl", 4, [eth / good_ip(ihl=4) / echo]))
    # Total length beyond the frame, and below the header length.
    kinds.append(("ipv4_bad_total_length", 5,
                  [eth / good_ip(len=1000) / echo,
                   eth / good_ip(len=19) / echo]))
    # Only 12 bytes of the 20-byte header.
    kinds.append(("ipv4_truncated", 6,
                  [Ether(src=smac, dst=dmac, type=0x0800) / Raw(good[:12])]))
    # Version 6 under the IPv4 ethertype.
    kinds.append(("ipv4_bad_version", 7,
                  [Ether(src=smac, dst=dmac, type=0x0800) / good_ip(version=6) / echo]))
    # ARP request for our address with hardware length 8 / protocol length 6.
    kinds.append(("arp_bad_hardware", 8,
                  [Ether(src=smac, dst="ff:ff:ff:ff:ff:ff", type=0x0806) /
                   Raw(arp_raw(1, 0x0800, 8, 4, 1, mac_b + b"\0\0", sip_b,
                               b"\0" * 8, dip_b))]))
    kinds.append(("arp_bad_protocol", 9,
                  [Ether(src=smac, dst="ff:ff:ff:ff:ff:ff", type=0x0806) /
                   Raw(arp_raw(1, 0x0800, 6, 6, 1, mac_b, sip_b + b"\0\0",
                               b"\0" * 6, dip_b + b"\0\0"))]))
    # Echo request whose ICMP checksum is wrong (IPv4 header is fine).
    kinds.append(("icmp_bad_checksum", 10,
                  [eth / good_ip() / ICMP(bytes(echo)[:2] +
                                          struct.pack("!H", icmp_good ^ 0xa5a5) +
                                          bytes(echo)[4:])]))
    # A first fragment (MF) and a later fragment (offset 185 x 8 bytes).
    kinds.append(("ipv4_fragment", 11,
                  [eth / good_ip(flags="MF", id=0x1234) / echo,
                   eth / good_ip(frag=185, id=0x1234, proto=1) / Raw(b"x" * 40)]))
    # 802.1Q ethertype with no room for the tag: shorter than its header.
    kinds.append(("eth_truncated", 12,
                  [Ether(src=smac, dst=dmac, type=0x8100)]))

    # Sanity: the frames really are what their names say.
    for reason, _, frames in kinds:
        for f in frames:
            b = bytes(f)
            if reason == "ipv4_bad_checksum":
                assert checksum(b[14:34]) != 0
            if reason == "icmp_bad_checksum":
                assert checksum(b[14:34]) == 0 and checksum(b[34:]) != 0
            if reason == "eth_truncated":
                assert len(b) == 14

    for reason, count, frames in kinds:
        batch = [frames[i % len(frames)] for i in range(count)]
        try:
            sendp(batch, iface=iface, inter=0.001)
        except OSError as e:
            # The kernel refuses some runt frames on some devices.
            print(f"# {reason}: not sent ({e})", file=sys.stderr)
            continue
        print(f"{reason} {count}", flush=True)


if __name__ == "__main__":
    main()
