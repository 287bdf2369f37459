#include "daemon/daemon_fixture.hpp"

#include <algorithm>
#include <csignal>
#include <thread>

#include <fmt/format.h>

namespace iwmo::test {

std::string region_message(const std::string& name) {
  return read_file(fixtures_dir() / "iwmo-3.2" / "region" / name);
}

gateway_daemon::gateway_daemon(daemon_options options) {
  pki_ = std::make_unique<pki>(dir_ / "pki");
  receiver_ = std::make_unique<push_receiver>(pki_->issue_server("receiver"));
  config_ = dir_ / "gateway.toml";

  // Identities with certificates (mapped by common name in the configuration).
  identities_["aanbieder_98000011"] = {"aanbieder 98000011", pki_->issue_client("aanbieder-98000011", "aanbieder 98000011"), ""};
  identities_["gemeente_0307"] = {"gemeente 0307", pki_->issue_client("gemeente-0307", "gemeente 0307"), ""};
  identities_["admin"] = {"admin", pki_->issue_client("admin", "gateway admin"), ""};
  identities_["untrusted"] = {"untrusted", pki_->issue_untrusted_client("untrusted", "aanbieder 98000011"), ""};
  identities_["nobody"] = {"nobody", {}, ""};
  identities_["bad_token"] = {"bad token", {}, "iwmo_0000000000000000000000000000000000000000000000000000000000000000"};

  const auto ca = pki_->ca_certificate().string();
  std::string parties;
  for (const auto& id : options.push_parties.empty() ? std::vector<std::string>{"aanbieder:98000022"} : options.push_parties) {
    parties += fmt::format("[[party]]\nid = \"{}\"\npush_url = \"{}\"\n\n", id, receiver_->url());
  }
  const auto text = fmt::format(R"(
[server]
listen = "127.0.0.1"
port = 0
port_file = "port"
io_threads = 2
workers = 2
max_connections = {max_connections}
header_timeout_seconds = {header}
body_timeout_seconds = {body_timeout}
idle_timeout_seconds = {idle_timeout}
shutdown_timeout_seconds = 10
max_body_bytes = {max_body}

[tls]
certificate = "{server_cert}"
private_key = "{server_key}"
client_ca = "{ca}"

[store]
database = "gateway.db"
mappings = "{mappings}"
today = "{today}"

[log]
level = "debug"

[push]
poll_interval_ms = 100
base_delay_ms = 200
max_delay_ms = 400
max_age_seconds = {max_age}
timeout_ms = 2000
ca_file = "{ca}"

{parties}
[[client_certificate]]
subject_cn = "aanbieder 98000011"
principal = "aanbieder:98000011"

[[client_certificate]]
subject_cn = "gemeente 0307"
principal = "gemeente:0307"

[[client_certificate]]
subject_cn = "gateway admin"
principal = "admin"
)",
                                fmt::arg("header", options.header_timeout.count()), fmt::arg("max_body", options.max_body_bytes),
                                fmt::arg("max_connections", options.max_connections),
                                fmt::arg("body_timeout", options.body_timeout.count()),
                                fmt::arg("idle_timeout", options.idle_timeout.count()),
                                fmt::arg("server_cert", pki_->server().certificate.string()),
                                fmt::arg("server_key", pki_->server().key.string()), fmt::arg("ca", ca),
                                fmt::arg("mappings", (options.mappings.empty() ? source_dir() / "mappings" : options.mappings).string()),
                                fmt::arg("today", options.today.empty() ? std::string("2026-11-22") : options.today),
                                fmt::arg("parties", parties),
                                fmt::arg("max_age", options.push_max_age.count()), fmt::arg("push_url", receiver_->url()));
  write_file(config_, text);

  // Tokens, made the way an operator makes them.
  const auto make_token = [&](const std::string& name, const std::string& principal) {
    const auto r = gateway({"token", "create", "--config", config_.string(), "--principal", principal, "--label", name});
    if (r.exit_code != 0) throw std::runtime_error("token create failed: " + r.err);
    auto token = r.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    identities_[name] = {name, {}, token};
  };
  for (const auto& [name, principal] : std::vector<std::pair<std::string, std::string>>{
           {"aanbieder_98000022", "aanbieder:98000022"},
           {"gemeente_0344", "gemeente:0344"},
           {"backoffice_0344", "backoffice:0344"},
           {"backoffice_0307", "backoffice:0307"},
           {"toezicht", "toezicht"}}) {
    make_token(name, principal);
  }
  for (const auto& principal : options.extra_parties) {
    auto name = principal;
    std::replace(name.begin(), name.end(), ':', '_');
    if (!identities_.contains(name)) make_token(name, principal);
  }
}

gateway_daemon::~gateway_daemon() {
  if (process_ && process_->running()) {
    process_->signal(SIGTERM);
    if (!process_->wait(std::chrono::seconds(10))) process_->signal(SIGKILL);
  }
}

void gateway_daemon::start() {
  std::filesystem::remove(dir_ / "port");
  process_ = std::make_unique<background_process>(
      std::vector<std::string>{gateway_binary().string(), "serve", "--config", config_.string()}, dir_ / "stdout.log",
      dir_ / "stderr.log");
  const bool up = eventually([&] { return std::filesystem::exists(dir_ / "port") && !read_file(dir_ / "port").empty(); },
                             std::chrono::seconds(20));
  if (!up) {
    throw std::runtime_error("the daemon did not start: " +
                             (std::filesystem::exists(dir_ / "stderr.log") ? read_file(dir_ / "stderr.log") : std::string()));
  }
  port_ = static_cast<std::uint16_t>(std::stoi(read_file(dir_ / "port")));
}

std::optional<int> gateway_daemon::stop(int signal, std::chrono::milliseconds timeout) {
  process_->signal(signal);
  return process_->wait(timeout);
}

std::string gateway_daemon::url(const std::string& path) const { return fmt::format("https://localhost:{}{}", port_, path); }

std::string gateway_daemon::log() const {
  return std::filesystem::exists(dir_ / "stdout.log") ? read_file(dir_ / "stdout.log") : std::string();
}

const identity& gateway_daemon::who(const std::string& name) const { return identities_.at(name); }

http_response gateway_daemon::send(http_request r, const identity& as) const {
  r.ca_file = pki_->ca_certificate();
  if (!as.certificate.certificate.empty()) {
    r.client_certificate = as.certificate.certificate;
    r.client_key = as.certificate.key;
  }
  r.bearer = as.token;
  return http(r);
}

http_response gateway_daemon::get(const std::string& path, const identity& as) const {
  http_request r;
  r.url = url(path);
  return send(std::move(r), as);
}

http_response gateway_daemon::post(const std::string& path, const std::string& body, const identity& as,
                                   const std::string& content_type) const {
  http_request r;
  r.method = "POST";
  r.url = url(path);
  r.body = body;
  r.headers.push_back("Content-Type: " + content_type);
  return send(std::move(r), as);
}

}  // namespace iwmo::test
