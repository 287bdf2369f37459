// Hostile and broken input at the service: the daemon as a process over HTTPS, attacked while
// a well-behaved client keeps using it. Every attack must get a clear refusal (a status and a
// JSON error code, a close within the deadline, or a failed TLS handshake), the daemon stays
// up, the message stored before the attack is still there afterwards, and the good client is
// served throughout. Its latency before and during each attack is printed (not asserted beyond
// generous bounds: tests check behaviour, bench/ measures).
#include <catch2/catch.hpp>

#include <fstream>
#include <future>
#include <regex>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "daemon/daemon_fixture.hpp"
#include "hostile/good_client.hpp"
#include "hostile/raw_client.hpp"

using namespace iwmo;
using namespace std::chrono_literals;
using namespace std::string_literals;
using test::daemon_options;
using test::gateway_daemon;
using test::http_response;
using test::raw_connection;
using test::raw_reply;
using test::report_line;
namespace json = boost::json;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto good_message = "001-utrecht-toewijzing-c1.xml";
constexpr std::string_view wmo301_open =
    "<Bericht xmlns=\"http://www.istandaarden.nl/iwmo/3_2/wmo301/schema\" "
    "xmlns:iwmo=\"http://www.istandaarden.nl/iwmo/3_2/basisschema/schema\">";

std::string json_error(const http_response& r) {
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return {};
  const auto* e = v.as_object().if_contains("error");
  return e != nullptr && e->is_string() ? std::string(e->as_string()) : std::string();
}

// The texts of the schema errors of a 400 "schema" answer, joined.
std::string schema_errors(const http_response& r) {
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  std::string out;
  if (ec || !v.is_object()) return out;
  if (const auto* errors = v.as_object().if_contains("errors"); errors != nullptr && errors->is_array()) {
    for (const auto& e : errors->as_array()) out += std::string(e.as_object().at("text").as_string()) + "; ";
  }
  return out;
}

double ms_since(clock_type::time_point t) { return std::chrono::duration<double, std::milli>(clock_type::now() - t).count(); }

// The daemon's resident memory in MiB (VmRSS), 0 when it cannot be read.
double rss_mib(int pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

// A daemon under attack: a message stored before the attack, a good client measured for a
// baseline and then during the attack, and the checks every attack ends with.
class target {
 public:
  explicit target(daemon_options options = {}) : daemon(options) {
    daemon.start();
    first_bytes = test::region_message(good_message);
    const auto stored = daemon.post("/v1/messages", first_bytes, gemeente());
    REQUIRE(stored.status == 200);
    first_id = std::stoll(stored.header("x-iwmo-message-id"));
    client = std::make_unique<test::good_client>(daemon, first_id);
    client->wait_for(15);
    client->begin("attack");
  }

  [[nodiscard]] const test::identity& gemeente() const { return daemon.who("gemeente_0344"); }
  [[nodiscard]] std::string bearer() const { return "Authorization: Bearer " + gemeente().token + "\r\n"; }
  [[nodiscard]] test::tls_client tls() const { return {daemon.certificates().ca_certificate(), {}}; }
  [[nodiscard]] std::unique_ptr<raw_connection> connect(bool with_tls = true) const {
    return std::make_unique<raw_connection>(daemon.port(), with_tls ? std::optional(tls()) : std::nullopt);
  }
  // One request on a new TLS connection, and the answer (or the close).
  [[nodiscard]] raw_reply exchange(std::string_view bytes, milliseconds timeout = 5s) const {
    auto c = connect();
    REQUIRE(c->handshake_error().empty());
    (void)c->send(bytes);
    return c->read_reply(timeout);
  }

  // The good client was served during the attack, the daemon is up and the earlier message is
  // intact.
  // With served_throughout false (an attack that is known to lock clients out for a while),
  // the good client's failures are reported, and it must be served again afterwards.
  void finish(const std::string& label, bool served_throughout = true) {
    client->wait_for(6);
    client->stop();
    report_line(client->report(label));
    const auto during = client->summary("attack");
    INFO("failed requests of the good client: " << fmt::format("{}", fmt::join(during.failed, " | ")));
    CHECK(during.requests >= 6);
    if (served_throughout) {
      CHECK(during.failures == 0);
      CHECK(during.max_ms < 2000);
    } else {
      report_line(fmt::format("{}: {} of {} requests of the good client failed during the attack", label, during.failures,
                              during.requests));
    }
    CHECK(daemon.running());
    CHECK(daemon.get("/healthz", daemon.who("nobody")).status == 200);
    const auto raw = daemon.get(fmt::format("/v1/messages/{}/raw", first_id), gemeente());
    CHECK(raw.status == 200);
    CHECK(raw.body == first_bytes);
    report_line(fmt::format("{}: daemon RSS after the attack {:.1f} MiB", label, rss_mib(daemon.pid())));
  }

  gateway_daemon daemon;
  std::string first_bytes;
  std::int64_t first_id = 0;
  std::unique_ptr<test::good_client> client;
};

void report_refusal(const std::string& attack, long status, const std::string& code, double ms,
                    const std::string& detail = {}) {
  report_line(fmt::format("  {}: {} {} in {:.0f} ms{}", attack, status, code, ms, detail.empty() ? "" : " — " + detail));
}

// A listener that counts connection attempts: the target of a network entity.
class tripwire {
 public:
  tripwire() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) { acceptor_.non_blocking(true); }
  [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Connections made to it so far (queued by the kernel whether accepted or not).
  [[nodiscard]] int attempts() {
    int n = 0;
    for (;;) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket s(io_);
      acceptor_.accept(s, ec);
      if (ec) return n;
      ++n;
    }
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace

TEST_CASE("hostile: XXE, entity bombs, deep nesting and invalid UTF-8 are schema errors, nothing is expanded or fetched",
          "[hostile][xml]") {
  target t;
  tripwire wire;
  const auto passwd_probe = std::string("root:");
  const auto network = fmt::format("http://127.0.0.1:{}/entity", wire.port());

  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [\n<!ENTITY lol \"lol\">\n";
  laughs += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    laughs += fmt::format("<!ENTITY lol{} \"", i);
    for (int k = 0; k < 10; ++k) laughs += fmt::format("&lol{};", i - 1);
    laughs += "\">\n";
  }
  laughs += "]>\n" + std::string(wmo301_open) + "<Header><BerichtCode>&lol9;</BerichtCode></Header></Bericht>\n";

  std::string nested = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + std::string(wmo301_open) + "<Header>";
  for (int i = 0; i < 100000; ++i) nested += "<a>";
  for (int i = 0; i < 100000; ++i) nested += "</a>";
  nested += "</Header></Bericht>\n";

  const auto good = test::region_message(good_message);
  const auto with_name = [&](std::string_view bytes) {
    auto m = good;
    m.replace(m.find("Jansen"), 6, bytes);
    return m;
  };

  struct attack {
    std::string name;
    std::string body;
    std::string expected;  // in the schema error's text
  };
  const std::vector<attack> attacks{
      {"XXE, a file entity", fmt::format("<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                                         "{}<Header><BerichtCode>&x;</BerichtCode></Header></Bericht>\n", wmo301_open),
       "DOCTYPE"},
      {"XXE, a network entity", fmt::format("<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [<!ENTITY x SYSTEM \"{}\">]>\n"
                                            "{}<Header><BerichtCode>&x;</BerichtCode></Header></Bericht>\n", network, wmo301_open),
       "DOCTYPE"},
      {"XXE, a parameter entity", fmt::format("<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [<!ENTITY % p SYSTEM \"{}\"> %p;]>\n"
                                              "{}<Header/></Bericht>\n", network, wmo301_open),
       "DOCTYPE"},
      {"XXE, an external DTD", fmt::format("<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht SYSTEM \"{}\">\n{}<Header/></Bericht>\n",
                                           network, wmo301_open),
       "DOCTYPE"},
      {"billion laughs", laughs, "DOCTYPE"},
      {"100 000 nested elements", nested, "deep"},
      {"invalid UTF-8 (a broken sequence)", with_name("Jans\xC3\x28n"), "UTF-8"},
      {"invalid UTF-8 (an overlong '/')", with_name("Jans\xC0\xAFn"), "UTF-8"},
      {"invalid UTF-8 (a surrogate)", with_name("Jans\xED\xA0\x80n"), "UTF-8"},
      {"invalid UTF-8 (a lone continuation byte)", with_name("Jans\x80n"), "UTF-8"},
      {"Latin-1 declared as such", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + with_name("J\xE9nsen").substr(39),
       "UTF-8"},
  };
  for (const auto& a : attacks) {
    INFO(a.name);
    const auto started = clock_type::now();
    const auto r = t.daemon.post("/v1/messages", a.body, t.gemeente());
    const double ms = ms_since(started);
    INFO(r.body);
    CHECK(r.status == 400);
    CHECK(json_error(r) == "schema");
    const auto errors = schema_errors(r);
    CHECK_THAT(errors, Catch::Contains(a.expected, Catch::CaseSensitive::No));
    CHECK(r.body.find(passwd_probe) == std::string::npos);
    CHECK(ms < 2000);
    report_refusal(a.name, r.status, json_error(r), ms, errors.substr(0, 120));
  }
  CHECK(wire.attempts() == 0);  // no entity was fetched
  t.finish("XML attacks");
}

TEST_CASE("hostile: bodies over 25 MB are refused at the limit without being read or held", "[hostile][limits]") {
  target t;
  constexpr std::uint64_t gigabyte = 1024ull * 1024ull * 1024ull;
  constexpr std::size_t limit = 25u * 1024u * 1024u;
  const auto rss_before = rss_mib(t.daemon.pid());

  {  // 26 MB with Content-Length (curl announces it and waits for 100-continue)
    const auto started = clock_type::now();
    const auto r = t.daemon.post("/v1/messages", std::string(26u * 1024u * 1024u, 'x'), t.gemeente());
    const double ms = ms_since(started);
    CHECK(r.status == 413);
    CHECK(json_error(r) == "payload_too_large");
    report_refusal("26 MB body with Content-Length", r.status, json_error(r), ms);
  }
  {  // 1 GB declared: refused at the header, before a byte of the body is sent
    auto c = t.connect();
    const auto started = clock_type::now();
    REQUIRE(c->send(fmt::format("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n{}Content-Type: application/xml\r\n"
                                "Content-Length: {}\r\n\r\n",
                                t.bearer(), gigabyte)));
    const auto r = c->read_reply(5s);
    const double ms = ms_since(started);
    CHECK(r.status == 413);
    CHECK(r.error_code() == "payload_too_large");
    CHECK(r.header("connection") == "close");
    report_refusal("1 GB declared Content-Length, no body sent", r.status, r.error_code(), ms);
  }
  {  // 1 GB chunked, streamed lazily: cut at the limit
    auto c = t.connect();
    REQUIRE(c->send(fmt::format("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n{}Content-Type: application/xml\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n",
                                t.bearer())));
    const std::string chunk = fmt::format("{:x}\r\n", 1u << 20) + std::string(1u << 20, 'x') + "\r\n";
    std::uint64_t produced = 0;
    const auto started = clock_type::now();
    const auto s = c->stream(
        [&]() -> std::string_view {
          if (produced >= gigabyte) return {};
          produced += 1u << 20;
          return chunk;
        },
        0ms, 20s);
    const double ms = ms_since(started);
    INFO(s.reply.head << " / " << s.reply.error << " / " << s.write_error);
    CHECK(s.reply.status == 413);
    CHECK(s.reply.error_code() == "payload_too_large");
    CHECK(s.sent < 4 * limit);  // the server stopped reading near the limit
    report_refusal("1 GB chunked body without Content-Length", s.reply.status, s.reply.error_code(), ms,
                   fmt::format("{:.1f} MiB sent before the answer", static_cast<double>(s.sent) / (1 << 20)));
  }
  const auto rss_after = rss_mib(t.daemon.pid());
  report_line(fmt::format("  daemon RSS {:.1f} MiB before the large bodies, {:.1f} MiB after", rss_before, rss_after));
  CHECK(rss_after < rss_before + 200);  // at most a few 25 MB buffers, never a gigabyte
  t.finish("large bodies");
}

TEST_CASE("hostile: slow and silent clients are cut off at the deadlines", "[hostile][limits]") {
  daemon_options options;
  options.header_timeout = 2s;
  options.body_timeout = 3s;
  options.idle_timeout = 2s;
  target t(options);

  // Ten connections of each kind at once, each on its own thread.
  struct outcome {
    raw_reply reply;
    std::uint64_t sent = 0;
  };
  const auto trickle = [&](std::string head, std::string slow_part, bool tls) {
    return std::async(std::launch::async, [&t, head, slow_part, tls] {
      auto c = t.connect(tls);
      if (!head.empty()) (void)c->send(head);
      std::size_t i = 0;
      const auto s = c->stream(
          [&]() -> std::string_view {
            if (slow_part.empty()) return {};
            return std::string_view(slow_part).substr(i++ % slow_part.size(), 1);
          },
          1000ms, 15s);
      return outcome{s.reply, s.sent};
    });
  };
  const auto header_start = std::string("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
  const auto body_head = fmt::format(
      "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n{}Content-Type: application/xml\r\nContent-Length: 2065\r\n\r\n",
      t.bearer());
  struct kind {
    std::string name;
    milliseconds deadline;
    std::vector<std::future<outcome>> runs;
  };
  std::vector<kind> kinds;
  kinds.push_back({"slow header over TLS, 1 byte/s", 2 * options.header_timeout, {}});
  kinds.push_back({"slow header without TLS (plain TCP), 1 byte/s", options.header_timeout, {}});
  kinds.push_back({"slow body, 1 byte/s", options.header_timeout + options.body_timeout, {}});
  kinds.push_back({"silent after the TLS handshake", 2 * options.header_timeout, {}});
  for (int i = 0; i < 10; ++i) {
    kinds[0].runs.push_back(trickle("", header_start + "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true));
    kinds[1].runs.push_back(trickle("", "GET /healthz HTTP/1.1\r\n", false));
    kinds[2].runs.push_back(trickle(body_head, test::region_message(good_message), true));
    kinds[3].runs.push_back(trickle("", "", true));
  }
  for (auto& k : kinds) {
    INFO(k.name);
    milliseconds longest{0};
    for (auto& run : k.runs) {
      const auto o = run.get();
      INFO(o.reply.error);
      CHECK(o.reply.closed);
      CHECK(o.reply.status == 0);  // nothing was answered: the request never completed
      CHECK(o.reply.elapsed < k.deadline + 2s);
      longest = std::max(longest, o.reply.elapsed);
    }
    report_refusal(k.name, 0, "closed by the server", static_cast<double>(longest.count()),
                   fmt::format("10 connections, the last closed after {} ms (deadline {} ms)", longest.count(), k.deadline.count()));
  }

  {  // A kept-alive connection that sends nothing after its first request
    auto c = t.connect();
    REQUIRE(c->send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    CHECK(c->read_reply(5s).status == 200);
    const auto r = c->read_reply(10s);
    CHECK(r.closed);
    CHECK(r.elapsed < options.idle_timeout + 2s);
    report_refusal("idle keep-alive connection", 0, "closed by the server", static_cast<double>(r.elapsed.count()));
  }
  t.finish("slow clients");
}

TEST_CASE("hostile: hundreds of idle connections are cut at their deadlines while a good client is served",
          "[hostile][limits][connections]") {
  daemon_options options;
  options.max_connections = 512;  // the production default
  target t(options);
  const auto started = clock_type::now();
  std::vector<std::unique_ptr<raw_connection>> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(t.connect(true));
  for (int i = 0; i < 200; ++i) idle.push_back(t.connect(false));
  const double opened_ms = ms_since(started);
  std::size_t closed = 0;
  milliseconds last{0};
  for (auto& c : idle) {
    const auto r = c->read_reply(10s);
    if (r.closed && r.status == 0) ++closed;
    last = std::chrono::duration_cast<milliseconds>(clock_type::now() - started);
  }
  CHECK(closed == idle.size());
  CHECK(last < 2 * options.header_timeout + 5s);
  report_refusal("200 idle TLS + 200 idle TCP connections (max_connections 512)", 0, "closed by the server",
                 static_cast<double>(last.count()),
                 fmt::format("opened in {:.0f} ms, {} of {} closed by the server", opened_ms, closed, idle.size()));
  t.finish("idle connections");
}

// At the limit, the daemon closes the oldest connection that has not sent a request to make room
// for the new one, so silent connections cannot lock a good client out.
TEST_CASE("hostile: idle connections filling max_connections are evicted for new clients, who are served",
          "[hostile][limits][connections]") {
  daemon_options options;
  options.max_connections = 64;
  target t(options);
  const auto started = clock_type::now();
  // 100 connections that never send a byte, against a limit of 64 (the good client holds some
  // slots too): at the limit the oldest silent connection is closed to make room for each new one.
  std::vector<std::unique_ptr<raw_connection>> idle;
  for (int i = 0; i < 100; ++i) idle.push_back(t.connect(false));
  const auto gauge = [&](std::string_view name) {
    const auto body = t.daemon.get("/metrics", t.daemon.who("admin")).body;
    const auto at = body.find(fmt::format("\n{} ", name));
    return at == std::string::npos ? -1.0 : std::stod(body.substr(at + name.size() + 2));
  };
  // The daemon accepts at its own pace (slower under the sanitizers): wait until it has taken
  // all of them in, then look at which ones it closed.
  CHECK(test::eventually([&] { return gauge("iwmo_http_connections_evicted_total") >= 36; }, 5s));
  std::size_t closed_early = 0;
  for (auto& c : idle) closed_early += c->read_reply(20ms).closed ? 1 : 0;
  CHECK(closed_early >= 36);  // evicted to make room: the oldest of them
  // The rest are cut at the header deadline: the daemon's connection gauge falls back to the
  // good client's few.
  const auto open_connections = [&] { return gauge("iwmo_http_connections"); };
  CHECK(test::eventually([&] { return open_connections() >= 0 && open_connections() <= 4; }, options.header_timeout + 4s));
  const auto held = std::chrono::duration_cast<milliseconds>(clock_type::now() - started);
  report_refusal("100 idle TCP connections against max_connections 64", 0, "closed", static_cast<double>(held.count()),
                 fmt::format("{} evicted at once (the oldest silent ones); open connections back to at most 4 after {} ms", closed_early, held.count()));
  // The good client was served throughout: its new connections took the silent ones' places.
  t.finish("connection limit");
  const auto metrics = t.daemon.get("/metrics", t.daemon.who("admin"));
  CHECK(metrics.body.find("iwmo_http_connections_evicted_total") != std::string::npos);
}

TEST_CASE("hostile: malformed HTTP gets 400 (or 431) and the connection is closed", "[hostile][http]") {
  target t;
  const auto auth = t.bearer();
  struct attack {
    std::string name;
    std::string bytes;
    int status;
    std::string code;
  };
  const std::vector<attack> attacks{
      {"a garbage request line", "\x01\x02 garbage \xff\r\n\r\n", 400, "bad_request"},
      {"HTTP/0.9", "GET /healthz\r\n", 400, "bad_request"},
      {"an HTTP/2 preface without ALPN", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "bad_request"},
      {"an unknown HTTP version", "GET /healthz HTTP/7.1\r\nHost: localhost\r\n\r\n", 400, "bad_request"},
      {"a method with invalid characters", "G(T /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "bad_request"},
      {"a space in a header name", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400, "bad_request"},
      {"a header line without a colon", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nNoColon\r\n\r\n", 400, "bad_request"},
      {"a NUL byte in a header value", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n\r\n"s, 400,
       "bad_request"},
      {"a bare CR in a header value", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\n\r\n", 400, "bad_request"},
      {"bare LF line ends", "GET /healthz HTTP/1.1\nHost: localhost\n\n", 400, "bad_request"},
      {"a negative Content-Length", "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Length: -1\r\n\r\n", 400,
       "bad_request"},
      {"two different Content-Lengths",
       "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400,
       "bad_request"},
      {"Content-Length and Transfer-Encoding together",
       "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth +
           "Content-Type: application/xml\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       400, "bad_request"},
      {"an invalid chunk size",
       "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth +
           "Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n",
       400, "bad_request"},
      {"a chunk longer than its size",
       "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth +
           "Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
       400, "bad_request"},
      {"a header over 64 KiB", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n", 431,
       "header_too_large"},
      {"70 000 small header fields", [] {
         std::string s = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
         for (int i = 0; i < 70000; ++i) s += "X: y\r\n";
         return s + "\r\n";
       }(),
       431, "header_too_large"},
      {"an unknown method", "BREW /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n", 405, "method_not_allowed"},
      {"a target that is not a path", "GET http://[::1 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "bad_request"},  // by the routes
  };
  for (const auto& a : attacks) {
    INFO(a.name);
    const auto started = clock_type::now();
    const auto r = t.exchange(a.bytes);
    const double ms = ms_since(started);
    INFO(r.head << "\n" << r.body << "\n" << r.error);
    CHECK(r.status == a.status);
    CHECK(r.error_code() == a.code);
    // Refused by the session (not by the routes, which answer on a connection that stays open).
    if (a.status != 405 && a.name != "a target that is not a path") CHECK(r.header("connection") == "close");
    report_refusal(a.name, r.status, r.error_code().empty() ? r.error : r.error_code(), ms);
  }
  t.finish("malformed HTTP");
}

TEST_CASE("hostile: wrong content types are refused with 415", "[hostile][http]") {
  target t;
  const auto& g = t.gemeente();
  const auto& officer = t.daemon.who("toezicht");
  const auto message = test::region_message(good_message);
  struct attack {
    std::string name;
    std::string path;
    std::string body;
    const test::identity* as;
    std::string content_type;  // "" for none
  };
  const std::vector<attack> attacks{
      {"text/plain to /v1/messages", "/v1/messages", message, &g, "text/plain"},
      {"application/json to /v1/messages", "/v1/messages", message, &g, "application/json"},
      {"multipart/form-data to /v1/messages", "/v1/messages", message, &g, "multipart/form-data; boundary=x"},
      {"application/x-www-form-urlencoded to /v1/messages", "/v1/messages", message, &g, "application/x-www-form-urlencoded"},
      {"no Content-Type to /v1/messages", "/v1/messages", message, &g, ""},
      {"XML to a JSON endpoint (POST /v1/cases)", "/v1/cases", message, &officer, "application/xml"},
      {"text/plain to a JSON endpoint (POST /v1/cases)", "/v1/cases", "{\"title\":\"x\"}", &officer, "text/plain"},
  };
  for (const auto& a : attacks) {
    INFO(a.name);
    test::http_request r;
    r.method = "POST";
    r.url = t.daemon.url(a.path);
    r.body = a.body;
    r.headers.push_back(a.content_type.empty() ? std::string("Content-Type:") : "Content-Type: " + a.content_type);
    const auto started = clock_type::now();
    const auto answer = t.daemon.send(r, *a.as);
    const double ms = ms_since(started);
    INFO(answer.body);
    CHECK(answer.status == 415);
    CHECK(json_error(answer) == "unsupported_media_type");
    report_refusal(a.name, answer.status, json_error(answer), ms);
  }
  t.finish("wrong content types");
}

TEST_CASE("hostile: forged, malformed and revoked tokens get 401", "[hostile][auth]") {
  target t;
  const auto valid = t.gemeente().token;
  const auto read = fmt::format("/v1/messages/{}", t.first_id);
  const auto ask = [&](const std::string& authorization) {
    test::http_request r;
    r.url = t.daemon.url(read);
    r.headers.push_back("Authorization: " + authorization);
    return t.daemon.send(r, t.daemon.who("nobody"));
  };
  std::string random_hex;
  for (int i = 0; i < 64; ++i) random_hex += "0123456789abcdef"[(i * 7 + 3) % 16];
  struct attack {
    std::string name;
    std::string authorization;
  };
  const std::vector<attack> attacks{
      {"a random iwmo_ token", "Bearer iwmo_" + random_hex},
      {"a valid token with one digit changed", "Bearer " + valid.substr(0, valid.size() - 1) + (valid.back() == '0' ? "1" : "0")},
      {"a valid token with a wrong prefix", "Bearer xwmo_" + valid.substr(5)},
      {"a valid token, truncated", "Bearer " + valid.substr(0, valid.size() - 1)},
      {"a valid token with a suffix", "Bearer " + valid + "0"},
      {"a token of 10 000 characters", "Bearer iwmo_" + std::string(10000, 'a')},
      {"a token of 60 KiB", "Bearer iwmo_" + std::string(60 * 1024, 'f')},
      {"an empty token", "Bearer "},
      {"the Basic scheme", "Basic Z2VtZWVudGU6MDM0NA=="},
      {"a token and more after a space", "Bearer " + valid + " admin"},
      {"SQL in the token", "Bearer iwmo_' OR '1'='1"},
  };
  for (const auto& a : attacks) {
    INFO(a.name);
    const auto started = clock_type::now();
    const auto r = ask(a.authorization);
    const double ms = ms_since(started);
    CHECK(r.status == 401);
    CHECK(json_error(r) == "unauthenticated");
    CHECK(r.header("www-authenticate") == "Bearer");
    report_refusal(a.name, r.status, json_error(r), ms);
  }

  // Raw header tricks: a folded header line, an injected second line, two Authorization fields.
  struct raw_attack {
    std::string name;
    std::string bytes;
    int status;
    std::string code;
  };
  const std::vector<raw_attack> raw_attacks{
      {"a folded Authorization line",
       fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n X-Principal: admin\r\n\r\n", read, valid), 401,
       "unauthenticated"},
      {"a CR injected in the token",
       fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\rX-Principal: admin\r\n\r\n", read, valid), 400,
       "bad_request"},
      {"a forged Authorization before a valid one",
       fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer iwmo_{}\r\nAuthorization: Bearer {}\r\n\r\n", read,
                   random_hex, valid),
       401, "unauthenticated"},
  };
  for (const auto& a : raw_attacks) {
    INFO(a.name);
    const auto started = clock_type::now();
    const auto r = t.exchange(a.bytes);
    const double ms = ms_since(started);
    INFO(r.head << "\n" << r.body << "\n" << r.error);
    CHECK(r.status == a.status);
    CHECK(r.error_code() == a.code);
    report_refusal(a.name, r.status, r.error_code(), ms);
  }

  {  // A token revoked with the command line while the daemon runs, then replayed
    const auto config = t.daemon.config_file().string();
    const auto made = test::gateway({"token", "create", "--config", config, "--principal", "gemeente:0344", "--label", "to-revoke"});
    REQUIRE(made.exit_code == 0);
    auto token = made.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    REQUIRE(ask("Bearer " + token).status == 200);
    const auto list = test::gateway({"token", "list", "--config", config});
    REQUIRE(list.exit_code == 0);
    std::string id;
    for (const auto& line : test::lines_of(list.out)) {
      std::smatch m;
      if (line.find("to-revoke") != std::string::npos && std::regex_search(line, m, std::regex("^\\s*(\\d+)\\s"))) id = m[1];
    }
    REQUIRE_FALSE(id.empty());
    REQUIRE(test::gateway({"token", "revoke", "--config", config, id}).exit_code == 0);
    const auto started = clock_type::now();
    const auto r = ask("Bearer " + token);
    const double ms = ms_since(started);
    CHECK(r.status == 401);
    CHECK(json_error(r) == "unauthenticated");
    report_refusal("a revoked token replayed", r.status, json_error(r), ms);
  }
  t.finish("tokens");
}

TEST_CASE("hostile: a client certificate from an unknown CA ends the TLS handshake", "[hostile][tls]") {
  target t;
  const auto& untrusted = t.daemon.who("untrusted");
  {
    const auto started = clock_type::now();
    const auto r = t.daemon.get(fmt::format("/v1/messages/{}", t.first_id), untrusted);
    const double ms = ms_since(started);
    CHECK(r.status == 0);
    CHECK_FALSE(r.error.empty());
    report_refusal("a client certificate from an unknown CA (curl)", r.status, "TLS refused", ms, r.error);
  }
  {  // Over TLS 1.3 the client may finish its side first: the refusal is the alert that follows.
    const auto started = clock_type::now();
    raw_connection c(t.daemon.port(), test::tls_client{t.daemon.certificates().ca_certificate(), untrusted.certificate});
    std::string what = c.handshake_error();
    raw_reply r;
    if (what.empty()) {
      (void)c.send(fmt::format("GET /v1/messages/{} HTTP/1.1\r\nHost: localhost\r\n\r\n", t.first_id));
      r = c.read_reply(5s);
      what = r.error;
    }
    const double ms = ms_since(started);
    CHECK(r.status == 0);
    CHECK_FALSE(what.empty());
    report_refusal("a client certificate from an unknown CA (raw TLS)", 0, "TLS refused", ms, what);
  }
  t.finish("unknown CA");
}
