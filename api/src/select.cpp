// select, __WSAFDIsSet and WSAPoll over the session's sockets.
//
// Spec: shared/spec/winsock-behaviour.md WS-SEL-02..29 (select), 70..85
// (WSAPoll).
//  select:
//   - no set, or only empty sets -> WSAEINVAL (WS-SEL-10); any handle that is
//     not a live socket -> WSAENOTSOCK, sets untouched (WS-SEL-11);
//   - fd_count is trusted beyond FD_SETSIZE (WS-SEL-16, > 64 sockets);
//   - the result counts (socket, set) memberships (WS-SEL-02), an aliased set
//     once with its union (WS-SEL-14); each set is compacted to its ready
//     sockets, a duplicate listed once (WS-SEL-13);
//   - a socket closed while select waits is reported readable (WS-SEL-09),
//     unless it was not in readfds: then WSAENOTSOCK, sets cleared (WS-SEL-28);
//   - aliased sets get the union of their roles' ready sockets (WS-SEL-14);
//   - timeout NULL waits forever, {0,0} polls once.
//  WSAPoll:
//   - (NULL, 0) -> WSAEINVAL, (NULL, n) -> WSAEFAULT (WS-SEL-70);
//   - request bits other than WS_POLLRDNORM|WS_POLLRDBAND|WS_POLLWRNORM on an entry
//     that names a socket -> WSAEINVAL (WS-SEL-71/74);
//   - entries that are not sockets get WS_POLLNVAL and are not counted; when
//     no entry is a socket -> WSAENOTSOCK (WS-SEL-73);
//   - WS_POLLERR/WS_POLLHUP are reported whatever was asked; a socket closed while
//     WSAPoll waits reports WS_POLLNVAL and is counted (WS-SEL-82).
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "call.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace {

namespace p = sluice::provider;
using sluice::api::fail;
using sluice::api::finish;

/// One distinct socket being watched.
struct Watched {
    SOCKET handle;
    p::SocketRecord record;
    p::Readiness ready;
    bool closed = false;
};

std::optional<p::SteadyTime> deadline_from_ms(long long ms) {
    if (ms < 0) return std::nullopt;
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}

/// Computes readiness of every watched socket; a handle no longer live
/// (closed meanwhile) is marked closed.
void refresh(sluice::api::Session& session, std::vector<Watched>& watched) {
    std::vector<p::ProviderSocket*> sockets;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < watched.size(); ++i) {
        watched[i].closed = !session.sockets().find(watched[i].handle).has_value();
        if (!watched[i].closed) {
            sockets.push_back(watched[i].record.socket.get());
            index.push_back(i);
        }
    }
    std::vector<p::Readiness> out(sockets.size());
    if (!sockets.empty()) session.provider().readiness(sockets, out);
    for (std::size_t k = 0; k < index.size(); ++k) watched[index[k]].ready = out[k];
}

/// Repeats `scan` (which refreshes and returns the ready count) until it
/// finds something or the deadline passes.
template <class Scan>
int wait_until_ready(sluice::api::Session& session, std::optional<p::SteadyTime> deadline, bool poll_once, Scan scan) {
    for (;;) {
        const std::uint64_t seen = session.host().activity();
        const int ready = scan();
        if (ready > 0 || poll_once) return ready;
        if (deadline && std::chrono::steady_clock::now() >= *deadline) return 0;
        if (!session.host().wait_for_activity(seen, deadline)) return scan();
    }
}

std::size_t index_of(std::vector<Watched>& watched, SOCKET s) {
    for (std::size_t i = 0; i < watched.size(); ++i) {
        if (watched[i].handle == s) return i;
    }
    return watched.size();
}

/// Adds every socket of `set` to `watched`; false if one is not a socket.
bool collect(sluice::api::Session& session, const WS_fd_set* set, std::vector<Watched>& watched) {
    if (set == nullptr) return true;
    for (WS_u_int i = 0; i < set->fd_count; ++i) {
        const SOCKET s = set->fd_array[i];
        if (index_of(watched, s) < watched.size()) continue;
        auto record = session.sockets().find(s);
        if (!record) return false;
        watched.push_back(Watched{s, std::move(*record), {}, false});
    }
    return true;
}

/// One of select's three sets: its caller's pointer, the handles it held on
/// entry (sets may alias, so they are read once, before anything is written),
/// and the test for readiness in that role.
struct SetRole {
    WS_fd_set* set;
    bool (*is_ready)(const Watched&);
    std::vector<SOCKET> handles;  ///< distinct, in order
};

SetRole make_role(WS_fd_set* set, bool (*is_ready)(const Watched&)) {
    SetRole role{set, is_ready, {}};
    if (set == nullptr) return role;
    for (WS_u_int i = 0; i < set->fd_count; ++i) {
        const SOCKET s = set->fd_array[i];
        if (std::find(role.handles.begin(), role.handles.end(), s) == role.handles.end()) role.handles.push_back(s);
    }
    return role;
}

std::vector<SOCKET> ready_in(const SetRole& role, std::vector<Watched>& watched) {
    std::vector<SOCKET> out;
    for (SOCKET s : role.handles) {
        if (role.is_ready(watched[index_of(watched, s)])) out.push_back(s);
    }
    return out;
}

/// Whether roles[r]'s set already appeared in an earlier role (aliased sets).
bool aliases_earlier(const std::vector<SetRole>& roles, std::size_t r) {
    for (std::size_t q = 0; q < r; ++q) {
        if (roles[q].set == roles[r].set) return true;
    }
    return false;
}

/// Writes each set once: a set passed in several roles gets the union of
/// their ready sockets (WS-SEL-14).
void write_sets(const std::vector<SetRole>& roles, std::vector<Watched>& watched) {
    for (std::size_t r = 0; r < roles.size(); ++r) {
        WS_fd_set* set = roles[r].set;
        if (set == nullptr) continue;
        if (aliases_earlier(roles, r)) continue;
        std::vector<SOCKET> out;
        for (std::size_t q = r; q < roles.size(); ++q) {
            if (roles[q].set != set) continue;
            for (SOCKET s : ready_in(roles[q], watched)) {
                if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
            }
        }
        for (std::size_t i = 0; i < out.size(); ++i) set->fd_array[i] = out[i];
        set->fd_count = static_cast<WS_u_int>(out.size());
    }
}

/// WS-SEL-28: a socket closed during the wait that was not asked about in
/// readfds makes select fail (WSAENOTSOCK, sets cleared).
bool closed_outside_readfds(const SetRole& read_role, const std::vector<Watched>& watched) {
    for (const Watched& w : watched) {
        if (!w.closed) continue;
        if (std::find(read_role.handles.begin(), read_role.handles.end(), w.handle) == read_role.handles.end()) {
            return true;
        }
    }
    return false;
}

bool readable(const Watched& w) { return w.closed || w.ready.readable; }
bool writable(const Watched& w) { return !w.closed && w.ready.writable; }
bool exceptional(const Watched& w) { return !w.closed && w.ready.exceptional; }

bool empty(const WS_fd_set* set) { return set == nullptr || set->fd_count == 0; }

constexpr short kValidPollRequest = WS_POLLRDNORM | WS_POLLRDBAND | WS_POLLWRNORM;

short poll_events(const Watched& w, short requested) {
    if (w.closed) return WS_POLLNVAL;
    short r = 0;
    if (w.ready.poll_readable && (requested & WS_POLLRDNORM) != 0) r |= WS_POLLRDNORM;
    if (w.ready.poll_urgent && (requested & WS_POLLRDBAND) != 0) r |= WS_POLLRDBAND;
    if (w.ready.poll_writable && (requested & WS_POLLWRNORM) != 0) r |= WS_POLLWRNORM;
    if (w.ready.error) r |= WS_POLLERR;
    if (w.ready.hangup) r |= WS_POLLHUP;
    return r;
}

}  // namespace

extern "C" {

int WSAAPI WS_select(int, WS_fd_set* readfds, WS_fd_set* writefds, WS_fd_set* exceptfds, const WS_timeval* timeout) {
    const auto session = sluice::api::session();
    if (!session) return fail(WSANOTINITIALISED);
    if (empty(readfds) && empty(writefds) && empty(exceptfds)) return fail(WSAEINVAL);
    if (timeout != nullptr && (timeout->tv_sec < 0 || timeout->tv_usec < 0)) return fail(WSAEINVAL);
    std::vector<Watched> watched;
    if (!collect(*session, readfds, watched) || !collect(*session, writefds, watched) ||
        !collect(*session, exceptfds, watched)) {
        return fail(WSAENOTSOCK);
    }
    std::optional<p::SteadyTime> deadline;
    bool poll_once = false;
    if (timeout != nullptr) {
        const auto wait = std::chrono::seconds(timeout->tv_sec) + std::chrono::microseconds(timeout->tv_usec);
        poll_once = wait.count() == 0;
        deadline = std::chrono::steady_clock::now() + wait;
    }
    const std::vector<SetRole> roles = {make_role(readfds, readable), make_role(writefds, writable),
                                        make_role(exceptfds, exceptional)};
    bool any_closed = false;
    const auto scan = [&] {
        refresh(*session, watched);
        int n = 0;
        for (const SetRole& role : roles) n += static_cast<int>(ready_in(role, watched).size());
        any_closed = std::any_of(watched.begin(), watched.end(), [](const Watched& w) { return w.closed; });
        return n > 0 || !any_closed ? n : 1;  // a close ends the wait
    };
    int ready = wait_until_ready(*session, deadline, poll_once, scan);
    if (any_closed && closed_outside_readfds(roles[0], watched)) {
        for (const SetRole& role : roles) {
            if (role.set != nullptr) role.set->fd_count = 0;
        }
        return fail(WSAENOTSOCK);
    }
    write_sets(roles, watched);
    // The count is of what the sets now hold, each distinct set once (an
    // aliased set counts its union, WS-SEL-14).
    ready = 0;
    for (std::size_t r = 0; r < roles.size(); ++r) {
        if (roles[r].set != nullptr && !aliases_earlier(roles, r)) ready += static_cast<int>(roles[r].set->fd_count);
    }
    return finish(0, ready);
}

int WSAAPI __WSAFDIsSet(SOCKET fd, WS_fd_set* set) {
    if (set == nullptr) return 0;
    for (WS_u_int i = 0; i < set->fd_count; ++i) {
        if (set->fd_array[i] == fd) return 1;
    }
    return 0;
}

int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout) {
    const auto session = sluice::api::session();
    if (!session) return fail(WSANOTINITIALISED);
    if (fds == 0) return fail(WSAEINVAL);
    if (fdArray == nullptr) return fail(WSAEFAULT);
    std::vector<Watched> watched(fds);
    bool any_socket = false;
    for (ULONG i = 0; i < fds; ++i) {
        watched[i].handle = fdArray[i].fd;
        auto record = session->sockets().find(fdArray[i].fd);
        if (!record) continue;
        watched[i].record = std::move(*record);
        any_socket = true;
    }
    if (!any_socket) {
        for (ULONG i = 0; i < fds; ++i) fdArray[i].revents = WS_POLLNVAL;
        return fail(WSAENOTSOCK);
    }
    for (ULONG i = 0; i < fds; ++i) {
        // WS-SEL-71/73/74: invalid request bits fail the call, except on an
        // INVALID_SOCKET entry, which just reports POLLNVAL.
        fdArray[i].revents = 0;
        if (fdArray[i].fd != INVALID_SOCKET && (fdArray[i].events & ~kValidPollRequest) != 0) return fail(WSAEINVAL);
    }
    std::vector<bool> valid(fds);
    for (ULONG i = 0; i < fds; ++i) valid[i] = watched[i].record.socket != nullptr;
    std::vector<Watched> live;
    const auto scan = [&] {
        live.clear();
        for (ULONG i = 0; i < fds; ++i) {
            if (valid[i]) live.push_back(watched[i]);
        }
        refresh(*session, live);
        int n = 0;
        std::size_t k = 0;
        for (ULONG i = 0; i < fds; ++i) {
            if (!valid[i]) {
                fdArray[i].revents = WS_POLLNVAL;
                continue;
            }
            fdArray[i].revents = poll_events(live[k++], fdArray[i].events);
            if (fdArray[i].revents != 0) ++n;
        }
        return n;
    };
    const int ready = wait_until_ready(*session, deadline_from_ms(timeout), timeout == 0, scan);
    return finish(0, ready);
}

}  // extern "C"
