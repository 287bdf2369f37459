#pragma once
// Checks on the raw bytes of an input before an XML parser sees them. They turn the common
// ways in which a file is not an iWmo message (empty, too large, binary, not UTF-8) into one
// clear error with a position, instead of whatever a parser makes of it.
#include <cstddef>
#include <optional>
#include <string_view>

#include "xml/diagnostic.hpp"

namespace iwmo::xml {

// 25 MB, the largest file the standard allows (OP179), counted as 25 x 1024 x 1024 bytes.
inline constexpr std::size_t standard_max_bytes = 25u * 1024u * 1024u;

// Line and column (1-based, column counted in characters) of a byte offset.
struct position {
  int line = 1;
  int column = 1;
};
[[nodiscard]] position position_of(std::string_view bytes, std::size_t offset);

// The first problem with the raw bytes, if any: empty or blank input, more than max_bytes,
// UTF-16/UTF-32 (byte order mark or zero bytes around '<'), NUL bytes, invalid UTF-8, or an
// XML declaration naming an encoding other than UTF-8. A UTF-8 byte order mark is accepted.
[[nodiscard]] std::optional<diagnostic> check_input(std::string_view bytes, std::size_t max_bytes);

}  // namespace iwmo::xml
