// Loads golden byte vectors stored as hex text (tests/data/wire/*.hex).
//
// Format: lines whose first non-blank character is '#' are comments; every
// other character must be a hex digit or whitespace. Digits pair up into
// bytes across whitespace ("0a 00", "0a00" and "0 a00" are all {0x0a, 0x00}),
// an odd count is an error. Errors throw std::runtime_error, which GoogleTest
// reports as a failure of the test that asked for the vector.
//
// The data directory is $SLUICE_TEST_DATA_DIR (set by meson test), else the
// SLUICE_TEST_DATA_DIR the binary was compiled with.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::test {

inline std::filesystem::path test_data_dir() {
    if (const char* env = std::getenv("SLUICE_TEST_DATA_DIR"); env != nullptr && *env != '\0') return env;
#ifdef SLUICE_TEST_DATA_DIR
    return SLUICE_TEST_DATA_DIR;
#else
    throw std::runtime_error("SLUICE_TEST_DATA_DIR is not set");
#endif
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Parses hex text (see the file comment) into bytes.
inline std::vector<std::uint8_t> parse_hex(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    int high = -1;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        for (char c : line) {
            if (c == ' ' || c == '\t' || c == '\r') continue;
            const int digit = hex_digit(c);
            if (digit < 0) throw std::runtime_error("not a hex digit: '" + std::string(1, c) + "' in: " + line);
            if (high < 0) {
                high = digit;
            } else {
                bytes.push_back(static_cast<std::uint8_t>((high << 4) | digit));
                high = -1;
            }
        }
    }
    if (high >= 0) throw std::runtime_error("odd number of hex digits");
    return bytes;
}

/// Reads a hex file; a relative path is taken from test_data_dir().
inline std::vector<std::uint8_t> load_hex(const std::filesystem::path& path) {
    const auto full = path.is_absolute() ? path : test_data_dir() / path;
    std::ifstream in(full);
    if (!in) throw std::runtime_error("cannot open " + full.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parse_hex(text.str());
}

/// A golden wire vector by name: wire_vector("arp_request") reads
/// <data dir>/wire/arp_request.hex.
inline std::vector<std::uint8_t> wire_vector(std::string_view name) {
    return load_hex(std::filesystem::path("wire") / (std::string(name) + ".hex"));
}

}  // namespace sluice::test
