// Rules about one toewijzing (docs/signals.md): declared_after_stop, declared_after_end,
// declared_without_start, credit_rebill, non_use.
#include "signals/builders.hpp"

using namespace iwmo::signals;
using namespace iwmo::signals::test;

namespace {
const date today{2026, 12, 31};
}

// ---------------------------------------------------------------------------------------------
// declared_after_stop
// ---------------------------------------------------------------------------------------------

TEST_CASE("debit lines that begin after the definitive stop raise one declared_after_stop with their count and amount",
          "[signals][declared_after_stop]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000001, A1, bsn(0), "01", "01A01", {2026, 1, 1}, std::nullopt, 4, eenheid::uur,
                        frequentie::per_week);
  s.start(t, {2026, 1, 1});
  s.stop(t, {2026, 1, 1}, {2026, 3, 31}, "02");
  auto before = s.line(t, {2026, 3, 1}, {2026, 3, 31}, 16, eenheid::uur, 80000);
  auto after1 = s.line(t, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000);
  auto after2 = s.rejected(t, {2026, 5, 1}, {2026, 5, 31}, 16, eenheid::uur, 90000);

  auto out = run(s, today, {"declared_after_stop"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "declared_after_stop");
  CHECK(sig.severity == severity::middel);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.toewijzing.value_or(0) == 25000001);
  check_client(sig, bsn(0));
  CHECK(sig.period_begin == date{2026, 4, 1});
  CHECK(sig.period_end == date{2026, 5, 31});
  CHECK(number_of(sig, "lines_after_stop") == 2);
  CHECK(number_of(sig, "rejected_lines") == 1);
  CHECK(euro_is(value_of(sig, "amount_after_stop"), 170000));
  CHECK(date_is(value_of(sig, "stop_einddatum"), {2026, 3, 31}));
  CHECK(value_of(sig, "reden_beeindiging") == "02");
  // Evidence: the WMO323s of the lines after the stop, not the one of the line before it.
  CHECK(contains(sig.message_ids, s.message_of(after1)));
  CHECK(contains(sig.message_ids, s.message_of(after2)));
  CHECK_FALSE(contains(sig.message_ids, s.message_of(before)));
  CHECK_FALSE(sig.explanation.empty());
  CHECK(sig.explanation.find(bsn(0)) == std::string::npos);
  // The id is the documented hash of the key.
  CHECK(sig.id == signal_id("declared_after_stop", G1, A1, 25000001, bsn(0), {2026, 4, 1}));
  CHECK(sig.id == fnv1a_id("declared_after_stop|0344|98000011|25000001|163512000|2026-04-01"));
}

TEST_CASE("a debit line that begins on the stop's Einddatum, or a credit after it, raises no declared_after_stop",
          "[signals][declared_after_stop]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000002, A1, bsn(1), "01", "01A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  s.stop(t, {2026, 1, 1}, {2026, 3, 31}, "02");
  s.line(t, {2026, 3, 1}, {2026, 3, 30}, 16, eenheid::uur, 80000);
  s.line(t, {2026, 3, 31}, {2026, 4, 15}, 16, eenheid::uur, 80000);  // begins on E: a near miss
  s.line(t, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000, C, true);  // a credit, not a debit
  auto out = run(s, today, {"declared_after_stop"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("grace_days lets a debit line begin that many days after the stop", "[signals][declared_after_stop]") {
  scenario s;
  auto t1 = s.toewijzing(G1, 25000003, A1, bsn(2), "01", "01A01", {2026, 1, 1});
  s.start(t1, {2026, 1, 1});
  s.stop(t1, {2026, 1, 1}, {2026, 3, 31}, "02");
  s.line(t1, {2026, 4, 3}, {2026, 4, 10}, 8, eenheid::uur, 40000);  // E + 3: within the grace
  auto t2 = s.toewijzing(G1, 25000004, A1, bsn(3), "01", "01A01", {2026, 1, 1});
  s.start(t2, {2026, 1, 1});
  s.stop(t2, {2026, 1, 1}, {2026, 3, 31}, "02");
  s.line(t2, {2026, 4, 4}, {2026, 4, 10}, 8, eenheid::uur, 40000);  // E + 4: after it

  thresholds th;
  th.grace_days = 3;
  auto out = run(s, today, {"declared_after_stop"}, threshold_set{th});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].toewijzing.value_or(0) == 25000004);
  CHECK(out[0].period_begin == date{2026, 4, 4});
  CHECK(out[0].period_end == date{2026, 4, 10});
  CHECK(number_of(out[0], "lines_after_stop") == 1);

  // Without the grace both toewijzingen are signalled.
  auto plain = run(s, today, {"declared_after_stop"});
  INFO(describe(plain));
  CHECK(plain.size() == 2);
}

TEST_CASE("the definitive stop is the earliest stop that is not RedenBeeindiging 20", "[signals][declared_after_stop]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000005, A1, bsn(4), "01", "01A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  s.stop(t, {2026, 1, 1}, {2026, 2, 28}, "20");  // temporary
  s.start(t, {2026, 3, 1});
  s.stop(t, {2026, 3, 1}, {2026, 8, 31}, "03");
  s.stop(t, {2026, 3, 1}, {2026, 6, 30}, "02");  // the earliest definitive one
  s.line(t, {2026, 3, 1}, {2026, 3, 31}, 16, eenheid::uur, 80000);  // after the temporary stop only
  s.line(t, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 80000);  // after the definitive stop

  // Only a temporary stop: no definitive stop at all.
  auto t2 = s.toewijzing(G1, 25000006, A1, bsn(5), "01", "01A01", {2026, 1, 1});
  s.start(t2, {2026, 1, 1});
  s.stop(t2, {2026, 1, 1}, {2026, 2, 28}, "20");
  s.line(t2, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000);

  auto out = run(s, today, {"declared_after_stop"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].toewijzing.value_or(0) == 25000005);
  CHECK(date_is(value_of(out[0], "stop_einddatum"), {2026, 6, 30}));
  CHECK(value_of(out[0], "reden_beeindiging") == "02");
  CHECK(number_of(out[0], "lines_after_stop") == 1);
  CHECK(out[0].period_begin == date{2026, 7, 1});
  CHECK(out[0].period_end == date{2026, 7, 31});
}

// ---------------------------------------------------------------------------------------------
// declared_after_end
// ---------------------------------------------------------------------------------------------

TEST_CASE("debit lines that begin after the current version's Einddatum raise declared_after_end",
          "[signals][declared_after_end]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000011, A2, bsn(6), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31}, 4, eenheid::uur,
                        frequentie::per_week);
  s.version(t, {2026, 3, 15}, "09:00:00", [](st::toewijzing& v) {
    v.einddatum = date{2026, 6, 30};
    v.reden_wijziging = "01";
  });
  s.start(t, {2026, 1, 1});
  s.line(t, {2026, 6, 1}, {2026, 6, 30}, 16, eenheid::uur, 50000);
  auto p1 = s.line(t, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 50000);
  auto p2 = s.rejected(t, {2026, 8, 1}, {2026, 8, 31}, 16, eenheid::uur, 50000);

  auto out = run(s, today, {"declared_after_end"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "declared_after_end");
  CHECK(sig.severity == severity::hoog);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A2);
  CHECK(sig.toewijzing.value_or(0) == 25000011);
  check_client(sig, bsn(6));
  CHECK(sig.period_begin == date{2026, 7, 1});
  CHECK(sig.period_end == date{2026, 8, 31});
  CHECK(date_is(value_of(sig, "toewijzing_einddatum"), {2026, 6, 30}));
  CHECK(number_of(sig, "lines_after_end") == 2);
  CHECK(number_of(sig, "rejected_lines") == 1);
  CHECK(euro_is(value_of(sig, "amount_after_end"), 100000));
  CHECK(contains(sig.message_ids, s.message_of(p1)));
  CHECK(contains(sig.message_ids, s.message_of(p2)));
}

TEST_CASE("a line beginning on the Einddatum, or a later version extending it, raises no declared_after_end",
          "[signals][declared_after_end]") {
  scenario s;
  auto t1 = s.toewijzing(G1, 25000012, A2, bsn(7), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.start(t1, {2026, 1, 1});
  s.line(t1, {2026, 6, 30}, {2026, 7, 15}, 16, eenheid::uur, 50000);  // begins on T

  auto t2 = s.toewijzing(G1, 25000013, A2, bsn(8), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.version(t2, {2026, 5, 1}, "12:00:00", [](st::toewijzing& v) { v.einddatum = date{2026, 12, 31}; });
  s.start(t2, {2026, 1, 1});
  s.line(t2, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 50000);

  auto out = run(s, today, {"declared_after_end"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("the current version is the latest by toewijzingsdatum and tijd, the later row winning ties",
          "[signals][declared_after_end]") {
  scenario s;
  // Same date and time: the later row (Einddatum 30 June) is current.
  auto t1 = s.toewijzing(G1, 25000014, A2, bsn(9), "01", "01A01", {2026, 1, 1}, date{2026, 12, 31});
  s.version(t1, {2026, 1, 1}, "12:00:00", [](st::toewijzing& v) { v.einddatum = date{2026, 6, 30}; });
  s.line(t1, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 50000);
  // Same date and time, reversed: the later row (Einddatum 31 December) is current.
  auto t2 = s.toewijzing(G1, 25000015, A2, bsn(10), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.version(t2, {2026, 1, 1}, "12:00:00", [](st::toewijzing& v) { v.einddatum = date{2026, 12, 31}; });
  s.line(t2, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 50000);
  // A later row with an earlier time is not current: the 13:00 version (Einddatum 30 June) is.
  auto t3 = s.toewijzing(G1, 25000016, A2, bsn(11), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.first(t3).toewijzingstijd = "13:00:00";
  s.version(t3, {2026, 1, 1}, "08:00:00", [](st::toewijzing& v) { v.einddatum = date{2026, 12, 31}; });
  s.line(t3, {2026, 7, 1}, {2026, 7, 31}, 16, eenheid::uur, 50000);
  for (auto t : {t1, t2, t3}) s.start(t, {2026, 1, 1});

  auto out = run(s, today, {"declared_after_end"});
  INFO(describe(out));
  std::set<std::int64_t> signalled;
  for (const auto& sig : out) signalled.insert(sig.toewijzing.value_or(0));
  CHECK(signalled == std::set<std::int64_t>{25000014, 25000016});
}

TEST_CASE("a deleted toewijzing raises no signal of its own", "[signals][declared_after_end][declared_without_start]") {
  scenario s;
  // RedenWijziging 13 with Einddatum = Ingangsdatum, no start, lines after the end.
  auto t = s.toewijzing(G1, 25000017, A2, bsn(12), "01", "01A01", {2026, 1, 1}, std::nullopt, 4, eenheid::uur,
                        frequentie::per_week);
  s.version(t, {2026, 1, 5}, "12:00:00", [](st::toewijzing& v) {
    v.einddatum = date{2026, 1, 1};
    v.reden_wijziging = "13";
  });
  s.line(t, {2026, 3, 1}, {2026, 3, 31}, 4, eenheid::uur, 20000);
  s.line(t, {2026, 6, 1}, {2026, 6, 30}, 4, eenheid::uur, 20000);
  auto out = run(s, today);
  INFO(describe(out));
  CHECK(of_rule(out, "declared_after_end").empty());
  CHECK(of_rule(out, "declared_without_start").empty());
  CHECK(of_rule(out, "non_use").empty());
}

TEST_CASE("grace_days applies to declared_after_end too", "[signals][declared_after_end]") {
  scenario s;
  auto t1 = s.toewijzing(G1, 25000018, A2, bsn(13), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.line(t1, {2026, 7, 5}, {2026, 7, 31}, 16, eenheid::uur, 50000);  // T + 5
  auto t2 = s.toewijzing(G1, 25000019, A2, bsn(14), "01", "01A01", {2026, 1, 1}, date{2026, 6, 30});
  s.line(t2, {2026, 7, 6}, {2026, 7, 31}, 16, eenheid::uur, 50000);  // T + 6
  for (auto t : {t1, t2}) s.start(t, {2026, 1, 1});
  thresholds th;
  th.grace_days = 5;
  auto out = run(s, today, {"declared_after_end"}, threshold_set{th});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].toewijzing.value_or(0) == 25000019);
  CHECK(out[0].period_begin == date{2026, 7, 6});
}

TEST_CASE("declared_after_stop judges only months whose first day is on or before today",
          "[signals][declared_after_stop]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000007, A1, bsn(15), "01", "01A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  s.stop(t, {2026, 1, 1}, {2026, 3, 31}, "02");
  s.line(t, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000);
  s.line(t, {2026, 5, 1}, {2026, 5, 31}, 16, eenheid::uur, 80000);
  CHECK(run(s, {2026, 3, 31}, {"declared_after_stop"}).empty());
  auto out = run(s, {2026, 4, 15}, {"declared_after_stop"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(number_of(out[0], "lines_after_stop") == 1);
  CHECK(out[0].period_end == date{2026, 4, 30});
}

// ---------------------------------------------------------------------------------------------
// declared_without_start
// ---------------------------------------------------------------------------------------------

TEST_CASE("a toewijzing with debit lines and no start at all raises declared_without_start",
          "[signals][declared_without_start]") {
  scenario s;
  auto t = s.toewijzing(G2, 26000001, A1, bsn(13), "02", "02A05", {2026, 1, 1});
  auto p1 = s.line(t, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 40000);
  auto p2 = s.line(t, {2026, 4, 1}, {2026, 4, 30}, 10, eenheid::uur, 45000);
  auto out = run(s, today, {"declared_without_start"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "declared_without_start");
  CHECK(sig.severity == severity::laag);
  CHECK(sig.gemeente == G2);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.toewijzing.value_or(0) == 26000001);
  check_client(sig, bsn(13));
  CHECK(sig.period_begin == date{2026, 3, 1});
  CHECK(sig.period_end == date{2026, 4, 30});
  CHECK(number_of(sig, "lines_without_start") == 2);
  CHECK(euro_is(value_of(sig, "amount_without_start"), 85000));
  CHECK(value_of(sig, "first_start").empty());
  CHECK(contains(sig.message_ids, s.message_of(p1)));
  CHECK(contains(sig.message_ids, s.message_of(p2)));
}

TEST_CASE("debit lines that end before the earliest start raise declared_without_start for those lines",
          "[signals][declared_without_start]") {
  scenario s;
  auto t = s.toewijzing(G2, 26000002, A1, bsn(14), "02", "02A05", {2026, 1, 1});
  s.start(t, {2026, 5, 1});
  s.start(t, {2026, 3, 1});  // the earliest, though in force later in the list
  s.line(t, {2026, 2, 1}, {2026, 2, 28}, 10, eenheid::uur, 40000);
  s.line(t, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 40000);
  s.line(t, {2026, 4, 1}, {2026, 4, 30}, 10, eenheid::uur, 40000);
  auto out = run(s, today, {"declared_without_start"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(number_of(out[0], "lines_without_start") == 1);
  CHECK(euro_is(value_of(out[0], "amount_without_start"), 40000));
  CHECK(date_is(value_of(out[0], "first_start"), {2026, 3, 1}));
  CHECK(out[0].period_begin == date{2026, 2, 1});
  CHECK(out[0].period_end == date{2026, 2, 28});
}

TEST_CASE("a line ending on the start's Begindatum, or no debit line at all, raises no declared_without_start",
          "[signals][declared_without_start]") {
  scenario s;
  auto t1 = s.toewijzing(G2, 26000003, A1, bsn(15), "02", "02A05", {2026, 1, 1});
  s.start(t1, {2026, 3, 1});
  s.line(t1, {2026, 2, 15}, {2026, 3, 1}, 10, eenheid::uur, 40000);  // ends on the start's Begindatum
  s.toewijzing(G2, 26000004, A1, bsn(16), "02", "02A05", {2026, 1, 1});  // no start, no lines
  auto t3 = s.toewijzing(G2, 26000005, A1, bsn(17), "02", "02A05", {2026, 1, 1});  // no start, only a credit
  s.line(t3, {2026, 3, 1}, {2026, 3, 31}, 10, eenheid::uur, 40000, C, true);
  auto out = run(s, today, {"declared_without_start"});
  INFO(describe(out));
  CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// credit_rebill
// ---------------------------------------------------------------------------------------------

TEST_CASE("two approved credits of one product period raise credit_rebill", "[signals][credit_rebill]") {
  scenario s;
  auto t = s.toewijzing(G1, 25000039, A1, bsn(0), "01", "01A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  const date b{2026, 3, 1}, e{2026, 3, 31};
  auto d1 = s.line(t, b, e, 16, eenheid::uur, 80000);
  s.credited(d1);
  auto c1 = s.line(t, b, e, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());
  auto d2 = s.line(t, b, e, 16, eenheid::uur, 80000, D, true, {}, s.new_declaratie());
  s.credited(d2);
  auto c2 = s.line(t, b, e, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());
  s.line(t, b, e, 16, eenheid::uur, 80000, D, true, {}, s.new_declaratie());
  s.line(t, b, e, 16, eenheid::uur, 80000, C, false, {"0203"}, s.new_declaratie());  // a rejected credit: not counted

  auto out = run(s, today, {"credit_rebill"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "credit_rebill");
  CHECK(sig.severity == severity::laag);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.toewijzing.value_or(0) == 25000039);
  check_client(sig, bsn(0));
  CHECK(sig.period_begin == b);
  CHECK(number_of(sig, "credits") == 2);
  CHECK(number_of(sig, "rebills") == 2);
  CHECK(euro_is(value_of(sig, "credited_amount"), 160000));
  CHECK(contains(sig.message_ids, s.message_of(c1)));
  CHECK(contains(sig.message_ids, s.message_of(c2)));
  // Hand-computed FNV-1a of "credit_rebill|0344|98000011|25000039|163512000|2026-03-01": a leading zero.
  CHECK(sig.id == "S0c00635c11a99222");
}

TEST_CASE("one approved credit, a rejected second credit, or credits of two periods raise no credit_rebill",
          "[signals][credit_rebill]") {
  scenario s;
  const date b{2026, 3, 1}, e{2026, 3, 31};
  auto t1 = s.toewijzing(G1, 25000040, A1, bsn(1), "01", "01A01", {2026, 1, 1});
  s.start(t1, {2026, 1, 1});
  s.credited(s.line(t1, b, e, 16, eenheid::uur, 80000));
  s.line(t1, b, e, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());
  s.line(t1, b, e, 16, eenheid::uur, 80000, D, true, {}, s.new_declaratie());

  auto t2 = s.toewijzing(G1, 25000041, A1, bsn(2), "01", "01A01", {2026, 1, 1});
  s.start(t2, {2026, 1, 1});
  s.credited(s.line(t2, b, e, 16, eenheid::uur, 80000));
  s.line(t2, b, e, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());
  s.line(t2, b, e, 16, eenheid::uur, 80000, D, true, {}, s.new_declaratie());
  s.line(t2, b, e, 16, eenheid::uur, 80000, C, false, {"0203"}, s.new_declaratie());  // rejected credit

  auto t3 = s.toewijzing(G1, 25000042, A1, bsn(3), "01", "01A01", {2026, 1, 1});
  s.start(t3, {2026, 1, 1});
  s.credited(s.line(t3, b, e, 16, eenheid::uur, 80000));
  s.line(t3, b, e, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());
  s.credited(s.line(t3, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000));
  s.line(t3, {2026, 4, 1}, {2026, 4, 30}, 16, eenheid::uur, 80000, C, true, {}, s.new_declaratie());

  auto out = run(s, today, {"credit_rebill"});
  INFO(describe(out));
  CHECK(out.empty());
}

// ---------------------------------------------------------------------------------------------
// non_use
// ---------------------------------------------------------------------------------------------

namespace {
// A toewijzing of category 01 of `client` with a start on 1 January 2026 and debit lines in the
// given months of 2026; a second toewijzing of the same pair with lines in every month
// `stream_from`..`stream_to` keeps the pair's declared months open.
tw eigen_bijdrage_case(scenario& s, const std::string& gemeente, const std::string& aanbieder, std::int64_t nummer,
                       const std::string& client, const std::vector<unsigned>& months, unsigned stream_from,
                       unsigned stream_to, const std::string& categorie = "01") {
  auto t = s.toewijzing(gemeente, nummer, aanbieder, client, categorie, categorie + "A01", {2026, 1, 1});
  s.start(t, {2026, 1, 1});
  for (auto m : months) s.line(t, {2026, m, 1}, {2026, m, 10}, 4, eenheid::uur, 20000);
  if (stream_from) {
    auto other = s.toewijzing(gemeente, nummer + 500, aanbieder, bsn(29), "01", "01A01", {2026, 1, 1});
    s.start(other, {2026, 1, 1});
    for (auto m = stream_from; m <= stream_to; ++m) s.line(other, {2026, m, 1}, {2026, m, 10}, 4, eenheid::uur, 20000);
  }
  return t;
}
const date mid_july{2026, 7, 15};
}  // namespace

TEST_CASE("three whole months without a declaration on a toewijzing with eigen bijdrage raise non_use",
          "[signals][non_use]") {
  scenario s;
  eigen_bijdrage_case(s, G1, A1, 25000051, bsn(0), {1, 5, 6}, 1, 6);
  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  const auto& sig = out[0];
  CHECK(sig.rule == "non_use");
  CHECK(sig.severity == severity::laag);
  CHECK(sig.gemeente == G1);
  CHECK(sig.aanbieder == A1);
  CHECK(sig.toewijzing.value_or(0) == 25000051);
  check_client(sig, bsn(0));
  CHECK(sig.period_begin == date{2026, 2, 1});
  CHECK(sig.period_end == date{2026, 4, 30});
  CHECK(number_of(sig, "months_without_declaration") == 3);
  CHECK(date_is(value_of(sig, "eigen_bijdrage_from"), {2026, 1, 1}));
  CHECK(value_of(sig, "started") == "ja");
}

TEST_CASE("two months without a declaration, or a category without eigen bijdrage, raise no non_use",
          "[signals][non_use]") {
  scenario s;
  eigen_bijdrage_case(s, G1, A1, 25000052, bsn(1), {1, 4, 5, 6}, 1, 6);         // February, March: 2
  eigen_bijdrage_case(s, G1, A1, 25000053, bsn(2), {}, 0, 0, "10");             // category 10: not judged
  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  CHECK(out.empty());
}

TEST_CASE("non_use is judged only inside the pair's declared months", "[signals][non_use]") {
  scenario s;
  // A1 declares from April: April to June count, January to March do not.
  eigen_bijdrage_case(s, G1, A1, 25000054, bsn(3), {}, 4, 6);
  // A2 declares from May: two months only.
  eigen_bijdrage_case(s, G1, A2, 25000055, bsn(4), {}, 5, 6);
  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].aanbieder == A1);
  CHECK(out[0].toewijzing.value_or(0) == 25000054);
  CHECK(out[0].period_begin == date{2026, 4, 1});
  CHECK(out[0].period_end == date{2026, 6, 30});
  CHECK(number_of(out[0], "months_without_declaration") == 3);
}

TEST_CASE("without a start non_use runs from the Ingangsdatum; it ends at the definitive stop or the Einddatum",
          "[signals][non_use]") {
  scenario s;
  // The pair's stream: January to June.
  auto stream = s.toewijzing(G1, 25000060, A1, bsn(29), "01", "01A01", {2026, 1, 1});
  s.start(stream, {2026, 1, 1});
  for (unsigned m = 1; m <= 6; ++m) s.line(stream, {2026, m, 1}, {2026, m, 10}, 4, eenheid::uur, 20000);
  // No start, Ingangsdatum 1 February: February to June, five months.
  s.toewijzing(G1, 25000061, A1, bsn(5), "03", "03A01", {2026, 2, 1});
  // A definitive stop on 15 March: only January and February are whole months.
  auto stopped = s.toewijzing(G1, 25000062, A1, bsn(6), "01", "01A01", {2026, 1, 1});
  s.start(stopped, {2026, 1, 1});
  s.stop(stopped, {2026, 1, 1}, {2026, 3, 15}, "02");
  // Einddatum 31 March: January to March, three months.
  auto ended = s.toewijzing(G1, 25000063, A1, bsn(7), "01", "01A01", {2026, 1, 1}, date{2026, 3, 31});
  s.start(ended, {2026, 1, 1});

  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 2);
  std::map<std::int64_t, signal> by;
  for (const auto& sig : out) by[sig.toewijzing.value_or(0)] = sig;
  REQUIRE(by.count(25000061) == 1);
  REQUIRE(by.count(25000063) == 1);
  const auto& nostart = by[25000061];
  CHECK(nostart.period_begin == date{2026, 2, 1});
  CHECK(nostart.period_end == date{2026, 6, 30});
  CHECK(number_of(nostart, "months_without_declaration") == 5);
  CHECK(date_is(value_of(nostart, "eigen_bijdrage_from"), {2026, 2, 1}));
  CHECK(value_of(nostart, "started") == "nee");
  const auto& end = by[25000063];
  CHECK(end.period_begin == date{2026, 1, 1});
  CHECK(end.period_end == date{2026, 3, 31});
  CHECK(number_of(end, "months_without_declaration") == 3);
}

TEST_CASE("a gemeente's own thresholds override the defaults for that gemeente only", "[signals][thresholds][non_use]") {
  thresholds own;
  own.non_use_months = 2;  // as mappings/signalen.csv sets it for 0344
  threshold_set ts;
  ts.set(G1, own);
  CHECK(ts.of(G1).non_use_months == 2);
  CHECK(ts.of(G2).non_use_months == 3);
  CHECK(ts.of(G2).max_hours_per_day == 24.0);
  CHECK(ts.defaults().non_use_months == 3);
  REQUIRE(ts.overrides().size() == 1);

  // The same two-month gap in both gemeenten: signalled in 0344 only.
  scenario s;
  eigen_bijdrage_case(s, G1, A1, 25000071, bsn(8), {1, 4, 5, 6}, 1, 6);
  eigen_bijdrage_case(s, G2, A1, 26000071, bsn(9), {1, 4, 5, 6}, 1, 6);
  auto out = run(s, mid_july, {"non_use"}, ts);
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].gemeente == G1);
  CHECK(out[0].toewijzing.value_or(0) == 25000071);
  CHECK(out[0].period_begin == date{2026, 2, 1});
  CHECK(out[0].period_end == date{2026, 3, 31});
  CHECK(number_of(out[0], "months_without_declaration") == 2);

  // Defaults of 2 with 0307 set back to 3: again 0344 only.
  thresholds lenient;
  lenient.non_use_months = 2;
  threshold_set ts2{lenient};
  ts2.set(G2, thresholds{});
  CHECK(ts2.of(G1).non_use_months == 2);
  CHECK(ts2.of(G2).non_use_months == 3);
  auto out2 = run(s, mid_july, {"non_use"}, ts2);
  INFO(describe(out2));
  REQUIRE(out2.size() == 1);
  CHECK(out2[0].gemeente == G1);
}

TEST_CASE("a temporary stop does not end the eigen bijdrage for non_use", "[signals][non_use]") {
  scenario s;
  auto t = eigen_bijdrage_case(s, G1, A1, 25000081, bsn(10), {}, 1, 6);
  s.stop(t, {2026, 1, 1}, {2026, 2, 28}, "20");
  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].period_begin == date{2026, 1, 1});
  CHECK(out[0].period_end == date{2026, 6, 30});
  CHECK(number_of(out[0], "months_without_declaration") == 6);
}

TEST_CASE("non_use reports the longest run of months without a declaration", "[signals][non_use]") {
  scenario s;
  // Lines in January, May and October; the stream runs January to November.
  eigen_bijdrage_case(s, G1, A1, 25000091, bsn(11), {1, 5, 10}, 1, 11);
  auto out = run(s, {2026, 12, 15}, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].period_begin == date{2026, 6, 1});
  CHECK(out[0].period_end == date{2026, 9, 30});
  CHECK(number_of(out[0], "months_without_declaration") == 4);
}

TEST_CASE("non_use runs from the earliest start, counting only whole months", "[signals][non_use]") {
  scenario s;
  auto stream = s.toewijzing(G1, 25000095, A1, bsn(29), "01", "01A01", {2026, 1, 1});
  s.start(stream, {2026, 1, 1});
  for (unsigned m = 1; m <= 6; ++m) s.line(stream, {2026, m, 1}, {2026, m, 10}, 4, eenheid::uur, 20000);
  // Ingangsdatum 1 January, starts on 15 March and 1 May: April to June are whole months.
  auto t = s.toewijzing(G1, 25000096, A1, bsn(12), "05", "05A01", {2026, 1, 1});
  s.start(t, {2026, 5, 1});
  s.start(t, {2026, 3, 15});
  auto out = run(s, mid_july, {"non_use"});
  INFO(describe(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].toewijzing.value_or(0) == 25000096);
  CHECK(out[0].period_begin == date{2026, 4, 1});
  CHECK(out[0].period_end == date{2026, 6, 30});
  CHECK(number_of(out[0], "months_without_declaration") == 3);
  CHECK(date_is(value_of(out[0], "eigen_bijdrage_from"), {2026, 3, 15}));
  CHECK(value_of(out[0], "started") == "ja");
}
