// SOCKADDR_IN reading and writing. Rules: sockaddr.hpp.
#include <sluice/provider/sockaddr.hpp>

#include <sluice/provider/wsa_constants.hpp>

#include <array>
#include <cstring>

namespace sluice::provider {

Result<stack::Endpoint> read_sockaddr_in(const void* name, int name_length) {
    if (name == nullptr || name_length < kSockaddrInSize) return Result<stack::Endpoint>::failure(err::wsaefault);
    std::array<std::uint8_t, kSockaddrInSize> raw{};
    std::memcpy(raw.data(), name, raw.size());
    std::uint16_t family;
    std::memcpy(&family, raw.data(), sizeof family);  // host order, as sa_family is
    if (family != af::inet) return Result<stack::Endpoint>::failure(err::wsaeafnosupport);
    stack::Endpoint endpoint;
    endpoint.port = static_cast<std::uint16_t>((raw[2] << 8) | raw[3]);
    endpoint.address = wire::Ipv4Addr::from_octets(raw[4], raw[5], raw[6], raw[7]);
    return endpoint;
}

bool is_unspecified_family(const void* name, int name_length) {
    if (name == nullptr || name_length < kSockaddrInSize) return false;
    std::uint16_t family;
    std::memcpy(&family, name, sizeof family);
    return family == af::unspec;
}

int write_sockaddr_in(const stack::Endpoint& endpoint, void* name, int* name_length) {
    if (name == nullptr || name_length == nullptr || *name_length < kSockaddrInSize) return err::wsaefault;
    std::array<std::uint8_t, kSockaddrInSize> raw{};
    const auto family = static_cast<std::uint16_t>(af::inet);
    std::memcpy(raw.data(), &family, sizeof family);
    raw[2] = static_cast<std::uint8_t>(endpoint.port >> 8);
    raw[3] = static_cast<std::uint8_t>(endpoint.port);
    const std::uint32_t a = endpoint.address.value;
    raw[4] = static_cast<std::uint8_t>(a >> 24);
    raw[5] = static_cast<std::uint8_t>(a >> 16);
    raw[6] = static_cast<std::uint8_t>(a >> 8);
    raw[7] = static_cast<std::uint8_t>(a);
    std::memcpy(name, raw.data(), raw.size());
    *name_length = kSockaddrInSize;
    return 0;
}

}  // namespace sluice::provider
