#pragma once
// Where tests find the repository, the reference material and the built binary.
#include <filesystem>
#include <optional>
#include <string>

namespace iwmo::test {

[[nodiscard]] std::filesystem::path source_dir();
[[nodiscard]] std::filesystem::path fixtures_dir();
[[nodiscard]] std::filesystem::path gateway_binary();

// ../shared/reference next to the repository (or $IWMO_REFERENCE_DIR), when present. Tests that
// need it skip with a message when it is absent: a user's clone does not have it.
[[nodiscard]] std::optional<std::filesystem::path> reference_dir();

[[nodiscard]] std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view bytes);

// A fresh directory under the system temp folder, removed with its content on destruction.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace iwmo::test

// Skips the rest of a test case, with a visible message, when the reference folder is absent.
#define IWMO_REQUIRE_REFERENCE(var)                                                     \
  const auto var##_opt = ::iwmo::test::reference_dir();                                 \
  if (!var##_opt) {                                                                     \
    WARN("skipped: ../shared/reference is absent (set IWMO_REFERENCE_DIR to run this)"); \
    return;                                                                             \
  }                                                                                     \
  const std::filesystem::path var = *var##_opt
