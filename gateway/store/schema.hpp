#pragma once
// The database schema as an append-only list of migrations; PRAGMA user_version records how
// many have been applied. A database with a higher version than this binary knows is refused.
#include <span>
#include <string_view>

namespace iwmo::store {

[[nodiscard]] std::span<const std::string_view> migrations();

}  // namespace iwmo::store
