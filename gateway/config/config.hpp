#pragma once
// The daemon's configuration file (TOML; docs/operations.md describes every key). Relative
// paths are relative to the folder of the configuration file. Unknown keys are errors, so a
// typo never silently falls back to a default.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/principal.hpp"
#include "model/values.hpp"

namespace iwmo::config {

class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct server_settings {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8443;                     // 0: any free port (see port_file)
  std::filesystem::path port_file;               // the bound port is written here when set
  unsigned io_threads = 2;                       // network threads
  unsigned workers = 16;                         // threads for validation and SQLite (group commit)
  unsigned max_connections = 512;
  std::chrono::seconds header_timeout{10};       // to receive a request's header
  std::chrono::seconds body_timeout{120};        // to receive its body
  std::chrono::seconds idle_timeout{60};         // between requests on a kept-alive connection
  std::chrono::seconds shutdown_timeout{30};     // to finish in-flight requests on SIGTERM
  std::size_t max_body_bytes = 25u * 1024u * 1024u;
};

struct tls_settings {
  bool enabled = true;
  std::filesystem::path certificate;  // PEM chain
  std::filesystem::path private_key;  // PEM
  std::filesystem::path client_ca;    // PEM; set: clients may authenticate with a certificate
};

struct push_settings {
  bool enabled = true;
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds base_delay{2000};   // first retry; doubles per attempt, with jitter
  std::chrono::milliseconds max_delay{600000};
  std::chrono::seconds max_age{172800};         // then the item is a dead letter
  std::chrono::milliseconds timeout{30000};     // per attempt
  unsigned concurrency = 8;
  std::filesystem::path ca_file;                // to verify recipients; empty: the system's CAs
  std::filesystem::path client_certificate;     // our certificate when recipients require one
  std::filesystem::path client_key;
};

// The signals engine in the daemon (docs/signals.md): re-run by itself at start and this long
// after messages that change the state arrive.
struct signal_settings {
  bool automatic = true;
  std::chrono::seconds delay{60};
};

// Retention of message content (docs/reliability.md): the bytes of messages and answers older
// than this many days are purged, by `iwmo-gateway purge` and hourly by the daemon. 0: kept.
struct retention_settings {
  int message_days = 0;
};

struct party_settings {
  std::string id;        // aanbieder:<AGB> or gemeente:<CBS>
  std::string name;
  std::string push_url;  // https://...; empty: the party pulls its mailbox
};

// A client certificate (verified against tls.client_ca) maps to a principal by its SHA-256
// fingerprint or its subject common name.
struct certificate_mapping {
  std::string sha256;       // lower-case hex, no separators
  std::string subject_cn;
  app::principal principal;
};

struct gateway_config {
  std::filesystem::path file;  // where it was read from
  server_settings server;
  tls_settings tls;
  std::filesystem::path database = "gateway.db";
  std::filesystem::path mappings = "mappings";
  std::optional<model::date> today;  // a fixed system date (demonstrations and tests)
  bool metrics_public = false;       // /metrics without authentication
  std::string log_level = "info";
  std::filesystem::path log_file;    // empty: standard output
  push_settings push;
  signal_settings signals;
  retention_settings retention;
  std::vector<party_settings> parties;
  std::vector<certificate_mapping> certificates;

  [[nodiscard]] const party_settings* party(std::string_view id) const;
};

// Reads and checks the file; throws config_error naming the file, line and key.
[[nodiscard]] gateway_config load(const std::filesystem::path& file);

}  // namespace iwmo::config
