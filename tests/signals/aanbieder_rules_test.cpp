// Rules about a gemeente x aanbieder pair (docs/signals.md): always_maximum, sudden_growth,
// peer_outlier (from the ledger), address_cluster, tariff_above_contract, high_rejection_share.
#include "signals/builders.hpp"

using namespace iwmo::signals;
using namespace iwmo::signals::test;

namespace {
const date today{2026, 12, 31};

std::string maand(unsigned m) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "2026-%02u", m);
  return buffer;
}

// Ledger rows of one toewijzing for months 1..declared.size() of 2026: toegewezen 40 hours a month.
void assigned_rows(scenario& s, const std::string& gemeente, std::int64_t nummer, const std::string& aanbieder,
                   const std::string& client, const std::vector<std::int64_t>& declared,
                   std::optional<std::int64_t> toegewezen = 40) {
  for (std::size_t i = 0; i < declared.size(); ++i)
    s.row(gemeente, nummer, aanbieder, client, maand(static_cast<unsigned>(i + 1)), "01A01", "04", toegewezen,
          declared[i], declared[i] * 5000);
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// always_maximum
// ---------------------------------------------------------------------------------------------

TEST_CASE("three toewijzingen of a pair declared at the assigned volume every month raise always_maximum",
          "[signals][always_maximum]") {
  scenario s;
  for (int i = 0; i < 3; ++i) assigned_rows(s, G1, 25000401 + i, A1, bsn(static_cast<std::size_t>(i)), {40, 40, 40});
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "always_maximum");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK_FALSE(sig.toewijzing);
  CHECK(sig.clients.empty());
  CHECK(sig.period_begin == date{2026, 1, 1});
  CHECK(sig.period_end == date{2026, 3, 31});
  CHECK(number_of(sig, "toewijzingen_counted") == 3);
  CHECK(number_of(sig, "toewijzingen_at_maximum") == 3);
  CHECK(share_is(value_of(sig, "share_at_maximum"), 1.0));
  const auto* f = find_figure(sig, "share_at_maximum");
  REQUIRE(f != nullptr);
  REQUIRE(f->threshold);
  CHECK(share_is(*f->threshold, 0.6));
  CHECK(sig.id == fnv1a_id("always_maximum|0344|98000011|||2026-01-01"));
  CHECK(sig.id == "Se0d95428188e5729");
}

TEST_CASE("two of four toewijzingen at the maximum (0.5) raise no always_maximum; three of five (0.6) do",
          "[signals][always_maximum]") {
  scenario s;
  // A1: 2 of 4.
  assigned_rows(s, G1, 25000411, A1, bsn(3), {40, 40, 40});
  assigned_rows(s, G1, 25000412, A1, bsn(4), {40, 45, 40});
  assigned_rows(s, G1, 25000413, A1, bsn(5), {30, 30, 30});
  assigned_rows(s, G1, 25000414, A1, bsn(6), {39, 39, 39});
  // A2: 3 of 5, exactly the share.
  assigned_rows(s, G1, 25000415, A2, bsn(7), {40, 40, 40});
  assigned_rows(s, G1, 25000416, A2, bsn(8), {40, 40, 40});
  assigned_rows(s, G1, 25000417, A2, bsn(9), {40, 40, 40});
  assigned_rows(s, G1, 25000418, A2, bsn(10), {20, 20, 20});
  assigned_rows(s, G1, 25000419, A2, bsn(11), {20, 20, 20});
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A2);
  CHECK(number_of(out[0], "toewijzingen_counted") == 5);
  CHECK(number_of(out[0], "toewijzingen_at_maximum") == 3);
  CHECK(share_is(value_of(out[0], "share_at_maximum"), 0.6));
}

TEST_CASE("two counted toewijzingen are too few for always_maximum", "[signals][always_maximum]") {
  scenario s;
  assigned_rows(s, G1, 25000421, A1, bsn(6), {40, 40, 40});
  assigned_rows(s, G1, 25000422, A1, bsn(7), {40, 40, 40});
  assigned_rows(s, G1, 25000423, A1, bsn(8), {40, 0, 0});                  // one declared month: not counted
  assigned_rows(s, G1, 25000424, A1, bsn(9), {40, 40, 40}, std::nullopt);  // no toegewezen_volume: not counted
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("a toewijzing at the maximum in 4 of 5 months is at the maximum, in 3 of 4 it is not",
          "[signals][always_maximum]") {
  scenario s;
  // A1: one always at the maximum, one in 4 of 5 months (0.8), one never: 2 of 3.
  assigned_rows(s, G1, 25000431, A1, bsn(10), {40, 40, 40, 40, 40});
  assigned_rows(s, G1, 25000432, A1, bsn(11), {40, 40, 20, 40, 40});
  assigned_rows(s, G1, 25000433, A1, bsn(12), {20, 20, 20, 20, 20});
  // A2: one always at the maximum, one in 3 of 4 months (0.75), one never: 1 of 3.
  assigned_rows(s, G1, 25000441, A2, bsn(13), {40, 40, 40, 40});
  assigned_rows(s, G1, 25000442, A2, bsn(14), {40, 20, 40, 40});
  assigned_rows(s, G1, 25000443, A2, bsn(15), {20, 20, 20, 20});
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A1);
  CHECK(number_of(out[0], "toewijzingen_counted") == 3);
  CHECK(number_of(out[0], "toewijzingen_at_maximum") == 2);
  CHECK(out[0].period_begin == date{2026, 1, 1});
  CHECK(out[0].period_end == date{2026, 5, 31});
}

TEST_CASE("months with a toegewezen_volume below always_max_min_volume are left out of always_maximum",
          "[signals][always_maximum]") {
  scenario s;
  // A1: a monthly fee of 1, declared in full: no month is judged.
  for (int i = 0; i < 3; ++i)
    assigned_rows(s, G1, 25000451 + i, A1, bsn(static_cast<std::size_t>(16 + i)), {1, 1, 1}, 1);
  // A2: 2 a month, declared in full: judged.
  for (int i = 0; i < 3; ++i)
    assigned_rows(s, G1, 25000461 + i, A2, bsn(static_cast<std::size_t>(19 + i)), {2, 2, 2}, 2);
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A2);
  CHECK(number_of(out[0], "toewijzingen_counted") == 3);
}

TEST_CASE("the always_maximum period runs from the first to the last counted month", "[signals][always_maximum]") {
  scenario s;
  for (int i = 0; i < 3; ++i)
    s.row(G1, 25000471 + i, A3, bsn(static_cast<std::size_t>(i)), maand(1), "01A01", "04", 40, 0, 0);  // nothing declared
  for (int i = 0; i < 3; ++i)
    for (unsigned m = 2; m <= 4; ++m)
      s.row(G1, 25000471 + i, A3, bsn(static_cast<std::size_t>(i)), maand(m), "01A01", "04", 40, 40, 200000);
  s.row(G1, 25000479, A3, bsn(3), maand(8), "01A01", "04", 40, 40, 200000);  // one month: not counted
  auto out = run(s, today, {"always_maximum"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(number_of(out[0], "toewijzingen_counted") == 3);
  CHECK(out[0].period_end == date{2026, 4, 30});
  CHECK(out[0].period_begin >= date{2026, 1, 1});
  CHECK(out[0].period_begin <= date{2026, 2, 1});
}

// ---------------------------------------------------------------------------------------------
// sudden_growth
// ---------------------------------------------------------------------------------------------

namespace {
// Ledger rows of a pair for 2026: per month the amounts of its clients (one toewijzing each).
void monthly(scenario& s, const std::string& gemeente, const std::string& aanbieder, std::int64_t first_nummer,
             const std::vector<std::vector<std::int64_t>>& months) {
  for (std::size_t m = 0; m < months.size(); ++m)
    for (std::size_t c = 0; c < months[m].size(); ++c)
      s.row(gemeente, first_nummer + static_cast<std::int64_t>(c), aanbieder, bsn(c), maand(static_cast<unsigned>(m + 1)),
            "01A01", "04", 40, 10, months[m][c]);
}
}  // namespace

TEST_CASE("a month declaring 2.5 times the baseline amount raises sudden_growth", "[signals][sudden_growth]") {
  scenario s;
  const std::vector<std::int64_t> base(4, 25000), high(4, 62500);
  monthly(s, G1, A1, 25000501, {base, base, base, high});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "sudden_growth");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.clients.empty());
  CHECK(sig.period_begin == date{2026, 4, 1});
  CHECK(sig.period_end == date{2026, 4, 30});
  CHECK(euro_is(value_of(sig, "amount"), 250000));
  CHECK(euro_is(value_of(sig, "baseline_amount"), 100000));
  CHECK(number_of(sig, "clients") == 4);
  CHECK(number_of(sig, "baseline_clients") == 4);
  CHECK(number_of(sig, "factor") == Approx(2.5).epsilon(0.01));
}

TEST_CASE("an increase of 999.99 euro, or a single baseline month, is no sudden_growth", "[signals][sudden_growth]") {
  scenario s;
  // 1000 euro a month, then 1999.99 euro: 2x, but 999.99 more.
  const std::vector<std::int64_t> base(4, 25000);
  monthly(s, G1, A1, 25000511, {base, base, base, {50000, 50000, 50000, 49999}});
  // Only one earlier month with declarations.
  monthly(s, G1, A2, 25000521, {{}, {}, base, {100000, 100000, 100000, 100000}});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("a baseline below growth_min_baseline_clients is not judged for sudden_growth; three clients are",
          "[signals][sudden_growth]") {
  scenario s;
  // Two clients, 2.5x the amount: too small a pair.
  monthly(s, G1, A1, 25000571, {{50000, 50000}, {50000, 50000}, {50000, 50000}, {125000, 125000}});
  // Three clients, the same growth: judged.
  monthly(s, G1, A2, 25000581,
          {{40000, 40000, 40000}, {40000, 40000, 40000}, {40000, 40000, 40000}, {100000, 100000, 100000}});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A2);
  CHECK(euro_is(value_of(out[0], "amount"), 300000));
  CHECK(number_of(out[0], "baseline_clients") == 3);
}

TEST_CASE("three more clients than the baseline is sudden_growth, two more is not", "[signals][sudden_growth]") {
  scenario s;
  // Small amounts: only the clients can grow. Baseline 3 clients; 6 (+3) and 5 (+2).
  const std::vector<std::int64_t> three(3, 1000);
  monthly(s, G1, A1, 25000531, {three, three, three, std::vector<std::int64_t>(6, 1000)});
  monthly(s, G1, A2, 25000541, {three, three, three, std::vector<std::int64_t>(5, 1000)});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A1);
  CHECK(out[0].period_begin == date{2026, 4, 1});
  CHECK(number_of(out[0], "clients") == 6);
  CHECK(number_of(out[0], "baseline_clients") == 3);
}

TEST_CASE("consecutive growing months form one sudden_growth signal", "[signals][sudden_growth]") {
  scenario s;
  // 1200 euro a month; April 3600 (3x); May 6000 over a baseline of (1200+1200+3600)/3; June 1200 again.
  auto m = [](std::int64_t each) { return std::vector<std::int64_t>(3, each); };
  monthly(s, G1, A1, 25000551, {m(40000), m(40000), m(40000), m(120000), m(200000), m(40000)});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].period_begin == date{2026, 4, 1});
  CHECK(out[0].period_end == date{2026, 5, 31});
}

TEST_CASE("the sudden_growth baseline is the mean of at most the three earlier months", "[signals][sudden_growth]") {
  scenario s;
  // January 12000 euro, then 1200 a month; May 3000 grows over February-April (1200), not over all four.
  auto m = [](std::int64_t each) { return std::vector<std::int64_t>(3, each); };
  monthly(s, G1, A1, 25000561, {m(400000), m(40000), m(40000), m(40000), m(100000)});
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].period_begin == date{2026, 5, 1});
  CHECK(out[0].period_end == date{2026, 5, 31});
  CHECK(euro_is(value_of(out[0], "baseline_amount"), 120000));
}

TEST_CASE("sudden_growth counts distinct BSNs with a declaration as clients", "[signals][sudden_growth]") {
  scenario s;
  const std::vector<std::int64_t> three(3, 1000);
  monthly(s, G1, A1, 25000601, {three, three, three, three});
  // April: three more toewijzingen of the same three clients, and three rows declaring nothing.
  for (std::size_t c = 0; c < 3; ++c) {
    s.row(G1, 25000611 + static_cast<std::int64_t>(c), A1, bsn(c), maand(4), "01A02", "04", 40, 10, 1000);
    s.row(G1, 25000621 + static_cast<std::int64_t>(c), A1, bsn(10 + c), maand(4), "01A02", "04", 40, 0, 0);
  }
  auto out = run(s, today, {"sudden_growth"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("sudden_growth judges only months whose first day is on or before today", "[signals][sudden_growth]") {
  scenario s;
  const std::vector<std::int64_t> base(4, 25000), high(4, 62500);
  monthly(s, G1, A1, 25000591, {base, base, base, high});
  CHECK(run(s, {2026, 3, 31}, {"sudden_growth"}).empty());
  CHECK(run(s, {2026, 4, 1}, {"sudden_growth"}).size() == 1);
}

// ---------------------------------------------------------------------------------------------
// peer_outlier
// ---------------------------------------------------------------------------------------------

namespace {
// One toewijzing of the aanbieder with `volume` declared in each of `months` months.
void product_rows(scenario& s, const std::string& gemeente, std::int64_t nummer, const std::string& aanbieder,
                  const std::string& client, std::int64_t volume, int months = 3, const std::string& eenheid_code = "04",
                  const std::string& code = "01A01") {
  for (int m = 1; m <= months; ++m)
    s.row(gemeente, nummer, aanbieder, client, maand(static_cast<unsigned>(m)), code, eenheid_code, 100, volume,
          volume * 5000);
}
}  // namespace

TEST_CASE("an aanbieder declaring 4 times the median volume of its peers raises peer_outlier",
          "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000601, A1, bsn(0), 10);
  product_rows(s, G1, 25000602, A2, bsn(1), 10);
  product_rows(s, G1, 25000603, A3, bsn(2), 40);
  product_rows(s, G1, 25000604, A4, bsn(3), 5000, 3, "83");  // a budget in euro: not a peer
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "peer_outlier");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A3);
  CHECK(sig.product.value_or("") == "01A01");
  CHECK(number_of(sig, "volume_per_client_month") == Approx(40.0));
  CHECK(number_of(sig, "peer_median") == Approx(10.0));
  CHECK(number_of(sig, "robust_distance") == Approx(30.0));  // s = max(1.4826 * 0, 0.1 * 10) = 1
  CHECK(number_of(sig, "peer_group_size") == 3);
  CHECK(value_of(sig, "peer_scope") == "gemeente");
}

TEST_CASE("the peer median and MAD leave the subject out", "[signals][peer_outlier]") {
  scenario s;
  // Peers of A3: 10 and 20, median 15, MAD 5, s = 7.413: (60 - 15) / 7.413 = 6.07.
  // (With A3 itself in: median 20, MAD 10, s = 14.826, distance 2.70: no signal.)
  product_rows(s, G1, 25000661, A1, bsn(22), 10);
  product_rows(s, G1, 25000662, A2, bsn(23), 20);
  product_rows(s, G1, 25000663, A3, bsn(24), 60);
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A3);
  CHECK(number_of(out[0], "peer_median") == Approx(15.0));
  CHECK(number_of(out[0], "robust_distance") == Approx(45.0 / (1.4826 * 5.0)).epsilon(0.01));
  CHECK(number_of(out[0], "peer_group_size") == 3);
}

TEST_CASE("a peer group one too small raises no peer_outlier", "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000611, A1, bsn(4), 10);
  product_rows(s, G1, 25000613, A3, bsn(5), 40);
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("with too few peers in the gemeente, the same product in every gemeente is the peer group",
          "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000621, A1, bsn(6), 10);
  product_rows(s, G1, 25000623, A3, bsn(7), 40);
  product_rows(s, G2, 26000621, A1, bsn(8), 10);
  product_rows(s, G2, 26000622, A2, bsn(9), 10);
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].gemeente == G1);
  CHECK(out[0].aanbieder == A3);
  CHECK(value_of(out[0], "peer_scope") == "regio");
  CHECK(number_of(out[0], "peer_group_size") == 4);
  CHECK(number_of(out[0], "peer_median") == Approx(10.0));
}

TEST_CASE("1.9 times the peers' median is no peer_outlier even far in robust distance; 2 times is",
          "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000631, A1, bsn(10), 10);
  product_rows(s, G1, 25000632, A2, bsn(11), 10);
  product_rows(s, G1, 25000633, A3, bsn(12), 19);  // distance 9, ratio 1.9
  product_rows(s, G2, 26000631, A1, bsn(13), 10);
  product_rows(s, G2, 26000632, A2, bsn(14), 10);
  product_rows(s, G2, 26000633, A3, bsn(15), 20);  // distance 10, ratio 2
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].gemeente == G2);
  CHECK(out[0].aanbieder == A3);
  CHECK(number_of(out[0], "robust_distance") == Approx(10.0));
  CHECK(value_of(out[0], "peer_scope") == "gemeente");
}

TEST_CASE("peer_outlier counts minutes as hours and only months with a declared volume", "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000641, A1, bsn(16), 10);
  product_rows(s, G1, 25000642, A2, bsn(17), 10);
  product_rows(s, G1, 25000643, A3, bsn(18), 2400, 3, "01");  // 40 hours a month in minutes
  for (unsigned m = 4; m <= 6; ++m)  // months without a declared volume: not client-months
    s.row(G1, 25000643, A3, bsn(18), maand(m), "01A01", "01", 6000, 0, 0);
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A3);
  CHECK(number_of(out[0], "volume_per_client_month") == Approx(40.0));
}

TEST_CASE("two declared client-months are too few for peer_outlier", "[signals][peer_outlier]") {
  scenario s;
  product_rows(s, G1, 25000651, A1, bsn(19), 10);
  product_rows(s, G1, 25000652, A2, bsn(20), 10);
  product_rows(s, G1, 25000653, A3, bsn(21), 40, 2);
  auto out = run(s, today, {"peer_outlier"});
  INFO(describe(out));
  CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// address_cluster
// ---------------------------------------------------------------------------------------------

TEST_CASE("four clients of one aanbieder at one address raise address_cluster with all of them",
          "[signals][address_cluster]") {
  scenario s;
  const std::string key = "3511AB|12||";
  const std::vector<date> from = {{2026, 1, 1}, {2026, 2, 1}, {2026, 3, 1}, {2026, 2, 15}};
  const std::vector<date> to = {{2026, 6, 30}, {2026, 12, 31}, {2026, 9, 30}, {2026, 7, 31}};
  std::vector<std::int64_t> address_messages;
  for (std::size_t i = 0; i < 4; ++i) {
    s.toewijzing(G1, 25000701 + static_cast<std::int64_t>(i), A1, bsn(i), "01", "01A01", from[i], to[i]);
    address_messages.push_back(s.address(G1, A1, bsn(i), key, "Domstraat 12, 3511 AB Utrecht"));
  }
  s.toewijzing(G1, 25000705, A1, bsn(4), "01", "01A01", {2025, 6, 1}, date{2027, 6, 30});
  auto elsewhere = s.address(G1, A1, bsn(4), "3512CD|3||", "Oudegracht 3, 3512 CD Utrecht");

  auto out = run(s, today, {"address_cluster"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "address_cluster");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(client_bsns(sig) == std::set<std::string>{bsn(0), bsn(1), bsn(2), bsn(3)});
  for (const auto& c : sig.clients) CHECK(c.pseudonym == pseudo(c.bsn));
  CHECK(sig.period_begin == date{2026, 1, 1});
  CHECK(sig.period_end == date{2026, 12, 31});
  CHECK(number_of(sig, "clients_at_address") == 4);
  const auto address = value_of(sig, "address");
  CHECK(address.find("3511") != std::string::npos);
  CHECK(address.find("12") != std::string::npos);
  for (auto m : address_messages) CHECK(contains(sig.message_ids, m));
  CHECK_FALSE(contains(sig.message_ids, elsewhere));
  for (const auto& c : sig.clients) CHECK(sig.explanation.find(c.bsn) == std::string::npos);
}

TEST_CASE("another huisletter is another address for address_cluster", "[signals][address_cluster]") {
  scenario s;
  for (std::size_t i = 0; i < 4; ++i) {
    s.toewijzing(G1, 25000721 + static_cast<std::int64_t>(i), A1, bsn(i), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31});
    s.address(G1, A1, bsn(i), i == 3 ? "3511AB|12|A|" : "3511AB|12||",
              i == 3 ? "Domstraat 12a, 3511 AB Utrecht" : "Domstraat 12, 3511 AB Utrecht");
  }
  auto out = run(s, today, {"address_cluster"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("three distinct clients at an address, or four over two aanbieders, raise no address_cluster",
          "[signals][address_cluster]") {
  scenario s;
  const std::string key = "3511AB|12||";
  for (std::size_t i = 0; i < 3; ++i) {
    s.toewijzing(G1, 25000711 + static_cast<std::int64_t>(i), A1, bsn(i), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31});
    s.address(G1, A1, bsn(i), key, "Domstraat 12, 3511 AB Utrecht");
  }
  s.address(G1, A1, bsn(0), key, "Domstraat 12, 3511 AB Utrecht");  // the same client twice
  s.toewijzing(G1, 25000714, A2, bsn(3), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31});
  s.address(G1, A2, bsn(3), key, "Domstraat 12, 3511 AB Utrecht");  // another aanbieder
  s.toewijzing(G2, 26000714, A1, bsn(4), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31});
  s.address(G2, A1, bsn(4), key, "Domstraat 12, 3511 AB Utrecht");  // another gemeente
  auto out = run(s, today, {"address_cluster"});
  INFO(describe(out));
  CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// tariff_above_contract
// ---------------------------------------------------------------------------------------------

TEST_CASE("two debit lines rejected with 0611 raise tariff_above_contract with their clients",
          "[signals][tariff_above_contract]") {
  scenario s;
  auto t1 = s.toewijzing(G1, 25000801, A2, bsn(0), "01", "01A01", {2026, 1, 1});
  auto t2 = s.toewijzing(G1, 25000802, A2, bsn(1), "01", "01A01", {2026, 1, 1});
  auto t3 = s.toewijzing(G1, 25000803, A2, bsn(2), "01", "01A01", {2026, 1, 1});
  for (auto t : {t1, t2, t3}) s.start(t, {2026, 1, 1});
  auto p1 = s.rejected(t1, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 60000, {"0611"});
  auto p2 = s.rejected(t2, {2026, 4, 1}, {2026, 4, 30}, 10, eenheid::uur, 60000, {"0203", "0611"});
  auto p3 = s.line(t3, {2026, 4, 1}, {2026, 4, 30}, 10, eenheid::uur, 50000, D, true, {}, s.new_declaratie());

  auto out = run(s, today, {"tariff_above_contract"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "tariff_above_contract");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A2);
  CHECK(client_bsns(sig) == std::set<std::string>{bsn(0), bsn(1)});
  for (const auto& c : sig.clients) CHECK(c.pseudonym == pseudo(c.bsn));
  CHECK(number_of(sig, "lines_0611") == 2);
  CHECK(contains(sig.message_ids, s.message_of(p1)));
  CHECK(contains(sig.message_ids, s.message_of(p2)));
  CHECK_FALSE(contains(sig.message_ids, s.message_of(p3)));
}

TEST_CASE("one 0611 debit per pair, a credit with 0611 or another retourcode raise no tariff_above_contract",
          "[signals][tariff_above_contract]") {
  scenario s;
  auto t1 = s.toewijzing(G1, 25000811, A1, bsn(3), "01", "01A01", {2026, 1, 1});
  s.rejected(t1, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 60000, {"0611"});
  s.line(t1, {2026, 4, 1}, {2026, 4, 30}, 10, eenheid::uur, 60000, C, false, {"0611"});  // a credit
  s.rejected(t1, {2026, 5, 1}, {2026, 5, 31}, 10, eenheid::uur, 60000, {"0203"});
  auto t2 = s.toewijzing(G1, 25000812, A2, bsn(4), "01", "01A01", {2026, 1, 1});
  s.rejected(t2, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 60000, {"0611"});
  auto t3 = s.toewijzing(G2, 26000811, A1, bsn(5), "01", "01A01", {2026, 1, 1});
  s.rejected(t3, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 60000, {"0611"});
  for (auto t : {t1, t2, t3}) s.start(t, {2026, 1, 1});
  auto out = run(s, today, {"tariff_above_contract"});
  INFO(describe(out));
  CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// high_rejection_share
// ---------------------------------------------------------------------------------------------

namespace {
// `lines` debit lines of the pair over 1-31 March (month m), `rejected` of them rejected with 0203;
// spread over toewijzingen of five lines each.
void month_lines(scenario& s, const std::string& gemeente, const std::string& aanbieder, std::int64_t first_nummer,
                 int lines, int rejected, unsigned m = 3, bool own_declaraties = false) {
  std::optional<tw> t;
  for (int i = 0; i < lines; ++i) {
    if (i % 5 == 0) {
      t = s.toewijzing(gemeente, first_nummer + i / 5, aanbieder, bsn(static_cast<std::size_t>(i / 5)), "01", "01A01",
                       {2026, 1, 1});
      s.start(*t, {2026, 1, 1});
    }
    const date b{2026, m, 1};
    const date e = b.last_of_month();
    std::optional<std::int64_t> decl;
    if (own_declaraties) decl = s.new_declaratie();
    if (i < rejected)
      s.line(*t, b, e, 1, eenheid::uur, 5000, D, false, {"0203"}, decl);
    else
      s.line(*t, b, e, 1, eenheid::uur, 5000, D, true, {}, decl);
  }
}
}  // namespace

TEST_CASE("5 rejected of 20 debit lines in a month raise high_rejection_share", "[signals][high_rejection_share]") {
  scenario s;
  month_lines(s, G1, A1, 25000901, 20, 5);
  // Approved credits are not debit lines: with them the share would be 5 of 23.
  auto t = s.toewijzing(G1, 25000909, A1, bsn(9), "01", "01A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  for (int i = 0; i < 3; ++i) s.line(t, {2026, 3, 1}, {2026, 3, 31}, 1, eenheid::uur, 5000, C, true);

  auto out = run(s, today, {"high_rejection_share"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "high_rejection_share");
  CHECK(sig.severity == severity::laag);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.period_begin == date{2026, 3, 1});
  CHECK(sig.period_end == date{2026, 3, 31});
  CHECK(number_of(sig, "lines") == 20);
  CHECK(number_of(sig, "rejected_lines") == 5);
  CHECK(share_is(value_of(sig, "share"), 0.25));
  CHECK(value_of(sig, "top_retourcodes").find("0203") != std::string::npos);
}

TEST_CASE("19 debit lines, a share of 0.2, or 20 lines over two months raise no high_rejection_share",
          "[signals][high_rejection_share]") {
  scenario s;
  month_lines(s, G1, A1, 25000911, 19, 5);  // 0.26 but only 19 lines
  month_lines(s, G1, A2, 25000921, 20, 4);  // 0.2
  month_lines(s, G1, A3, 25000931, 10, 3, 3);
  month_lines(s, G1, A3, 25000941, 10, 3, 4);
  auto out = run(s, today, {"high_rejection_share"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("a signal's message ids are the WMO323s of its lines, ascending, unique and at most 50",
          "[signals][high_rejection_share][message_ids]") {
  scenario s;
  month_lines(s, G2, A1, 26000901, 60, 20, 3, true);  // every line in a declaratie of its own
  std::set<std::int64_t> wmo323;
  for (const auto& r : s.data.toewijzingen)
    for (const auto& p : r.state.prestaties) wmo323.insert(s.data.declaratie_messages.at(p.declaratie_id));
  REQUIRE(wmo323.size() == 60);
  auto out = run(s, today, {"high_rejection_share"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& ids = out[0].message_ids;
  CHECK_FALSE(ids.empty());
  CHECK(ids.size() <= 50);
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  for (auto id : ids) {
    INFO("message id " << id);
    CHECK(wmo323.count(id) == 1);
    CHECK(s.data.declaratie_messages.count(id) == 0);  // not a declaratie id
  }
  CHECK(share_is(value_of(out[0], "share"), 20.0 / 60.0));
}
