#pragma once
// Rechtmatigheid signals (docs/signals.md): explainable reasons for a toezicht officer to look at
// a claim. A signal is not a rejection — the standard forbids rejecting a declaration for a
// missing start or stop (OP364) — but a pointer with its evidence and one sentence of
// explanation. The engine is pure: it takes the stored state, the thresholds per gemeente, the
// date to judge by and a pseudonymisation function, and returns the signals. It can be re-run
// at any time; the same state gives the same signals with the same ids.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/records.hpp"
#include "model/values.hpp"
#include "reconcile/ledger.hpp"

namespace iwmo::signals {

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

// The address of a client as a WMO301 gave it (the latest WMO301 per gemeente, aanbieder, BSN).
struct client_address {
  std::string gemeente;
  std::string aanbieder;
  std::string bsn;
  std::string key;   // normalised: postcode without spaces, upper case, "|" huisnummer "|" huisletter "|" toevoeging
  std::string text;  // for people: "Straatnaam 12a, 3511 AB Utrecht"
  std::int64_t message_id = 0;
};

// One toewijzing (gemeente, ToewijzingNummer) with all its stored state, as the store gives it
// to the ledger: every version, the start and stop lines in force on it, every declared line.
struct toewijzing_record {
  std::string gemeente;
  std::int64_t nummer = 0;
  reconcile::toewijzing_state state;
  std::string domain = "wmo";  // "wmo" or "jw": toewijzing numbers are unique per domain
};

struct dataset {
  std::vector<toewijzing_record> toewijzingen;
  std::map<std::int64_t, std::int64_t> declaratie_messages;  // declaratie id -> message id (WMO323)
  std::vector<reconcile::ledger_row> ledger;                 // every ledger line
  std::vector<client_address> adressen;
};

// ---------------------------------------------------------------------------------------------
// Thresholds, per gemeente (mappings/signalen.csv); the defaults below apply where a file is silent.
// ---------------------------------------------------------------------------------------------

struct thresholds {
  // declared_after_stop, declared_after_end: a line counts when its Begindatum is more than this
  // many days after the stop's Einddatum or the toewijzing's Einddatum.
  int grace_days = 0;

  // hours_over_day: hours per day for one client, summed over all hour and minute lines.
  double max_hours_per_day = 24.0;

  // above_plausible_maximum: per product code, the most that is plausible per day, in the
  // product's unit (hours for products declared in hours or minutes; dagdelen, etmalen, stuks).
  // Products without an entry are not checked.
  std::map<std::string, double> plausible_per_day;

  // always_maximum (per gemeente x aanbieder).
  int always_max_min_clients = 3;         // toewijzingen with an Omvang and enough declared months
  int always_max_min_months = 2;          // declared months a toewijzing needs to be counted
  std::int64_t always_max_min_volume = 2; // months whose maximum is below this (a monthly fee of 1) are not counted
  double always_max_month_share = 0.8;    // a toewijzing is "at the maximum" in this share of its months
  double always_max_client_share = 0.6;   // the signal: this share of the counted toewijzingen is at the maximum

  // multiple_providers: overlapping days of declared lines of two aanbieders, same client and category.
  int multiple_providers_min_overlap_days = 1;

  // sudden_growth (per gemeente x aanbieder, month over the mean of up to 3 earlier months).
  double growth_factor = 1.5;
  int growth_min_baseline_months = 2;          // earlier months with declarations needed
  double growth_min_baseline_clients = 3.0;    // a pair this small is not judged (one client more is no growth)
  std::int64_t growth_min_amount_increase = 100000;  // eurocent
  int growth_min_client_increase = 3;

  // peer_outlier (per gemeente x aanbieder x product code).
  int peer_min_group = 3;            // aanbieders in the peer group, the subject included
  int peer_min_client_months = 3;    // declared client-months the subject needs
  double peer_mad_factor = 3.0;      // robust distance: (x - peers' median) / (1.4826 peers' MAD) above this
  double peer_min_ratio = 2.0;       // and x at least this multiple of the peers' median

  // address_cluster (per gemeente x aanbieder).
  int address_min_clients = 4;

  // credit_rebill (per toewijzing x product period): approved credits of the same period.
  int rebill_min_credits = 2;

  // tariff_above_contract (per gemeente x aanbieder): lines rejected with 0611 (TR418).
  int tariff_min_lines = 2;

  // high_rejection_share (per gemeente x aanbieder x month).
  double rejection_share = 0.25;
  int rejection_min_lines = 20;

  // non_use (per toewijzing).
  int non_use_months = 3;
  std::set<std::string> eigen_bijdrage_categorieen{"01", "02", "03", "04", "05", "06", "07", "08", "15"};
};

class threshold_set {
 public:
  threshold_set() = default;
  explicit threshold_set(thresholds defaults) : defaults_(std::move(defaults)) {}
  // The thresholds of one gemeente: its own overrides on top of the defaults.
  [[nodiscard]] const thresholds& of(std::string_view gemeente) const;
  [[nodiscard]] const thresholds& defaults() const { return defaults_; }
  thresholds& defaults() { return defaults_; }
  void set(const std::string& gemeente, thresholds t) { per_gemeente_[gemeente] = std::move(t); }
  [[nodiscard]] const std::map<std::string, thresholds, std::less<>>& overrides() const { return per_gemeente_; }

 private:
  thresholds defaults_;
  std::map<std::string, thresholds, std::less<>> per_gemeente_;
};

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

enum class severity : std::uint8_t { laag = 1, middel = 2, hoog = 3 };
[[nodiscard]] std::string_view to_string(severity s);
[[nodiscard]] std::optional<severity> parse_severity(std::string_view s);

// A named figure of the evidence: a value and, where one applies, the threshold it was held to.
struct figure {
  std::string name;    // stable identifier, snake_case: "declared_hours_per_day"
  std::string label;   // Dutch, for people: "Gedeclareerde uren per dag"
  std::string value;   // as shown: "25.8"
  std::optional<std::string> threshold;  // "24"
  friend bool operator==(const figure&, const figure&) = default;
};

struct client_ref {
  std::string bsn;        // the real BSN: only the store and roles that may reveal it see it
  std::string pseudonym;  // what everyone else sees
  friend bool operator==(const client_ref&, const client_ref&) = default;
};

struct signal {
  std::string id;    // stable: "S" + 16 hex digits of a hash of rule, gemeente, aanbieder, toewijzing, client, period begin
  std::string rule;  // a rule id below
  signals::severity severity = severity::middel;
  std::string gemeente;   // CBS
  std::string aanbieder;  // AGB
  std::optional<std::int64_t> toewijzing;  // ToewijzingNummer, for signals about one toewijzing
  std::optional<std::string> product;      // product code or category the signal is about, when it is about one
  std::vector<client_ref> clients;         // the client(s) concerned; empty for a signal about an aanbieder as a whole
  model::date period_begin;
  model::date period_end;
  std::vector<std::int64_t> message_ids;   // the messages that show it, ascending, at most 50
  std::vector<figure> figures;
  std::string explanation;  // one Dutch sentence for a non-technical officer
  friend bool operator==(const signal&, const signal&) = default;
};

// The rules, in the order the engine runs them (ids are stable).
struct rule_info {
  std::string_view id;
  signals::severity severity;
  std::string_view title;        // Dutch label for the desk
  std::string_view description;  // English, one sentence, for docs and `rules`
};
[[nodiscard]] const std::vector<rule_info>& rules();
[[nodiscard]] const rule_info* find_rule(std::string_view id);

struct run_options {
  model::date today;  // the date to judge by (months after it are not judged)
  std::function<std::string(std::string_view bsn)> pseudonym;  // required
  std::set<std::string> only_rules;  // empty: all rules
};

// Runs every rule over the data set. Signals are ordered by rule (in rules() order), then id.
[[nodiscard]] std::vector<signal> evaluate(const dataset& data, const threshold_set& thresholds, const run_options& options);

// The stable id for a signal's key (exposed for tests).
[[nodiscard]] std::string signal_id(std::string_view rule, std::string_view gemeente, std::string_view aanbieder,
                                    const std::optional<std::int64_t>& toewijzing, std::string_view client_bsn,
                                    const model::date& period_begin);

}  // namespace iwmo::signals
