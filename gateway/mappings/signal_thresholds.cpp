#include "mappings/signal_thresholds.hpp"

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "mappings/csv.hpp"

namespace iwmo::mappings {
namespace {

using setter = std::function<void(signals::thresholds&, const std::string& value, const std::string& product)>;

struct drempel {
  std::string_view regel;
  std::string_view name;
  setter set;
};

double number(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) throw std::invalid_argument("not a number");
  return v;
}

int whole(const std::string& text) {
  const double v = number(text);
  if (v != static_cast<double>(static_cast<int>(v))) throw std::invalid_argument("not a whole number");
  return static_cast<int>(v);
}

template <class T> setter whole_field(T signals::thresholds::*field) {
  return [field](signals::thresholds& t, const std::string& v, const std::string&) { t.*field = static_cast<T>(whole(v)); };
}
setter real_field(double signals::thresholds::*field) {
  return [field](signals::thresholds& t, const std::string& v, const std::string&) { t.*field = number(v); };
}

const std::vector<drempel>& drempels() {
  using t = signals::thresholds;
  static const std::vector<drempel> all{
      {"declared_after_stop", "grace_days", whole_field(&t::grace_days)},
      {"declared_after_end", "grace_days", whole_field(&t::grace_days)},
      {"hours_over_day", "max_hours_per_day", real_field(&t::max_hours_per_day)},
      {"above_plausible_maximum", "plausible_per_day",
       [](t& x, const std::string& v, const std::string& product) {
         if (product.empty()) throw std::invalid_argument("plausible_per_day needs a productcode");
         x.plausible_per_day[product] = number(v);
       }},
      {"always_maximum", "always_max_min_clients", whole_field(&t::always_max_min_clients)},
      {"always_maximum", "always_max_min_months", whole_field(&t::always_max_min_months)},
      {"always_maximum", "always_max_month_share", real_field(&t::always_max_month_share)},
      {"always_maximum", "always_max_min_volume", whole_field(&t::always_max_min_volume)},
      {"always_maximum", "always_max_client_share", real_field(&t::always_max_client_share)},
      {"multiple_providers", "multiple_providers_min_overlap_days", whole_field(&t::multiple_providers_min_overlap_days)},
      {"sudden_growth", "growth_factor", real_field(&t::growth_factor)},
      {"sudden_growth", "growth_min_baseline_months", whole_field(&t::growth_min_baseline_months)},
      {"sudden_growth", "growth_min_amount_increase", whole_field(&t::growth_min_amount_increase)},
      {"sudden_growth", "growth_min_client_increase", whole_field(&t::growth_min_client_increase)},
      {"sudden_growth", "growth_min_baseline_clients", real_field(&t::growth_min_baseline_clients)},
      {"peer_outlier", "peer_min_group", whole_field(&t::peer_min_group)},
      {"peer_outlier", "peer_min_client_months", whole_field(&t::peer_min_client_months)},
      {"peer_outlier", "peer_mad_factor", real_field(&t::peer_mad_factor)},
      {"peer_outlier", "peer_min_ratio", real_field(&t::peer_min_ratio)},
      {"address_cluster", "address_min_clients", whole_field(&t::address_min_clients)},
      {"credit_rebill", "rebill_min_credits", whole_field(&t::rebill_min_credits)},
      {"tariff_above_contract", "tariff_min_lines", whole_field(&t::tariff_min_lines)},
      {"high_rejection_share", "rejection_share", real_field(&t::rejection_share)},
      {"high_rejection_share", "rejection_min_lines", whole_field(&t::rejection_min_lines)},
      {"non_use", "non_use_months", whole_field(&t::non_use_months)},
      {"non_use", "eigen_bijdrage_categorieen",
       [](t& x, const std::string& v, const std::string&) {
         x.eigen_bijdrage_categorieen.clear();
         std::istringstream in(v);
         for (std::string c; in >> c;) {
           if (c.size() != 2 || c.find_first_not_of("0123456789") != std::string::npos) {
             throw std::invalid_argument("categories are two digits separated by spaces");
           }
           x.eigen_bijdrage_categorieen.insert(c);
         }
       }},
  };
  return all;
}

}  // namespace

signals::threshold_set parse_signal_thresholds(std::string_view text, std::string source) {
  const auto table = parse_csv(text, std::move(source), {"gemeente", "regel", "drempel", "waarde"});
  // Two passes: the `*` rows make the defaults, then each gemeente's rows apply on top of them.
  signals::threshold_set out;
  std::map<std::string, std::vector<const csv_row*>> own;
  const auto apply = [&](signals::thresholds& t, const csv_row& row) {
    const auto regel = row.required("regel");
    const auto name = row.required("drempel");
    const auto* d = [&]() -> const drempel* {
      for (const auto& x : drempels()) {
        if (x.regel == regel && x.name == name) return &x;
      }
      return nullptr;
    }();
    if (d == nullptr) {
      if (signals::find_rule(regel) == nullptr) {
        throw mapping_error(fmt::format("{}: regel '{}' is not a signal rule (see docs/signals.md)", table.where(row), regel));
      }
      throw mapping_error(fmt::format("{}: rule {} has no drempel '{}' (see docs/signals.md)", table.where(row), regel, name));
    }
    try {
      d->set(t, row.required("waarde"), row.optional("productcode"));
    } catch (const std::invalid_argument& e) {
      throw mapping_error(fmt::format("{}: waarde '{}' for {}: {}", table.where(row), row.optional("waarde"), name, e.what()));
    }
  };
  for (const auto& row : table.rows) {
    std::string gemeente;
    try {
      gemeente = row.required("gemeente");
      (void)row.required("waarde");
    } catch (const mapping_error& e) {
      const std::string what = e.what();
      throw mapping_error(fmt::format("{}: {}", table.where(row), what.substr(what.find(':') + 2)));
    }
    if (gemeente == "*") {
      apply(out.defaults(), row);
      continue;
    }
    if (gemeente.size() != 4 || gemeente.find_first_not_of("0123456789") != std::string::npos) {
      throw mapping_error(fmt::format("{}: gemeente '{}' is not a CBS code or *", table.where(row), gemeente));
    }
    own[gemeente].push_back(&row);
  }
  for (const auto& [gemeente, rows] : own) {
    auto t = out.defaults();
    for (const auto* row : rows) apply(t, *row);
    out.set(gemeente, std::move(t));
  }
  return out;
}

signals::threshold_set load_signal_thresholds(const std::filesystem::path& folder) {
  const auto file = folder / "signalen.csv";
  if (!std::filesystem::exists(file)) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw mapping_error(fmt::format("cannot read {}", file.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return parse_signal_thresholds(s.str(), file.string());
}

}  // namespace iwmo::mappings
