/* sluice's own C calls, beside the Winsock API: configuring the stack that
 * the first WSAStartup brings up. Usable from C and C++, in either header
 * mode (it defines no Winsock names).
 *
 * Configuration precedence at the first WSAStartup: the text given to
 * sluice_set_config(), else the file named by the SLUICE_CONFIG environment
 * variable, else the embedded default (a loopback-only stack, 127.0.0.1/8,
 * no NIC and no hugepages needed, inline engine). The text format is the
 * file format: one `key = value` per line (see docs/configuration.md):
 *
 *     eal     = --no-pci --vdev=net_tap0,iface=sl0
 *     port    = net_tap0
 *     ipv4    = 10.9.0.2/24
 *     gateway = 10.9.0.1
 *     mode    = threaded
 *     idle    = adaptive
 *
 * The configuration is read when the stack comes up (the first WSAStartup,
 * or the first after the last WSACleanup); EAL and the port stay up for the
 * life of the process, so later sessions reuse them. */
#ifndef SLUICE_SLUICE_H
#define SLUICE_SLUICE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Validates `text` and keeps it for the next stack start-up. NULL forgets a
 * previous text. Returns 0, or 10022 (WSAEINVAL) when the text does not parse;
 * sluice_config_error() then names the line and the key. */
__attribute__((__visibility__("default"))) int sluice_set_config(const char *text);

/* The "socket API inside an existing DPDK application" use: an application
 * that initialised EAL and configured and started a port itself hands sluice
 * one RX/TX queue pair of it, before WSAStartup. The stack then starts no EAL
 * and opens no port: its interface is that queue pair with the address
 * `ipv4_cidr` ("A.B.C.D/LEN") and the optional default `gateway` ("A.B.C.D"
 * or NULL); frames it sends come from `tx_pool`. The configuration text (or
 * file) still chooses the engine mode and idling; its eal, port, ipv4,
 * gateway and vlan keys are not used. sluice only reads the port: it never
 * stops, reconfigures or closes it, and the application must keep the port
 * started until its last WSACleanup. Returns 0, or 10022 (WSAEINVAL) when an
 * address does not parse or the stack is already running, with
 * sluice_config_error() saying why. port_id 0xFFFF forgets an attachment. The
 * checks of the port itself (it exists, the queue is set up and started, the
 * pool is a pktmbuf pool) happen at WSAStartup, which fails with
 * WSASYSNOTREADY and a message on stderr if they do not hold. */
struct rte_mempool;
__attribute__((__visibility__("default"))) int sluice_attach_port(unsigned short port_id, unsigned short queue_id,
                                                                  struct rte_mempool *tx_pool,
                                                                  const char *ipv4_cidr, const char *gateway);

/* The dwFlags a socket was created with, as WSASocket recorded them
 * (WSA_FLAG_OVERLAPPED, WSA_FLAG_NO_HANDLE_INHERIT, multipoint flags; socket()
 * records WSA_FLAG_OVERLAPPED unless the thread's SO_OPENTYPE is set). sluice
 * sockets are not kernel handles, so this is where those flags are observed.
 * Returns 0, 10093 (WSANOTINITIALISED), 10038 (WSAENOTSOCK) or 10014
 * (WSAEFAULT) for a NULL flags. */
__attribute__((__visibility__("default"))) int sluice_socket_flags(unsigned long long socket, unsigned int *flags);

/* The calling thread's last sluice_set_config() error message ("" if none). */
__attribute__((__visibility__("default"))) const char *sluice_config_error(void);

/* Calls fn(name, value, context) for every counter of the running stack:
 * the engine's events and per-reason drops ("drop.<reason>"), the mbuf pool
 * ("pool.in_use", "pool.available"), TCP's ("tcp.retransmitted_segments",
 * "tcp.connections", ...) and, with a port, the port's statistics
 * ("port.rx_missed", ...). Returns 0, or 10093 (WSANOTINITIALISED) when no
 * stack is running. fn runs on the calling thread and must not call sluice. */
typedef void (*sluice_counter_fn)(const char *name, unsigned long long value, void *context);
__attribute__((__visibility__("default"))) int sluice_for_each_counter(sluice_counter_fn fn, void *context);

/* Writes "<ipv4>/<prefix> <mac>" of the stack's Ethernet interface (or
 * "127.0.0.1/8 -" for a loopback-only stack) to buffer, NUL-terminated.
 * Returns 0, 10093 (WSANOTINITIALISED), or 10014 (WSAEFAULT) when buffer is
 * NULL or shorter than 64 bytes. */
__attribute__((__visibility__("default"))) int sluice_interface(char *buffer, int length);

#ifdef __cplusplus
}
#endif

#endif /* SLUICE_SLUICE_H */
