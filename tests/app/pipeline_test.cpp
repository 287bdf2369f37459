// The pipeline as a whole: one message is one transaction (a crash at any point between its
// statements leaves nothing of it behind and loses nothing earlier), re-running the same input is
// idempotent, and the WMO325 of any declaration satisfies the TR342 arithmetic and returns exactly
// the rejected lines.
#include <catch2/catch.hpp>

#include <random>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "app/pipeline_fixtures.hpp"
#include "mappings/reference_tables.hpp"
#include "rules/registry.hpp"
#include "support/test_paths.hpp"

using namespace iwmo;
using test::builtin_schemas;
using test::fixed_clock;
using test::sample_mappings;
namespace fs = std::filesystem;

namespace {

fs::path scenario(const std::string& name) { return test::fixtures_dir() / "iwmo-3.2" / "scenarios" / name; }

std::vector<fs::path> xml_files(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (e.path().extension() == ".xml") out.push_back(e.path());
  }
  std::ranges::sort(out);
  return out;
}

}  // namespace

TEST_CASE("a crash between the statements of a message leaves no trace of it", "[app][pipeline][crash]") {
  // The lifecycle scenario up to the first declaration, then the credit-and-rebill declaration
  // (it changes lines, credits and the ledger) is cut off at every step of its transaction.
  const auto files = xml_files(scenario("01-lifecycle"));
  REQUIRE(files.size() >= 4);
  const std::vector<fs::path> before(files.begin(), files.begin() + 3);
  const auto& victim = files[3];

  for (const std::string step : {"message_stored", "state_applied", "ledger_updated", "routed", "answer_stored", "before_commit"}) {
    DYNAMIC_SECTION("crash at " << step) {
      test::temp_dir dir;
      const auto file = dir / "gateway.db";
      std::map<std::string, std::int64_t> counts;
      std::vector<store::ledger_row> ledger;
      {
        store::database db(file);
        app::pipeline pipe(builtin_schemas(), db, sample_mappings(), fixed_clock());
        for (const auto& f : before) REQUIRE(pipe.submit(test::read_file(f), f.string()).accepted());
        counts = db.row_counts();
        ledger = db.ledger_all();
      }
      const auto bytes = test::read_file(victim);

      const pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        // The child dies at the named step, without unwinding or closing anything.
        store::database db(file);
        auto options = fixed_clock();
        options.fault_point = [&](std::string_view at) {
          if (at == step) _exit(42);
        };
        app::pipeline pipe(builtin_schemas(), db, sample_mappings(), options);
        (void)pipe.submit(bytes, victim.string());
        _exit(0);  // the step was never reached: the parent reports it
      }
      int status = 0;
      REQUIRE(waitpid(child, &status, 0) == child);
      REQUIRE(WIFEXITED(status));
      REQUIRE(WEXITSTATUS(status) == 42);

      store::database db(file);
      CHECK(db.integrity_ok());
      CHECK(db.row_counts() == counts);
      CHECK(db.ledger_all() == ledger);

      // The message was never received: sending it again is processed normally (its
      // Identificatie was not used up).
      app::pipeline pipe(builtin_schemas(), db, sample_mappings(), fixed_clock());
      const auto again = pipe.submit(bytes, victim.string());
      CHECK(again.verdict == "accepted");
      CHECK(again.findings.empty());
    }
  }
}

TEST_CASE("running the same messages twice changes no state the second time", "[app][pipeline]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(builtin_schemas(), db, sample_mappings(), fixed_clock());
  const auto files = xml_files(scenario("16-volume-budget"));
  for (const auto& f : files) (void)pipe.submit(test::read_file(f), f.string());
  auto counts = db.row_counts();
  const auto ledger = db.ledger_all();

  for (const auto& f : files) {
    const auto again = pipe.submit(test::read_file(f), f.string());
    INFO(f.filename().string());
    CHECK(again.verdict == "rejected");
    REQUIRE(again.findings.size() == 1);
    CHECK(again.findings[0].rule == "TR056");
    REQUIRE(again.reply);
  }
  const auto after = db.row_counts();
  // Only the received messages, their answers and their search keys are added.
  const auto added = static_cast<std::int64_t>(files.size());
  counts["message"] += added;
  counts["answer"] += added;
  counts["message_key"] *= 2;
  CHECK(after == counts);
  CHECK(db.ledger_all() == ledger);
}

TEST_CASE("schema failures and received answers are stored without an answer of their own", "[app][pipeline]") {
  test::temp_dir dir;
  store::database db(dir / "gateway.db");
  app::pipeline pipe(builtin_schemas(), db, sample_mappings(), fixed_clock());

  const auto garbage = pipe.submit("<Bericht><Header/></Bericht>", "garbage.xml");
  CHECK(garbage.verdict == "schema");
  CHECK_FALSE(garbage.reply);
  CHECK_FALSE(db.answer(garbage.message_id));
  const auto stored = db.message(garbage.message_id);
  REQUIRE(stored);
  CHECK(stored->bytes == "<Bericht><Header/></Bericht>");
  CHECK(stored->sha256 == app::sha256_hex("<Bericht><Header/></Bericht>"));

  const auto retour = pipe.submit(test::read_file(test::fixtures_dir() / "iwmo-3.2" / "samples" / "02-wmo302-retour.xml"),
                                  "02-wmo302-retour.xml");
  CHECK(retour.verdict == "stored");
  CHECK_FALSE(retour.reply);
  CHECK(db.row_counts()["answer"] == 0);
}

TEST_CASE("sha256 of known inputs", "[app][pipeline]") {
  CHECK(app::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(app::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

namespace {

// A WMO323 for client 999990019 on toewijzing 5000001 (01A01, 3 hours a week in 2026, tariff
// 3150) of the lifecycle scenario.
struct line {
  std::string referentie;
  std::optional<std::string> vorig;
  unsigned month = 1;
  long long volume = 0;
  long long tarief = 3150;
  bool credit = false;
  [[nodiscard]] long long bedrag() const { return volume * tarief; }
};

std::string period(unsigned month, bool end) {
  const model::date first{2026, month, 1};
  return (end ? first.last_of_month() : first).to_string();
}

std::string declaration(const std::string& ident, const std::string& nummer, unsigned month, const std::vector<line>& lines) {
  long long total = 0;
  std::string body;
  for (const auto& l : lines) {
    total += l.credit ? -l.bedrag() : l.bedrag();
    body += fmt::format(
        "<Prestatie><ProductReferentie><iwmo:ReferentieNummer>{}</iwmo:ReferentieNummer>{}</ProductReferentie>"
        "<ToewijzingNummer>5000001</ToewijzingNummer><ProductCategorie>01</ProductCategorie><ProductCode>01A01</ProductCode>"
        "<ProductPeriode><iwmo:Begindatum>{}</iwmo:Begindatum><iwmo:Einddatum>{}</iwmo:Einddatum></ProductPeriode>"
        "<GeleverdVolume>{}</GeleverdVolume><Eenheid>04</Eenheid><ProductTarief>{}</ProductTarief>"
        "<IngediendBedrag><iwmo:Bedrag>{}</iwmo:Bedrag><iwmo:DebetCredit>{}</iwmo:DebetCredit></IngediendBedrag></Prestatie>\n",
        l.referentie, l.vorig ? fmt::format("<iwmo:VorigReferentieNummer>{}</iwmo:VorigReferentieNummer>", *l.vorig) : "",
        period(l.month, false), period(l.month, true), l.volume, l.tarief, l.bedrag(), l.credit ? "C" : "D");
  }
  const auto dag = model::date{2026, month + 1, 2}.to_string();
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema" xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema">
<Header><BerichtCode>484</BerichtCode><BerichtVersie>3</BerichtVersie><BerichtSubversie>2</BerichtSubversie>
<Afzender>98000011</Afzender><Ontvanger>0344</Ontvanger>
<BerichtIdentificatie><iwmo:Identificatie>{}</iwmo:Identificatie><iwmo:Dagtekening>{}</iwmo:Dagtekening></BerichtIdentificatie>
<XsdVersie><iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie><iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie></XsdVersie></Header>
<Declaratie><DeclaratieNummer>{}</DeclaratieNummer>
<DeclaratiePeriode><iwmo:Begindatum>{}</iwmo:Begindatum><iwmo:Einddatum>{}</iwmo:Einddatum></DeclaratiePeriode>
<DeclaratieDagtekening>{}</DeclaratieDagtekening>
<TotaalIngediendBedrag><iwmo:TotaalBedrag>{}</iwmo:TotaalBedrag><iwmo:DebetCredit>{}</iwmo:DebetCredit></TotaalIngediendBedrag>
<Clienten><Client><Bsn>999990019</Bsn><Prestaties>
{}</Prestaties></Client></Clienten></Declaratie></Bericht>
)",
      ident, dag, nummer, period(month, false), period(month, true), dag, total < 0 ? -total : total, total < 0 ? "C" : "D",
      body);
}

long long signed_total(const model::totaal_bedrag_met_dc& t) {
  const long long v = std::stoll(t.totaal_bedrag);
  return t.debet_credit == "C" ? -v : v;
}

}  // namespace

TEST_CASE("TR342 property: for random declarations the WMO325 returns exactly the rejected lines and its totals add up",
          "[app][pipeline][property]") {
  std::mt19937 rng(20261122);
  std::size_t approved_lines = 0, approved_credits = 0, rejected_lines = 0;
  for (int round = 0; round < 12; ++round) {
    test::temp_dir dir;
    store::database db(dir / "gateway.db");
    app::pipeline pipe(builtin_schemas(), db, sample_mappings(), fixed_clock());
    REQUIRE(pipe.submit(test::read_file(scenario("01-lifecycle") / "01-toewijzing.xml"), "toewijzing").accepted());

    std::vector<line> approved_debits;  // candidates for credits
    int ref = 0;
    unsigned month = 1;
    for (int d = 0; d < 8 && month <= 10; ++d) {
      std::vector<line> lines;
      const int count = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < count; ++i) {
        if (!approved_debits.empty() && rng() % 3 == 0) {
          // Credit an earlier debit: exact copy with C and a new number.
          const auto pick = approved_debits[rng() % approved_debits.size()];
          line c = pick;
          c.referentie = fmt::format("P{}-{}", round, ++ref);
          c.vorig = pick.referentie;
          c.credit = true;
          // One credit per debit in a message (TR315), never of a line of the same message (TR316).
          if (std::ranges::none_of(lines, [&](const line& x) { return x.vorig == c.vorig || x.referentie == *c.vorig; })) {
            lines.push_back(c);
          }
          continue;
        }
        line l;
        l.referentie = rng() % 15 == 0 && ref > 0 ? fmt::format("P{}-{}", round, ref) : fmt::format("P{}-{}", round, ++ref);
        l.month = 1 + static_cast<unsigned>(rng() % month);
        l.volume = 1 + static_cast<long long>(rng() % 22);  // above 18 breaks TR321
        l.tarief = rng() % 6 == 0 ? 3000 : 3150;             // 3000 breaks TR418
        // At most one debit per month in a message (TR416 would reject the whole message).
        if (std::ranges::any_of(lines, [&](const line& x) { return !x.credit && x.month == l.month; })) continue;
        if (std::ranges::any_of(lines, [&](const line& x) { return x.referentie == l.referentie || x.vorig == l.referentie; })) {
          continue;
        }
        lines.push_back(l);
      }
      const auto xml = declaration(fmt::format("R{}D{}", round, d), fmt::format("R{}D{}", round, d), month, lines);
      const auto result = pipe.submit(xml, "declaratie");
      INFO("round " << round << " declaration " << d << "\n" << xml);
      REQUIRE(result.validation.xsd_valid);
      REQUIRE(result.reply);
      const auto& answer = std::get<model::wmo325>(result.reply->message);
      CHECK(rules::check_content(result.reply->message).empty());
      REQUIRE(answer.declaratie_antwoord);

      // Lines with a finding are exactly the ones returned, with the codes of their findings.
      std::map<std::string, std::set<std::string>> rejected;  // ReferentieNummer -> codes
      long long approved_net = 0;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto where = fmt::format("/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[{}]", i + 1);
        std::set<std::string> codes;
        for (const auto& f : result.findings) {
          if (f.path == where) codes.insert(f.retourcode);
        }
        (codes.empty() ? approved_lines : rejected_lines)++;
        if (codes.empty() && lines[i].credit) approved_credits++;
        if (codes.empty()) {
          approved_net += lines[i].credit ? -lines[i].bedrag() : lines[i].bedrag();
          if (!lines[i].credit) approved_debits.push_back(lines[i]);
          if (lines[i].credit) std::erase_if(approved_debits, [&](const line& x) { return x.referentie == lines[i].vorig; });
        } else {
          rejected[lines[i].referentie] = codes;
        }
      }
      std::map<std::string, std::set<std::string>> returned;
      for (const auto& c : answer.declaratie_antwoord->clienten) {
        for (const auto& p : c.prestaties) {
          returned[p.product_referentie.referentie_nummer] = {p.retour_codes.begin(), p.retour_codes.end()};
        }
      }
      CHECK(returned == rejected);
      CHECK(signed_total(answer.declaratie_antwoord->totaal_toegekend_bedrag) == approved_net);
      const auto& codes = answer.declaratie_antwoord->retour_codes;
      CHECK(codes == model::codes{rejected.empty() ? "8001" : "0200"});
      month += static_cast<unsigned>(rng() % 2);
    }
  }
  // The random mix exercises all three outcomes.
  CHECK(approved_lines > 50);
  CHECK(approved_credits > 10);
  CHECK(rejected_lines > 50);
}
