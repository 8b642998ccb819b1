// sluice_attach_port: the socket API inside an existing DPDK application.
//
// The test binary plays the application: its main started EAL
// (tests/support), and it configures and starts a ring-pair port itself
// (nic::Port stands in for the application's own ethdev calls). It hands
// queue 0 of port a to libsluice, and a second stack Engine on port b plays
// the peer network (10.77.0.1). A Winsock UDP socket then talks to the peer
// across the pair: ARP, then datagrams both ways. Afterwards the port is
// still the application's (started, usable) and the mempools are back where
// they started. Refusals: bad addresses, attaching while running, and a port
// that does not exist (WSAStartup fails with WSASYSNOTREADY).
#include <sluice/sluice.h>
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>

#include <gtest/gtest.h>
#include <rte_mempool.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace stack = sluice::stack;
namespace nic = sluice::nic;
namespace wire = sluice::wire;

WS_sockaddr_in address(const char* dotted, unsigned short port) {
    WS_sockaddr_in sa{};
    sa.sin_family = WS_AF_INET;
    sa.sin_port = WS_htons(port);
    const auto a = wire::Ipv4Addr::parse(dotted).value();
    sa.sin_addr.WS_s_addr = WS_htonl(a.value);
    return sa;
}

class AttachPort : public ::testing::Test {
protected:
    void SetUp() override {
        static int serial = 0;
        pair_ = nic::create_ring_pair("at" + std::to_string(serial++));
        nic::PortConfig config;
        config.link_wait = 0ms;
        config.port_id = pair_.a;
        app_port_ = nic::Port::open(config);
        config.port_id = pair_.b;
        peer_port_ = nic::Port::open(config);
        app_pool_baseline_ = rte_mempool_avail_count(app_port_->pool());
        stack::EngineConfig ec;
        ec.address = *wire::Ipv4Cidr::parse("10.77.0.1/24");
        peer_ = std::make_unique<stack::Engine>(peer_port_->queue(0), ec, clock_.now());
        peer_socket_ = peer_->udp().open();
        ASSERT_EQ(peer_socket_->bind(stack::Endpoint{wire::Ipv4Addr::any(), 7}), stack::SocketError::none);
    }

    void TearDown() override {
        sluice_attach_port(0xFFFF, 0, nullptr, nullptr, nullptr);
        sluice_set_config(nullptr);
        peer_->udp().close(peer_socket_);
        peer_.reset();
        drain(*app_port_);
        drain(*peer_port_);
        EXPECT_EQ(rte_mempool_avail_count(app_port_->pool()), app_pool_baseline_) << "mbufs of the app's pool leaked";
        peer_port_.reset();
        app_port_.reset();
        nic::destroy_ring_pair(pair_);
    }

    static void drain(nic::Port& port) {
        rte_mbuf* frames[32];
        std::uint16_t n;
        while ((n = port.queue(0).rx_burst(frames, 32)) > 0) rte_pktmbuf_free_bulk(frames, n);
    }

    /// Polls the peer until its socket has a datagram (bounded).
    bool peer_receives(std::string& text, stack::Endpoint& from) {
        const auto until = std::chrono::steady_clock::now() + 5s;
        while (std::chrono::steady_clock::now() < until) {
            peer_->poll(clock_.now());
            char buffer[256];
            stack::ReceivedDatagram got;
            if (peer_socket_->receive({reinterpret_cast<std::uint8_t*>(buffer), sizeof buffer}, got, false) ==
                stack::SocketError::none) {
                text.assign(buffer, got.copied);
                from = got.from;
                return true;
            }
        }
        return false;
    }

    nic::RingPair pair_;
    std::unique_ptr<nic::Port> app_port_;
    std::unique_ptr<nic::Port> peer_port_;
    unsigned app_pool_baseline_ = 0;
    stack::TscClock clock_;
    std::unique_ptr<stack::Engine> peer_;
    stack::UdpSocket* peer_socket_ = nullptr;
};

TEST_F(AttachPort, WinsockUdpCrossesTheApplicationsPort) {
    ASSERT_EQ(sluice_set_config("mode = threaded\nidle = adaptive\n"), 0) << sluice_config_error();
    ASSERT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), "10.77.0.2/24", nullptr), 0)
        << sluice_config_error();
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    char description[64];
    ASSERT_EQ(sluice_interface(description, sizeof description), 0);
    EXPECT_EQ(std::string(description).substr(0, 13), "10.77.0.2/24 ");
    // Attaching while running is refused.
    EXPECT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), "10.77.0.3/24", nullptr), WSAEINVAL);

    const SOCKET s = WS_socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    ASSERT_NE(s, INVALID_SOCKET) << WSAGetLastError();
    const WS_sockaddr_in peer = address("10.77.0.1", 7);
    const auto* to = reinterpret_cast<const WS_sockaddr*>(&peer);
    ASSERT_EQ(WS_sendto(s, "over the app's port", 19, 0, to, sizeof peer), 19) << WSAGetLastError();
    std::string text;
    stack::Endpoint from;
    ASSERT_TRUE(peer_receives(text, from)) << "the peer never got the datagram (ARP + UDP over the attached queue)";
    EXPECT_EQ(text, "over the app's port");
    EXPECT_EQ(from.address.to_string(), "10.77.0.2");

    const char reply[] = "and back";
    ASSERT_EQ(peer_socket_->send_to(from, {reinterpret_cast<const std::uint8_t*>(reply), 8}, clock_.now()),
              stack::SocketError::none);
    peer_->poll(clock_.now());
    DWORD timeout_ms = 3000;
    ASSERT_EQ(WS_setsockopt(s, WS_SOL_SOCKET, WS_SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout_ms), 4), 0);
    char buffer[64] = {};
    WS_sockaddr_in sender{};
    int sender_len = sizeof sender;
    ASSERT_EQ(WS_recvfrom(s, buffer, sizeof buffer, 0, reinterpret_cast<WS_sockaddr*>(&sender), &sender_len), 8)
        << WSAGetLastError();
    EXPECT_EQ(std::string(buffer, 8), "and back");
    EXPECT_EQ(WS_ntohs(sender.sin_port), 7);

    EXPECT_EQ(closesocket(s), 0);
    EXPECT_EQ(WSACleanup(), 0);
    // The port is still the application's: started, and its queue usable.
    EXPECT_TRUE(app_port_->link_up());
}

// An inline engine sends only while the application calls in: the last
// WSACleanup keeps it running until a graceful close has delivered what was
// queued before it (closesocket returns at once, as on Windows). The peer
// engine runs on its own thread, accepts and reads everything to the FIN.
TEST_F(AttachPort, LastCleanupDeliversWhatAGracefulCloseQueued) {
    ASSERT_EQ(sluice_set_config("mode = inline\nidle = busy\n"), 0) << sluice_config_error();
    ASSERT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), "10.77.0.2/24", nullptr), 0)
        << sluice_config_error();
    stack::TcpSocket* listener = peer_->tcp().open();
    ASSERT_EQ(listener->bind(stack::Endpoint{wire::Ipv4Addr::any(), 9}), stack::SocketError::none);
    ASSERT_EQ(listener->listen(4), stack::SocketError::none);
    std::atomic<bool> stop{false};
    std::size_t received = 0;
    bool end_of_stream = false;
    std::thread peer([&] {
        stack::TcpSocket* child = nullptr;
        std::vector<std::uint8_t> buffer(65536);
        while (!stop.load() && !end_of_stream) {
            const stack::Instant now = clock_.now();
            peer_->poll(now);
            if (child == nullptr) child = listener->accept();
            if (child == nullptr) continue;
            const stack::TcpIo io = child->receive(buffer, false, now);
            received += io.bytes;
            end_of_stream = io.bytes == 0 && io.error == stack::SocketError::none;
        }
    });
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    const SOCKET s = WS_socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    ASSERT_NE(s, INVALID_SOCKET) << WSAGetLastError();
    const WS_sockaddr_in to = address("10.77.0.1", 9);
    ASSERT_EQ(WS_connect(s, reinterpret_cast<const WS_sockaddr*>(&to), sizeof to), 0) << WSAGetLastError();
    const std::vector<char> bytes(1 << 20, 'x');  // well beyond what the send queue holds at once
    ASSERT_EQ(WS_send(s, bytes.data(), static_cast<int>(bytes.size()), 0), static_cast<int>(bytes.size()))
        << WSAGetLastError();
    EXPECT_EQ(closesocket(s), 0);  // much of it is still queued
    EXPECT_EQ(WSACleanup(), 0);
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (!end_of_stream && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
    stop = true;
    peer.join();
    EXPECT_EQ(received, bytes.size());
    EXPECT_TRUE(end_of_stream);
}

TEST_F(AttachPort, RefusesBadArgumentsAndMissingPorts) {
    EXPECT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), nullptr, nullptr), WSAEINVAL);
    EXPECT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), "10.77.0.2", nullptr), WSAEINVAL);
    EXPECT_NE(std::string(sluice_config_error()).find("ipv4_cidr"), std::string::npos);
    EXPECT_EQ(sluice_attach_port(app_port_->id(), 0, app_port_->pool(), "10.77.0.2/24", "10.78.0.1"), WSAEINVAL);
    EXPECT_NE(std::string(sluice_config_error()).find("gateway"), std::string::npos);

    // A port that does not exist is found out at WSAStartup.
    ASSERT_EQ(sluice_attach_port(31, 0, app_port_->pool(), "10.77.0.2/24", nullptr), 0);
    WSADATA data;
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), WSASYSNOTREADY);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    // A queue out of range too.
    ASSERT_EQ(sluice_attach_port(app_port_->id(), 5, app_port_->pool(), "10.77.0.2/24", nullptr), 0);
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), WSASYSNOTREADY);
}

}  // namespace
