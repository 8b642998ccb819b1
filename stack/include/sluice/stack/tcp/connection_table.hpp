// The TCP connection lookup table: FourTuple -> connection, one per engine.
//
// What it is for: every received segment is demultiplexed by its 4-tuple
// (RFC 9293 §3.10.7), so this is on the per-packet path and must stay fast at
// a million connections, including while it grows and while a remote peer
// chooses the tuples it sends.
//
// Design:
//  - Keyed hash. The slot index comes from SipHash-2-4 of the tuple under a
//    per-engine secret key (hash_four_tuple, four_tuple.hpp) in its own domain
//    (connection_table_domain, "CTBL"; isn.cpp uses "ISN\0", syn_cookie.cpp
//    "SCH0" and "SMA"+index), so the engine may hand this table the same key
//    as its ISN generator. A peer that cannot learn the key cannot choose
//    tuples that collide, so the probe lengths below hold against an
//    adversary, not just on friendly traffic (an unkeyed hash of attacker-
//    chosen ports is the classic hash-flooding DoS). SipHash of the 20-byte
//    input costs ~25 ns, a fraction of the cache miss a lookup takes anyway.
//  - Open addressing, linear probing, power-of-two capacity, home slot =
//    hash & (capacity - 1). A slot is 32 bytes, two per cache line: the full
//    64-bit hash, the FourTuple and the T*. A probe compares the stored hash
//    first and the tuple only on a hash match; keeping the whole hash also
//    gives every entry's home (so its displacement) without recomputing
//    SipHash, on erase and when growing. An empty slot is one whose value is
//    nullptr, so values must be non-null (insert refuses nullptr). An
//    all-zero slot is empty, so arrays come from calloc: large ones are fresh
//    zero pages from the kernel, faulted in as they are touched rather than
//    memset at growth time.
//  - Robin Hood insertion (Celis 1986): within linear probing, an insert
//    walking from its home takes the slot of the first entry that sits
//    nearer its own home than the newcomer would, and that entry walks on.
//    The average probe length is unchanged (it only reorders clusters) but
//    the variance collapses: at 1M entries (load 0.477) the longest probe
//    measured 11 slots against 42-44 for first-come linear probing, both
//    averaging 1.46. It also lets a miss stop early, at the first entry
//    nearer its home than the probe has come.
//  - Load factor <= 1/2 (entries * 2 <= capacity). Linear probing's expected
//    successful search at load a is (1 + 1/(1 - a)) / 2 probes, 1.5 at 1/2;
//    the cost climbs steeply past ~0.7, and the memory (32 bytes a slot, so
//    64-128 bytes an entry, plus the old array while growing) is small next
//    to the connections themselves. The array is never full, so every probe
//    ends.
//  - Deletion by backward shift: the displaced entries after the hole, up to
//    an empty slot or an entry at its home, each move back one slot. No
//    tombstones, so probe lengths depend only on the entries present, never
//    on the history of erases, and the Robin Hood order is kept.
//  - Growth by doubling, rehashed incrementally. When an insert would take
//    the load past 1/2, a new array of twice the capacity is allocated and
//    becomes the live one (new entries go there); the old array is kept and
//    emptied a bounded amount at a time: every insert and erase visits at
//    least migrate_slots_per_step (8) old slots, finishing the cluster it is
//    in, so at most that plus the longest cluster. Lookups check both arrays
//    while a migration is under way (each key is in exactly one). The old
//    array only ever loses entries: whole clusters move at once, from a
//    cursor that starts on an empty slot and only ever stops on one, so
//    between operations every cluster still in the old array is intact and
//    probing (and backward-shift erasing) there stays correct. Completion
//    comes before the next growth: growth happens at size C/2 for an old
//    capacity C, the next at size C, so at least C/2 inserts come between,
//    and they visit 8 * C/2 >= C old slots (insert() still finishes any
//    migration before starting another, as a backstop that never runs).
//    find() is const and does not migrate: inserts alone guarantee
//    progress, and a const lookup that writes would surprise its caller.
//    Measured (release build, this 2-CPU machine, inserting 1M one-server
//    tuples): a one-shot doubling from 2^20 to 2^21 slots stalled one insert
//    52.7 ms; incrementally the worst insert is the one that ends a
//    migration and frees the old array (~1.2 ms at 2^20 slots, the cost of
//    returning 32 MB to the kernel), the 99.99th percentile ~12 us, the
//    median ~0.2 us.
//  - Capacity limit: at most max_entries entries; insert() returns false when
//    full. Capacity never shrinks (it is bounded by max_entries anyway:
//    2^22 entries by default, so at most 2^23 slots = 256 MB).
//
// Invariants: each tuple is present at most once; size() counts both arrays;
// in each array every entry is reachable by probing from its home slot
// without crossing an empty slot, and within a cluster the entries are in the
// order of their home slots (Robin Hood order), so a probe from home h passes
// only entries whose homes are at or before h. Not thread-safe (one engine
// thread owns it). for_each must not insert or erase. A moved-from table may
// only be destroyed or assigned to.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace sluice::stack {

/// Keeps the table's hash apart from the other uses of a key (ISN, cookies).
inline constexpr std::uint32_t connection_table_domain = 0x4354424c;  // "CTBL"

/// Probe lengths of the keys present: a key found in its home slot has probe
/// length 1, one slot further 2, and so on.
struct ProbeStats {
    std::size_t entries = 0;
    double average = 0.0;  ///< 0 when empty
    std::size_t max = 0;
};

template <class T>
class ConnectionTable {
public:
    /// Old slots moved per insert/erase while growing (see the file comment).
    static constexpr std::size_t migrate_slots_per_step = 8;
    /// The smallest capacity; smaller requests are rounded up to it.
    static constexpr std::size_t min_capacity = 8;

    /// `initial_capacity` is rounded up to a power of two (at least
    /// min_capacity); the table holds at most `max_entries` entries.
    explicit ConnectionTable(const SipKey& key, std::size_t initial_capacity = 1024,
                             std::size_t max_entries = (1u << 22))
        : key_(key), max_entries_(max_entries), live_(std::bit_ceil(std::max(initial_capacity, min_capacity))) {}

    ConnectionTable(ConnectionTable&&) noexcept = default;
    ConnectionTable& operator=(ConnectionTable&&) noexcept = default;

    /// Adds tuple -> value. False, and no change, when the tuple is already
    /// present, the table holds max_entries, or value is nullptr.
    bool insert(const FourTuple& tuple, T* value) {
        if (value == nullptr) return false;
        migrate_step();
        const std::uint64_t h = hash(tuple);
        if (locate(live_, h, tuple) != nullptr) return false;
        if (migrating() && locate(old_, h, tuple) != nullptr) return false;
        if (size() >= max_entries_) return false;
        if ((size() + 1) * 2 > live_.capacity()) grow();
        place(live_, Slot{h, tuple, value});
        return true;
    }

    /// The value for `tuple`, or nullptr when absent.
    T* find(const FourTuple& tuple) const {
        const std::uint64_t h = hash(tuple);
        if (const Slot* s = locate(live_, h, tuple)) return s->value;
        if (migrating()) {
            if (const Slot* s = locate(old_, h, tuple)) return s->value;
        }
        return nullptr;
    }

    /// Removes `tuple`; false when it was absent.
    bool erase(const FourTuple& tuple) {
        migrate_step();
        const std::uint64_t h = hash(tuple);
        if (Slot* s = locate(live_, h, tuple)) {
            remove_at(live_, static_cast<std::size_t>(s - live_.slots.get()));
            return true;
        }
        if (migrating()) {
            if (Slot* s = locate(old_, h, tuple)) {
                remove_at(old_, static_cast<std::size_t>(s - old_.slots.get()));
                return true;
            }
        }
        return false;
    }

    std::size_t size() const { return live_.count + old_.count; }
    /// The live array's slot count (the larger one while growing).
    std::size_t capacity() const { return live_.capacity(); }
    std::size_t max_entries() const { return max_entries_; }
    /// True while entries remain in the array being grown out of.
    bool migrating() const { return old_.slots != nullptr; }

    /// Calls f(const FourTuple&, T*) once per entry, in no particular order.
    /// f must not insert or erase.
    template <class F>
    void for_each(F&& f) const {
        for (const Array* a : {&old_, &live_}) {
            for (std::size_t i = 0; i < a->capacity(); ++i) {
                const Slot& s = a->slots[i];
                if (s.value != nullptr) f(std::as_const(s.tuple), s.value);
            }
        }
    }

    /// Probe lengths of every present key (O(capacity); tests and diagnostics).
    ProbeStats probe_stats() const {
        ProbeStats stats;
        std::size_t total = 0;
        for (const Array* a : {&old_, &live_}) {
            for (std::size_t i = 0; i < a->capacity(); ++i) {
                const Slot& s = a->slots[i];
                if (s.value == nullptr) continue;
                const std::size_t length = displacement(*a, i) + 1;
                total += length;
                stats.max = std::max(stats.max, length);
                ++stats.entries;
            }
        }
        if (stats.entries != 0) stats.average = static_cast<double>(total) / static_cast<double>(stats.entries);
        return stats;
    }

    /// The keyed hash the table indexes by (exposed for tests).
    std::uint64_t hash(const FourTuple& tuple) const { return hash_four_tuple(key_, tuple, connection_table_domain); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        FourTuple tuple{};
        T* value = nullptr;  // nullptr: empty
    };
    // calloc'd memory is a valid array of empty slots (implicit-lifetime type).
    static_assert(std::is_trivially_copyable_v<Slot> && std::is_trivially_destructible_v<Slot>);
    static_assert(sizeof(Slot) == 32);

    struct Free {
        void operator()(Slot* p) const { std::free(p); }
    };

    struct Array {
        std::unique_ptr<Slot[], Free> slots;
        std::size_t mask = 0;
        std::size_t count = 0;

        Array() = default;
        explicit Array(std::size_t capacity)
            : slots(static_cast<Slot*>(std::calloc(capacity, sizeof(Slot)))), mask(capacity - 1) {
            if (!slots) throw std::bad_alloc();
        }
        std::size_t capacity() const { return slots ? mask + 1 : 0; }
    };

    // How far slot i's entry sits from its home slot.
    static std::size_t displacement(const Array& a, std::size_t i) { return (i - a.slots[i].hash) & a.mask; }

    // The slot holding `tuple` (hash h) in `a`, or nullptr. `a` is never
    // full. Robin Hood order lets a miss stop at the first entry closer to
    // its home than the probe is to h's: `tuple` would have displaced it.
    static Slot* locate(const Array& a, std::uint64_t h, const FourTuple& tuple) {
        if (!a.slots) return nullptr;
        for (std::size_t i = h & a.mask, d = 0;; i = (i + 1) & a.mask, ++d) {
            Slot& s = a.slots[i];
            if (s.value == nullptr || displacement(a, i) < d) return nullptr;
            if (s.hash == h && s.tuple == tuple) return &s;
        }
    }

    // Adds `slot` (a key not in `a`), Robin Hood style: walking from its
    // home, it takes the place of the first entry nearer its own home, which
    // then walks on in its stead, until one reaches an empty slot.
    static void place(Array& a, Slot slot) {
        std::size_t i = slot.hash & a.mask;
        for (std::size_t d = 0; a.slots[i].value != nullptr; i = (i + 1) & a.mask, ++d) {
            const std::size_t theirs = displacement(a, i);
            if (theirs < d) {
                std::swap(slot, a.slots[i]);
                d = theirs;
            }
        }
        a.slots[i] = slot;
        ++a.count;
    }

    // Empties slot i by backward shift: the displaced entries after it in
    // its cluster each move back one slot, up to an empty slot or an entry
    // already at home. This keeps the Robin Hood order and leaves no
    // tombstone.
    static void remove_at(Array& a, std::size_t i) {
        for (std::size_t j = (i + 1) & a.mask; a.slots[j].value != nullptr && displacement(a, j) != 0;
             j = (j + 1) & a.mask) {
            a.slots[i] = a.slots[j];
            i = j;
        }
        a.slots[i] = Slot{};
        --a.count;
    }

    void grow() {
        finish_migration();  // backstop: never needed given migrate_slots_per_step
        Array bigger(live_.capacity() * 2);
        old_ = std::move(live_);
        live_ = std::move(bigger);
        if (old_.count == 0) {
            old_ = Array{};
            return;
        }
        // Start on an empty slot (there is one: load <= 1/2), so the cursor
        // always stands at a cluster boundary; visit every slot once.
        cursor_ = 0;
        while (old_.slots[cursor_].value != nullptr) ++cursor_;
        remaining_ = old_.capacity();
    }

    // Moves old slots to the live array: at least `budget` of them, then on
    // to the end of the cluster, so it only ever stops on an empty slot.
    // Between calls the unvisited old slots therefore begin with an empty
    // one, every cluster in them is whole, and probing there stays correct.
    void migrate(std::size_t budget) {
        if (!migrating()) return;
        std::size_t visited = 0;
        while (remaining_ > 0 && (visited < budget || old_.slots[cursor_].value != nullptr)) {
            Slot& s = old_.slots[cursor_];
            if (s.value != nullptr) {
                place(live_, s);
                s = Slot{};
                --old_.count;
            }
            cursor_ = (cursor_ + 1) & old_.mask;
            --remaining_;
            ++visited;
        }
        if (remaining_ == 0 || old_.count == 0) old_ = Array{};
    }

    void migrate_step() { migrate(migrate_slots_per_step); }
    void finish_migration() { migrate(static_cast<std::size_t>(-1)); }

    SipKey key_;
    std::size_t max_entries_;
    Array live_;
    Array old_;                  // being emptied into live_; no slots when not growing
    std::size_t cursor_ = 0;     // the next old slot to visit
    std::size_t remaining_ = 0;  // old slots not yet visited
};

}  // namespace sluice::stack
