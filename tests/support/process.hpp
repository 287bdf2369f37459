#pragma once
// Runs a program with arguments and optional standard input, capturing its output.
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

// Runs the built iwmo-gateway with the arguments.
[[nodiscard]] process_result gateway(std::vector<std::string> args, const std::string& stdin_data = {});

// The lines of `text`, without their line ends.
[[nodiscard]] std::vector<std::string> lines_of(const std::string& text);

}  // namespace iwmo::test
