// Socket addresses as Winsock callers pass them: SOCKADDR_IN bytes
// (family u16 in host order, port u16 and address u32 in network order,
// 8 bytes of sin_zero), read and written without the public headers (the
// provider sits below them) and without alignment assumptions.
//
// Spec: shared/spec/winsock-behaviour.md WS-BIND-20/21/29/30/31 (length and
// family rules), WS-IO-10/11 (recvfrom's from/fromlen).
//  - Reading: a NULL pointer or a length below 16 -> WSAEFAULT; a family
//    other than AF_INET -> WSAEAFNOSUPPORT. sin_zero is not checked.
//  - Writing: a length below 16 -> WSAEFAULT with the length unchanged and
//    nothing written; otherwise 16 bytes are written (sin_zero zeroed),
//    nothing beyond, and the length becomes 16.
#pragma once

#include <sluice/provider/result.hpp>
#include <sluice/stack/socket/socket_types.hpp>

#include <cstddef>

namespace sluice::provider {

inline constexpr int kSockaddrInSize = 16;

/// The endpoint in `name` (see the file comment for the errors).
Result<stack::Endpoint> read_sockaddr_in(const void* name, int name_length);

/// Whether `name` is a full-length address of family AF_UNSPEC (a UDP
/// connect() to it dissolves the association, WS-IO-48).
bool is_unspecified_family(const void* name, int name_length);

/// Writes `endpoint` to `name`; 0 or WSAEFAULT.
int write_sockaddr_in(const stack::Endpoint& endpoint, void* name, int* name_length);

}  // namespace sluice::provider
