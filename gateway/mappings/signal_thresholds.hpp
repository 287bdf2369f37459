#pragma once
// The signal thresholds of mappings/signalen.csv (docs/signals.md): per gemeente (or `*` for
// all) and drempel, a value. A gemeente's own rows override the `*` rows; what no row sets keeps
// the engine's default.
#include <filesystem>
#include <string>
#include <string_view>

#include "signals/signals.hpp"

namespace iwmo::mappings {

// Parses the file's text; throws mapping_error naming the file and line of the first problem.
[[nodiscard]] signals::threshold_set parse_signal_thresholds(std::string_view text, std::string source = "signalen.csv");
// Reads <folder>/signalen.csv; the defaults when the folder has no such file.
[[nodiscard]] signals::threshold_set load_signal_thresholds(const std::filesystem::path& folder);

}  // namespace iwmo::mappings
