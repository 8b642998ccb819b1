// Capture tests under the test EAL: a pcapng written through CapturingDevice
// is parsed block by block (interfaces, directions, exact bytes, statistics)
// and read back with tshark when installed; TX copies only what the inner
// device took; capabilities hide TX offloads; failures are counted, never
// fatal.
#include "frames.hpp"
#include "ring_fixture.hpp"

#include <sluice/nic/capture.hpp>

#include <rte_ethdev.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

namespace sluice::nic {
namespace {

using test::OpenRingPair;

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kInterfaceStatistics = 5;
constexpr std::uint32_t kEnhancedPacket = 6;

struct PacketBlock {
    std::uint32_t interface = 0;
    std::uint32_t captured = 0;
    std::uint32_t original = 0;
    std::uint32_t direction = 0;  // epb_flags bits 0-1: 1 inbound, 2 outbound
    std::vector<std::uint8_t> data;
};

struct StatisticsBlock {
    std::uint32_t interface = 0;
    std::uint64_t ifrecv = 0;
    std::uint64_t ifdrop = 0;
};

struct PcapngFile {
    bool valid = false;
    std::uint32_t section_headers = 0;
    std::vector<std::uint16_t> link_types;  // one per interface
    std::vector<PacketBlock> packets;
    std::vector<StatisticsBlock> statistics;
};

template <typename T>
T read_at(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

/// Options start at `offset` and end before `end`: code -> value bytes.
std::map<std::uint16_t, std::vector<std::uint8_t>> parse_options(
    const std::vector<std::uint8_t>& bytes, std::size_t offset, std::size_t end) {
    std::map<std::uint16_t, std::vector<std::uint8_t>> options;
    while (offset + 4 <= end) {
        const auto code = read_at<std::uint16_t>(bytes, offset);
        const auto length = read_at<std::uint16_t>(bytes, offset + 2);
        if (code == 0 || offset + 4 + length > end) {
            break;
        }
        options[code].assign(bytes.begin() + static_cast<long>(offset + 4),
                             bytes.begin() + static_cast<long>(offset + 4 + length));
        offset += 4 + ((length + 3u) & ~3u);
    }
    return options;
}

PacketBlock parse_packet(const std::vector<std::uint8_t>& bytes, std::size_t at,
                         std::uint32_t length) {
    PacketBlock packet;
    packet.interface = read_at<std::uint32_t>(bytes, at + 8);
    packet.captured = read_at<std::uint32_t>(bytes, at + 20);
    packet.original = read_at<std::uint32_t>(bytes, at + 24);
    packet.data.assign(bytes.begin() + static_cast<long>(at + 28),
                       bytes.begin() + static_cast<long>(at + 28 + packet.captured));
    auto options = parse_options(bytes, at + 28 + ((packet.captured + 3u) & ~3u), at + length - 4);
    if (options.count(2) != 0 && options[2].size() == 4) {
        packet.direction = read_at<std::uint32_t>(options[2], 0) & 3u;
    }
    return packet;
}

StatisticsBlock parse_statistics(const std::vector<std::uint8_t>& bytes, std::size_t at,
                                 std::uint32_t length) {
    StatisticsBlock stats;
    stats.interface = read_at<std::uint32_t>(bytes, at + 8);
    auto options = parse_options(bytes, at + 20, at + length - 4);
    if (options[4].size() == 8) stats.ifrecv = read_at<std::uint64_t>(options[4], 0);
    if (options[5].size() == 8) stats.ifdrop = read_at<std::uint64_t>(options[5], 0);
    return stats;
}

/// A minimal little-endian pcapng reader: every block's two length fields
/// must agree and the blocks must tile the file exactly.
PcapngFile read_pcapng(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>()};
    PcapngFile file;
    std::size_t at = 0;
    while (at + 12 <= bytes.size()) {
        const auto type = read_at<std::uint32_t>(bytes, at);
        const auto length = read_at<std::uint32_t>(bytes, at + 4);
        if (length < 12 || length % 4 != 0 || at + length > bytes.size() ||
            read_at<std::uint32_t>(bytes, at + length - 4) != length) {
            return file;
        }
        if (type == kSectionHeader) {
            if (read_at<std::uint32_t>(bytes, at + 8) != 0x1A2B3C4D) return file;
            ++file.section_headers;
        } else if (type == kInterfaceDescription) {
            file.link_types.push_back(read_at<std::uint16_t>(bytes, at + 8));
        } else if (type == kEnhancedPacket) {
            file.packets.push_back(parse_packet(bytes, at, length));
        } else if (type == kInterfaceStatistics) {
            file.statistics.push_back(parse_statistics(bytes, at, length));
        }
        at += length;
    }
    file.valid = at == bytes.size() && file.section_headers == 1 &&
                 read_at<std::uint32_t>(bytes, 0) == kSectionHeader;
    return file;
}

/// The pcapng interface index of each port: ports in ethdev order at open.
std::map<std::uint16_t, std::uint32_t> interface_indices() {
    std::map<std::uint16_t, std::uint32_t> index;
    // RTE_ETH_FOREACH_DEV spelled out (its C casts trip -Wold-style-cast).
    for (std::uint64_t port = rte_eth_find_next_owned_by(0, RTE_ETH_DEV_NO_OWNER);
         port < RTE_MAX_ETHPORTS;
         port = rte_eth_find_next_owned_by(static_cast<std::uint16_t>(port + 1),
                                           RTE_ETH_DEV_NO_OWNER)) {
        index.emplace(static_cast<std::uint16_t>(port), static_cast<std::uint32_t>(index.size()));
    }
    return index;
}

std::string capture_path(const std::string& stem) {
    return testing::TempDir() + "sluice-" + std::to_string(getpid()) + "-" + stem + ".pcapng";
}

/// A Device that takes at most `budget` frames per tx_burst and keeps them.
class LimitedDevice final : public Device {
public:
    explicit LimitedDevice(std::uint16_t budget) : budget_(budget) {
        caps_.rx_ipv4_checksum = caps_.rx_l4_checksum = true;
        caps_.tx_ipv4_checksum = caps_.tx_udp_checksum = caps_.tx_tcp_checksum = true;
        caps_.tx_tso = caps_.tx_multi_segs = true;
        caps_.mtu = 9000;
        caps_.mac = generated_mac(77);
    }
    ~LimitedDevice() override { test::free_all(taken_); }

    std::uint16_t rx_burst(rte_mbuf**, std::uint16_t) override { return 0; }
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override {
        const auto n = std::min(count, budget_);
        taken_.insert(taken_.end(), frames, frames + n);
        return n;
    }
    const DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return nullptr; }
    bool link_up() const override { return true; }

    std::vector<rte_mbuf*> taken_;

private:
    std::uint16_t budget_;
    DeviceCapabilities caps_;
};

std::vector<rte_mbuf*> make_frames(Port& from, Port& to, std::size_t count, std::uint32_t seed) {
    std::vector<rte_mbuf*> frames;
    for (std::size_t i = 0; i < count; ++i) {
        frames.push_back(test::make_frame(from.pool(), to.capabilities().mac,
                                          from.capabilities().mac, test::test_length(i),
                                          seed + static_cast<std::uint32_t>(i)));
    }
    return frames;
}

class CaptureTest : public testing::Test {
protected:
    void TearDown() override {
        if (!path_.empty()) std::remove(path_.c_str());
    }
    std::string path_;
};

TEST_F(CaptureTest, WritesEveryFrameWithDirectionInterfaceAndBytes) {
    OpenRingPair ring("cap");
    path_ = capture_path("basic");
    const auto indices = interface_indices();
    constexpr std::size_t kFrames = 5;
    std::vector<std::vector<std::uint8_t>> sent;
    {
        auto writer = PcapngWriter::open(path_);
        CapturingDevice tx(ring.a->queue(0), *writer, ring.a->id(), 0);
        CapturingDevice rx(ring.b->queue(0), *writer, ring.b->id(), 0);
        std::vector<rte_mbuf*> frames = make_frames(*ring.a, *ring.b, kFrames, 100);
        for (rte_mbuf* frame : frames) sent.push_back(test::frame_bytes(frame));
        ASSERT_EQ(test::send_all(tx, frames), kFrames);
        std::vector<rte_mbuf*> received = test::receive(rx, kFrames);
        ASSERT_EQ(received.size(), kFrames);
        test::free_all(received);
        const CaptureStats stats = writer->stats();
        EXPECT_EQ(stats.written, 2 * kFrames);
        EXPECT_EQ(stats.copy_failures + stats.write_failures + stats.unknown_port, 0u);
        EXPECT_EQ(rte_mempool_avail_count(writer->copy_pool()), PcapngWriter::kDefaultPoolSize);
    }
    const PcapngFile file = read_pcapng(path_);
    ASSERT_TRUE(file.valid);
    EXPECT_EQ(file.link_types.size(), indices.size());
    for (std::uint16_t type : file.link_types) EXPECT_EQ(type, 1);  // Ethernet
    ASSERT_EQ(file.packets.size(), 2 * kFrames);
    for (std::size_t i = 0; i < kFrames; ++i) {
        const PacketBlock& out = file.packets[i];
        EXPECT_EQ(out.interface, indices.at(ring.a->id()));
        EXPECT_EQ(out.direction, 2u);
        EXPECT_EQ(out.data, sent[i]);
        EXPECT_EQ(out.original, sent[i].size());
        const PacketBlock& in = file.packets[kFrames + i];
        EXPECT_EQ(in.interface, indices.at(ring.b->id()));
        EXPECT_EQ(in.direction, 1u);
        EXPECT_EQ(in.data, sent[i]);
    }
    ASSERT_EQ(file.statistics.size(), 2u);
    for (const StatisticsBlock& stats : file.statistics) {
        EXPECT_EQ(stats.ifrecv, kFrames);
        EXPECT_EQ(stats.ifdrop, 0u);
    }
}

TEST_F(CaptureTest, TsharkReadsTheFile) {
    if (access("/usr/bin/tshark", X_OK) != 0 && access("/usr/local/bin/tshark", X_OK) != 0) {
        GTEST_SKIP() << "tshark not installed";
    }
    OpenRingPair ring("tshark");
    path_ = capture_path("tshark");
    constexpr std::size_t kFrames = 7;
    {
        auto writer = PcapngWriter::open(path_);
        CapturingDevice tx(ring.a->queue(0), *writer, ring.a->id(), 0);
        std::vector<rte_mbuf*> frames = make_frames(*ring.a, *ring.b, kFrames, 5);
        ASSERT_EQ(test::send_all(tx, frames), kFrames);
        std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), kFrames);
        test::free_all(received);
    }
    const std::string command =
        "tshark -r '" + path_ + "' -T fields -e frame.len -e eth.type 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::vector<std::string> lines;
    char line[256];
    while (std::fgets(line, sizeof(line), pipe) != nullptr) lines.emplace_back(line);
    ASSERT_EQ(pclose(pipe), 0) << command;
    ASSERT_EQ(lines.size(), kFrames);
    for (std::size_t i = 0; i < kFrames; ++i) {
        EXPECT_EQ(lines[i], std::to_string(test::test_length(i)) + "\t0x88b5\n");
    }
}

TEST_F(CaptureTest, TxRecordsOnlyWhatTheInnerDeviceTook) {
    OpenRingPair ring("limit");
    path_ = capture_path("limit");
    auto writer = PcapngWriter::open(path_);
    LimitedDevice inner(2);
    CapturingDevice device(inner, *writer, ring.a->id(), 0);
    std::vector<rte_mbuf*> frames = make_frames(*ring.a, *ring.b, 5, 40);
    const std::uint16_t taken = device.tx_burst(frames.data(), 5);
    EXPECT_EQ(taken, 2);
    EXPECT_EQ(inner.taken_.size(), 2u);
    EXPECT_EQ(writer->stats().written, 2u);
    EXPECT_EQ(writer->stats().copy_failures, 0u);
    EXPECT_EQ(rte_mempool_avail_count(writer->copy_pool()), PcapngWriter::kDefaultPoolSize);
    for (std::size_t i = taken; i < frames.size(); ++i) {  // still the caller's
        EXPECT_EQ(rte_mbuf_refcnt_read(frames[i]), 1);
        EXPECT_EQ(test::frame_bytes(frames[i])[30], test::pattern_byte(40 + i, 30));
        rte_pktmbuf_free(frames[i]);
    }
    writer.reset();
    const PcapngFile file = read_pcapng(path_);
    ASSERT_TRUE(file.valid);
    ASSERT_EQ(file.packets.size(), 2u);
    EXPECT_EQ(file.packets[1].data, test::frame_bytes(inner.taken_[1]));
}

TEST_F(CaptureTest, LongBurstsAreChunkedAndStopAtTheFirstRefusal) {
    OpenRingPair ring("chunk");
    path_ = capture_path("chunk");
    auto writer = PcapngWriter::open(path_);
    LimitedDevice inner(20);  // takes 20 of the first 32-frame chunk
    CapturingDevice device(inner, *writer, ring.a->id(), 0);
    std::vector<rte_mbuf*> frames = make_frames(*ring.a, *ring.b, 70, 0);
    EXPECT_EQ(device.tx_burst(frames.data(), 70), 20);
    EXPECT_EQ(writer->stats().written, 20u);
    for (std::size_t i = 20; i < frames.size(); ++i) rte_pktmbuf_free(frames[i]);

    CapturingDevice full(ring.a->queue(0), *writer, ring.a->id(), 0);
    std::vector<rte_mbuf*> more = make_frames(*ring.a, *ring.b, 70, 0);
    EXPECT_EQ(full.tx_burst(more.data(), 70), 70);
    EXPECT_EQ(writer->stats().written, 90u);
    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), 70);
    EXPECT_EQ(received.size(), 70u);
    test::free_all(received);
}

TEST_F(CaptureTest, CapabilitiesHideTxOffloads) {
    LimitedDevice inner(1);
    const DeviceCapabilities caps = CapturingDevice::capture_capabilities(inner.capabilities());
    EXPECT_FALSE(caps.tx_ipv4_checksum || caps.tx_udp_checksum || caps.tx_tcp_checksum ||
                 caps.tx_tso);
    EXPECT_TRUE(caps.rx_ipv4_checksum && caps.rx_l4_checksum && caps.tx_multi_segs);
    EXPECT_EQ(caps.mtu, 9000);
    EXPECT_TRUE(rte_is_same_ether_addr(&caps.mac, &inner.capabilities().mac));

    OpenRingPair ring("capscap");
    path_ = capture_path("caps");
    auto writer = PcapngWriter::open(path_);
    CapturingDevice device(inner, *writer, ring.a->id(), 0);
    EXPECT_FALSE(device.capabilities().tx_tcp_checksum);
    EXPECT_TRUE(device.capabilities().rx_l4_checksum);
    EXPECT_TRUE(device.link_up());
}

TEST_F(CaptureTest, ExhaustedCopyPoolIsCountedNotFatal) {
    OpenRingPair ring("exhaust");
    path_ = capture_path("exhaust");
    auto writer = PcapngWriter::open(path_, PcapngWriter::kDefaultSnaplen, 7);
    CapturingDevice tx(ring.a->queue(0), *writer, ring.a->id(), 0);
    std::vector<rte_mbuf*> frames = make_frames(*ring.a, *ring.b, 10, 0);
    EXPECT_EQ(tx.tx_burst(frames.data(), 10), 10);  // traffic unaffected
    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), 10);
    EXPECT_EQ(received.size(), 10u);
    test::free_all(received);
    EXPECT_EQ(writer->stats().written, 7u);
    EXPECT_EQ(writer->stats().copy_failures, 3u);
    EXPECT_EQ(rte_mempool_avail_count(writer->copy_pool()), 7u);
    writer.reset();
    const PcapngFile file = read_pcapng(path_);
    ASSERT_TRUE(file.valid);
    EXPECT_EQ(file.packets.size(), 7u);
    ASSERT_EQ(file.statistics.size(), 1u);
    EXPECT_EQ(file.statistics[0].ifrecv, 10u);
    EXPECT_EQ(file.statistics[0].ifdrop, 3u);
}

TEST_F(CaptureTest, SnaplenTruncatesButKeepsTheOriginalLength) {
    OpenRingPair ring("snap");
    path_ = capture_path("snap");
    auto writer = PcapngWriter::open(path_, 64);
    rte_mbuf* frame = test::make_frame(ring.a->pool(), ring.b->capabilities().mac,
                                       ring.a->capabilities().mac, 200, 3);
    const std::vector<std::uint8_t> bytes = test::frame_bytes(frame);
    writer->record(ring.a->id(), 0, &frame, 1, Direction::outbound);
    rte_pktmbuf_free(frame);
    writer.reset();
    const PcapngFile file = read_pcapng(path_);
    ASSERT_TRUE(file.valid);
    ASSERT_EQ(file.packets.size(), 1u);
    EXPECT_EQ(file.packets[0].captured, 64u);
    EXPECT_EQ(file.packets[0].original, 200u);
    EXPECT_EQ(file.packets[0].data, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 64));
}

TEST_F(CaptureTest, PortsCreatedAfterOpenAreNotRecorded) {
    OpenRingPair before("known");
    path_ = capture_path("unknown");
    auto writer = PcapngWriter::open(path_);
    OpenRingPair after("unknown");
    EXPECT_TRUE(writer->knows_port(before.a->id()));
    EXPECT_FALSE(writer->knows_port(after.a->id()));
    std::vector<rte_mbuf*> frames = make_frames(*after.a, *after.b, 3, 0);
    writer->record(after.a->id(), 0, frames.data(), 3, Direction::outbound);
    test::free_all(frames);
    EXPECT_EQ(writer->stats().unknown_port, 3u);
    EXPECT_EQ(writer->stats().written, 0u);
    EXPECT_EQ(rte_mempool_avail_count(writer->copy_pool()), PcapngWriter::kDefaultPoolSize);
}

TEST(PcapngWriterOpen, UnwritablePathThrows) {
    EXPECT_THROW(PcapngWriter::open("/nonexistent-dir/x.pcapng"), std::runtime_error);
    EXPECT_THROW(PcapngWriter::open(capture_path("huge"), 70000), std::runtime_error);
}

}  // namespace
}  // namespace sluice::nic
