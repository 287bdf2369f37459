// Privacy over a whole scenario: the sample region sent by its parties, late stops (so signals
// are raised), messages with broken BSNs (schema errors, a failed 11-proef), searches by BSN,
// every reading endpoint for every role, a BSN reveal and an export with BSNs by toezicht, then a
// clean stop. Asserted: no BSN of the data (every <Bsn> value of the messages that passes the
// 11-proef) appears in the daemon's log or in /metrics; JSON answers carry no BSN for any role
// except where toezicht explicitly asks for it (reveal, export with include_bsn) — and those two
// do carry it, so the search below can find what it looks for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "app/region_fixtures.hpp"
#include "daemon/daemon_fixture.hpp"

using namespace iwmo;
using test::gateway_daemon;
namespace json = boost::json;

namespace {

bool elfproef(const std::string& s) {
  if (s.size() != 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (9 - i) * (s[static_cast<std::size_t>(i)] - '0');
  sum -= s[8] - '0';
  return sum % 11 == 0;
}

// Every 9-digit run in the text that passes the 11-proef.
std::set<std::string> bsn_like(const std::string& text) {
  std::set<std::string> out;
  static const std::regex nine(R"((^|[^0-9])([0-9]{9})(?=[^0-9]|$))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), nine); it != std::sregex_iterator(); ++it) {
    if (elfproef((*it)[2].str())) out.insert((*it)[2].str());
  }
  return out;
}

std::vector<std::string> leaked(const std::set<std::string>& data, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& b : data) {
    if (text.find(b) != std::string::npos) out.push_back(b);
  }
  return out;
}

std::string identity_of(const std::string& xml) {
  const auto code = test::element(xml, "Afzender");
  return (code.size() == 4 ? "gemeente_" : "aanbieder_") + code;
}

}  // namespace

TEST_CASE("privacy: no BSN of the data in logs or metrics after a full scenario; masked in the API", "[daemon][privacy]") {
  test::daemon_options o;
  o.extra_parties = {"aanbieder:98000033", "aanbieder:98000044"};
  gateway_daemon d(o);
  d.start();

  std::vector<std::string> messages;
  for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "region")) {
    if (e.path().extension() == ".xml") messages.push_back(e.path().filename().string());
  }
  std::ranges::sort(messages);
  std::vector<std::string> stream;
  for (const auto& f : messages) stream.push_back(test::region(f));
  stream.push_back(test::stop_of("005-start-c1.xml", "2026-09-30", "980000901"));
  stream.push_back(test::stop_of("006-start-c6.xml", "2026-09-30", "980000902"));

  // The BSNs of the data: the <Bsn> values of the messages that pass the 11-proef (other
  // 9-digit numbers, such as an Identificatie, may pass it by chance and are not personal data).
  std::set<std::string> data;
  for (const auto& m : stream) {
    for (auto pos = m.find("<Bsn>"); pos != std::string::npos; pos = m.find("<Bsn>", pos + 1)) {
      for (const auto& b : bsn_like(m.substr(pos + 5, 10))) data.insert(b);
    }
  }
  REQUIRE(data.size() >= 8);

  for (const auto& m : stream) {
    const auto r = d.post("/v1/messages", m, d.who(identity_of(m)));
    INFO(test::element(m, "iwmo:Identificatie") << ": " << r.body);
    REQUIRE(r.status == 200);
  }
  // Broken BSNs: one that fails the 11-proef (level 2) and one of ten digits that starts with a
  // real BSN (level 1, the schema error text would quote it).
  auto wrong = test::region("002-utrecht-toewijzing-c4.xml");
  test::set_element(wrong, "iwmo:Identificatie", "PRIV0001");
  test::set_element(wrong, "Bsn", "999990010");
  auto too_long = test::region("002-utrecht-toewijzing-c4.xml");
  test::set_element(too_long, "iwmo:Identificatie", "PRIV0002");
  const auto real = test::element(too_long, "Bsn");
  test::set_element(too_long, "Bsn", real + "7");
  CHECK(d.post("/v1/messages", wrong, d.who("gemeente_0344")).status == 200);  // answered with a retourcode
  CHECK(d.post("/v1/messages", too_long, d.who("gemeente_0344")).status == 400);

  // Reading: every role, the endpoints that answer JSON about messages and money.
  const std::vector<std::string> readers = {"aanbieder_98000011", "aanbieder_98000022", "gemeente_0344", "gemeente_0307",
                                            "backoffice_0344",    "backoffice_0307",    "toezicht",      "admin"};
  // Every answer is searched; a leak names the request.
  std::vector<std::string> leaks;
  const auto read = [&](const std::string& path, const std::string& who) {
    const auto r = d.get(path, d.who(who));
    const auto found = leaked(data, r.body);
    if (!found.empty()) leaks.push_back("GET " + path + " as " + who + ": " + found.front());
    return r;
  };
  for (const auto& who : readers) {
    for (const auto& b : data) read("/v1/messages?bsn=" + b, who);
    for (int id = 1; id <= static_cast<int>(stream.size()) + 2; ++id) read("/v1/messages/" + std::to_string(id), who);
    read("/v1/mailbox?limit=1000", who);
    for (const auto* period : {"2026-08", "2026-09", "2026-10"}) {
      for (const auto* g : {"0344", "0307"}) read(std::string("/v1/reconciliation?gemeente=") + g + "&period=" + period, who);
    }
    read("/v1/outbox", who);
  }
  // Toezicht works with pseudonyms: the queue, the details, the provider profiles, the cases.
  const auto& officer = d.who("toezicht");
  REQUIRE(d.post("/v1/signals/run", "", officer, "application/json").status == 200);
  const auto queue = read("/v1/signals?limit=200", "toezicht");
  REQUIRE(queue.status == 200);
  const auto signals = json::parse(queue.body).as_object().at("signals").as_array();
  REQUIRE(!signals.empty());
  for (const auto& s : signals) read("/v1/signals/" + std::string(s.as_object().at("id").as_string()), "toezicht");
  for (const auto* agb : {"98000011", "98000022", "98000033"}) read(std::string("/v1/providers/") + agb, "toezicht");
  const auto first = std::string(signals[0].as_object().at("id").as_string());
  const auto created = d.post("/v1/cases", json::serialize(json::object{{"title", "Privacy"}, {"signals", json::array{json::string(first)}}}),
                              officer, "application/json");
  REQUIRE(created.status == 201);
  const auto case_id = std::to_string(json::parse(created.body).as_object().at("id").as_int64());
  read("/v1/cases", "toezicht");
  read("/v1/cases/" + case_id, "toezicht");
  read("/v1/cases/" + case_id + "/export?format=json", "toezicht");
  read("/v1/cases/" + case_id + "/export?format=csv", "toezicht");
  read("/v1/audit?limit=1000", "admin");
  {
    INFO("BSNs in API answers: " << leaks.size() << (leaks.empty() ? "" : "; first: " + leaks.front()));
    CHECK(leaks.empty());
  }
  // Where toezicht asks for it, the BSN is there: the check above can see one.
  const auto revealed = d.post("/v1/signals/" + first + "/reveal", "", officer, "application/json");
  REQUIRE(revealed.status == 200);
  CHECK(!leaked(data, revealed.body).empty());
  CHECK(!leaked(data, d.get("/v1/cases/" + case_id + "/export?format=csv&include_bsn=true", officer).body).empty());

  const auto metrics = d.get("/metrics", d.who("admin"));
  REQUIRE(metrics.status == 200);
  REQUIRE(d.stop(SIGTERM) == 0);
  const auto log = d.log();
  REQUIRE(log.size() > 10000);  // the scenario was logged
  CHECK(log.find("\"event\":\"message.received\"") != std::string::npos);
  {
    const auto in_log = leaked(data, log);
    INFO("BSNs in the log: " << in_log.size() << (in_log.empty() ? "" : " e.g. " + in_log.front()));
    CHECK(in_log.empty());
    const auto in_metrics = leaked(data, metrics.body);
    CHECK(in_metrics.empty());
  }
}
