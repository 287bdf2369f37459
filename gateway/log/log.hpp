#pragma once
// Structured logs: one JSON object per line ({"ts", "level", "event", ...fields}), written by
// spdlog to standard output or a file. Nothing is written until init() is called, so the
// command-line tools stay quiet.
//
// Privacy: a BSN never belongs in a log line. Callers log identifiers and codes only; as a
// safety net every line is scanned and any nine-digit number that passes the eleven test is
// masked before it is written.
#include <filesystem>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace iwmo::log {

enum class level : std::uint8_t { debug, info, warn, error };

// Starts logging at `min` and above to `file` (empty: standard output). Throws on a file that
// cannot be opened.
void init(level min, const std::filesystem::path& file = {});
// "debug", "info", "warn", "error"; info for anything else.
[[nodiscard]] level parse_level(std::string_view text);
void shutdown();

void write(level l, std::string_view event, boost::json::object fields = {});
inline void debug(std::string_view event, boost::json::object fields = {}) { write(level::debug, event, std::move(fields)); }
inline void info(std::string_view event, boost::json::object fields = {}) { write(level::info, event, std::move(fields)); }
inline void warn(std::string_view event, boost::json::object fields = {}) { write(level::warn, event, std::move(fields)); }
inline void error(std::string_view event, boost::json::object fields = {}) { write(level::error, event, std::move(fields)); }

// The text with every run of exactly nine digits that passes the eleven test replaced by
// nine asterisks.
[[nodiscard]] std::string redact_bsn(std::string_view text);

}  // namespace iwmo::log
