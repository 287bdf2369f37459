#include "app/input.hpp"

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace iwmo::app {
namespace {

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd > 2) ::close(fd);
  }
};

std::variant<input_bytes, input_error> read_fd(int fd, std::size_t max_bytes, std::size_t hint) {
  input_bytes out;
  out.bytes.reserve(std::min(hint, max_bytes) + 1);
  char buffer[64 * 1024];
  for (;;) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return input_error{fmt::format("read error: {}", std::strerror(errno))};
    }
    if (n == 0) break;
    out.bytes.append(buffer, static_cast<std::size_t>(n));
    if (out.bytes.size() > max_bytes) {
      return input_error{fmt::format("input is larger than {} bytes (the limit is {} bytes); not read",
                                     max_bytes, max_bytes),
                         true};
    }
  }
  return out;
}

}  // namespace

std::variant<input_bytes, input_error> read_input(const std::string& name, std::size_t max_bytes) {
  if (name == "-") return read_fd(STDIN_FILENO, max_bytes, 64 * 1024);

  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return input_error{fmt::format("cannot open file: {}", std::strerror(errno))};
  fd_closer closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return input_error{fmt::format("cannot stat file: {}", std::strerror(errno))};
  if (S_ISDIR(st.st_mode)) return input_error{"is a folder, not a file"};
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes) {
    return input_error{fmt::format("input is {} bytes; the limit is {} bytes; not read",
                                   st.st_size, max_bytes),
                       true};
  }
  return read_fd(fd, max_bytes, S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0);
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& name : names) {
    std::error_code ec;
    if (name == "-" || !fs::is_directory(name, ec)) {
      out.push_back(name);
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(name, ec)) {
      const auto file = entry.path().filename().string();
      if (!file.starts_with(".") && entry.is_regular_file(ec)) files.push_back(entry.path().string());
    }
    std::ranges::sort(files);
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

}  // namespace iwmo::app
