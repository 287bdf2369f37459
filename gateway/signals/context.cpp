// The indices a run builds once, evidence, and the pieces every rule uses to build a signal.
#include <algorithm>
#include <tuple>

#include "reconcile/ledger.hpp"
#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

// The latest version by (Toewijzingsdatum, Toewijzingstijd), later rows winning ties: as the ledger.
const st::toewijzing* current_version(const std::vector<st::toewijzing>& versions) {
  const st::toewijzing* best = nullptr;
  for (const auto& v : versions) {
    if (best == nullptr ||
        std::tie(v.toewijzingsdatum, v.toewijzingstijd) >= std::tie(best->toewijzingsdatum, best->toewijzingstijd)) {
      best = &v;
    }
  }
  return best;
}

// The earliest Einddatum of a stop that is not temporary (RedenBeeindiging 20): as the ledger.
const st::levering* definitive_stop(const std::vector<st::levering>& leveringen) {
  const st::levering* best = nullptr;
  for (const auto& l : leveringen) {
    if (l.soort != st::levering::kind::stop || l.temporary() || !l.einddatum) continue;
    if (best == nullptr || *l.einddatum < *best->einddatum) best = &l;
  }
  return best;
}

const st::levering* first_start(const std::vector<st::levering>& leveringen) {
  const st::levering* best = nullptr;
  for (const auto& l : leveringen) {
    if (l.soort != st::levering::kind::start) continue;
    if (best == nullptr || l.begindatum < best->begindatum) best = &l;
  }
  return best;
}

toewijzing_view make_view(const toewijzing_record& r) {
  toewijzing_view v;
  v.record = &r;
  v.current = current_version(r.state.versions);
  v.definitive_stop = definitive_stop(r.state.leveringen);
  v.first_start = first_start(r.state.leveringen);
  // Lines on a number that never had a toewijzing still name their aanbieder and client.
  if (v.current != nullptr) {
    v.aanbieder = v.current->aanbieder;
    v.bsn = v.current->bsn;
  } else if (!r.state.prestaties.empty()) {
    v.aanbieder = r.state.prestaties.front().aanbieder;
    v.bsn = r.state.prestaties.front().bsn;
  }
  return v;
}

}  // namespace

std::optional<std::string> toewijzing_view::product() const {
  if (current == nullptr) return std::nullopt;
  return current->code ? current->code : current->categorie;
}

context::context(const dataset& data, const threshold_set& limits, const run_options& options)
    : data_(data), limits_(limits), options_(options), today_month_(reconcile::month_of(options.today)) {
  toewijzingen_.reserve(data.toewijzingen.size());
  for (const auto& r : data.toewijzingen) {
    by_nummer_.emplace(key{r.domain, r.gemeente, r.nummer}, toewijzingen_.size());
    toewijzingen_.push_back(make_view(r));
  }
}

const toewijzing_view* context::find(std::string_view domain, std::string_view gemeente, std::int64_t nummer) const {
  const auto it = by_nummer_.find(key{domain, gemeente, nummer});
  return it == by_nummer_.end() ? nullptr : &toewijzingen_[it->second];
}

const std::vector<const st::prestatie*>& context::lines_by_client() const {
  if (!by_client_) {
    std::vector<const st::prestatie*> lines;
    for (const auto& r : data_.toewijzingen) {
      for (const auto& p : r.state.prestaties) lines.push_back(&p);
    }
    std::ranges::sort(lines, [](const st::prestatie* a, const st::prestatie* b) {
      return std::tie(a->gemeente, a->bsn, a->categorie, a->aanbieder, a->begindatum, a->einddatum, a->id) <
             std::tie(b->gemeente, b->bsn, b->categorie, b->aanbieder, b->begindatum, b->einddatum, b->id);
    });
    by_client_ = std::move(lines);
  }
  return *by_client_;
}

const std::map<pair_key, std::pair<date, date>>& context::pair_months() const {
  if (!pair_months_) {
    std::map<pair_key, std::pair<date, date>> months;
    for (const auto& r : data_.toewijzingen) {
      for (const auto& p : r.state.prestaties) {
        if (!is_debit(p)) continue;
        const date m = p.begindatum.first_of_month();
        const auto [it, fresh] = months.try_emplace(pair_key(p.gemeente, p.aanbieder), m, m);
        if (!fresh) {
          it->second.first = std::min(it->second.first, m);
          it->second.second = std::max(it->second.second, m);
        }
      }
    }
    pair_months_ = std::move(months);
  }
  return *pair_months_;
}

std::optional<std::int64_t> context::message_of(const st::prestatie& p) const {
  const auto it = data_.declaratie_messages.find(p.declaratie_id);
  if (it == data_.declaratie_messages.end()) return std::nullopt;
  return it->second;
}

std::vector<client_ref> context::clients(const std::set<std::string_view>& bsns) const {
  std::vector<client_ref> out;
  for (const auto bsn : bsns) {
    if (bsn.empty()) continue;
    auto it = pseudonyms_.find(bsn);
    if (it == pseudonyms_.end()) {
      it = pseudonyms_.emplace(std::string(bsn), options_.pseudonym ? options_.pseudonym(bsn) : std::string()).first;
    }
    out.push_back({std::string(bsn), it->second});
  }
  std::ranges::sort(out, [](const client_ref& a, const client_ref& b) {
    return std::tie(a.pseudonym, a.bsn) < std::tie(b.pseudonym, b.bsn);
  });
  return out;
}

std::vector<std::int64_t> evidence::lowest() const {
  constexpr std::size_t most = 50;
  std::vector<std::int64_t> out;
  for (const auto id : ids_) {
    if (out.size() == most) break;
    out.push_back(id);
  }
  return out;
}

bool in_hours(model::eenheid e) { return e == model::eenheid::uur || e == model::eenheid::minuut; }

double units_of(const st::prestatie& p) {
  const auto v = static_cast<double>(p.volume);
  return p.eenheid == model::eenheid::minuut ? v / 60.0 : v;
}

signal start_signal(std::string_view rule, std::string_view gemeente, std::string_view aanbieder,
                    std::optional<std::int64_t> toewijzing, std::string_view id_client, date begin, date end) {
  signal s;
  s.id = signal_id(rule, gemeente, aanbieder, toewijzing, id_client, begin);
  s.rule = std::string(rule);
  if (const auto* info = find_rule(rule)) s.severity = info->severity;
  s.gemeente = std::string(gemeente);
  s.aanbieder = std::string(aanbieder);
  s.toewijzing = toewijzing;
  s.period_begin = begin;
  s.period_end = end;
  return s;
}

figure make_figure(std::string name, std::string label, std::string value, std::optional<std::string> threshold) {
  return {std::move(name), std::move(label), std::move(value), std::move(threshold)};
}

}  // namespace iwmo::signals::detail
