#!/usr/bin/env python3
"""A seeded fault-injecting Ethernet bridge between two interfaces.

    impair_bridge.py IF_A IF_B SPEC

Reads every frame arriving on IF_A and IF_B through raw AF_PACKET sockets
(ETH_P_ALL, frames this host sends, PACKET_OUTGOING, are skipped) and sends
it out of the other interface, impaired per SPEC, the text form of sluice's
--impair (nic/impair.hpp), e.g.

    loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42

Keys: loss, dup, corrupt, reorder (P or P:D or P:D1-D2, units ns/us/ms/s),
seed, dir (a2b|b2a|both; default both). Per frame and per impaired
direction, in this order, as sluice's ImpairingDevice does:
  1. loss: the frame is not forwarded;
  2. dup: a copy follows the original;
  3. corrupt: one random bit of one random byte after the 14-byte Ethernet
     header of the original is flipped (the copy stays intact);
  4. reorder: the frame (and its copy) is held for D ms, D uniform in
     [D1, D2], on a timer heap, so frames arriving later overtake it.
Each direction and each kind of impairment draws from its own seeded
random stream: the same SPEC and frame sequence give the same decisions.

Prints "READY" once both sockets are bound; on SIGTERM or SIGINT prints one
counter line per direction ("a2b frames=... dropped=...") and exits 0.

Bounds: it forwards only between the two interfaces named, and refuses to
run in the initial network namespace: the tests start it inside a middle
namespace they created (tests/integration/linux_peer_tcp_impaired.sh).
Python 3 standard library only.
"""
import heapq
import os
import random
import re
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_HLEN = 14
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_IGNORE_OUTGOING = 23
SOCKET_BUFFER = 8 << 20
MAX_FRAME = 65536
BURST = 64  # frames read from one socket before looking at the other
UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


class SpecError(ValueError):
    """A malformed impairment description."""


def parse_probability(field, text):
    percent = text.endswith("%")
    try:
        value = float(text[:-1] if percent else text)
    except ValueError:
        raise SpecError(f"{field}: '{text}' is not a probability") from None
    value = value / 100 if percent else value
    if not 0 <= value <= 1:
        raise SpecError(f"{field}: '{text}' is out of range")
    return value


def parse_duration(text):
    match = re.fullmatch(r"([0-9.]+)(ns|us|ms|s)", text)
    if not match:
        raise SpecError(f"reorder: '{text}' is not a duration (e.g. 3ms)")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_spec(text):
    """SPEC -> dict of loss, dup, corrupt, reorder, delay_lo, delay_hi (s), seed, dir."""
    spec = {"loss": 0.0, "dup": 0.0, "corrupt": 0.0, "reorder": 0.0,
            "delay_lo": 0.0, "delay_hi": 0.0, "seed": 0, "dir": "both"}
    for item in filter(None, text.split(",")):
        key, sep, value = item.partition("=")
        if not sep:
            raise SpecError(f"'{item}' is not key=value")
        if key in ("loss", "dup", "corrupt"):
            spec[key] = parse_probability(key, value)
        elif key == "reorder":
            prob, _, delays = value.partition(":")
            spec["reorder"] = parse_probability(key, prob)
            if delays:
                lo, _, hi = delays.partition("-")
                spec["delay_lo"] = parse_duration(lo)
                spec["delay_hi"] = parse_duration(hi) if hi else spec["delay_lo"]
                if spec["delay_hi"] < spec["delay_lo"]:
                    raise SpecError(f"reorder: '{delays}' is not a range")
        elif key == "seed":
            spec["seed"] = int(value)
        elif key == "dir":
            if value not in ("a2b", "b2a", "both"):
                raise SpecError(f"dir: '{value}' is not a2b, b2a or both")
            spec["dir"] = value
        else:
            raise SpecError(f"'{key}' is not a known field (loss, dup, corrupt, reorder, seed, dir)")
    return spec


class Direction:
    """One way through the bridge: its impairment streams and counters."""

    KINDS = ("loss", "dup", "corrupt", "reorder", "delay", "where")

    def __init__(self, name, spec, out_sock, impaired):
        self.name = name
        self.spec = spec
        self.out = out_sock
        self.impaired = impaired
        self.rng = {k: random.Random(f"{spec['seed']}:{name}:{k}") for k in self.KINDS}
        self.count = dict.fromkeys(
            ("frames", "forwarded", "dropped", "duplicated", "corrupted", "delayed",
             "send_errors", "held_at_exit"), 0)

    def chance(self, kind):
        p = self.spec[kind]
        return p > 0 and self.rng[kind].random() < p

    def corrupt(self, frame):
        if len(frame) <= ETH_HLEN:
            return frame
        where = self.rng["where"]
        index = where.randrange(ETH_HLEN, len(frame))
        data = bytearray(frame)
        data[index] ^= 1 << where.randrange(8)
        self.count["corrupted"] += 1
        return bytes(data)

    def judge(self, frame):
        """The frames to send for one frame received, and when (None: now)."""
        self.count["frames"] += 1
        if not self.impaired:
            return [frame], None
        if self.chance("loss"):
            self.count["dropped"] += 1
            return [], None
        frames = [frame]
        if self.chance("dup"):
            frames.append(frame)
            self.count["duplicated"] += 1
        if self.chance("corrupt"):
            frames[0] = self.corrupt(frame)
        if self.chance("reorder"):
            self.count["delayed"] += 1
            delay = self.rng["delay"].uniform(self.spec["delay_lo"], self.spec["delay_hi"])
            return frames, time.monotonic() + delay
        return frames, None

    def send(self, frame):
        try:
            self.out.send(frame)
            self.count["forwarded"] += 1
        except OSError:
            self.count["send_errors"] += 1

    def report(self, in_sock):
        kernel = ""
        try:
            packets, drops = struct.unpack("II", in_sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
            kernel = f" socket_packets={packets} socket_drops={drops}"
        except OSError:
            pass
        fields = " ".join(f"{k}={v}" for k, v in self.count.items())
        return f"{self.name} {fields}{kernel}"


def open_socket(ifname):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    for opt in (socket.SO_RCVBUF, socket.SO_SNDBUF):
        sock.setsockopt(socket.SOL_SOCKET, opt, SOCKET_BUFFER)
    try:
        sock.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    except OSError:
        pass  # older kernels: the pkttype check below does it
    sock.bind((ifname, ETH_P_ALL))
    sock.setblocking(False)
    return sock


def in_initial_netns():
    try:
        return os.stat("/proc/self/ns/net").st_ino == os.stat("/proc/1/ns/net").st_ino
    except OSError:
        return False


class Bridge:
    """The forwarding loop: two sockets, two directions, one timer heap."""

    def __init__(self, if_a, if_b, spec):
        self.sock_a, self.sock_b = open_socket(if_a), open_socket(if_b)
        a2b = spec["dir"] in ("a2b", "both")
        b2a = spec["dir"] in ("b2a", "both")
        self.dirs = {self.sock_a: Direction("a2b", spec, self.sock_b, a2b),
                     self.sock_b: Direction("b2a", spec, self.sock_a, b2a)}
        self.held = []  # (due, sequence, direction, frame)
        self.sequence = 0
        self.stopping = False

    def release_due(self):
        now = time.monotonic()
        while self.held and self.held[0][0] <= now:
            _, _, direction, frame = heapq.heappop(self.held)
            direction.send(frame)

    def drain(self, sock):
        direction = self.dirs[sock]
        for _ in range(BURST):
            try:
                frame, address = sock.recvfrom(MAX_FRAME)
            except BlockingIOError:
                return
            if address[2] == PACKET_OUTGOING:
                continue
            frames, due = direction.judge(frame)
            for f in frames:
                if due is None:
                    direction.send(f)
                else:
                    self.sequence += 1
                    heapq.heappush(self.held, (due, self.sequence, direction, f))

    def run(self):
        socks = [self.sock_a, self.sock_b]
        print("READY", flush=True)
        while not self.stopping:
            self.release_due()
            timeout = 0.2
            if self.held:
                timeout = min(timeout, max(0.0, self.held[0][0] - time.monotonic()))
            readable, _, _ = select.select(socks, [], [], timeout)
            for sock in readable:
                self.drain(sock)
        for _, _, direction, _ in self.held:
            direction.count["held_at_exit"] += 1
        for sock, direction in self.dirs.items():
            print(direction.report(sock), flush=True)

    def stop(self, *_):
        self.stopping = True


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        spec = parse_spec(argv[3])
    except (SpecError, ValueError) as e:
        print(f"impair_bridge: {e}", file=sys.stderr)
        return 2
    if in_initial_netns():
        print("impair_bridge: refusing to run in the initial network namespace", file=sys.stderr)
        return 2
    bridge = Bridge(argv[1], argv[2], spec)
    signal.signal(signal.SIGTERM, bridge.stop)
    signal.signal(signal.SIGINT, bridge.stop)
    bridge.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
