// The signals engine as a whole (docs/signals.md): the rule list, ids, determinism, ordering,
// pseudonyms, explanations and evidence. The rules one by one are in the other files here.
#include "signals/builders.hpp"

using namespace iwmo::signals;
using namespace iwmo::signals::test;

namespace {
const date today{2026, 12, 31};

// One data set in which many rules fire.
scenario many_rules() {
  scenario s;
  // declared_after_stop
  auto a = s.toewijzing(G1, 25001001, A1, bsn(0), "01", "01A01", {2026, 1, 1});
  s.start(a, {2026, 1, 1});
  s.stop(a, {2026, 1, 1}, {2026, 3, 31}, "02");
  s.line(a, {2026, 2, 1}, {2026, 2, 28}, 8, eenheid::uur, 40000);
  s.line(a, {2026, 4, 1}, {2026, 4, 30}, 8, eenheid::uur, 40000);
  // declared_after_end
  auto b = s.toewijzing(G1, 25001002, A1, bsn(1), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.start(b, {2026, 1, 1});
  s.line(b, {2026, 6, 1}, {2026, 6, 30}, 8, eenheid::uur, 40000);
  s.line(b, {2026, 7, 1}, {2026, 7, 31}, 8, eenheid::uur, 40000);
  // declared_without_start
  auto c = s.toewijzing(G2, 26001001, A2, bsn(2), "02", "02A05", {2026, 1, 1});
  s.line(c, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000);
  // hours_over_day
  auto d = s.toewijzing(G2, 26001002, A3, bsn(3), "01", "01A01", {2026, 1, 1});
  s.start(d, {2026, 1, 1});
  s.line(d, {2026, 5, 20}, {2026, 5, 20}, 30, eenheid::uur, 150000);
  // multiple_providers
  auto e1 = s.toewijzing(G1, 25001003, A4, bsn(4), "01", "01A01", {2026, 1, 1});
  auto e2 = s.toewijzing(G1, 25001004, A5, bsn(4), "01", "01A01", {2026, 1, 1});
  s.start(e1, {2026, 1, 1});
  s.start(e2, {2026, 1, 1});
  s.line(e1, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000);
  s.line(e2, {2026, 3, 10}, {2026, 3, 31}, 8, eenheid::uur, 40000);
  // credit_rebill
  auto f = s.toewijzing(G1, 25001005, A2, bsn(5), "01", "01A01", {2026, 1, 1});
  s.start(f, {2026, 1, 1});
  for (int i = 0; i < 2; ++i) {
    s.credited(s.line(f, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000, D, true, {}, s.new_declaratie()));
    s.line(f, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000, C, true, {}, s.new_declaratie());
  }
  s.line(f, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000, D, true, {}, s.new_declaratie());
  // tariff_above_contract
  auto g1 = s.toewijzing(G1, 25001006, A3, bsn(6), "01", "01A01", {2026, 1, 1});
  auto g2 = s.toewijzing(G1, 25001007, A3, bsn(7), "01", "01A01", {2026, 1, 1});
  s.start(g1, {2026, 1, 1});
  s.start(g2, {2026, 1, 1});
  s.rejected(g1, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000, {"0611"});
  s.rejected(g2, {2026, 3, 1}, {2026, 3, 31}, 8, eenheid::uur, 40000, {"0611"});
  // always_maximum
  for (int i = 0; i < 3; ++i)
    for (unsigned m = 1; m <= 3; ++m)
      s.row(G1, 25001011 + i, A1, bsn(static_cast<std::size_t>(8 + i)), "2026-0" + std::to_string(m), "01A01", "04", 40,
            40, 200000);
  // address_cluster
  for (std::size_t i = 0; i < 4; ++i) {
    s.toewijzing(G2, 26001011 + static_cast<std::int64_t>(i), A1, bsn(12 + i), "01", "01A01", {2026, 1, 1},
                 date{2026, 12, 31});
    s.address(G2, A1, bsn(12 + i), "3811AA|1|A|", "Stationsplein 1A, 3811 AA Amersfoort");
  }
  return s;
}

std::size_t rule_index(std::string_view id) {
  const auto& list = rules();
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].id == id) return i;
  return list.size();
}

// The client slot of the id (docs/signals.md): the BSN, for multiple_providers with the other aanbieder.
std::string key_bsn(const signal& s) {
  const auto bsn = s.clients.size() == 1 ? s.clients[0].bsn : std::string{};
  if (s.rule != "multiple_providers") return bsn;
  for (const auto& f : s.figures) {
    if (f.name == "other_aanbieder") return bsn + "/" + f.value;
  }
  return bsn;
}
}  // namespace

TEST_CASE("the engine has the 14 documented rules with their fixed severities", "[signals][rules]") {
  const std::map<std::string, severity> documented = {
      {"declared_after_stop", severity::middel},   {"declared_after_end", severity::hoog},
      {"declared_without_start", severity::laag},  {"hours_over_day", severity::hoog},
      {"above_plausible_maximum", severity::middel}, {"always_maximum", severity::middel},
      {"multiple_providers", severity::hoog},      {"sudden_growth", severity::middel},
      {"peer_outlier", severity::middel},          {"address_cluster", severity::middel},
      {"credit_rebill", severity::laag},           {"tariff_above_contract", severity::middel},
      {"high_rejection_share", severity::laag},    {"non_use", severity::laag}};
  const auto& list = rules();
  REQUIRE(list.size() == 14);
  std::set<std::string> ids;
  for (const auto& r : list) {
    INFO(r.id);
    ids.insert(std::string(r.id));
    REQUIRE(documented.count(std::string(r.id)) == 1);
    CHECK(r.severity == documented.at(std::string(r.id)));
    CHECK_FALSE(r.title.empty());
    CHECK_FALSE(r.description.empty());
    const auto* found = find_rule(r.id);
    REQUIRE(found != nullptr);
    CHECK(found->id == r.id);
  }
  CHECK(ids.size() == 14);
  CHECK(find_rule("no_such_rule") == nullptr);
  CHECK(to_string(severity::laag) == "laag");
  CHECK(to_string(severity::middel) == "middel");
  CHECK(to_string(severity::hoog) == "hoog");
  CHECK(parse_severity("hoog") == severity::hoog);
  CHECK(parse_severity("laag") == severity::laag);
  CHECK_FALSE(parse_severity("zeer hoog"));
}

TEST_CASE("signal_id is FNV-1a 64 of rule|gemeente|aanbieder|toewijzing|bsn|period_begin as S and 16 lowercase hex",
          "[signals][signal_id]") {
  const auto id = signal_id("declared_after_stop", "0344", "98000011", 25000001, "163512000", {2026, 4, 1});
  CHECK(id == fnv1a_id("declared_after_stop|0344|98000011|25000001|163512000|2026-04-01"));
  CHECK(id == "Sd7d9aaeeb27a4502");  // computed outside the test as well
  REQUIRE(id.size() == 17);
  CHECK(id[0] == 'S');
  CHECK(id.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
  // Stable.
  CHECK(signal_id("declared_after_stop", "0344", "98000011", 25000001, "163512000", {2026, 4, 1}) == id);
  // Empty fields stay empty; a leading zero digit is kept.
  CHECK(signal_id("always_maximum", "0344", "98000011", std::nullopt, "", {2026, 1, 1}) == "Se0d95428188e5729");
  CHECK(signal_id("credit_rebill", "0344", "98000011", 25000039, "163512000", {2026, 3, 1}) == "S0c00635c11a99222");
  CHECK(signal_id("non_use", "0307", "98000022", std::nullopt, "163512814", {2026, 2, 1}) ==
        fnv1a_id("non_use|0307|98000022||163512814|2026-02-01"));
  // Every field of the key counts.
  std::set<std::string> variants = {
      id,
      signal_id("declared_after_end", "0344", "98000011", 25000001, "163512000", {2026, 4, 1}),
      signal_id("declared_after_stop", "0307", "98000011", 25000001, "163512000", {2026, 4, 1}),
      signal_id("declared_after_stop", "0344", "98000022", 25000001, "163512000", {2026, 4, 1}),
      signal_id("declared_after_stop", "0344", "98000011", 25000002, "163512000", {2026, 4, 1}),
      signal_id("declared_after_stop", "0344", "98000011", std::nullopt, "163512000", {2026, 4, 1}),
      signal_id("declared_after_stop", "0344", "98000011", 25000001, "163512814", {2026, 4, 1}),
      signal_id("declared_after_stop", "0344", "98000011", 25000001, "163512000", {2026, 4, 2})};
  CHECK(variants.size() == 8);
}

TEST_CASE("the same input gives identical signals, with the documented ids", "[signals][determinism]") {
  auto s = many_rules();
  auto first = run(s, today);
  auto second = run(s, today);
  auto rebuilt = run(many_rules(), today);
  INFO(describe(first));
  REQUIRE_FALSE(first.empty());
  CHECK(first == second);
  CHECK(first == rebuilt);
  std::set<std::string> ids;
  for (const auto& sig : first) {
    INFO(sig.rule << " " << sig.id);
    CHECK(ids.insert(sig.id).second);  // unique
    if (sig.clients.size() <= 1)
      CHECK(sig.id == signal_id(sig.rule, sig.gemeente, sig.aanbieder, sig.toewijzing, key_bsn(sig), sig.period_begin));
  }
}

TEST_CASE("the order of the input does not change the signals", "[signals][determinism]") {
  auto s = many_rules();
  auto reversed = many_rules();
  std::reverse(reversed.data.toewijzingen.begin(), reversed.data.toewijzingen.end());
  for (auto& r : reversed.data.toewijzingen) {
    std::reverse(r.state.prestaties.begin(), r.state.prestaties.end());
    std::reverse(r.state.leveringen.begin(), r.state.leveringen.end());
  }
  std::reverse(reversed.data.ledger.begin(), reversed.data.ledger.end());
  std::reverse(reversed.data.adressen.begin(), reversed.data.adressen.end());
  auto normal = [](std::vector<signal> v) {
    for (auto& sig : v)
      std::sort(sig.clients.begin(), sig.clients.end(),
                [](const client_ref& x, const client_ref& y) { return x.bsn < y.bsn; });
    return v;
  };
  auto a = normal(run(s, today));
  auto b = normal(run(reversed, today));
  INFO(describe(a));
  INFO(describe(b));
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].rule << " " << a[i].id);
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].period_end == b[i].period_end);
    CHECK(a[i].clients == b[i].clients);
    CHECK(a[i].message_ids == b[i].message_ids);
    CHECK(a[i].figures == b[i].figures);
  }
}

TEST_CASE("signals are ordered by rule in rules() order, then by id", "[signals][ordering]") {
  auto out = run(many_rules(), today);
  INFO(describe(out));
  std::set<std::string> present;
  for (const auto& sig : out) present.insert(sig.rule);
  for (const char* r : {"declared_after_stop", "declared_after_end", "declared_without_start", "hours_over_day",
                        "multiple_providers", "credit_rebill", "tariff_above_contract", "always_maximum",
                        "address_cluster"}) {
    INFO(r);
    CHECK(present.count(r) == 1);
  }
  for (std::size_t i = 1; i < out.size(); ++i) {
    const auto ka = std::make_pair(rule_index(out[i - 1].rule), out[i - 1].id);
    const auto kb = std::make_pair(rule_index(out[i].rule), out[i].id);
    INFO(out[i - 1].rule << " " << out[i - 1].id << " before " << out[i].rule << " " << out[i].id);
    CHECK(ka < kb);
  }
  for (const auto& sig : out) CHECK(rule_index(sig.rule) < rules().size());
}

TEST_CASE("only_rules runs just the rules named, with the same signals as a full run", "[signals][only_rules]") {
  auto s = many_rules();
  auto all = run(s, today);
  for (const auto& r : rules()) {
    INFO(r.id);
    auto only = run(s, today, {std::string(r.id)});
    CHECK(only == of_rule(all, r.id));
  }
  auto two = run(s, today, {"credit_rebill", "declared_after_stop"});
  auto expected = of_rule(all, "declared_after_stop");
  for (const auto& sig : of_rule(all, "credit_rebill")) expected.push_back(sig);
  CHECK(two == expected);
}

TEST_CASE("every signal carries its rule's severity, pseudonymised clients and a sentence without a BSN",
          "[signals][pseudonym][explanation]") {
  auto s = many_rules();
  auto out = run(s, today);
  REQUIRE_FALSE(out.empty());
  for (const auto& sig : out) {
    INFO(sig.rule << " " << sig.id << ": " << sig.explanation);
    const auto* r = find_rule(sig.rule);
    REQUIRE(r != nullptr);
    CHECK(sig.severity == r->severity);
    CHECK_FALSE(sig.explanation.empty());
    for (const auto& c : sig.clients) CHECK(c.pseudonym == pseudo(c.bsn));
    for (const auto& b : bsns()) {
      CHECK(sig.explanation.find(b) == std::string::npos);
      for (const auto& f : sig.figures) {
        CHECK(f.value.find(b) == std::string::npos);
        CHECK(f.label.find(b) == std::string::npos);
      }
    }
    CHECK(sig.period_begin <= sig.period_end);
    for (const auto& f : sig.figures) {
      CHECK_FALSE(f.name.empty());
      CHECK_FALSE(f.label.empty());
    }
  }
}

TEST_CASE("the pseudonym function decides the pseudonyms, never the ids", "[signals][pseudonym]") {
  auto s = many_rules();
  auto plain = run(s, today);
  auto o = options(today);
  int calls = 0;
  o.pseudonym = [&calls](std::string_view b) {
    ++calls;
    return "P-" + std::string(b.rbegin(), b.rend()).substr(0, 3);
  };
  auto other = evaluate(s.data, threshold_set{}, o);
  REQUIRE(plain.size() == other.size());
  CHECK(calls > 0);
  bool any_client = false;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    CHECK(plain[i].id == other[i].id);
    // The same clients (their order is not specified), each with the other function's pseudonym.
    CHECK(client_bsns(other[i]) == client_bsns(plain[i]));
    CHECK(other[i].clients.size() == plain[i].clients.size());
    for (const auto& c : other[i].clients) {
      any_client = true;
      CHECK(c.pseudonym == "P-" + std::string(c.bsn.rbegin(), c.bsn.rend()).substr(0, 3));
    }
  }
  CHECK(any_client);
}

TEST_CASE("message ids are the messages that show a signal: WMO323 of a prestatie's declaratie, WMO301 of an address",
          "[signals][message_ids]") {
  auto s = many_rules();
  auto out = run(s, today);
  for (const auto& sig : out) {
    INFO(sig.rule << " " << sig.id);
    CHECK(sig.message_ids.size() <= 50);
    CHECK(std::is_sorted(sig.message_ids.begin(), sig.message_ids.end()));
    CHECK(std::adjacent_find(sig.message_ids.begin(), sig.message_ids.end()) == sig.message_ids.end());
    for (auto id : sig.message_ids) {
      INFO("message id " << id);
      CHECK(s.messages.count(id) == 1);  // a message id, not a declaratie, prestatie or record id
    }
  }
  // The signal about lines after the stop shows the WMO323 of the April line (declaratie 0344/A1/2026-04).
  auto after_stop = of_rule(out, "declared_after_stop");
  REQUIRE(after_stop.size() == 1);
  const auto decl = s.declaratie(G1, A1, "2026-04");
  CHECK(contains(after_stop[0].message_ids, s.data.declaratie_messages.at(decl)));
  CHECK_FALSE(contains(after_stop[0].message_ids, decl));
}
