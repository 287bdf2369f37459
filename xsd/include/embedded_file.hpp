#pragma once
// A file compiled into the binary (see cmake/EmbedFiles.cmake).
#include <span>
#include <string_view>

namespace iwmo {

struct embedded_file {
  std::string_view path;   // relative to the embedding folder, e.g. "iwmo-3.2/WMO301.xsd"
  std::string_view bytes;  // exact file content
};

namespace schemas {
// Every schema file of xsd/, by path.
std::span<const embedded_file> embedded();
}  // namespace schemas

}  // namespace iwmo
