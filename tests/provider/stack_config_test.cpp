// The stack configuration file: every key, comments, quoting, and every kind
// of mistake reported with its line. Plus the SocketError -> WSAE* table.
#include <sluice/provider/socket_errors.hpp>
#include <sluice/provider/stack_config.hpp>

#include <gtest/gtest.h>

using namespace sluice::provider;

TEST(StackConfig, EmptyMeansTheEmbeddedDefault) {
    const ConfigParse p = parse_stack_config("");
    ASSERT_TRUE(p.config) << p.error;
    EXPECT_TRUE(p.config->eal_args.empty());
    EXPECT_FALSE(p.config->port);
    EXPECT_EQ(p.config->mode, EngineMode::inline_mode);
    EXPECT_EQ(p.config->idle, IdleMode::busy);
    EXPECT_EQ(p.config->hostname, "sluice");
}

TEST(StackConfig, EveryKey) {
    const ConfigParse p = parse_stack_config(
        "# a sluice server\n"
        "eal = -l 1 --no-pci \"--vdev=net_tap0,iface=a b\"\n"
        "port = net_tap0   # the TAP\n"
        "ipv4 = 10.1.2.3/24\n"
        "gateway = 10.1.2.1\n"
        "vlan = 42\n"
        "mode = threaded\n"
        "idle = adaptive\n"
        "\n"
        "hostname = trader7\n"
        "pcap = /tmp/sl.pcapng\n"
        "engine_cpu = 1\n"
        "impair = loss=2%,seed=7\n"
        "tcp_delayed_ack = 0\n"
        "tcp_congestion = newreno\n"
        "tcp_msl = 5\n"
        "mbufs = 65535\r\n");
    ASSERT_TRUE(p.config) << p.error;
    const StackConfig& c = *p.config;
    EXPECT_EQ(c.eal_args, (std::vector<std::string>{"-l", "1", "--no-pci", "--vdev=net_tap0,iface=a b"}));
    EXPECT_EQ(c.port, "net_tap0");
    EXPECT_EQ(c.ipv4->to_string(), "10.1.2.3/24");
    EXPECT_EQ(c.gateway->to_string(), "10.1.2.1");
    EXPECT_EQ(c.vlan, 42);
    EXPECT_EQ(c.mode, EngineMode::threaded);
    EXPECT_EQ(c.idle, IdleMode::adaptive);
    EXPECT_EQ(c.hostname, "trader7");
    EXPECT_EQ(c.mbufs, 65535u);
    EXPECT_EQ(c.pcap, "/tmp/sl.pcapng");
    EXPECT_EQ(c.engine_cpu, 1u);
    EXPECT_EQ(c.impair, "loss=2%,seed=7");
    EXPECT_EQ(c.tcp_delayed_ack_ms, 0u);
    EXPECT_EQ(c.tcp_congestion, "newreno");
    EXPECT_EQ(c.tcp_msl_s, 5u);
}

TEST(StackConfig, MistakesNameTheLineAndKey) {
    const std::pair<const char*, const char*> cases[] = {
        {"mode = fast", "line 1: mode: wants inline or threaded"},
        {"\n\nbogus = 1", "line 3: bogus: unknown key"},
        {"port", "line 1: expected key = value"},
        {"idle = busy\nidle = busy", "line 2: idle: given twice"},
        {"vlan = 0", "line 1: vlan: wants 1..4094"},
        {"vlan = 4095", "line 1: vlan: wants 1..4094"},
        {"mbufs = 12x", "line 1: mbufs: wants 1023..16777215"},
        {"ipv4 = 10.1.2.3", "line 1: ipv4: wants A.B.C.D/LEN"},
        {"gateway = 10.1.2", "line 1: gateway: wants A.B.C.D"},
        {"eal = \"--vdev=x", "line 1: eal: unterminated quote"},
        {"port = 0", "port needs an ipv4 address"},
        {"ipv4 = 10.0.0.2/24", "ipv4, gateway, vlan, pcap and impair need a port"},
        {"pcap = /tmp/x.pcapng", "ipv4, gateway, vlan, pcap and impair need a port"},
        {"impair = loss=1%", "ipv4, gateway, vlan, pcap and impair need a port"},
        {"tcp_delayed_ack = 501", "line 1: tcp_delayed_ack: wants milliseconds 0..500"},
        {"tcp_congestion = bbr", "line 1: tcp_congestion: wants cubic or newreno"},
        {"tcp_msl = 0", "line 1: tcp_msl: wants seconds 1..120"},
        {"pcap =", "line 1: pcap: needs a file name"},
        {"mode = threaded\nengine_cpu = x", "line 2: engine_cpu: wants a CPU number 0..4095"},
        {"engine_cpu = 1", "engine_cpu needs mode = threaded"},
        {"port = 0\nipv4 = 10.0.0.2/24\ngateway = 10.9.0.1", "gateway is not inside the ipv4 subnet"},
        {"port = 0\nipv4 = 127.0.0.2/8", "ipv4 cannot be a loopback, multicast or unspecified address"},
    };
    for (const auto& [text, message] : cases) {
        const ConfigParse p = parse_stack_config(text);
        EXPECT_FALSE(p.config) << text;
        EXPECT_EQ(p.error, message) << text;
    }
}

TEST(StackConfig, SplitArguments) {
    EXPECT_EQ(*split_arguments("  a  b\tc "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(*split_arguments("\"\" x"), (std::vector<std::string>{"", "x"}));
    EXPECT_EQ(*split_arguments("a\"b c\"d"), (std::vector<std::string>{"ab cd"}));
    EXPECT_FALSE(split_arguments("\"open"));
}

TEST(SocketErrors, EachStackErrorHasItsWindowsCode) {
    using sluice::stack::SocketError;
    EXPECT_EQ(wsa_error(SocketError::none), 0);
    EXPECT_EQ(wsa_error(SocketError::would_block), 10035);
    EXPECT_EQ(wsa_error(SocketError::invalid), 10022);
    EXPECT_EQ(wsa_error(SocketError::address_in_use), 10048);
    EXPECT_EQ(wsa_error(SocketError::access_denied), 10013);
    EXPECT_EQ(wsa_error(SocketError::address_not_available), 10049);
    EXPECT_EQ(wsa_error(SocketError::message_too_long), 10040);
    EXPECT_EQ(wsa_error(SocketError::connection_reset), 10054);
    EXPECT_EQ(wsa_error(SocketError::network_unreachable), 10051);
    EXPECT_EQ(wsa_error(SocketError::no_buffers), 10055);
    EXPECT_EQ(wsa_error(SocketError::not_connected), 10057);
    EXPECT_EQ(wsa_error(SocketError::no_ports), 10055);
}
