// ProtocolEntry -> WSAPROTOCOL_INFOA/W marshalling (defined in
// enum_protocols.cpp), shared by WSAEnumProtocols and SO_PROTOCOL_INFOA/W.
// Include after <sluice/winsock2.h> in prefixed mode.
#pragma once

#include <sluice/provider/catalog.hpp>

namespace sluice::api {

void to_info(WSAPROTOCOL_INFOW& out, const provider::ProtocolEntry& e);
void to_info(WSAPROTOCOL_INFOA& out, const provider::ProtocolEntry& e);

}  // namespace sluice::api
