// iwmo-gateway-gen: writes a deterministic, realistic iWmo 3.2 region, with --jeugd-share also iJw 3.2
// traffic (docs/generator.md).
// Exit codes: 0 written, 2 usage error or a folder that cannot be written.
#include <chrono>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gen/generator.hpp"

int main(int argc, char** argv) {
  using namespace iwmo;
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::filesystem::path out;
  gen::options opt;
  try {
    opt = gen::parse_arguments(args, out);
  } catch (const gen::usage_error& e) {
    const std::string text = e.what();
    if (text.empty()) {
      std::cout << gen::usage();
      return 0;
    }
    std::cerr << "iwmo-gateway-gen: " << text << "\n" << gen::usage();
    return 2;
  }
  try {
    const auto began = std::chrono::steady_clock::now();
    const auto s = gen::generate(opt, out);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
    std::int64_t anomalies = 0;
    for (const auto& [kind, n] : s.anomalies) anomalies += n;
    std::cerr << fmt::format(
        "{}: {} messages ({:.1f} MB), {} clients{}, {} toewijzingen, {} prestaties, {} anomalies, "
        "{} to {}; process with --today {} ({:.1f} s)\n",
        out.string(), s.files, static_cast<double>(s.bytes) / 1e6, s.clients,
        opt.jeugd_ppm > 0 ? fmt::format(" ({} Jeugd)", s.jeugd_clients) : std::string(), s.toewijzingen, s.prestaties,
        anomalies,
        s.first_day.to_string(), s.last_day.to_string(), s.today.to_string(), took.count());
    return 0;
  } catch (const gen::usage_error& e) {
    std::cerr << "iwmo-gateway-gen: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "iwmo-gateway-gen: " << e.what() << "\n";
    return 2;
  }
}
