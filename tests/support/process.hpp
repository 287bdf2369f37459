#pragma once
// Runs a program with arguments and optional standard input, capturing its output.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iwmo::test {

struct process_result {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

[[nodiscard]] process_result run_process(const std::vector<std::string>& argv,
                                         const std::string& stdin_data = {});

// A program running in the background, its standard output and error going to files (the
// daemon in the integration tests). The destructor kills it (SIGKILL) if it still runs.
class background_process {
 public:
  background_process(const std::vector<std::string>& argv, const std::filesystem::path& out_file,
                     const std::filesystem::path& err_file);
  ~background_process();
  background_process(const background_process&) = delete;
  background_process& operator=(const background_process&) = delete;

  void signal(int sig) const;
  // The exit status (-1 when killed by a signal), or nullopt when it still runs at the deadline.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  [[nodiscard]] bool running();
  [[nodiscard]] int pid() const { return pid_; }

 private:
  int pid_ = -1;
  std::optional<int> status_;
};

// Runs the built iwmo-gateway with the arguments.
[[nodiscard]] process_result gateway(std::vector<std::string> args, const std::string& stdin_data = {});

// The lines of `text`, without their line ends.
[[nodiscard]] std::vector<std::string> lines_of(const std::string& text);

}  // namespace iwmo::test
