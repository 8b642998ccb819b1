#!/usr/bin/env python3
"""The Linux kernel's side of tests/integration/linux_peer_udp.sh: an RFC 862
UDP echo client and an RFC 862 UDP echo server on kernel sockets. Standard
library only.

  udp_echo_peer.py client SERVER_IP PORT [--count N] [--max-size M] [--window W]
                   [--timeout-ms T] [--retries R] [--total-s S]
      Sends N datagrams of 1 + i % M bytes (i's sequence number, little
      endian, truncated to the size, then a pattern seeded by i), at most W in
      flight, and checks that every one comes back from SERVER_IP:PORT byte
      for byte. A datagram not echoed in time is sent again, at most R times;
      the timeout follows the measured round-trip time (RFC 6298, Karn's
      rule; at least T ms, doubled per retransmission, at most 3 s), so a
      slow echo is not taken for a lost one. S seconds bound the run. Prints one summary line; exit 0 only if all came back intact,
      none was corrupt or from elsewhere, and there were no more duplicates
      than retransmissions.

  udp_echo_peer.py server BIND_IP PORT [--max-seconds S]
      Echoes every datagram to its sender until SIGTERM/SIGINT or S seconds
      (default 120); prints "READY" once bound and "echoed N datagrams" at
      the end.
"""
import argparse
import random
import select
import signal
import socket
import sys
import time


def payload(seq: int, size: int) -> bytes:
    head = seq.to_bytes(4, "little")
    if size <= 4:
        return head[:size]
    return head + random.Random(seq).randbytes(size - 4)


class Rtt:
    """RFC 6298 round-trip estimator; rto() in seconds, at least min_rto."""

    MAX_RTO = 3.0

    def __init__(self, min_rto: float):
        self.min_rto = min_rto
        self.srtt = None
        self.rttvar = 0.0

    def sample(self, r: float) -> None:
        if self.srtt is None:
            self.srtt, self.rttvar = r, r / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - r)
            self.srtt = 0.875 * self.srtt + 0.125 * r

    def rto(self) -> float:
        if self.srtt is None:
            return self.min_rto
        return min(self.MAX_RTO, max(self.min_rto, self.srtt + 4 * self.rttvar))


def client(args: argparse.Namespace) -> int:
    server = (args.server, args.port)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind(("0.0.0.0", 0))
    # payload -> [seq, sent_at, deadline, rto, tries]
    outstanding = {}
    echoed_payloads = set()
    echoed = retransmissions = duplicates = 0
    next_seq = 0
    rtt = Rtt(args.timeout_ms / 1000)
    start = time.monotonic()
    give_up = start + args.total_s
    failure = None

    while echoed < args.count and failure is None:
        now = time.monotonic()
        if now >= give_up:
            failure = f"gave up after {args.total_s} s with {echoed} of {args.count} echoed"
            break
        while len(outstanding) < args.window and next_seq < args.count:
            data = payload(next_seq, 1 + next_seq % args.max_size)
            rto = rtt.rto()
            outstanding[data] = [next_seq, now, now + rto, rto, 0]
            sock.sendto(data, server)
            next_seq += 1
        earliest = now + 0.1
        for data, slot in outstanding.items():
            if now >= slot[2]:
                if slot[4] >= args.retries:
                    failure = (f"datagram {slot[0]} ({len(data)} bytes) not echoed after {slot[4]} "
                               f"retransmissions (last timeout {slot[3] * 1000:.0f} ms)")
                    break
                slot[4] += 1
                slot[3] = min(Rtt.MAX_RTO, slot[3] * 2)
                slot[1], slot[2] = now, now + slot[3]
                retransmissions += 1
                sock.sendto(data, server)
            earliest = min(earliest, slot[2])
        if failure:
            break
        readable, _, _ = select.select([sock], [], [], max(0.0, earliest - now))
        if not readable:
            continue
        data, sender = sock.recvfrom(65536)
        if sender != server:
            failure = f"{len(data)}-byte datagram from {sender}, not the server"
        elif data in outstanding:
            slot = outstanding.pop(data)
            if slot[4] == 0:  # Karn: only datagrams sent once give a sample
                rtt.sample(time.monotonic() - slot[1])
            echoed_payloads.add(data)
            echoed += 1
        elif data in echoed_payloads:
            duplicates += 1
        else:
            failure = f"corrupt echo of {len(data)} bytes: {data[:16].hex()}"
    if failure is None and duplicates > retransmissions:
        failure = f"{duplicates} duplicate echoes but only {retransmissions} retransmissions"
    elapsed = time.monotonic() - start
    verdict = "PASS" if failure is None else "FAIL"
    srtt_us = (rtt.srtt or 0) * 1e6
    print(f"{verdict}: {echoed} of {args.count} datagrams (1..{args.max_size} bytes) echoed intact by "
          f"{args.server}:{args.port}, {retransmissions} retransmissions, {duplicates} duplicates, "
          f"{elapsed * 1000:.0f} ms ({echoed / elapsed:.0f} datagrams/s, srtt {srtt_us:.0f} us)", flush=True)
    if failure:
        print(f"udp_echo_peer client: {failure}", file=sys.stderr, flush=True)
        return 1
    return 0


def server(args: argparse.Namespace) -> int:
    stop = False

    def on_signal(_signum, _frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((args.bind, args.port))
    print("READY", flush=True)
    echoed = 0
    end = time.monotonic() + args.max_seconds
    while not stop and time.monotonic() < end:
        try:
            readable, _, _ = select.select([sock], [], [], 0.1)
        except InterruptedError:
            continue
        if not readable:
            continue
        data, sender = sock.recvfrom(65536)
        sock.sendto(data, sender)
        echoed += 1
    print(f"echoed {echoed} datagrams", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="role", required=True)
    c = sub.add_parser("client")
    c.add_argument("server")
    c.add_argument("port", type=int)
    c.add_argument("--count", type=int, default=10000)
    c.add_argument("--max-size", type=int, default=1472)
    c.add_argument("--window", type=int, default=16)
    c.add_argument("--timeout-ms", type=int, default=200)
    c.add_argument("--retries", type=int, default=5)
    c.add_argument("--total-s", type=float, default=60)
    s = sub.add_parser("server")
    s.add_argument("bind")
    s.add_argument("port", type=int)
    s.add_argument("--max-seconds", type=float, default=120)
    args = parser.parse_args()
    return client(args) if args.role == "client" else server(args)


if __name__ == "__main__":
    sys.exit(main())
