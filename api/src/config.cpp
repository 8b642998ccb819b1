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

const char* sluice_config_error(void) { return thread_config_error().c_str(); }

}  // extern "C"
