// Packet capture to pcapng (`--pcap FILE`), over DPDK's rte_pcapng (22.11
// API), and CapturingDevice: a Device decorator that records what crosses it.
//
// PcapngWriter
//  - rte_pcapng_fdopen() writes one interface block per ethdev port that
//    exists when the file is opened, so open the writer after the ports.
//    Frames of ports created later are not recorded (counted as
//    unknown_port).
//  - Frames are copied (rte_pcapng_copy) into the writer's own mempool, sized
//    with rte_pcapng_mbuf_size(snaplen) so one copy is one mbuf; frames longer
//    than snaplen are truncated in the file (original length kept).
//  - Each burst is written with one writev(); the file is complete after every
//    record() call. On destruction an interface statistics block per recorded
//    port (ifrecv = frames seen, ifdrop = frames the capture failed to copy)
//    is written and the file is closed.
//  - Capture failures (copy pool exhausted, write error, unknown port) are
//    counted in stats(), never thrown and never affect the traffic.
//  - Thread-safe: several engines may record into one writer; copies and
//    writes are serialised by a mutex (rte_pcapng's TSC-to-time state is
//    not thread-safe).
//
// CapturingDevice
//  - rx_burst records what the inner device delivered (direction in).
//  - tx_burst copies the frames BEFORE handing them to the inner device (once
//    taken they may already be sent and freed), then writes the copies of
//    exactly the frames the inner device took (direction out) and frees the
//    copies of the refused ones. Ownership of refused frames stays with the
//    caller, as the Device contract says.
//  - capabilities() is the inner device's with TX checksum offloads and TSO
//    cleared: the stack then computes checksums and segments in software, so
//    the capture shows the exact bytes on the wire (with offloads the NIC
//    would fill them in after the capture point).
//  - The inner device and the writer must outlive the CapturingDevice.
#pragma once

#include <sluice/nic/device.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

struct rte_pcapng;

namespace sluice::nic {

enum class Direction : std::uint8_t { inbound, outbound };

/// What a writer has done so far.
struct CaptureStats {
    std::uint64_t written = 0;         ///< frames in the file
    std::uint64_t copy_failures = 0;   ///< frames lost: copy pool exhausted
    std::uint64_t write_failures = 0;  ///< frames lost: write to the file failed
    std::uint64_t unknown_port = 0;    ///< frames of ports not in the file
};

/// A pcapng file being written.
class PcapngWriter {
public:
    static constexpr std::uint32_t kDefaultSnaplen = 9216;  ///< jumbo frames
    static constexpr unsigned kDefaultPoolSize = 511;       ///< copies in flight
    static constexpr std::uint16_t kChunk = 32;             ///< frames per writev

    /// Creates (truncates) `path`. Throws std::runtime_error.
    static std::unique_ptr<PcapngWriter> open(const std::string& path,
                                              std::uint32_t snaplen = kDefaultSnaplen,
                                              unsigned pool_size = kDefaultPoolSize);

    ~PcapngWriter();
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;

    /// Records `count` frames seen on `port`/`queue`. The frames are only read.
    void record(std::uint16_t port, std::uint16_t queue, rte_mbuf* const* frames,
                std::uint16_t count, Direction direction);

    /// Phase one of a two-phase record: copies frames[0..count) into
    /// copies[0..count) (nullptr where no copy could be made;
    /// count <= kChunk). Counts nothing yet.
    void copy(std::uint16_t port, std::uint16_t queue, rte_mbuf* const* frames,
              std::uint16_t count, Direction direction, rte_mbuf** copies);

    /// Phase two: writes copies[0..keep) (the frames that really went
    /// through, counted against `port`) and frees copies[keep..count).
    void commit(std::uint16_t port, rte_mbuf** copies, std::uint16_t keep,
                std::uint16_t count);

    CaptureStats stats() const;

    const std::string& path() const { return path_; }

    /// The pool copies come from (diagnostics and tests).
    const rte_mempool* copy_pool() const { return pool_; }

    /// Whether frames of `port` can be recorded (it existed at open()).
    bool knows_port(std::uint16_t port) const;

private:
    static constexpr std::size_t kMaxPorts = 1024;  // >= RTE_MAX_ETHPORTS

    PcapngWriter(std::string path, std::uint32_t snaplen) : path_(std::move(path)), snaplen_(snaplen) {}
    void note_ports_in_file();
    void count_missing_copy(std::uint16_t port);
    void write_copies(rte_mbuf** batch, std::uint16_t n);
    void write_stats_blocks();

    std::string path_;
    std::uint32_t snaplen_;
    rte_pcapng* handle_ = nullptr;
    rte_mempool* pool_ = nullptr;
    std::bitset<kMaxPorts> ports_in_file_;
    std::bitset<kMaxPorts> ports_recorded_;
    std::uint64_t seen_[kMaxPorts] = {};
    std::uint64_t dropped_[kMaxPorts] = {};
    mutable std::mutex mutex_;  // guards the pcapng handle, bitsets and counters
    CaptureStats stats_;
};

/// A Device that records its traffic into a PcapngWriter.
class CapturingDevice final : public Device {
public:
    /// `port_id`/`queue_id` name the ethdev queue `inner` stands for.
    CapturingDevice(Device& inner, PcapngWriter& writer, std::uint16_t port_id,
                    std::uint16_t queue_id);

    std::uint16_t rx_burst(rte_mbuf** frames, std::uint16_t count) override;
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override;
    const DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return inner_.tx_pool(); }
    bool link_up() const override { return inner_.link_up(); }

    /// `inner` with TX checksum offloads and TSO cleared.
    static DeviceCapabilities capture_capabilities(const DeviceCapabilities& inner);

private:
    Device& inner_;
    PcapngWriter& writer_;
    std::uint16_t port_;
    std::uint16_t queue_;
    DeviceCapabilities caps_;
};

}  // namespace sluice::nic
