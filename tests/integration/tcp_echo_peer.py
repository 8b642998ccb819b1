#!/usr/bin/env python3
"""The Linux kernel's side of the TCP interop tests (linux_peer_tcp.sh).

client HOST PORT --bytes N: connects, streams N bytes of a seeded
    pseudo-random pattern while reading the echo back on another thread,
    checks that the echo is the same stream (SHA-256 of what was sent and
    of what came back, plus the byte count), half-closes (shutdown SHUT_WR)
    and expects end of stream after the last echoed byte. Prints one summary
    line: "PASS <bytes> bytes sha256 <hex> <MB/s> MB/s" or "FAIL <reason>".
many HOST PORT --connections N --bytes B: N connections open at once (all
    connected before any data moves), each sends B bytes of its own pattern,
    reads the echo back, half-closes and waits for the end of stream; every
    echo must match. One summary line like the client's.
server HOST PORT: a kernel echo server for sluice's client; prints READY
    once listening; echoes each connection until its peer half-closes, then
    half-closes too; exits after --connections connections or --max-seconds.

Only addresses of namespaces the calling test created are ever given here.
"""
import argparse
import hashlib
import socket
import sys
import threading
import time

CHUNK = 65536


def pattern_chunks(total, seed):
    """Yields `total` bytes of a deterministic pattern in CHUNK pieces."""
    block = hashlib.sha256(seed.to_bytes(8, "big")).digest()
    unit = bytearray()
    counter = 0
    while len(unit) < CHUNK:
        unit += hashlib.sha256(block + counter.to_bytes(8, "big")).digest()
        counter += 1
    unit = bytes(unit[:CHUNK])
    sent = 0
    index = 0
    while sent < total:
        n = min(CHUNK, total - sent)
        # Each chunk differs (its index in front) so misplaced data is caught.
        piece = index.to_bytes(8, "big") + unit[8:n] if n >= 8 else unit[:n]
        yield piece[:n]
        sent += n
        index += 1


def set_congestion_control(sock, name):
    """TCP_CONGESTION on one socket (root may pick any loaded algorithm, not
    only the system's allowed list); a listener's choice is inherited."""
    if name:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, name.encode())


def run_client(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    set_congestion_control(sock, args.cc)
    sock.settimeout(args.connect_timeout)
    sock.connect((args.host, args.port))
    sock.settimeout(args.total_s)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sent_hash = hashlib.sha256()
    echo_hash = hashlib.sha256()
    received = [0]
    error = []

    def reader():
        try:
            while True:
                data = sock.recv(262144)
                if not data:
                    return
                echo_hash.update(data)
                received[0] += len(data)
        except OSError as e:  # timeout or reset
            error.append(f"receive: {e}")

    start = time.monotonic()
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        for piece in pattern_chunks(args.bytes, args.seed):
            sent_hash.update(piece)
            sock.sendall(piece)
        sock.shutdown(socket.SHUT_WR)
    except OSError as e:
        error.append(f"send: {e}")
    thread.join(args.total_s)
    elapsed = time.monotonic() - start
    sock.close()
    if thread.is_alive():
        return f"FAIL no end of stream after {args.total_s}s: {received[0]} of {args.bytes} bytes echoed"
    if error:
        return f"FAIL {error[0]} after {received[0]} of {args.bytes} bytes echoed"
    if received[0] != args.bytes:
        return f"FAIL echoed {received[0]} bytes, sent {args.bytes}"
    if echo_hash.digest() != sent_hash.digest():
        return f"FAIL echo sha256 {echo_hash.hexdigest()} != sent {sent_hash.hexdigest()}"
    rate = 2 * args.bytes / elapsed / 1e6
    return f"PASS {args.bytes} bytes sha256 {sent_hash.hexdigest()} {rate:.1f} MB/s ({elapsed:.2f} s)"


def run_many(args):
    """N concurrent connections driven by one selector (no threads)."""
    import selectors
    sel = selectors.DefaultSelector()
    conns = []
    deadline = time.monotonic() + args.total_s
    for i in range(args.connections):
        s = socket.create_connection((args.host, args.port), timeout=args.connect_timeout)
        s.setblocking(False)
        want = bytes((i * 7 + k) & 0xFF for k in range(args.bytes))
        conns.append({"sock": s, "want": want, "sent": 0, "got": bytearray(), "eof": False, "index": i})
    start = time.monotonic()
    for c in conns:
        sel.register(c["sock"], selectors.EVENT_READ | selectors.EVENT_WRITE, c)
    open_count = len(conns)
    while open_count and time.monotonic() < deadline:
        for key, events in sel.select(timeout=1.0):
            c = key.data
            if events & selectors.EVENT_WRITE and c["sent"] < len(c["want"]):
                c["sent"] += c["sock"].send(c["want"][c["sent"]:])
                if c["sent"] == len(c["want"]):
                    c["sock"].shutdown(socket.SHUT_WR)
                    sel.modify(c["sock"], selectors.EVENT_READ, c)
            if events & selectors.EVENT_READ:
                data = c["sock"].recv(65536)
                if data:
                    c["got"] += data
                else:
                    c["eof"] = True
                    sel.unregister(c["sock"])
                    c["sock"].close()
                    open_count -= 1
    elapsed = time.monotonic() - start
    unfinished = [c["index"] for c in conns if not c["eof"]]
    if unfinished:
        return f"FAIL {len(unfinished)} connections without end of stream, first {unfinished[0]}"
    wrong = [c["index"] for c in conns if bytes(c["got"]) != c["want"]]
    if wrong:
        return f"FAIL {len(wrong)} echoes differ, first connection {wrong[0]}"
    return f"PASS {len(conns)} connections x {args.bytes} bytes echoed and closed in {elapsed:.2f} s"


def serve_one(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    total = 0
    while True:
        data = conn.recv(262144)
        if not data:
            break
        conn.sendall(data)
        total += len(data)
    conn.shutdown(socket.SHUT_WR)
    conn.close()
    return total


def run_server(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    set_congestion_control(listener, args.cc)
    listener.bind((args.host, args.port))
    listener.listen(16)
    listener.settimeout(args.max_seconds)
    print("READY", flush=True)
    for n in range(args.connections):
        try:
            conn, peer = listener.accept()
        except socket.timeout:
            return f"server: timed out after {n} connections"
        conn.settimeout(args.max_seconds)
        try:
            total = serve_one(conn)
            print(f"echoed {total} bytes to {peer[0]}:{peer[1]}", flush=True)
        except OSError as e:
            print(f"connection from {peer[0]}:{peer[1]}: {e}", flush=True)
    return f"server: done, {args.connections} connections"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["client", "server", "many"])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--bytes", type=int, default=1 << 20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connect-timeout", type=float, default=10)
    parser.add_argument("--total-s", type=float, default=120)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--cc", default="", help="TCP congestion control (default: the system's)")
    args = parser.parse_args()
    modes = {"client": run_client, "server": run_server, "many": run_many}
    result = modes[args.mode](args)
    print(result, flush=True)
    return 0 if not result.startswith("FAIL") else 1


if __name__ == "__main__":
    sys.exit(main())
