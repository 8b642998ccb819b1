// sluice_set_config and sluice_config_error (<sluice/sluice.h>): the C call
// that configures the stack before WSAStartup. Parsing and keys:
// provider/include/sluice/provider/stack_config.hpp.
#include <sluice/sluice.h>

#include "runtime.hpp"

#include <sluice/provider/stack_config.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <string>

namespace {

std::string& thread_config_error() {
    thread_local std::string message;
    return message;
}

}  // namespace

extern "C" {

int sluice_set_config(const char* text) {
    thread_config_error().clear();
    if (text == nullptr) {
        sluice::api::set_configuration_text(std::nullopt);
        return 0;
    }
    const sluice::provider::ConfigParse parsed = sluice::provider::parse_stack_config(text);
    if (!parsed.config) {
        thread_config_error() = parsed.error;
        return sluice::provider::err::wsaeinval;
    }
    sluice::api::set_configuration_text(std::string(text));
    return 0;
}

int sluice_attach_port(unsigned short port_id, unsigned short queue_id, struct rte_mempool* tx_pool,
                       const char* ipv4_cidr, const char* gateway) {
    thread_config_error().clear();
    auto refuse = [](const char* why) {
        thread_config_error() = why;
        return sluice::provider::err::wsaeinval;
    };
    std::optional<sluice::api::Attachment> attachment;
    if (port_id != 0xFFFF) {
        if (ipv4_cidr == nullptr) return refuse("ipv4_cidr is NULL");
        const auto cidr = sluice::wire::Ipv4Cidr::parse(ipv4_cidr);
        if (!cidr) return refuse("ipv4_cidr wants A.B.C.D/LEN");
        std::optional<sluice::wire::Ipv4Addr> gw;
        if (gateway != nullptr) {
            gw = sluice::wire::Ipv4Addr::parse(gateway);
            if (!gw) return refuse("gateway wants A.B.C.D");
            if (!cidr->contains(*gw)) return refuse("gateway is not inside ipv4_cidr");
        }
        attachment = sluice::api::Attachment{port_id, queue_id, tx_pool, *cidr, gw};
    }
    if (!sluice::api::set_attachment(attachment)) return refuse("the stack is running: attach before WSAStartup");
    return 0;
}

const char* sluice_config_error(void) { return thread_config_error().c_str(); }

}  // extern "C"
