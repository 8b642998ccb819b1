// HandleTable: SOCKET values for provider objects, with generation counts so
// that a stale or closed handle is recognised (WSAENOTSOCK), never mistaken
// for the socket that reused its slot.
//
// A handle packs a slot index and the slot's generation:
//   value = ((generation << kSlotBits) | (slot + 1)) << 2
// so it is a non-zero multiple of 4 below 2^31 (Windows' SOCKETs are small
// multiples of 4, and programs that squeeze a SOCKET into an int keep
// working), never INVALID_SOCKET. Freed slots are reused first-in first-out,
// so a slot comes back only after every other free slot has been used, and
// its generation (7 bits) must wrap before a stale handle could alias: with
// N free slots that takes 128 x N allocations in between.
//
// Not thread-safe: the provider guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace sluice::provider {

using SocketHandle = std::uint64_t;  ///< the numeric value of a Winsock SOCKET

template <class T>
class HandleTable {
public:
    static constexpr unsigned kSlotBits = 22;                        ///< up to 4,194,303 live objects
    static constexpr std::uint32_t kMaxSlots = (1u << kSlotBits) - 1;
    static constexpr unsigned kGenerationBits = 7;

    /// Stores `value`; returns its handle, or nullopt when the table is full.
    std::optional<SocketHandle> insert(T value) {
        std::uint32_t slot;
        if (!free_.empty()) {
            slot = free_.front();
            free_.pop_front();
        } else {
            if (slots_.size() >= kMaxSlots) return std::nullopt;
            slot = static_cast<std::uint32_t>(slots_.size());
            slots_.emplace_back();
        }
        Slot& s = slots_[slot];
        s.value = std::move(value);
        ++live_;
        return encode(slot, s.generation);
    }

    /// The object behind `handle`, or nullptr for a stale, closed or made-up one.
    T* find(SocketHandle handle) {
        const auto slot = decode(handle);
        return slot ? &*slots_[*slot].value : nullptr;
    }
    const T* find(SocketHandle handle) const {
        const auto slot = decode(handle);
        return slot ? &*slots_[*slot].value : nullptr;
    }

    /// Removes the object; returns it (nullopt if the handle was not live).
    std::optional<T> erase(SocketHandle handle) {
        const auto slot = decode(handle);
        if (!slot) return std::nullopt;
        Slot& s = slots_[*slot];
        std::optional<T> out = std::move(s.value);
        s.value.reset();
        s.generation = (s.generation + 1) & ((1u << kGenerationBits) - 1);
        free_.push_back(*slot);
        --live_;
        return out;
    }

    /// Calls f(handle, T&) for every live object.
    template <class F>
    void for_each(F&& f) {
        for (std::uint32_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].value) f(encode(i, slots_[i].generation), *slots_[i].value);
        }
    }

    std::size_t size() const { return live_; }

private:
    struct Slot {
        std::optional<T> value;
        std::uint32_t generation = 0;
    };

    static SocketHandle encode(std::uint32_t slot, std::uint32_t generation) {
        return SocketHandle{(generation << kSlotBits) | (slot + 1)} << 2;
    }

    std::optional<std::uint32_t> decode(SocketHandle handle) const {
        if (handle == 0 || (handle & 3) != 0 || handle >= (SocketHandle{1} << 31)) return std::nullopt;
        const SocketHandle raw = handle >> 2;
        const auto slot_plus_one = static_cast<std::uint32_t>(raw & kMaxSlots);
        const auto generation = static_cast<std::uint32_t>(raw >> kSlotBits);
        if (slot_plus_one == 0 || slot_plus_one > slots_.size()) return std::nullopt;
        const Slot& s = slots_[slot_plus_one - 1];
        if (!s.value || s.generation != generation) return std::nullopt;
        return slot_plus_one - 1;
    }

    std::vector<Slot> slots_;
    std::deque<std::uint32_t> free_;
    std::size_t live_ = 0;
};

}  // namespace sluice::provider
