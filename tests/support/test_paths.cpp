#include "support/test_paths.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace iwmo::test {

std::filesystem::path source_dir() { return IWMO_SOURCE_DIR; }
std::filesystem::path fixtures_dir() { return source_dir() / "fixtures"; }
std::filesystem::path gateway_binary() { return IWMO_GATEWAY_BINARY; }

std::optional<std::filesystem::path> reference_dir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("IWMO_REFERENCE_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = source_dir().parent_path() / "shared" / "reference";
  }
  if (!std::filesystem::is_directory(dir / "iwmo-3.2" / "xsd")) return std::nullopt;
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

temp_dir::temp_dir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() /
                     ("iwmo-test-" + std::to_string(rd()) + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace iwmo::test
