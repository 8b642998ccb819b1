// sluice_for_each_counter, sluice_interface and sluice_socket_flags
// (<sluice/sluice.h>): what the running stack has counted, what its interface
// is, and the flags a socket was created with. Both read the engine inside a run() closure
// (exclusive access) and call back or write after it returns.
#include <sluice/sluice.h>

#include "runtime.hpp"

#include <sluice/provider/wsa_constants.hpp>

#include <rte_mempool.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

extern "C" {

int sluice_for_each_counter(sluice_counter_fn fn, void* context) {
    const auto session = sluice::api::session();
    if (!session) return sluice::provider::err::wsanotinitialised;
    if (fn == nullptr) return sluice::provider::err::wsaefault;
    std::vector<std::pair<std::string, unsigned long long>> values;
    session->host().run([&](sluice::stack::Engine& engine, sluice::stack::Instant) {
        engine.counters().for_each([&](std::string_view name, std::uint64_t value) {
            values.emplace_back(std::string(name), value);
        });
        engine.tcp().stats().for_each([&](std::string_view name, std::uint64_t value) {
            values.emplace_back("tcp." + std::string(name), value);
        });
        values.emplace_back("tcp.connections", engine.tcp().connection_count());
        values.emplace_back("pool.in_use", rte_mempool_in_use_count(engine.pool()));
        values.emplace_back("pool.available", rte_mempool_avail_count(engine.pool()));
    });
    for (const auto& [name, value] : sluice::api::port_counters()) values.emplace_back(name, value);
    for (const auto& [name, value] : values) fn(name.c_str(), value, context);
    return 0;
}

int sluice_socket_flags(unsigned long long socket, unsigned int* flags) {
    const auto session = sluice::api::session();
    if (!session) return sluice::provider::err::wsanotinitialised;
    const auto record = session->sockets().find(socket);
    if (!record) return sluice::provider::err::wsaenotsock;
    if (flags == nullptr) return sluice::provider::err::wsaefault;
    *flags = record->socket->identity().flags;
    return 0;
}

int sluice_interface(char* buffer, int length) {
    const auto session = sluice::api::session();
    if (!session) return sluice::provider::err::wsanotinitialised;
    if (buffer == nullptr || length < 64) return sluice::provider::err::wsaefault;
    const std::string text = session->host().run([](sluice::stack::Engine& engine, sluice::stack::Instant) {
        if (!engine.has_ethernet()) return std::string("127.0.0.1/8 -");
        const auto& i = engine.interface();
        return i.address.address.to_string() + "/" + std::to_string(i.address.prefix_len) + " " + i.mac.to_string();
    });
    std::snprintf(buffer, static_cast<std::size_t>(length), "%s", text.c_str());
    return 0;
}

}  // extern "C"
