#pragma once
// The toezicht web desk: static files of gateway/http/desk/, compiled into the binary and served
// under /desk/ (no CDN, no build step; see docs/api.md).
#include <optional>
#include <span>
#include <string_view>

#include "embedded_file.hpp"

namespace iwmo::desk {

// Every file of the desk, by path relative to gateway/http/desk/.
std::span<const embedded_file> embedded();

}  // namespace iwmo::desk
