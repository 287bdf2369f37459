#pragma once
// Internal to the signals engine: the indices a run builds once, evidence collection, the
// formatting of figures and sentences for people, and the rule functions. Not installed.
#include <cstdint>
#include <map>
#include <tuple>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signals/signals.hpp"

namespace iwmo::signals::detail {

namespace st = model::state;
using model::cents;
using model::date;

// Slack for comparing sums of doubles with a threshold: a sum that equals the threshold in
// exact arithmetic must not pass it through rounding.
inline constexpr double epsilon = 1e-9;

// One toewijzing and what the rules ask of it, worked out once per run.
struct toewijzing_view {
  const toewijzing_record* record = nullptr;
  const st::toewijzing* current = nullptr;         // latest version; null when none was stored
  const st::levering* definitive_stop = nullptr;   // earliest stop that is not temporary (20)
  const st::levering* first_start = nullptr;       // the start with the earliest Begindatum
  std::string_view aanbieder;
  std::string_view bsn;
  [[nodiscard]] bool deleted() const { return current != nullptr && current->deleted(); }
  // Product code, else category, of the current version.
  [[nodiscard]] std::optional<std::string> product() const;
};

using pair_key = std::pair<std::string_view, std::string_view>;  // gemeente, aanbieder

class context {
 public:
  context(const dataset& data, const threshold_set& limits, const run_options& options);

  [[nodiscard]] const dataset& data() const { return data_; }
  [[nodiscard]] const run_options& options() const { return options_; }
  [[nodiscard]] const thresholds& of(std::string_view gemeente) const { return limits_.of(gemeente); }
  [[nodiscard]] date today() const { return options_.today; }

  [[nodiscard]] const std::vector<toewijzing_view>& toewijzingen() const { return toewijzingen_; }
  [[nodiscard]] const toewijzing_view* find(std::string_view domain, std::string_view gemeente, std::int64_t nummer) const;
  // Every declared line, ordered by gemeente, BSN, category, aanbieder, Begindatum (built on first use).
  [[nodiscard]] const std::vector<const st::prestatie*>& lines_by_client() const;
  // The declared months of each pair: first day of the first and of the last month with a debit line.
  [[nodiscard]] const std::map<pair_key, std::pair<date, date>>& pair_months() const;

  // A month is judged when its first day is on or before today.
  [[nodiscard]] bool judged(date d) const { return d.first_of_month() <= options_.today; }
  [[nodiscard]] bool judged_month(std::string_view maand) const { return maand <= today_month_; }

  [[nodiscard]] std::optional<std::int64_t> message_of(const st::prestatie& p) const;
  [[nodiscard]] std::vector<client_ref> clients(const std::set<std::string_view>& bsns) const;

 private:
  const dataset& data_;
  const threshold_set& limits_;
  const run_options& options_;
  std::string today_month_;
  std::vector<toewijzing_view> toewijzingen_;
  using key = std::tuple<std::string_view, std::string_view, std::int64_t>;  // domain, gemeente, nummer
  std::map<key, std::size_t> by_nummer_;
  // Lazily built indices and the pseudonym cache: a run is single-threaded.
  mutable std::optional<std::vector<const st::prestatie*>> by_client_;
  mutable std::optional<std::map<pair_key, std::pair<date, date>>> pair_months_;
  mutable std::map<std::string, std::string, std::less<>> pseudonyms_;
};

// The message ids that show a signal; the lowest 50 are kept.
class evidence {
 public:
  void add(std::int64_t message_id) {
    if (message_id != 0) ids_.insert(message_id);
  }
  void add(const context& ctx, const st::prestatie& p) {
    if (const auto m = ctx.message_of(p)) add(*m);
  }
  [[nodiscard]] std::vector<std::int64_t> lowest() const;

 private:
  std::set<std::int64_t> ids_;
};

// ---- line predicates (docs/signals.md: conventions) ----

[[nodiscard]] inline bool is_debit(const st::prestatie& p) { return p.dc == model::debet_credit::debet; }
// A claim that still stands or was refused: every debit except an approved one reversed by a credit.
[[nodiscard]] inline bool is_claim(const st::prestatie& p) { return is_debit(p) && (!p.approved || !p.credited); }
[[nodiscard]] inline bool well_formed(const st::prestatie& p) { return p.einddatum >= p.begindatum; }
[[nodiscard]] inline std::int64_t days_of(const st::prestatie& p) { return p.einddatum.days() - p.begindatum.days() + 1; }
[[nodiscard]] bool in_hours(model::eenheid e);
// Volume in hours for hour and minute lines, else in the line's own unit.
[[nodiscard]] double units_of(const st::prestatie& p);

// ---- building a signal ----

// A signal with its id, rule, severity, subject and period filled in. `id_client` is the client
// part of the id: the BSN for a signal about one client, else a discriminator or empty.
[[nodiscard]] signal start_signal(std::string_view rule, std::string_view gemeente, std::string_view aanbieder,
                                  std::optional<std::int64_t> toewijzing, std::string_view id_client, date begin, date end);
[[nodiscard]] figure make_figure(std::string name, std::string label, std::string value,
                                 std::optional<std::string> threshold = std::nullopt);

// ---- formatting for people ----

[[nodiscard]] std::string euro(cents amount);                 // "€ 1.234,56"
[[nodiscard]] std::string dmy(const date& d);                 // "15-03-2025"
[[nodiscard]] std::string one_decimal(double x);              // "25.8" (figures)
[[nodiscard]] std::string one_decimal_nl(double x);           // "25,8" (sentences)
[[nodiscard]] std::string number(double x);                   // "24", "1.5" (figures)
[[nodiscard]] std::string number_nl(double x);                // "24", "1,5" (sentences)
[[nodiscard]] std::string percent(double share);              // "85%"
[[nodiscard]] std::string month_name(const date& d);          // "maart 2025"
[[nodiscard]] std::string counted(std::int64_t n, std::string_view one, std::string_view many);  // "2 regels"
[[nodiscard]] std::string unit_word(model::eenheid e);        // "uur", "etmalen", ...
[[nodiscard]] std::optional<date> parse_month(std::string_view maand);  // "2025-03" -> 2025-03-01

// ---- the rules ----

using rule_fn = void (*)(const context&, std::vector<signal>&);

void declared_after_stop(const context& ctx, std::vector<signal>& out);
void declared_after_end(const context& ctx, std::vector<signal>& out);
void declared_without_start(const context& ctx, std::vector<signal>& out);
void hours_over_day(const context& ctx, std::vector<signal>& out);
void above_plausible_maximum(const context& ctx, std::vector<signal>& out);
void always_maximum(const context& ctx, std::vector<signal>& out);
void multiple_providers(const context& ctx, std::vector<signal>& out);
void sudden_growth(const context& ctx, std::vector<signal>& out);
void peer_outlier(const context& ctx, std::vector<signal>& out);
void address_cluster(const context& ctx, std::vector<signal>& out);
void credit_rebill(const context& ctx, std::vector<signal>& out);
void tariff_above_contract(const context& ctx, std::vector<signal>& out);
void high_rejection_share(const context& ctx, std::vector<signal>& out);
void non_use(const context& ctx, std::vector<signal>& out);

}  // namespace iwmo::signals::detail
