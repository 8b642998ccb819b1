// The calling thread's Winsock last error (WSAGetLastError/WSASetLastError).
//
// Spec: shared/spec/winsock-behaviour.md quick checklist item 1 (successful
// calls set it to 0: WS-SOCK-03, WS-DIFF-11) and WS-START-07/09 (what
// WSAStartup leaves in it); shared/spec/winsock-catalog.md §1.10 (the SPI
// returns errors through lpErrno, the API layer turns them into this value).
// Invariants: one value per thread, 0 in a thread that never set it; setting
// it in one thread is never visible in another.
#pragma once

namespace sluice::provider {

void set_last_error(int error) noexcept;
int last_error() noexcept;

}  // namespace sluice::provider
