#include "config/config.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <toml.hpp>

#include "model/utf8.hpp"

namespace iwmo::config {

namespace {

using value = toml::value;

[[noreturn]] void fail(const std::string& text, const value& v, const std::string& comment) {
  throw config_error(toml::format_error(text, v, comment));
}

// Every key of a table must be one we know.
void known_keys(const value& table, std::initializer_list<std::string_view> keys, const std::string& where) {
  for (const auto& [k, v] : table.as_table()) {
    if (std::ranges::find(keys, k) == keys.end()) {
      std::string list;
      for (const auto key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
      fail(fmt::format("unknown key '{}' in {}", k, where), v, fmt::format("known keys: {}", list));
    }
  }
}

template <class T> T get(const value& table, const char* key, T fallback) {
  if (!table.contains(key)) return fallback;
  return toml::find<T>(table, key);
}

std::filesystem::path path_of(const value& table, const char* key, const std::filesystem::path& base,
                              std::filesystem::path fallback = {}) {
  const auto text = get<std::string>(table, key, fallback.string());
  if (text.empty()) return {};
  const std::filesystem::path p(text);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

template <class T> T positive(const value& table, const char* key, T fallback, T minimum = 1) {
  const auto v = get<std::int64_t>(table, key, static_cast<std::int64_t>(fallback));
  if (v < static_cast<std::int64_t>(minimum)) fail(fmt::format("{} must be at least {}", key, minimum), toml::find(table, key), "here");
  return static_cast<T>(v);
}

app::principal principal_of(const value& table, const char* key) {
  const auto& v = toml::find(table, key);
  const auto text = toml::get<std::string>(v);
  const auto p = app::parse_principal(text);
  if (!p) {
    fail(fmt::format("'{}' is not a principal", text), v,
         "use aanbieder:<AGB>, gemeente:<CBS>, backoffice[:<CBS>,...], toezicht[:<CBS>,...] or admin");
  }
  return *p;
}


// The file's text. TOML is UTF-8; toml11 3.7 reads past the end of its buffer while reporting
// some invalid sequences (found by fuzzing), so those are refused before it parses the text.
std::string read_utf8_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw config_error(fmt::format("{}: cannot be read", file.string()));
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (const auto bad = model::first_invalid_utf8(text)) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
    throw config_error(fmt::format("{}:{}: the file is not valid UTF-8", file.string(), line));
  }
  return text;
}

}  // namespace

const party_settings* gateway_config::party(std::string_view id) const {
  const auto it = std::ranges::find(parties, id, &party_settings::id);
  return it == parties.end() ? nullptr : &*it;
}

gateway_config load(const std::filesystem::path& file) {
  gateway_config c;
  c.file = file;
  value root;
  std::istringstream text(read_utf8_text(file));
  try {
    root = toml::parse(text, file.string());
  } catch (const std::exception& e) {
    throw config_error(e.what());
  }
  const auto base = std::filesystem::absolute(file).parent_path();
  try {
    known_keys(root, {"server", "tls", "store", "metrics", "log", "push", "signals", "retention", "party", "client_certificate"}, "the file");
    if (root.contains("server")) {
      const auto& s = toml::find(root, "server");
      known_keys(s, {"listen", "port", "port_file", "io_threads", "workers", "max_connections", "header_timeout_seconds",
                     "body_timeout_seconds", "idle_timeout_seconds", "shutdown_timeout_seconds", "max_body_bytes"},
                 "[server]");
      c.server.listen = get<std::string>(s, "listen", c.server.listen);
      const auto port = get<std::int64_t>(s, "port", c.server.port);
      if (port < 0 || port > 65535) fail("port must be 0 to 65535", toml::find(s, "port"), "here");
      c.server.port = static_cast<std::uint16_t>(port);
      c.server.port_file = path_of(s, "port_file", base);
      c.server.io_threads = positive(s, "io_threads", c.server.io_threads);
      c.server.workers = positive(s, "workers", c.server.workers);
      c.server.max_connections = positive(s, "max_connections", c.server.max_connections);
      c.server.header_timeout = std::chrono::seconds(positive<std::int64_t>(s, "header_timeout_seconds", 10));
      c.server.body_timeout = std::chrono::seconds(positive<std::int64_t>(s, "body_timeout_seconds", 120));
      c.server.idle_timeout = std::chrono::seconds(positive<std::int64_t>(s, "idle_timeout_seconds", 60));
      c.server.shutdown_timeout = std::chrono::seconds(positive<std::int64_t>(s, "shutdown_timeout_seconds", 30));
      c.server.max_body_bytes = positive<std::size_t>(s, "max_body_bytes", c.server.max_body_bytes);
    }
    if (root.contains("tls")) {
      const auto& t = toml::find(root, "tls");
      known_keys(t, {"enabled", "certificate", "private_key", "client_ca"}, "[tls]");
      c.tls.enabled = get<bool>(t, "enabled", true);
      c.tls.certificate = path_of(t, "certificate", base);
      c.tls.private_key = path_of(t, "private_key", base);
      c.tls.client_ca = path_of(t, "client_ca", base);
      if (c.tls.enabled && (c.tls.certificate.empty() || c.tls.private_key.empty())) {
        fail("TLS needs a certificate and a private_key", t, "in this table");
      }
    } else {
      c.tls.enabled = false;  // no [tls] table: plain HTTP (for a gateway behind a TLS proxy)
    }
    if (root.contains("store")) {
      const auto& s = toml::find(root, "store");
      known_keys(s, {"database", "mappings", "today"}, "[store]");
      c.database = path_of(s, "database", base, c.database);
      c.mappings = path_of(s, "mappings", base, c.mappings);
      if (s.contains("today")) {
        const auto& v = toml::find(s, "today");
        c.today = model::date::parse(toml::get<std::string>(v));
        if (!c.today) fail("today is not a date (YYYY-MM-DD)", v, "here");
      }
    } else {
      c.database = base / c.database;
      c.mappings = base / c.mappings;
    }
    if (root.contains("metrics")) {
      const auto& m = toml::find(root, "metrics");
      known_keys(m, {"public"}, "[metrics]");
      c.metrics_public = get<bool>(m, "public", false);
    }
    if (root.contains("log")) {
      const auto& l = toml::find(root, "log");
      known_keys(l, {"level", "file"}, "[log]");
      c.log_level = get<std::string>(l, "level", c.log_level);
      static const std::set<std::string> levels{"debug", "info", "warn", "error"};
      if (!levels.contains(c.log_level)) fail("level is debug, info, warn or error", toml::find(l, "level"), "here");
      c.log_file = path_of(l, "file", base);
    }
    if (root.contains("push")) {
      const auto& p = toml::find(root, "push");
      known_keys(p, {"enabled", "poll_interval_ms", "base_delay_ms", "max_delay_ms", "max_age_seconds", "timeout_ms",
                     "concurrency", "ca_file", "client_certificate", "client_key"},
                 "[push]");
      c.push.enabled = get<bool>(p, "enabled", true);
      c.push.poll_interval = std::chrono::milliseconds(positive<std::int64_t>(p, "poll_interval_ms", 1000));
      c.push.base_delay = std::chrono::milliseconds(positive<std::int64_t>(p, "base_delay_ms", 2000));
      c.push.max_delay = std::chrono::milliseconds(positive<std::int64_t>(p, "max_delay_ms", 600000));
      c.push.max_age = std::chrono::seconds(positive<std::int64_t>(p, "max_age_seconds", 172800));
      c.push.timeout = std::chrono::milliseconds(positive<std::int64_t>(p, "timeout_ms", 30000));
      c.push.concurrency = positive(p, "concurrency", c.push.concurrency);
      c.push.ca_file = path_of(p, "ca_file", base);
      c.push.client_certificate = path_of(p, "client_certificate", base);
      c.push.client_key = path_of(p, "client_key", base);
    }
    if (root.contains("signals")) {
      const auto& g = toml::find(root, "signals");
      known_keys(g, {"auto", "delay_seconds"}, "[signals]");
      c.signals.automatic = get<bool>(g, "auto", true);
      if (g.contains("delay_seconds")) {
        const auto& v = toml::find(g, "delay_seconds");
        const auto n = toml::get<std::int64_t>(v);
        if (n < 0) fail("delay_seconds is 0 or more", v, "here");
        c.signals.delay = std::chrono::seconds(n);
      }
    }
    if (root.contains("retention")) {
      const auto& g = toml::find(root, "retention");
      known_keys(g, {"message_days"}, "[retention]");
      if (g.contains("message_days")) {
        const auto& v = toml::find(g, "message_days");
        const auto n = toml::get<std::int64_t>(v);
        if (n < 0 || n > 36500) fail("message_days is 0 (keep) to 36500", v, "here");
        c.retention.message_days = static_cast<int>(n);
      }
    }
    if (root.contains("party")) {
      for (const auto& p : toml::find<std::vector<value>>(root, "party")) {
        known_keys(p, {"id", "name", "push_url"}, "[[party]]");
        party_settings x;
        const auto who = principal_of(p, "id");
        if (!who.is_party()) fail("a party is an aanbieder or a gemeente", toml::find(p, "id"), "here");
        x.id = who.to_string();
        x.name = get<std::string>(p, "name", "");
        x.push_url = get<std::string>(p, "push_url", "");
        if (!x.push_url.empty() && !x.push_url.starts_with("https://") && !x.push_url.starts_with("http://")) {
          fail("push_url is an http:// or https:// address", toml::find(p, "push_url"), "here");
        }
        if (c.party(x.id) != nullptr) fail(fmt::format("party {} appears twice", x.id), p, "second time");
        c.parties.push_back(std::move(x));
      }
    }
    if (root.contains("client_certificate")) {
      for (const auto& m : toml::find<std::vector<value>>(root, "client_certificate")) {
        known_keys(m, {"principal", "sha256", "subject_cn"}, "[[client_certificate]]");
        certificate_mapping x;
        x.principal = principal_of(m, "principal");
        x.sha256 = get<std::string>(m, "sha256", "");
        std::erase(x.sha256, ':');
        std::ranges::transform(x.sha256, x.sha256.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        x.subject_cn = get<std::string>(m, "subject_cn", "");
        if (x.sha256.empty() == x.subject_cn.empty()) fail("give either sha256 or subject_cn", m, "in this table");
        c.certificates.push_back(std::move(x));
      }
    }
  } catch (const config_error&) {
    throw;
  } catch (const std::exception& e) {
    throw config_error(e.what());  // toml11's own errors name the file and line
  }
  return c;
}

}  // namespace iwmo::config
