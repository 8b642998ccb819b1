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
// Turning SO_OOBINLINE on puts the urgent bytes not yet read back in the
// stream (WS-SEL-34): FIONREAD counts them, a normal read returns them, and
// SIOCATMARK stays FALSE until the reads have passed them.
//
// Invariants: `pending_` (marks announced, byte not yet arrived in order),
// `skip_` (marks whose byte was copied out; normal reads step over them) and
// `inline_` (urgent bytes put back in the stream, not yet read) are strictly
// increasing sequence numbers; every `skip_` mark lies in the receive
// buffer's readable bytes; `bytes_` holds one byte per mark taken; `bytes_`
// and `skip_` are both suffixes of the marks taken, in order (each pops its
// oldest), so the newest min(|bytes_|, |skip_|) marks are those whose byte is
// both unread and still in the stream.
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
    /// SO_OOBINLINE turned on: the urgent bytes still ahead in the stream go
    /// back inline, marks announced but not arrived stay inline; a byte whose
    /// place the reads have passed cannot go back and is dropped.
    void make_inline();
    /// A normal read moved the read point to `read_point`: forget the inline
    /// urgent bytes it returned.
    void read_to(SeqNum read_point);
    /// SIOCATMARK: FALSE while urgent data waits, out of band or inline.
    bool unread() const { return pending() || !inline_.empty(); }

private:
    std::deque<SeqNum> pending_;
    std::deque<SeqNum> skip_;
    std::deque<std::uint8_t> bytes_;
    std::deque<SeqNum> inline_;
};

}  // namespace sluice::stack
