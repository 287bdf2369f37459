#pragma once
// Planning a region before any message is written: municipalities and their policies, providers
// and where they work, contracts with tariffs, and every client with what they need, from whom,
// and when they enter the stream. The mappings/ tables are written from this plan.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gen/catalogue.hpp"
#include "gen/generator.hpp"
#include "gen/random.hpp"
#include "model/values.hpp"

namespace iwmo::gen {

struct gemeente {
  std::string code;
  std::string naam;
  int postcode_lo = 1000;
  int postcode_hi = 9999;
  std::uint32_t weight = 1;
  bool hh_resultaat = false;    // buys household help outputgericht, a fee per month
  bool budgets = false;         // buys maatwerk taakgericht, with a budget per client
  std::vector<int> aanbieders;  // contracted providers, ascending
};

struct aanbieder {
  std::string agb;
  std::string naam;
  catalogue::provider_kind kind = catalogue::provider_kind::thuiszorg;
  std::uint32_t weight = 1;
  bool minutes = false;        // declares hour products in minutes (IV081)
  int declaratie_dag = 3;      // the working day of the month on which it declares the previous month
  std::vector<int> gemeenten;  // ascending
};

struct contract {
  int gemeente = 0;
  int aanbieder = 0;
  int product = 0;
  model::cents tarief = 0;  // per eenheid in the first year; 0 for a budget product
};

struct address {
  std::string straat;
  int huisnummer = 1;
  std::optional<std::string> huisletter;
  std::optional<std::string> toevoeging;
  std::string postcode;
  std::string plaats;
};

struct relation {
  std::string soort;  // SoortRelatie: 12 partner, 16 child, 14 administrator
  std::string achternaam;
  std::optional<std::string> voorvoegsel;
  std::string voorletters;
  std::string geslacht;
  std::string telefoon;
};

struct person {
  std::string bsn;
  std::string geslacht;  // 1 man, 2 woman
  model::date geboortedatum;
  std::string achternaam;
  std::optional<std::string> voorvoegsel;
  std::optional<std::pair<std::string, std::optional<std::string>>> partnernaam;  // achternaam, voorvoegsel
  std::string naam_gebruik = "1";
  std::string voornamen;
  std::string voorletters;
  address adres;
  std::optional<std::string> telefoon;
  std::optional<std::string> taal;  // needs an interpreter
  std::optional<relation> relatie;
  int age = 0;  // in the first month
};

struct planned_product {
  int product = 0;
  int aanbieder = 0;
  std::int64_t volume = 0;  // per Frequentie; for a budget: euros per year
};

struct client {
  person who;
  int gemeente = 0;
  bool stock = false;    // already in care when the stream starts
  model::date arrival;   // new clients: the day the care is requested; stock: the original Ingangsdatum
  bool via_vot = false;  // the provider asks for the toewijzing (WMO315)
  bool jeugd = false;    // a Jeugdwet client: iJw messages, Jeugd products only
  std::vector<planned_product> products;
};

class world {
 public:
  // Plans the whole region from the options; draws only from `r`.
  world(const options& opt, random& r);

  std::vector<gemeente> gemeenten;
  std::vector<aanbieder> aanbieders;
  std::vector<contract> contracten;
  std::vector<client> clients;

  [[nodiscard]] const contract* find(int g, int a, int p) const;
  // The contract tariff in a calendar year (indexed 3.5% a year from the first year).
  [[nodiscard]] model::cents tarief(int g, int a, int p, int year) const;
  // Providers with a contract for a product in a municipality, ascending.
  [[nodiscard]] const std::vector<int>& offering(int g, int p) const;
  [[nodiscard]] bool offers(int g, int a, int p) const { return find(g, a, p) != nullptr; }

  // Writes gemeenten.csv, aanbieders.csv, productcodes.csv and contracten.csv.
  void write_mappings(const std::filesystem::path& folder) const;

  // The region has Jeugd clients (--jeugd-share above 0): Jeugd providers, products and contracts.
  [[nodiscard]] bool jeugd() const { return jeugd_; }

  [[nodiscard]] int first_year() const { return first_year_; }
  [[nodiscard]] int last_year() const { return last_year_; }

  // Person data for a client added after planning (sudden growth reuses planned ones).
  [[nodiscard]] person make_person(random& r, const gemeente& g, int age_band, model::date start);
  // A Jeugdwet client: 1-17 years old, with a parent, guardian or foster parent as relation.
  [[nodiscard]] person make_youth(random& r, const gemeente& g, model::date start);

 private:
  void plan_gemeenten(const options& opt, random& r);
  void plan_aanbieders(const options& opt, random& r);
  void plan_contracts(random& r);
  void plan_clients(const options& opt, random& r);

  std::map<std::tuple<int, int, int>, std::size_t> contract_index_;
  std::vector<std::vector<std::vector<int>>> offering_;  // [g][p] -> providers
  std::set<std::string> bsns_;
  int first_year_ = 2025;
  int last_year_ = 2025;
  bool jeugd_ = false;
};

// Age bands of make_person.
enum age_band : int { elderly, adult, any_age, youth };

// Spreads `count * ppm / 10^6` chosen items evenly over 0..count-1: is item i one of them?
[[nodiscard]] bool spread(std::int64_t i, std::int64_t ppm);

// A random BSN that passes the 11-test (CS002), in 900000000-999999999.
[[nodiscard]] std::string random_bsn(random& r);

// Tariff of a year: the first year's tariff indexed 3.5% a year, rounded to whole cents.
[[nodiscard]] model::cents indexed(model::cents base, int years);

}  // namespace iwmo::gen
