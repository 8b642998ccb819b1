// sluice-echo's command line: valid command lines, every kind of bad input
// rejected with a message naming the option, and the configuration text the
// options become (checked by libsluice's own parser, sluice_set_config,
// which needs no stack).
#include "../../apps/sluice-echo/options.hpp"

#include <sluice/sluice.h>

#include <gtest/gtest.h>

#include <stdexcept>

using sluice::apps::echo_config_text;
using sluice::apps::EchoOptions;
using sluice::apps::EngineMode;
using sluice::apps::IdleMode;
using sluice::apps::parse_echo_options;
using sluice::apps::split_command_line;

namespace {

std::string message(const std::vector<std::string>& args) {
    try {
        parse_echo_options(args);
    } catch (const std::invalid_argument& e) {
        return std::string(e.what());
    }
    return std::string("accepted");
}

/// sluice_set_config's verdict on `text`: "" when it parses, else its error.
std::string config_verdict(const std::string& text) {
    const int rc = sluice_set_config(text.c_str());
    std::string verdict = rc == 0 ? std::string() : std::string(sluice_config_error());
    if (rc != 0 && verdict.empty()) verdict = "error " + std::to_string(rc);
    sluice_set_config(nullptr);
    return verdict;
}

}  // namespace

TEST(EchoOptions, FullCommandLine) {
    const EchoOptions o =
        parse_echo_options({"--ip", "10.1.2.3/24", "--gw", "10.1.2.1", "--vlan", "100", "--port", "net_tap0", "--idle",
                            "adaptive", "--mode", "threaded", "--udp-port", "7007"});
    EXPECT_EQ(o.address, "10.1.2.3/24");
    EXPECT_EQ(o.gateway, "10.1.2.1");
    EXPECT_EQ(o.vlan_id, 100);
    EXPECT_EQ(o.port, "net_tap0");
    EXPECT_EQ(o.idle, IdleMode::adaptive);
    EXPECT_EQ(o.mode, EngineMode::threaded);
    EXPECT_EQ(o.udp_port, 7007);
}

TEST(EchoOptions, Defaults) {
    const EchoOptions o = parse_echo_options({"--ip", "192.168.7.2/30"});
    EXPECT_EQ(o.port, "0");
    EXPECT_EQ(o.idle, IdleMode::busy);
    EXPECT_EQ(o.mode, EngineMode::inline_mode);
    EXPECT_EQ(o.udp_port, 7);  // RFC 862
    EXPECT_FALSE(o.gateway);
    EXPECT_FALSE(o.vlan_id);
}

TEST(EchoOptions, HelpNeedsNoAddress) { EXPECT_TRUE(parse_echo_options({"--help"}).help); }

TEST(EchoOptions, BadInputNamesTheOption) {
    EXPECT_NE(message({}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip"}).find("--ip needs a value"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/33"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.03/24"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "127.0.0.2/8"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "224.0.0.1/24"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "0.0.0.0/0"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--gw", "x"}).find("--gw"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--gw", "10.1.3.1"}).find("--gw"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "0"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "4095"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "12x"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--idle", "lazy"}).find("--idle"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--mode", "inlined"}).find("--mode"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--mode"}).find("--mode needs a value"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--udp-port", "0"}).find("--udp-port"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--udp-port", "65536"}).find("--udp-port"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--udp-port", "-1"}).find("--udp-port"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--udp-port", "07"}).find("--udp-port"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--port", "a#b"}).find("--port"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--bogus"}).find("--bogus"), std::string::npos);
}

// --pcap becomes the configuration's pcap key; a name the configuration
// cannot carry is refused.
TEST(EchoOptions, PcapBecomesTheConfigurationKey) {
    const auto o = parse_echo_options({"--ip", "10.1.2.3/24", "--pcap", "/tmp/x.pcapng"});
    ASSERT_TRUE(o.pcap.has_value());
    EXPECT_NE(echo_config_text({}, o).find("pcap = /tmp/x.pcapng\n"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--pcap", "a#b"}).find("--pcap"), std::string::npos);
}

// --msl becomes the configuration's tcp_msl key (which sluice_set_config
// accepts); values outside 1..120 are refused, naming the option.
TEST(EchoOptions, MslBecomesTheConfigurationKey) {
    const auto o = parse_echo_options({"--ip", "10.1.2.3/24", "--msl", "2"});
    EXPECT_EQ(o.msl_s, 2u);
    const std::string text = echo_config_text({}, o);
    EXPECT_NE(text.find("tcp_msl = 2\n"), std::string::npos);
    EXPECT_EQ(config_verdict(text), "");
    EXPECT_FALSE(parse_echo_options({"--ip", "10.1.2.3/24"}).msl_s.has_value());
    EXPECT_EQ(parse_echo_options({"--ip", "10.1.2.3/24", "--msl", "120"}).msl_s, 120u);
    for (const char* bad : {"0", "121", "x", "-1", "01"})
        EXPECT_NE(message({"--ip", "10.1.2.3/24", "--msl", bad}).find("--msl"), std::string::npos) << bad;
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--msl"}).find("--msl needs a value"), std::string::npos);
}

TEST(EchoCommandLine, SplitsAtTheFirstDoubleDash) {
    const char* argv[] = {"sluice-echo", "-l", "1", "--no-pci", "--", "--ip", "10.0.0.2/24", "--", "x"};
    const auto split = split_command_line(9, argv);
    EXPECT_EQ(split.eal, (std::vector<std::string>{"-l", "1", "--no-pci"}));
    EXPECT_EQ(split.app, (std::vector<std::string>{"--ip", "10.0.0.2/24", "--", "x"}));
    const char* app_only[] = {"sluice-echo", "--ip", "10.0.0.2/24"};
    const auto no_eal = split_command_line(3, app_only);
    EXPECT_TRUE(no_eal.eal.empty());
    EXPECT_EQ(no_eal.app, (std::vector<std::string>{"--ip", "10.0.0.2/24"}));
}

TEST(EchoConfigText, EveryOptionBecomesItsKey) {
    const EchoOptions o = parse_echo_options({"--ip", "10.1.2.3/24", "--gw", "10.1.2.1", "--vlan", "100", "--port",
                                              "net_tap0", "--idle", "adaptive", "--mode", "threaded"});
    const std::string text =
        echo_config_text({"-l", "1", "--no-pci", "--in-memory", "--vdev=net_tap0,iface=sl0"}, o);
    EXPECT_EQ(text,
              "eal = -l 1 --no-pci --in-memory --vdev=net_tap0,iface=sl0\n"
              "port = net_tap0\n"
              "ipv4 = 10.1.2.3/24\n"
              "gateway = 10.1.2.1\n"
              "vlan = 100\n"
              "mode = threaded\n"
              "idle = adaptive\n");
    EXPECT_EQ(config_verdict(text), "");
}

TEST(EchoConfigText, DefaultsAndNoEalArguments) {
    const std::string text = echo_config_text({}, parse_echo_options({"--ip", "192.168.7.2/30"}));
    EXPECT_EQ(text, "port = 0\nipv4 = 192.168.7.2/30\nmode = inline\nidle = busy\n");
    EXPECT_EQ(config_verdict(text), "");
}

TEST(EchoConfigText, EalArgumentsWithSpacesAreQuoted) {
    const std::string text =
        echo_config_text({"--vdev", "net_null0,a=b c", ""}, parse_echo_options({"--ip", "10.1.2.3/24"}));
    EXPECT_EQ(text.substr(0, text.find('\n')), R"(eal = --vdev "net_null0,a=b c" "")");
    EXPECT_EQ(config_verdict(text), "");
}

TEST(EchoConfigText, UnrepresentableEalArgumentsAreRefused) {
    const EchoOptions o = parse_echo_options({"--ip", "10.1.2.3/24"});
    for (const char* bad : {"--vdev=a#b", "say\"x", "two\nlines"}) {
        try {
            echo_config_text({"--no-pci", bad}, o);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("EAL argument"), std::string::npos) << e.what();
        }
    }
}
