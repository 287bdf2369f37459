#pragma once
// Reading one input (a file or standard input) with a size limit: an input larger than the
// limit is refused without reading it into memory.
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace iwmo::app {

struct input_bytes {
  std::string bytes;
};

struct input_error {
  std::string text;       // e.g. "cannot open file: No such file or directory"
  bool too_large = false; // the input exists but exceeds the limit (a message error, not I/O)
};

// `name` is a path, or "-" for standard input (which can be read once per process).
[[nodiscard]] std::variant<input_bytes, input_error> read_input(const std::string& name,
                                                                std::size_t max_bytes);

// Replaces each folder by the regular files directly in it (hidden files excluded), sorted by
// name; files and "-" are kept as given, in order.
[[nodiscard]] std::vector<std::string> expand_inputs(const std::vector<std::string>& names);

}  // namespace iwmo::app
