// DatagramQueue: the receive queue of a message-oriented socket (UDP, raw),
// with the accounting both need and the Windows receive semantics.
//
// Invariants:
//  - Every queued datagram is charged max(size, kMinDatagramCharge) against
//    the socket's SO_RCVBUF (charged_bytes()) and its mbuf segments against
//    the engine-wide socket mbuf budget (StackContext); both are released
//    exactly when the datagram leaves the queue (receive or destruction).
//  - payload_bytes() is the sum of the queued datagrams' sizes (FIONREAD).
//  - receive() copies the front datagram into the caller's buffer; a buffer
//    smaller than the datagram is filled, the call reports message_too_long
//    and the rest is discarded unless peeking (spec WS-IO-45, WS-IO-10 family).
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/socket/socket_types.hpp>
#include <sluice/stack/wire/address.hpp>

#include <rte_mbuf.h>

#include <cstddef>
#include <deque>

namespace sluice::stack {

/// What a queued datagram costs against SO_RCVBUF at the least (its mbuf is
/// real memory even when the payload is empty).
inline constexpr std::size_t kMinDatagramCharge = 256;

/// What one receive call produced.
struct ReceivedDatagram {
    std::size_t copied = 0;          ///< bytes written to the caller's buffer
    std::size_t datagram_size = 0;   ///< the datagram's full size
    Endpoint from;
};

class DatagramQueue {
public:
    explicit DatagramQueue(StackContext& ctx) : ctx_(ctx) {}
    ~DatagramQueue() { clear(); }
    DatagramQueue(const DatagramQueue&) = delete;
    DatagramQueue& operator=(const DatagramQueue&) = delete;

    /// Whether a datagram of `size` bytes fits in `receive_buffer` (SO_RCVBUF).
    bool fits(std::size_t size, std::size_t receive_buffer) const {
        return charged_ + charge_for(size) <= receive_buffer;
    }

    /// Queues `data` (positioned at the first byte to deliver); Drop::none, or
    /// `buffer_full` / socket_memory_full, in which case the caller still owns
    /// (and frees) `data`.
    Drop push(rte_mbuf* data, std::size_t size, const Endpoint& from, std::size_t receive_buffer, Drop buffer_full);

    /// Copies the front datagram out (see the file comment).
    SocketError receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek);

    bool empty() const { return queue_.empty(); }
    std::size_t front_size() const { return queue_.empty() ? 0 : queue_.front().size; }
    std::size_t count() const { return queue_.size(); }
    std::size_t charged_bytes() const { return charged_; }
    std::size_t payload_bytes() const { return payload_; }

    /// Frees every queued datagram.
    void clear();

private:
    struct Datagram {
        rte_mbuf* data;
        std::size_t size;
        std::size_t charge;
        std::size_t segments;
        Endpoint from;
    };

    static std::size_t charge_for(std::size_t size) { return size > kMinDatagramCharge ? size : kMinDatagramCharge; }
    void pop_front();

    StackContext& ctx_;
    std::deque<Datagram> queue_;
    std::size_t charged_ = 0;
    std::size_t payload_ = 0;
};

}  // namespace sluice::stack
