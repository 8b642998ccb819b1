// sluice-echo's option parsing: valid command lines, and every kind of bad
// input rejected with a message naming the option.
#include "../../apps/sluice-echo/options.hpp"

#include <gtest/gtest.h>

using sluice::apps::EchoOptions;
using sluice::apps::IdleMode;
using sluice::apps::parse_echo_options;

TEST(EchoOptions, FullCommandLine) {
    const EchoOptions o = parse_echo_options({"--ip", "10.1.2.3/24", "--gw", "10.1.2.1", "--vlan", "100", "--port",
                                              "net_tap0", "--pcap", "/tmp/x.pcapng", "--idle", "adaptive"});
    EXPECT_EQ(o.address.to_string(), "10.1.2.3/24");
    EXPECT_EQ(o.gateway->to_string(), "10.1.2.1");
    EXPECT_EQ(o.vlan_id, 100);
    EXPECT_EQ(o.port, "net_tap0");
    EXPECT_EQ(o.pcap_path, "/tmp/x.pcapng");
    EXPECT_EQ(o.idle, IdleMode::adaptive);
}

TEST(EchoOptions, Defaults) {
    const EchoOptions o = parse_echo_options({"--ip", "192.168.7.2/30"});
    EXPECT_EQ(o.port, "0");
    EXPECT_EQ(o.idle, IdleMode::busy);
    EXPECT_FALSE(o.gateway);
    EXPECT_FALSE(o.vlan_id);
    EXPECT_FALSE(o.pcap_path);
}

TEST(EchoOptions, HelpNeedsNoAddress) { EXPECT_TRUE(parse_echo_options({"--help"}).help); }

TEST(EchoOptions, BadInputNamesTheOption) {
    auto message = [](std::vector<std::string> args) {
        try {
            parse_echo_options(args);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message({}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip"}).find("--ip needs a value"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/33"}).find("--ip"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--gw", "x"}).find("--gw"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "0"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "4095"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--vlan", "12x"}).find("--vlan"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--idle", "lazy"}).find("--idle"), std::string::npos);
    EXPECT_NE(message({"--ip", "10.1.2.3/24", "--bogus"}).find("--bogus"), std::string::npos);
}
