// Integration tests of the daemon: a real `iwmo-gateway serve` over HTTPS on a loopback port,
// real libcurl clients, and a real HTTPS endpoint receiving pushed messages.
#include <catch2/catch.hpp>

#include <csignal>
#include <future>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/json.hpp>

#include "daemon/daemon_fixture.hpp"

using namespace iwmo;
using test::gateway_daemon;
using test::http_response;
namespace json = boost::json;

namespace {

json::object json_of(const http_response& r) {
  INFO(r.body);
  return json::parse(r.body).as_object();
}

std::int64_t message_id_of(const http_response& r) { return std::stoll(r.header("x-iwmo-message-id")); }

// The outbox items of the daemon, as the admin sees them.
json::array outbox(const gateway_daemon& d) {
  const auto r = d.get("/v1/outbox", d.who("admin"));
  REQUIRE(r.status == 200);
  return json_of(r).at("items").as_array();
}

std::string state_of(const json::value& item) { return std::string(item.as_object().at("state").as_string()); }

}  // namespace

TEST_CASE("daemon: submit, answer, mailbox and acknowledgement", "[daemon]") {
  gateway_daemon d;
  d.start();
  const auto toewijzing = test::region_message("001-utrecht-toewijzing-c1.xml");

  // The municipality submits a WMO301 and gets the WMO302 back at once.
  const auto r = d.post("/v1/messages", toewijzing, d.who("gemeente_0344"));
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").starts_with("application/xml"));
  CHECK(r.header("x-iwmo-verdict") == "accepted");
  CHECK(r.header("x-iwmo-message-type") == "WMO301");
  CHECK(r.header("x-iwmo-answer-type") == "WMO302");
  CHECK(r.body.find("<BerichtCode>415</BerichtCode>") != std::string::npos);
  const auto id = message_id_of(r);
  CHECK(r.header("location") == "/v1/messages/" + std::to_string(id));

  // The provider finds it in its mailbox, reads it and acknowledges it.
  const auto& provider = d.who("aanbieder_98000011");
  auto mailbox = d.get("/v1/mailbox", provider);
  REQUIRE(mailbox.status == 200);
  const auto items = json_of(mailbox).at("items").as_array();
  REQUIRE(items.size() == 1);
  const auto& item = items[0].as_object();
  CHECK(item.at("message").as_object().at("id").as_int64() == id);
  CHECK(item.at("message").as_object().at("type").as_string() == "WMO301");
  const auto raw = d.get("/v1/messages/" + std::to_string(id) + "/raw", provider);
  CHECK(raw.status == 200);
  CHECK(raw.body == toewijzing);
  const auto answer = d.get("/v1/messages/" + std::to_string(id) + "/answer", provider);
  CHECK(answer.status == 200);
  CHECK(answer.body == r.body);
  const auto meta = d.get("/v1/messages/" + std::to_string(id), provider);
  REQUIRE(meta.status == 200);
  CHECK(json_of(meta).at("verdict").as_string() == "accepted");
  CHECK(json_of(meta).at("answer").as_object().at("type").as_string() == "WMO302");

  const auto ack = d.post("/v1/mailbox/" + std::to_string(item.at("id").as_int64()) + "/ack", "", provider, "application/json");
  REQUIRE(ack.status == 200);
  CHECK(json_of(ack).at("acked_by").as_string() == "pull");
  mailbox = d.get("/v1/mailbox", provider);
  CHECK(json_of(mailbox).at("items").as_array().empty());

  // The provider's start reaches the municipality's mailbox.
  const auto start = d.post("/v1/messages", test::region_message("005-start-c1.xml"), provider);
  REQUIRE(start.status == 200);
  CHECK(start.header("x-iwmo-answer-type") == "WMO306");
  const auto gemeente_box = json_of(d.get("/v1/mailbox", d.who("gemeente_0344"))).at("items").as_array();
  REQUIRE(gemeente_box.size() == 1);
  CHECK(gemeente_box[0].as_object().at("message").as_object().at("type").as_string() == "WMO305");

  // Search by business key.
  const auto found = d.get("/v1/messages?toewijzing=3440001", d.who("gemeente_0344"));
  REQUIRE(found.status == 200);
  CHECK(json_of(found).at("messages").as_array().size() == 2);
  const auto by_bsn = d.get("/v1/messages?bsn=999990019&type=WMO305", provider);
  REQUIRE(by_bsn.status == 200);
  CHECK(json_of(by_bsn).at("messages").as_array().size() == 1);
}

TEST_CASE("daemon: schema errors, wrong content types, unknown routes and methods", "[daemon]") {
  gateway_daemon d;
  d.start();
  const auto& g = d.who("gemeente_0344");
  const auto broken = d.post("/v1/messages",
                             "<Bericht xmlns=\"http://www.istandaarden.nl/iwmo/3_2/wmo301/schema\"><Header/></Bericht>", g);
  REQUIRE(broken.status == 400);
  const auto body = json_of(broken);
  CHECK(body.at("error").as_string() == "schema");
  CHECK(body.at("message_type").as_string() == "WMO301");
  CHECK_FALSE(body.at("errors").as_array().empty());
  CHECK(body.at("message_id").as_int64() > 0);  // stored for the record, without an answer

  CHECK(d.post("/v1/messages", "hello", g, "text/plain").status == 415);
  CHECK(d.post("/v1/messages", "", g).status == 400);
  const auto unknown = d.get("/v1/nothing", g);
  CHECK(unknown.status == 404);
  CHECK(json_of(unknown).at("error").as_string() == "not_found");
  test::http_request put;
  put.method = "PUT";
  put.url = d.url("/v1/messages");
  put.body = "x";
  const auto wrong = d.send(put, g);
  CHECK(wrong.status == 405);
  CHECK(wrong.header("allow") == "GET, POST");
  CHECK(d.get("/v1/messages/abc", g).status == 404);
  CHECK(d.get("/v1/messages?limit=0", g).status == 400);
  CHECK(d.get("/v1/messages?from=2026-13-01", g).status == 400);
  CHECK(d.get("/v1/reconciliation?gemeente=0344", g).status == 400);
}

TEST_CASE("daemon: sending the same message again", "[daemon]") {
  gateway_daemon d;
  d.start();
  const auto& g = d.who("gemeente_0344");
  const auto message = test::region_message("001-utrecht-toewijzing-c1.xml");
  const auto first = d.post("/v1/messages", message, g);
  REQUIRE(first.status == 200);

  // Identical bytes: the original answer and message, nothing stored again.
  const auto again = d.post("/v1/messages", message, g);
  REQUIRE(again.status == 200);
  CHECK(again.header("x-iwmo-replay") == "true");
  CHECK(message_id_of(again) == message_id_of(first));
  CHECK(again.body == first.body);
  CHECK(json_of(d.get("/v1/mailbox", d.who("aanbieder_98000011"))).at("items").as_array().size() == 1);

  // Other bytes with the same Identificatie: a new message, answered with TR056 (9056).
  auto changed = message;
  changed.insert(changed.find("<Header>"), "\n");
  const auto other = d.post("/v1/messages", changed, g);
  REQUIRE(other.status == 200);
  CHECK(other.header("x-iwmo-replay").empty());
  CHECK(message_id_of(other) != message_id_of(first));
  CHECK(other.header("x-iwmo-verdict") == "rejected");
  CHECK(other.body.find("<RetourCode>9056</RetourCode>") != std::string::npos);
}

TEST_CASE("daemon: who may do what (every role, every endpoint, own and other party)", "[daemon][authorization]") {
  gateway_daemon d;
  d.start();
  // Message 1: gemeente 0344 -> aanbieder 98000011; message 2: the start back.
  REQUIRE(d.post("/v1/messages", test::region_message("001-utrecht-toewijzing-c1.xml"), d.who("gemeente_0344")).status == 200);
  REQUIRE(d.post("/v1/messages", test::region_message("005-start-c1.xml"), d.who("aanbieder_98000011")).status == 200);
  const auto provider_box = json_of(d.get("/v1/mailbox", d.who("aanbieder_98000011"))).at("items").as_array();
  REQUIRE(provider_box.size() == 1);
  const auto box_item = std::to_string(provider_box[0].as_object().at("id").as_int64());

  const std::vector<std::string> everyone = {"aanbieder_98000011", "aanbieder_98000022", "gemeente_0344", "gemeente_0307",
                                             "backoffice_0344", "backoffice_0307", "toezicht", "admin", "nobody", "bad_token"};
  struct row {
    std::string method, path;
    std::map<std::string, long> expected;  // identity -> status
  };
  const auto all = [&](long own, std::map<std::string, long> exceptions) {
    std::map<std::string, long> out;
    for (const auto& who : everyone) out[who] = own;
    out["nobody"] = 401;
    out["bad_token"] = 401;
    for (const auto& [k, v] : exceptions) out[k] = v;
    return out;
  };
  const std::vector<row> matrix = {
      {"GET", "/healthz", all(200, {{"nobody", 200}, {"bad_token", 200}})},
      {"GET", "/readyz", all(200, {{"nobody", 200}, {"bad_token", 200}})},
      {"GET", "/v1/messages/1", all(200, {{"aanbieder_98000022", 403}, {"gemeente_0307", 403}, {"backoffice_0307", 403}})},
      {"GET", "/v1/messages/1/raw",
       all(200, {{"aanbieder_98000022", 403}, {"gemeente_0307", 403}, {"backoffice_0307", 403}, {"admin", 403}})},
      {"GET", "/v1/messages/1/answer",
       all(200, {{"aanbieder_98000022", 403}, {"gemeente_0307", 403}, {"backoffice_0307", 403}, {"admin", 403}})},
      {"GET", "/v1/messages/99", all(404, {})},
      {"GET", "/v1/messages?toewijzing=3440001", all(200, {{"admin", 403}})},
      {"GET", "/v1/mailbox", all(200, {{"backoffice_0344", 403}, {"backoffice_0307", 403}, {"toezicht", 403}, {"admin", 403}})},
      {"GET", "/v1/reconciliation?gemeente=0344&period=2026-08",
       all(200, {{"gemeente_0307", 403}, {"backoffice_0307", 403}, {"admin", 403}})},
      {"GET", "/v1/reconciliation?gemeente=0344&period=2026-08&aanbieder=98000022",
       all(200, {{"aanbieder_98000011", 403}, {"gemeente_0307", 403}, {"backoffice_0307", 403}, {"admin", 403}})},
      {"GET", "/v1/outbox", all(403, {{"admin", 200}})},
      {"POST", "/v1/outbox/99/replay", all(403, {{"admin", 404}})},
      {"GET", "/metrics", all(403, {{"admin", 200}})},
      {"POST", "/v1/mailbox/" + box_item + "/ack",
       all(403, {{"aanbieder_98000011", 200}, {"gemeente_0344", 403}})},
  };
  for (const auto& r : matrix) {
    for (const auto& who : everyone) {
      test::http_request req;
      req.method = r.method;
      req.url = d.url(r.path);
      if (r.method == "POST") req.headers.push_back("Content-Type: application/json");
      const auto got = d.send(req, d.who(who));
      INFO(r.method << " " << r.path << " as " << who << ": " << got.body << got.error);
      CHECK(got.status == r.expected.at(who));
      if (got.status >= 400) CHECK(json_of(got).contains("error"));
    }
  }

  // Visibility inside a 200: search results only hold what the caller may see.
  const auto count = [&](const std::string& who) {
    return json_of(d.get("/v1/messages?toewijzing=3440001", d.who(who))).at("messages").as_array().size();
  };
  CHECK(count("aanbieder_98000011") == 2);
  CHECK(count("aanbieder_98000022") == 0);
  CHECK(count("gemeente_0344") == 2);
  CHECK(count("gemeente_0307") == 0);
  CHECK(count("backoffice_0344") == 2);
  CHECK(count("backoffice_0307") == 0);
  CHECK(count("toezicht") == 2);
  // BSNs in the reconciliation: masked for everyone but toezicht.
  const auto rec = [&](const std::string& who) {
    return d.get("/v1/reconciliation?gemeente=0344&period=2026-08", d.who(who)).body;
  };
  CHECK(rec("gemeente_0344").find("999990019") == std::string::npos);

  // Submitting: only as the message's own sender.
  const auto other = test::region_message("003-utrecht-toewijzing-c5.xml");  // gemeente 0344 -> aanbieder 98000022
  for (const auto& who : everyone) {
    if (who == "gemeente_0344") continue;
    const auto got = d.post("/v1/messages", other, d.who(who));
    INFO("POST /v1/messages as " << who << ": " << got.body);
    CHECK(got.status == (who == "nobody" || who == "bad_token" ? 401 : 403));
  }
  CHECK(d.post("/v1/messages", other, d.who("gemeente_0344")).status == 200);

  // A certificate from another CA does not even get a TLS connection.
  const auto untrusted = d.get("/healthz", d.who("untrusted"));
  CHECK(untrusted.status == 0);
  CHECK_FALSE(untrusted.error.empty());
}

TEST_CASE("daemon: push to a receiver that is down, then up", "[daemon][push]") {
  gateway_daemon d;
  d.start();
  auto& receiver = d.receiver();
  receiver.down();
  const auto message = test::region_message("002-utrecht-toewijzing-c4.xml");  // for aanbieder 98000022
  REQUIRE(d.post("/v1/messages", message, d.who("gemeente_0344")).status == 200);

  // Attempts fail and are retried.
  REQUIRE(test::eventually([&] {
    const auto items = outbox(d);
    return items.size() == 1 && items[0].as_object().at("attempts").as_int64() >= 2;
  }));
  auto item = outbox(d)[0].as_object();
  CHECK(item.at("state").as_string() == "pending");
  CHECK_FALSE(item.at("last_error").as_string().empty());

  receiver.up();
  REQUIRE(receiver.wait_for(1, std::chrono::seconds(10)));
  const auto got = receiver.received()[0];
  CHECK(got.method == "POST");
  CHECK(got.body == message);
  CHECK(got.headers.at("x-iwmo-message-type") == "WMO301");
  CHECK(got.headers.at("content-type").starts_with("application/xml"));
  REQUIRE(test::eventually([&] { return state_of(outbox(d)[0]) == "delivered"; }));
  // Delivered by push: the mailbox entry is acknowledged.
  CHECK(json_of(d.get("/v1/mailbox", d.who("aanbieder_98000022"))).at("items").as_array().empty());
  const auto metrics = d.get("/metrics", d.who("admin")).body;
  CHECK(metrics.find("iwmo_delivery_attempts_total{outcome=\"delivered\"} 1") != std::string::npos);
  CHECK(metrics.find("iwmo_delivery_attempts_total{outcome=\"failed\"}") != std::string::npos);
}

TEST_CASE("daemon: a receiver that stays down gives a dead letter, replayed by an admin", "[daemon][push]") {
  test::daemon_options options;
  options.push_max_age = std::chrono::seconds(1);
  gateway_daemon d(options);
  d.start();
  d.receiver().respond_with(503);
  REQUIRE(d.post("/v1/messages", test::region_message("002-utrecht-toewijzing-c4.xml"), d.who("gemeente_0344")).status == 200);
  REQUIRE(test::eventually([&] { return state_of(outbox(d)[0]) == "dead"; }));
  const auto dead = outbox(d)[0].as_object();
  CHECK(dead.at("last_error").as_string() == "HTTP 503");
  const auto id = std::to_string(dead.at("id").as_int64());
  CHECK(d.get("/metrics", d.who("admin")).body.find("iwmo_outbox_items{state=\"dead\"} 1") != std::string::npos);
  const auto dead_only = json_of(d.get("/v1/outbox?state=dead", d.who("admin"))).at("items").as_array();
  CHECK(dead_only.size() == 1);

  // Replay through the API once the receiver works again.
  d.receiver().respond_with(200);
  const auto replay = d.post("/v1/outbox/" + id + "/replay", "", d.who("admin"), "application/json");
  REQUIRE(replay.status == 200);
  CHECK(json_of(replay).at("state").as_string() == "pending");
  REQUIRE(test::eventually([&] { return state_of(outbox(d)[0]) == "delivered"; }));
  CHECK(d.post("/v1/outbox/" + id + "/replay", "", d.who("admin"), "application/json").status == 409);

  // A second dead letter, replayed with the command line while the daemon runs.
  d.receiver().respond_with(500);
  REQUIRE(d.post("/v1/messages", test::region_message("003-utrecht-toewijzing-c5.xml"), d.who("gemeente_0344")).status == 200);
  REQUIRE(test::eventually([&] { return outbox(d).size() == 2 && state_of(outbox(d)[1]) == "dead"; }));
  d.receiver().respond_with(200);
  const auto cli = test::gateway({"replay", "--config", d.config_file().string(), "--all-dead"});
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("is pending again") != std::string::npos);
  REQUIRE(test::eventually([&] { return state_of(outbox(d)[1]) == "delivered"; }));
  CHECK(d.receiver().received().size() >= 2);
}

TEST_CASE("daemon: a 2xx answer survives a kill right after it", "[daemon][durability]") {
  gateway_daemon d;
  d.start();
  d.receiver().down();
  const auto message = test::region_message("002-utrecht-toewijzing-c4.xml");
  const auto r = d.post("/v1/messages", message, d.who("gemeente_0344"));
  REQUIRE(r.status == 200);
  const auto id = message_id_of(r);
  REQUIRE(d.stop(SIGKILL).has_value());

  d.receiver().up();
  d.start();
  const auto meta = d.get("/v1/messages/" + std::to_string(id), d.who("gemeente_0344"));
  REQUIRE(meta.status == 200);
  CHECK(d.get("/v1/messages/" + std::to_string(id) + "/raw", d.who("gemeente_0344")).body == message);
  // The push queued before the kill is delivered after the restart.
  REQUIRE(d.receiver().wait_for(1, std::chrono::seconds(10)));
  CHECK(d.receiver().received()[0].body == message);
  // And the same bytes again are recognised as already received.
  const auto again = d.post("/v1/messages", message, d.who("gemeente_0344"));
  CHECK(again.header("x-iwmo-replay") == "true");
  CHECK(message_id_of(again) == id);
}

TEST_CASE("daemon: SIGTERM stops it cleanly", "[daemon]") {
  gateway_daemon d;
  d.start();
  REQUIRE(d.get("/healthz", d.who("nobody")).status == 200);
  const auto status = d.stop(SIGTERM);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(d.log().find("\"event\":\"server.draining\",\"reason\":\"SIGTERM\"") != std::string::npos);
  CHECK(d.log().find("\"event\":\"server.stopped\"") != std::string::npos);
  CHECK(d.get("/healthz", d.who("nobody")).status == 0);  // no longer listening
}

TEST_CASE("daemon: a 26 MB body is refused while other clients are served", "[daemon][limits]") {
  gateway_daemon d;
  d.start();
  auto big = std::async(std::launch::async, [&] {
    return d.post("/v1/messages", std::string(26u * 1024u * 1024u, 'x'), d.who("gemeente_0344"));
  });
  for (int i = 0; i < 5; ++i) CHECK(d.get("/healthz", d.who("nobody")).status == 200);
  const auto refused = big.get();
  CHECK(refused.status == 413);
  CHECK(json_of(refused).at("error").as_string() == "payload_too_large");
  // The daemon still works.
  CHECK(d.post("/v1/messages", test::region_message("001-utrecht-toewijzing-c1.xml"), d.who("gemeente_0344")).status == 200);
}

TEST_CASE("daemon: slow clients are cut off by the deadlines, others are served", "[daemon][limits]") {
  gateway_daemon d;  // header deadline 2 s
  d.start();
  namespace net = boost::asio;
  net::io_context io;
  const net::ip::tcp::endpoint at(net::ip::make_address("127.0.0.1"), d.port());

  // A client that connects and never starts TLS.
  net::ip::tcp::socket silent(io);
  silent.connect(at);
  // A client that completes TLS and sends half a request header.
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.load_verify_file(d.certificates().ca_certificate().string());
  net::ssl::stream<net::ip::tcp::socket> slow(io, ctx);
  slow.next_layer().connect(at);
  slow.handshake(net::ssl::stream_base::client);
  net::write(slow, net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: localhost\r\n")));

  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) CHECK(d.get("/healthz", d.who("nobody")).status == 200);

  // Both are closed by the server within the deadline (plus some slack).
  char byte = 0;
  boost::system::error_code ec;
  silent.read_some(net::buffer(&byte, 1), ec);
  CHECK(ec);  // end of file: closed by the server
  slow.read_some(net::buffer(&byte, 1), ec);
  CHECK(ec);
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited < std::chrono::seconds(8));
  CHECK(d.get("/healthz", d.who("nobody")).status == 200);
}

TEST_CASE("daemon: logs are JSON lines without BSNs, metrics count messages and rules", "[daemon]") {
  gateway_daemon d;
  d.start();
  const auto& g = d.who("gemeente_0344");
  REQUIRE(d.post("/v1/messages", test::region_message("001-utrecht-toewijzing-c1.xml"), g).status == 200);
  REQUIRE(d.get("/v1/messages?bsn=999990019", g).status == 200);
  auto declaration = d.post("/v1/messages", test::region_message("021-zorgthuis-declaratie-augustus.xml"),
                            d.who("aanbieder_98000011"));
  REQUIRE(declaration.status == 200);
  CHECK(declaration.header("x-iwmo-answer-type") == "WMO325");

  const auto metrics = d.get("/metrics", d.who("admin"));
  REQUIRE(metrics.status == 200);
  CHECK(metrics.header("content-type").starts_with("text/plain"));
  CHECK(metrics.body.find("iwmo_messages_total{type=\"WMO301\",verdict=\"accepted\"} 1") != std::string::npos);
  CHECK(metrics.body.find("iwmo_rule_findings_total{rule=\"TR338\",retourcode=\"9338\"}") != std::string::npos);
  CHECK(metrics.body.find("iwmo_http_request_seconds_bucket{route=\"/v1/messages\"") != std::string::npos);
  CHECK(metrics.body.find("iwmo_pipeline_seconds_count{type=\"WMO323\"} 1") != std::string::npos);

  REQUIRE(d.stop(SIGTERM) == 0);
  const auto log = d.log();
  CHECK(log.find("\"event\":\"message.received\"") != std::string::npos);
  CHECK(log.find("\"route\":\"/v1/messages\"") != std::string::npos);
  for (const auto* bsn : {"999990019", "999990020", "999990032"}) {
    INFO(bsn);
    CHECK(log.find(bsn) == std::string::npos);
  }
  for (const auto& line : test::lines_of(log)) {
    INFO(line);
    CHECK(json::parse(line).as_object().contains("event"));
  }
}
