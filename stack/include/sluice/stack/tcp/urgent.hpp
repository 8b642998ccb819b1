// Urgent data (RFC 9293 §3.8.5, RFC 6093) as Windows presents it, receive
// side: with SO_OOBINLINE off, each urgent byte is taken out of the normal
// stream and kept apart, one byte per urgent mark, for recv(MSG_OOB)
// (spec WS-SEL-33: FIONREAD leaves them out, SIOCATMARK is FALSE while any is
// unread, each urgent byte is returned separately).
//
// The urgent pointer is read the BSD way that Windows and Linux send it
// (RFC 6093 §2.2): it points to the byte after the urgent byte, so the
// urgent byte is SEG.SEQ + urgent pointer - 1.
//
// Invariants: `pending_` (marks announced, byte not yet arrived in order) and
// `skip_` (marks whose byte was copied out; normal reads step over them) are
// strictly increasing sequence numbers; every `skip_` mark lies in the
// receive buffer's readable bytes; `bytes_` holds one byte per mark taken.
#pragma once

#include <sluice/stack/tcp/seq.hpp>

#include <cstdint>
#include <deque>

namespace sluice::stack {

class TcpReceiveBuffer;

class UrgentData {
public:
    /// A segment carried URG with this urgent byte; `read_point` is the first
    /// unread byte of the stream. Old or repeated marks are ignored.
    void announce(SeqNum urgent_byte, SeqNum read_point);
    /// Copies out every announced urgent byte that has arrived in order.
    void take_arrived(TcpReceiveBuffer& rbuf);
    /// The next urgent byte for recv(MSG_OOB); false when none is waiting.
    bool pop(std::uint8_t& byte);
    /// Urgent data waiting (SIOCATMARK FALSE, select's exceptfds, POLLRDBAND).
    bool pending() const { return !bytes_.empty() || !pending_.empty(); }
    /// Bytes of the readable stream that a normal read skips.
    std::size_t skipped_in_stream() const { return skip_.size(); }
    /// Normal reads: how many bytes from `read_point` may be read before the
    /// next urgent byte (SIZE_MAX: none ahead).
    std::size_t run_before_mark(SeqNum read_point) const;
    /// A normal read reached the urgent byte at `read_point`: forget it.
    void stepped_over(SeqNum read_point);
    bool at_mark(SeqNum read_point) const { return !skip_.empty() && skip_.front() == read_point; }

private:
    std::deque<SeqNum> pending_;
    std::deque<SeqNum> skip_;
    std::deque<std::uint8_t> bytes_;
};

}  // namespace sluice::stack
