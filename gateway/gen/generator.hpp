#pragma once
// The region generator (docs/generator.md): a deterministic, realistic stream of iWmo 3.2
// messages (and, with --jeugd-share, iJw 3.2 messages for Jeugdwet clients) between
// municipalities and providers, the reference tables it needs, optionally with injected
// anomalies and their ground truth.
//
//   DIR/mappings/          gemeenten.csv, aanbieders.csv, productcodes.csv, contracten.csv
//   DIR/messages/          one file per message, processing order = name order
//   DIR/ground-truth.csv   one row per injected anomaly
//   DIR/region.json        the arguments and what was generated
//
// Same options, same bytes: the only source of randomness is the seed.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/values.hpp"

namespace iwmo::gen {

enum class anomaly : std::uint8_t {
  over_declaring,
  after_stop,
  no_start,
  impossible_hours,
  always_maximum,
  multiple_providers,
  sudden_growth,
  peer_outlier,
  address_cluster,
  credit_rebill,
  tariff_above_contract,
  non_use,
};
inline constexpr int anomaly_count = 12;
[[nodiscard]] std::string_view name_of(anomaly kind);
[[nodiscard]] std::optional<anomaly> anomaly_from_name(std::string_view name);
[[nodiscard]] std::vector<anomaly> all_anomalies();

struct options {
  std::uint64_t seed = 1;
  int gemeenten = 3;
  int aanbieders = 4;
  int clients = 100;
  int months = 6;
  model::date start{2025, 1, 1};  // first day of the first month
  std::uint32_t anomaly_ppm = 0;  // --anomaly-rate as parts per million (exact decimal)
  std::vector<anomaly> anomalies = all_anomalies();
  std::optional<model::date> today;  // no message is dated after it
  std::uint32_t jeugd_ppm = 0;       // --jeugd-share: parts per million of the clients that are Jeugdwet clients
};

class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the command line (without the program name); throws usage_error with a readable text.
[[nodiscard]] options parse_arguments(const std::vector<std::string>& args, std::filesystem::path& out);
[[nodiscard]] std::string usage();
// "0.05" -> 50000; throws usage_error unless a decimal in [0, 1] with at most six decimals
// (the message names `option`).
[[nodiscard]] std::uint32_t parse_rate(std::string_view text, std::string_view option = "--anomaly-rate");
[[nodiscard]] std::string format_rate(std::uint32_t ppm);

struct summary {
  std::map<std::string, std::int64_t> messages;  // per message type
  std::int64_t files = 0;
  std::int64_t bytes = 0;
  std::int64_t clients = 0;
  std::int64_t toewijzingen = 0;
  std::int64_t prestaties = 0;  // declared lines, debit and credit
  std::int64_t credit_prestaties = 0;
  std::int64_t declaraties = 0;
  std::int64_t jeugd_clients = 0;  // of `clients`, those with Jeugdwet (iJw) messages
  std::map<std::string, std::int64_t> anomalies;  // per kind, as listed in ground-truth.csv
  model::date first_day;                          // of the first message
  model::date last_day;                           // of the last message
  model::date today;                              // the date to process with
};

// Writes the region into `out` (created; must not contain files yet). Throws usage_error for a
// folder that is not empty and std::runtime_error when writing fails.
summary generate(const options& opt, const std::filesystem::path& out);

}  // namespace iwmo::gen
