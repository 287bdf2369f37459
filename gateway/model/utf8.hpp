#pragma once
// Well-formed UTF-8 (RFC 3629): what the message input checks and the configuration loader
// accept as text.
#include <cstddef>
#include <optional>
#include <string_view>

namespace iwmo::model {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when there is none (a stray
// continuation byte, an overlong form, a surrogate, a value above U+10FFFF or a cut-off sequence).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// The offset of the first byte that does not start a well-formed sequence, if any.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view s);

}  // namespace iwmo::model
