#pragma once
// The gateway daemon as the integration tests use it: a real `iwmo-gateway serve` process on a
// loopback port chosen at run time, with HTTPS from a test PKI, tokens made with the `token`
// command, and an HTTPS push receiver for aanbieder 98000022.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/push_receiver.hpp"
#include "support/test_paths.hpp"

namespace iwmo::test {

// How a test client proves who it is.
struct identity {
  std::string name;    // for messages
  key_pair certificate;  // mutual TLS when set
  std::string token;     // bearer token when set
};

struct daemon_options {
  std::chrono::seconds push_max_age{60};
  std::chrono::seconds header_timeout{2};
  std::size_t max_body_bytes = 25u * 1024u * 1024u;
  std::chrono::seconds body_timeout{10};
  std::chrono::seconds idle_timeout{2};
  std::size_t max_connections = 64;
  // A region of the test's own (tests/crash): its reference tables and system date, more parties
  // with a token each (identity "aanbieder_<AGB>" or "gemeente_<CBS>"; a party that already has
  // an identity keeps it), and the parties pushed to the receiver. Empty: the source tree's
  // mappings/, 2026-11-22, no more parties, aanbieder:98000022.
  std::filesystem::path mappings;
  std::string today;
  std::vector<std::string> extra_parties;
  std::vector<std::string> push_parties;
};

class gateway_daemon {
 public:
  explicit gateway_daemon(daemon_options options = {});
  ~gateway_daemon();

  // Starts `serve` and waits until it listens (its port file appears). Restartable.
  void start();
  // Sends the signal and waits for the exit status (nullopt: still running after the timeout).
  std::optional<int> stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  [[nodiscard]] std::string url(const std::string& path) const;
  [[nodiscard]] const pki& certificates() const { return *pki_; }
  [[nodiscard]] push_receiver& receiver() { return *receiver_; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& config_file() const { return config_; }
  [[nodiscard]] std::string log() const;  // what the daemon wrote to standard output
  [[nodiscard]] std::filesystem::path database_file() const { return dir_ / "gateway.db"; }
  [[nodiscard]] int pid() const { return process_ ? process_->pid() : -1; }
  [[nodiscard]] bool running() const { return process_ && process_->running(); }

  // Identities: aanbieder_98000011 (certificate), aanbieder_98000022 (token), gemeente_0344
  // (token), gemeente_0307 (certificate), backoffice_0344, backoffice_0307, toezicht (tokens),
  // admin (certificate), nobody (nothing), bad_token (an unknown token), untrusted (a
  // certificate from another CA).
  [[nodiscard]] const identity& who(const std::string& name) const;

  [[nodiscard]] http_response get(const std::string& path, const identity& as) const;
  [[nodiscard]] http_response post(const std::string& path, const std::string& body, const identity& as,
                                   const std::string& content_type = "application/xml") const;
  [[nodiscard]] http_response send(http_request r, const identity& as) const;

 private:
  temp_dir dir_;
  std::unique_ptr<pki> pki_;
  std::unique_ptr<push_receiver> receiver_;
  std::map<std::string, identity> identities_;
  std::filesystem::path config_;
  std::unique_ptr<background_process> process_;
  std::uint16_t port_ = 0;
};

// A region message (fixtures/iwmo-3.2/region/<name>).
[[nodiscard]] std::string region_message(const std::string& name);

// Polls `condition` every 50 ms until it holds or the timeout passes.
template <class F> bool eventually(F condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace iwmo::test
