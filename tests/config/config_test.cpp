// The daemon's configuration file: defaults, relative paths, principals and certificate
// mappings, and errors that name the file, the line and the key.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

namespace {

std::string error_of(const test::temp_dir& dir, const std::string& text) {
  test::write_file(dir / "gateway.toml", text);
  try {
    (void)config::load(dir / "gateway.toml");
  } catch (const config::config_error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("the sample configuration loads", "[config]") {
  const auto c = config::load(test::source_dir() / "tools" / "gateway.sample.toml");
  CHECK(c.server.listen == "127.0.0.1");
  CHECK(c.server.port == 8443);
  CHECK(c.tls.enabled);
  CHECK(c.tls.certificate == test::source_dir() / "build" / "dev-pki" / "server.pem");
  CHECK(c.mappings == test::source_dir() / "mappings");
  CHECK(c.database == test::source_dir() / "build" / "gateway.db");
  REQUIRE(c.certificates.size() == 3);
  CHECK(c.certificates[0].principal.to_string() == "aanbieder:98000011");
  CHECK(c.party("gemeente:0344") != nullptr);
  CHECK(c.party("gemeente:0307") == nullptr);
  CHECK(c.retention.message_days == 0);  // keeps everything unless set
}

TEST_CASE("retention: message_days", "[config]") {
  test::temp_dir dir;
  test::write_file(dir / "gateway.toml", "[retention]\nmessage_days = 400\n");
  CHECK(config::load(dir / "gateway.toml").retention.message_days == 400);
  test::write_file(dir / "gateway.toml", "[retention]\nmessage_days = -1\n");
  CHECK_THROWS_WITH(config::load(dir / "gateway.toml"), Catch::Contains("message_days is 0 (keep) to 36500") && Catch::Contains(" 2 |"));
  test::write_file(dir / "gateway.toml", "[retention]\ndays = 4\n");
  CHECK_THROWS_WITH(config::load(dir / "gateway.toml"), Catch::Contains("unknown key 'days' in [retention]"));
}

TEST_CASE("defaults, relative paths and every section", "[config]") {
  test::temp_dir dir;
  test::write_file(dir / "gateway.toml", R"(
[server]
port = 0
port_file = "run/port"
workers = 4
header_timeout_seconds = 3
max_body_bytes = 1000
[store]
database = "data/g.db"
mappings = "/srv/mappings"
today = "2026-11-22"
[metrics]
public = true
[log]
level = "debug"
file = "log/gateway.log"
[push]
base_delay_ms = 100
max_age_seconds = 5
ca_file = "ca.pem"
[[party]]
id = "aanbieder:98000022"
push_url = "https://localhost:9443/push"
[[client_certificate]]
sha256 = "AB:CD:EF"
principal = "backoffice:0344,0307"
)");
  const auto c = config::load(dir / "gateway.toml");
  CHECK_FALSE(c.tls.enabled);  // no [tls]: plain HTTP behind a proxy
  CHECK(c.server.port == 0);
  CHECK(c.server.port_file == dir / "run" / "port");
  CHECK(c.server.workers == 4);
  CHECK(c.server.io_threads == 2);
  CHECK(c.server.header_timeout == std::chrono::seconds(3));
  CHECK(c.server.idle_timeout == std::chrono::seconds(60));
  CHECK(c.server.max_body_bytes == 1000);
  CHECK(c.database == dir / "data" / "g.db");
  CHECK(c.mappings == "/srv/mappings");
  CHECK(c.today == model::date{2026, 11, 22});
  CHECK(c.metrics_public);
  CHECK(c.log_level == "debug");
  CHECK(c.log_file == dir / "log" / "gateway.log");
  CHECK(c.push.base_delay == std::chrono::milliseconds(100));
  CHECK(c.push.max_age == std::chrono::seconds(5));
  CHECK(c.push.ca_file == dir / "ca.pem");
  REQUIRE(c.parties.size() == 1);
  CHECK(c.parties[0].push_url == "https://localhost:9443/push");
  REQUIRE(c.certificates.size() == 1);
  CHECK(c.certificates[0].sha256 == "abcdef");
  CHECK(c.certificates[0].principal.gemeenten == std::vector<std::string>{"0344", "0307"});
}

TEST_CASE("configuration errors name the file, the line and what is wrong", "[config]") {
  test::temp_dir dir;
  const auto has = [](const std::string& text, const std::string& part) {
    INFO(text);
    return text.find(part) != std::string::npos;
  };
  auto e = error_of(dir, "[server]\nprot = 8443\n");
  CHECK(has(e, "unknown key 'prot' in [server]"));
  CHECK(has(e, "gateway.toml"));
  CHECK(has(e, " 2 |"));  // the line
  e = error_of(dir, "[server]\nport = 70000\n");
  CHECK(has(e, "port must be 0 to 65535"));
  e = error_of(dir, "[server]\nworkers = 0\n");
  CHECK(has(e, "workers must be at least 1"));
  e = error_of(dir, "[tls]\ncertificate = \"a.pem\"\n");
  CHECK(has(e, "TLS needs a certificate and a private_key"));
  e = error_of(dir, "[[party]]\nid = \"aanbieder:123\"\n");
  CHECK(has(e, "'aanbieder:123' is not a principal"));
  e = error_of(dir, "[[party]]\nid = \"admin\"\n");
  CHECK(has(e, "a party is an aanbieder or a gemeente"));
  e = error_of(dir, "[[party]]\nid = \"gemeente:0344\"\npush_url = \"ftp://x\"\n");
  CHECK(has(e, "push_url is an http:// or https:// address"));
  e = error_of(dir, "[[client_certificate]]\nprincipal = \"admin\"\n");
  CHECK(has(e, "give either sha256 or subject_cn"));
  e = error_of(dir, "[store]\ntoday = \"2026-02-30\"\n");
  CHECK(has(e, "today is not a date"));
  e = error_of(dir, "[server\nport = 1\n");
  CHECK(has(e, "gateway.toml"));  // a syntax error, reported by toml11 with the position
  CHECK_THROWS_AS(config::load(dir / "missing.toml"), config::config_error);
}

TEST_CASE("a file that is not UTF-8 is refused with its line before the TOML parser reads it", "[config]") {
  test::temp_dir dir;
  // Well-formed UTF-8 (two-, three- and four-byte sequences) passes the check.
  CHECK(error_of(dir, "[server]\n# caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\nport = 8443\n").empty());
  const auto where = (dir / "gateway.toml").string();
  // A lone continuation byte, an overlong encoding, a surrogate and a truncated sequence.
  for (const std::string bad : {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82"}) {
    const auto e = error_of(dir, "[server]\nport = 8443\n\"k" + bad + "\" = 1\n");
    INFO(e);
    CHECK(e == where + ":3: the file is not valid UTF-8");
  }
}
