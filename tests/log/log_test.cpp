// Structured logs: one JSON object per line, and no BSN ever.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "log/log.hpp"
#include "support/process.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;

TEST_CASE("BSNs are masked in log text; other numbers are not", "[log]") {
  CHECK(log::redact_bsn("bsn 999990019 and 999990020.") == "bsn ********* and *********.");
  CHECK(log::redact_bsn("message 123456789 and 9999900190") == "message 123456789 and 9999900190");  // fails the 11-test; ten digits
  CHECK(log::redact_bsn("/v1/messages?bsn=999990032&x=1") == "/v1/messages?bsn=*********&x=1");
  CHECK(log::redact_bsn("") == "");
}

TEST_CASE("log lines are JSON objects with time, level, event and fields", "[log]") {
  test::temp_dir dir;
  log::init(log::level::info, dir / "gateway.log");
  log::debug("not.written");
  log::info("message.received", {{"message_id", 7}, {"type", "WMO301"}, {"note", "client 999990019"}});
  log::error("delivery.dead_letter", {{"outbox_id", 3}});
  log::shutdown();
  log::info("after.shutdown");  // ignored
  const auto lines = test::lines_of(test::read_file(dir / "gateway.log"));
  REQUIRE(lines.size() == 2);
  const auto first = boost::json::parse(lines[0]).as_object();
  CHECK(first.at("event").as_string() == "message.received");
  CHECK(first.at("level").as_string() == "info");
  CHECK(first.at("message_id").as_int64() == 7);
  CHECK(first.at("note").as_string() == "client *********");
  CHECK(first.at("ts").as_string().size() == 24);  // 2026-11-22T09:00:00.000Z
  const auto second = boost::json::parse(lines[1]).as_object();
  CHECK(second.at("level").as_string() == "error");
  CHECK(lines[0].find("999990019") == std::string::npos);
}
