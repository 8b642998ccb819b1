// PcapngWriter (rte_pcapng file + copy pool) and CapturingDevice (the
// recording Device decorator). See capture.hpp for the rules.
//
// Invariants:
//  - Every copy made is either written and then freed, or freed unwritten:
//    the copy pool is full again after each record()/commit().
//    (22.11's rte_pcapng_write_packets() does not free what it writes, despite
//    its doc comment; verified on 22.11.11.)
//  - Counters change only in commit(), under the mutex, so a refused TX frame
//    is never counted as captured nor as lost.
#include "sluice/nic/capture.hpp"

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_pcapng.h>

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

static_assert(RTE_MAX_ETHPORTS <= 1024, "PcapngWriter::kMaxPorts too small");

namespace sluice::nic {
namespace {

std::atomic<unsigned> g_capture_sequence{0};

rte_pcapng_direction to_pcapng(Direction direction) {
    return direction == Direction::inbound ? RTE_PCAPNG_DIRECTION_IN : RTE_PCAPNG_DIRECTION_OUT;
}

std::string os_name() {
    utsname host{};
    if (uname(&host) != 0) {
        return "Linux";
    }
    return std::string(host.sysname) + " " + host.release;
}

int create_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("pcapng: cannot create " + path + ": " + std::strerror(errno));
    }
    return fd;
}

rte_mempool* create_copy_pool(std::uint32_t snaplen, unsigned pool_size) {
    const std::uint32_t room = rte_pcapng_mbuf_size(snaplen);
    if (room > UINT16_MAX) {
        throw std::runtime_error("pcapng: snaplen " + std::to_string(snaplen) + " too large");
    }
    const std::string name = "sl_pcap" + std::to_string(g_capture_sequence.fetch_add(1));
    // No per-lcore cache: copies live for one burst, and exhaustion must be
    // exact (a cache would strand copies on other lcores).
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), pool_size, 0, 0,
                                                static_cast<std::uint16_t>(room), SOCKET_ID_ANY);
    if (pool == nullptr) {
        throw std::runtime_error("pcapng: rte_pktmbuf_pool_create(" + name + ") failed: " +
                                 rte_strerror(rte_errno));
    }
    return pool;
}

}  // namespace

std::unique_ptr<PcapngWriter> PcapngWriter::open(const std::string& path, std::uint32_t snaplen,
                                                 unsigned pool_size) {
    std::unique_ptr<PcapngWriter> writer(new PcapngWriter(path, snaplen));
    writer->pool_ = create_copy_pool(snaplen, pool_size);
    const int fd = create_file(path);
    const std::string os = os_name();
    writer->handle_ = rte_pcapng_fdopen(fd, os.c_str(), nullptr, "sluice", nullptr);
    if (writer->handle_ == nullptr) {
        const int error = rte_errno;
        ::close(fd);
        throw std::runtime_error("pcapng: rte_pcapng_fdopen(" + path + ") failed: " +
                                 rte_strerror(error));
    }
    writer->note_ports_in_file();
    return writer;
}

PcapngWriter::~PcapngWriter() {
    if (handle_ != nullptr) {
        write_stats_blocks();
        rte_pcapng_close(handle_);  // closes the file descriptor
    }
    if (pool_ != nullptr) {
        rte_mempool_free(pool_);
    }
}

void PcapngWriter::note_ports_in_file() {
    // The same walk rte_pcapng_fdopen() made to write the interface blocks.
    // (RTE_ETH_FOREACH_DEV spelled out: the macro's C casts trip -Wold-style-cast.)
    for (std::uint64_t port = rte_eth_find_next_owned_by(0, RTE_ETH_DEV_NO_OWNER);
         port < RTE_MAX_ETHPORTS;
         port = rte_eth_find_next_owned_by(static_cast<std::uint16_t>(port + 1),
                                           RTE_ETH_DEV_NO_OWNER)) {
        ports_in_file_.set(port);
    }
}

bool PcapngWriter::knows_port(std::uint16_t port) const {
    std::lock_guard lock(mutex_);
    return port < kMaxPorts && ports_in_file_.test(port);
}

void PcapngWriter::record(std::uint16_t port, std::uint16_t queue, rte_mbuf* const* frames,
                          std::uint16_t count, Direction direction) {
    rte_mbuf* copies[kChunk];
    for (std::uint16_t done = 0; done < count;) {
        const auto chunk = static_cast<std::uint16_t>(std::min<int>(count - done, kChunk));
        copy(port, queue, frames + done, chunk, direction, copies);
        commit(port, copies, chunk, chunk);
        done = static_cast<std::uint16_t>(done + chunk);
    }
}

void PcapngWriter::copy(std::uint16_t port, std::uint16_t queue, rte_mbuf* const* frames,
                        std::uint16_t count, Direction direction, rte_mbuf** copies) {
    std::lock_guard lock(mutex_);
    const bool known = port < kMaxPorts && ports_in_file_.test(port);
    const std::uint64_t now = rte_get_tsc_cycles();
    for (std::uint16_t i = 0; i < count; ++i) {
        copies[i] = known ? rte_pcapng_copy(port, queue, frames[i], pool_, snaplen_, now,
                                            to_pcapng(direction))
                          : nullptr;
    }
}

void PcapngWriter::commit(std::uint16_t port, rte_mbuf** copies, std::uint16_t keep,
                          std::uint16_t count) {
    std::lock_guard lock(mutex_);
    rte_mbuf* batch[kChunk];
    std::uint16_t n = 0;
    for (std::uint16_t i = 0; i < count; ++i) {
        if (i >= keep) {
            rte_pktmbuf_free(copies[i]);  // refused frame: not on the wire
        } else if (copies[i] == nullptr) {
            count_missing_copy(port);
        } else {
            batch[n++] = copies[i];
        }
    }
    if (port < kMaxPorts && ports_in_file_.test(port)) {
        ports_recorded_.set(port);
        seen_[port] += keep;
    }
    write_copies(batch, n);
}

void PcapngWriter::count_missing_copy(std::uint16_t port) {
    if (port >= kMaxPorts || !ports_in_file_.test(port)) {
        ++stats_.unknown_port;
        return;
    }
    ++stats_.copy_failures;
    ++dropped_[port];
}

void PcapngWriter::write_copies(rte_mbuf** batch, std::uint16_t n) {
    if (n == 0) {
        return;
    }
    if (rte_pcapng_write_packets(handle_, batch, n) < 0) {
        stats_.write_failures += n;
    } else {
        stats_.written += n;
    }
    rte_pktmbuf_free_bulk(batch, n);
}

void PcapngWriter::write_stats_blocks() {
    std::lock_guard lock(mutex_);
    for (std::uint16_t port = 0; port < kMaxPorts; ++port) {
        if (ports_recorded_.test(port) && rte_eth_dev_is_valid_port(port) != 0) {
            rte_pcapng_write_stats(handle_, port, "sluice: ifdrop counts frames not captured",
                                   0, 0, seen_[port], dropped_[port]);
        }
    }
}

CaptureStats PcapngWriter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

CapturingDevice::CapturingDevice(Device& inner, PcapngWriter& writer, std::uint16_t port_id,
                                 std::uint16_t queue_id)
    : inner_(inner),
      writer_(writer),
      port_(port_id),
      queue_(queue_id),
      caps_(capture_capabilities(inner.capabilities())) {}

DeviceCapabilities CapturingDevice::capture_capabilities(const DeviceCapabilities& inner) {
    DeviceCapabilities caps = inner;
    caps.tx_ipv4_checksum = false;
    caps.tx_udp_checksum = false;
    caps.tx_tcp_checksum = false;
    caps.tx_tso = false;
    return caps;
}

std::uint16_t CapturingDevice::rx_burst(rte_mbuf** frames, std::uint16_t count) {
    const std::uint16_t received = inner_.rx_burst(frames, count);
    writer_.record(port_, queue_, frames, received, Direction::inbound);
    return received;
}

std::uint16_t CapturingDevice::tx_burst(rte_mbuf** frames, std::uint16_t count) {
    rte_mbuf* copies[PcapngWriter::kChunk];
    std::uint16_t sent = 0;
    while (sent < count) {
        const auto chunk =
            static_cast<std::uint16_t>(std::min<int>(count - sent, PcapngWriter::kChunk));
        writer_.copy(port_, queue_, frames + sent, chunk, Direction::outbound, copies);
        const std::uint16_t taken = inner_.tx_burst(frames + sent, chunk);
        writer_.commit(port_, copies, taken, chunk);
        sent = static_cast<std::uint16_t>(sent + taken);
        if (taken < chunk) {
            break;
        }
    }
    return sent;
}

}  // namespace sluice::nic
