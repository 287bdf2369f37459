// The monthly WMO323: lines that stay within TR321/TR322/TR369 under the toewijzing version that
// is current when the declaration is sent, corrections, and the lines of injected anomalies.
#include <algorithm>
#include <limits>
#include <set>

#include "gen/simulation_impl.hpp"
#include "rules/arithmetic.hpp"

namespace iwmo::gen {

namespace ar = rules::arithmetic;

model::state::toewijzing simulation::impl::as_state(const toewijzing& t) const {
  model::state::toewijzing s;
  const auto& d = def_of(t.product);
  s.nummer = t.nummer;
  s.categorie = std::string(d.categorie);
  if (d.specific) s.code = std::string(d.code);
  s.ingangsdatum = t.ingang;
  s.einddatum = t.eind;
  if (t.freq) {
    s.volume = t.volume;
    s.eenheid = d.eenheid;
    s.frequentie = t.freq;
  } else {
    s.budget = t.volume;
  }
  return s;
}

bool simulation::impl::minutes(const toewijzing& t) const {
  return aan(t.aanbieder).minutes && def_of(t.product).eenheid == model::eenheid::uur;
}

std::int64_t simulation::impl::delivered(const toewijzing& t, date b, date e) const {
  date from = std::max(b, t.care_start);
  date to = e;
  if (t.care_end) to = std::min(to, *t.care_end);
  if (to < from) return 0;
  auto n = ar::days(from, to);
  for (const auto& [p1, p2] : t.pauses) n -= ar::days(std::max(from, p1), std::min(to, p2));
  return std::max<std::int64_t>(0, n);
}

std::pair<date, date> simulation::impl::period(const toewijzing& t, int month) const {
  const date first = month_start(start, month);
  return {std::max(first, t.ingang), std::min(first.last_of_month(), t.eind)};
}

simulation::impl::limits simulation::impl::limit(const toewijzing& t, date b, date e) const {
  if (!t.freq) return {std::numeric_limits<std::int64_t>::max(), t.volume - t.cum_bedrag};
  const auto s = as_state(t);
  const auto v = def_of(t.product).variant;
  const std::int64_t k = minutes(t) ? 60 : 1;
  limits out;
  out.line = ar::max_per_line(s, v, b, e).value_or(0) * k;
  const auto total = ar::max_total(s, v);
  out.left = total ? *total * k - t.cum : std::numeric_limits<std::int64_t>::max();
  return out;
}

std::int64_t simulation::impl::usual(const toewijzing& t, int month, std::int64_t days) const {
  const std::int64_t k = minutes(t) ? 60 : 1;
  auto kk = key(p_line, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(month));
  const std::int64_t util = std::clamp<std::int64_t>(t.util + kk.between(-60, 60), 500, 1000);
  if (!t.freq) {
    const auto total = ar::days(t.ingang, t.eind);
    return ar::divide_half_up(t.volume * days * util, std::max<std::int64_t>(1, total) * 1000);
  }
  std::int64_t v = 0;
  switch (*t.freq) {
    case model::frequentie::per_week: v = ar::divide_half_up(t.volume * days * util * k, 7000); break;
    case model::frequentie::per_maand:
      if (t.product == cat::kortdurend_verblijf) {
        v = kk.chance(700'000) ? kk.between(std::max<std::int64_t>(1, t.volume / 2), t.volume) : 0;
      } else {
        v = t.volume;
      }
      break;
    case model::frequentie::per_dag: v = t.volume * days; break;
    case model::frequentie::totaal: v = ar::divide_half_up(t.weekly * days * util * k, 7000); break;
  }
  if (k == 60) v = (v + 2) / 5 * 5;  // minutes, rounded to five
  return v;
}

simulation::impl::priced simulation::impl::price(const toewijzing& t, std::int64_t volume, cents hour) const {
  if (!t.freq) return {std::nullopt, volume};
  if (minutes(t)) return {ar::divide_half_up(hour, 60), ar::divide_half_up(hour * volume, 60)};
  return {hour, hour * volume};
}

model::prestatie simulation::impl::prestatie(const toewijzing& t, std::string ref, std::optional<std::string> vorig,
                                             date b, date e, std::int64_t volume, const priced& pr, bool credit) const {
  const auto& d = def_of(t.product);
  model::prestatie p;
  p.product_referentie = {std::move(ref), std::move(vorig)};
  p.toewijzing_nummer = std::to_string(t.nummer);
  p.product_categorie = std::string(d.categorie);
  p.product_code = std::string(d.code);
  p.product_periode = {b.to_string(), e.to_string()};
  p.geleverd_volume = std::to_string(volume);
  p.eenheid = code_of(minutes(t) ? model::eenheid::minuut : d.eenheid);
  if (pr.tarief) p.product_tarief = std::to_string(*pr.tarief);
  p.ingediend_bedrag = {std::to_string(pr.bedrag), credit ? "C" : "D"};
  return p;
}

bool simulation::impl::debit(toewijzing& t, int month, mode md, line_map& out, int tag) {
  auto [b, e] = period(t, month);
  if (md == mode::after_stop_full) {
    b = month_start(start, month);
    e = b.last_of_month();
  }
  if (e < b) return false;
  const auto days = delivered(t, b, e);
  if (days == 0) return false;
  const std::int64_t k = minutes(t) ? 60 : 1;
  const auto lim = limit(t, b, e);
  std::int64_t volume = usual(t, month, days);
  auto kk = key(p_max, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(month));
  bool approved = true;
  cents hour = t.freq ? w.tarief(t.gemeente, t.aanbieder, t.product, b.year()) : 0;
  switch (md) {
    case mode::normal:
    case mode::tariff_up: volume = std::min({volume, lim.line, lim.left}); break;
    case mode::maximum: volume = std::min(lim.line, lim.left); break;
    case mode::over:
      volume = lim.line + std::max<std::int64_t>(k, lim.line * kk.between(25, 100) / 100);
      approved = false;
      break;
    case mode::impossible:
      volume = (25 * ar::days(b, e) + kk.between(0, ar::days(b, e))) * k;
      if (t.r == role::impossible_total) {
        volume = std::min({volume, lim.line, lim.left});
      } else {
        approved = false;
      }
      break;
    case mode::after_stop_full:
      volume = std::max<std::int64_t>(volume, k);
      approved = false;
      break;
  }
  if (md == mode::tariff_up) {
    // At least one cent more per minute when the provider declares minutes (else only TR346 fires).
    hour = std::max(hour + (minutes(t) ? 60 : 10), hour * kk.between(104, 112) / 100 / 10 * 10);
    approved = false;
  }
  if (volume <= 0) return false;
  const auto pr = price(t, volume, hour);
  const auto ref = next_ref(t.aanbieder);
  out[t.client].push_back({prestatie(t, ref, std::nullopt, b, e, volume, pr, false), tag});
  if (approved) {
    t.cum += volume;
    t.cum_bedrag += pr.bedrag;
    t.lines.push_back({ref, month, b, e, volume, minutes(t) ? model::eenheid::minuut : def_of(t.product).eenheid,
                       pr.tarief, pr.bedrag, today});
  }
  describe(t, md, b, e, volume, lim, pr);
  return true;
}

void simulation::impl::describe(const toewijzing& t, mode md, date b, date e, std::int64_t volume, const limits& lim,
                                const priced& pr) {
  if (t.row < 0) return;
  auto& x = row(t.row);
  const auto unit = minutes(t) ? std::string("minuten") : std::string(unit_name(def_of(t.product).eenheid));
  if (md == mode::over) {
    x.description = fmt::format(
        "The aanbieder declared {} {} for {} to {}, above the {} the toewijzing allows for "
        "that period.",
        volume, unit, b.to_string(), e.to_string(), lim.line);
  } else if (md == mode::impossible) {
    const auto hours = minutes(t) ? volume / 60 : volume;
    x.description = t.r == role::impossible_total
                        ? fmt::format(
                              "The aanbieder declared {} hours in {} days ({} to {}), more than 24 hours a day, on a "
                              "toewijzing of {} hours in total.",
                              hours, ar::days(b, e), b.to_string(), e.to_string(), t.volume)
                        : fmt::format(
                              "The aanbieder declared {} hours in {} days ({} to {}), more than 24 hours a day, on a "
                              "toewijzing of {} hours a week.",
                              hours, ar::days(b, e), b.to_string(), e.to_string(), t.volume);
  } else if (md == mode::tariff_up) {
    x.description = fmt::format(
        "The aanbieder declared {} with a tariff of {} cents per {} where the contract says "
        "{} cents.",
        def_of(t.product).code, pr.tarief.value_or(0), unit == "minuten" ? "minuut" : unit,
        minutes(t) ? ar::divide_half_up(w.tarief(t.gemeente, t.aanbieder, t.product, b.year()), 60)
                   : w.tarief(t.gemeente, t.aanbieder, t.product, b.year()));
  }
}

std::string_view simulation::impl::unit_name(model::eenheid u) {
  switch (u) {
    case model::eenheid::minuut: return "minuten";
    case model::eenheid::uur: return "uur";
    case model::eenheid::etmaal: return "etmalen";
    case model::eenheid::dagdeel: return "dagdelen";
    case model::eenheid::stuks_output: return "stuks";
    case model::eenheid::euro: return "eurocent";
    case model::eenheid::stuks_inspanning: return "stuks";
  }
  return "";
}

bool simulation::impl::correct(toewijzing& t, std::size_t index, bool rebill, std::int64_t new_volume, line_map& out,
                               int tag) {
  const line_rec original = t.lines[index];
  const auto [b, e] = period(t, original.month);
  if (b != original.begin || e != original.end) return false;  // the toewijzing changed since
  const priced was{original.tarief, original.bedrag};
  out[t.client].push_back({prestatie(t, next_ref(t.aanbieder), original.ref, b, e, original.volume, was, true), tag});
  t.cum -= original.volume;
  t.cum_bedrag -= original.bedrag;
  t.lines.erase(t.lines.begin() + static_cast<std::ptrdiff_t>(index));
  if (!rebill) return true;
  const auto lim = limit(t, b, e);
  const auto volume = std::min({new_volume, lim.line, lim.left});
  if (volume <= 0) return true;
  const auto pr = price(t, volume, t.freq ? w.tarief(t.gemeente, t.aanbieder, t.product, b.year()) : 0);
  const auto ref = next_ref(t.aanbieder);
  out[t.client].push_back({prestatie(t, ref, std::nullopt, b, e, volume, pr, false), tag});
  t.cum += volume;
  t.cum_bedrag += pr.bedrag;
  t.lines.push_back({ref, original.month, b, e, volume, original.unit, pr.tarief, pr.bedrag, today});
  return true;
}

void simulation::impl::produce(int i, int m, line_map& out) {
  auto& t = tw(i);
  if (t.deleted || !t.sent || t.r == role::non_use) return;
  const auto& s = state(t.client);
  // Lines that show the anomaly carry its row, so that their declaration is listed in the ground truth.
  const bool all_lines = t.r == role::no_start || t.r == role::provider_b ||
                         (t.r == role::provider_a && m >= t.role_month) ||
                         (t.r == role::credit_rebill && m == t.role_month);
  const int tag = all_lines ? t.row : -1;
  auto kk = key(p_late, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(m));

  if (t.late_month) {
    const int late = *t.late_month;
    t.late_month.reset();
    debit(t, late, mode::normal, out, tag);
  }
  // Corrections of earlier months: credit, and mostly declare again.
  if (!s.is_protected && t.r == role::none && !t.lines.empty() && kk.chance(8'000)) {
    std::vector<std::size_t> candidates;
    for (std::size_t x = 0; x < t.lines.size(); ++x) {
      if (t.lines[x].month >= m - 3 && t.lines[x].declared_on != today) candidates.push_back(x);
    }
    if (!candidates.empty()) {
      const auto x = candidates[kk.below(candidates.size())];
      const auto v = t.lines[x].volume;
      const auto changed = std::max<std::int64_t>(1, v * kk.between(70, 130) / 100);
      correct(t, x, kk.chance(750'000), changed == v ? v + 1 : changed, out, tag);
    }
  }
  if (t.r == role::credit_rebill && m > t.role_month && m <= t.role_month + 3) {
    for (std::size_t x = 0; x < t.lines.size(); ++x) {
      if (t.lines[x].month != t.role_month || t.lines[x].declared_on == today) continue;
      const auto step = minutes(t) ? 15 : 1;
      if (correct(t, x, true, t.lines[x].volume + step, out, t.row)) {
        auto& row_ = row(t.row);
        const int times = m - t.role_month;
        row_.happened = times >= 2 || m == opt.months - 1;
        const auto [b, e] = period(t, t.role_month);
        span(t.row, b, e);
        row_.description = fmt::format(
            "The line for {} to {} was credited and declared again in {} successive "
            "declarations.",
            b.to_string(), e.to_string(), times);
      }
      break;
    }
  }

  mode md = mode::normal;
  if (m == t.role_month) {
    if (t.r == role::over_declaring) md = mode::over;
    if (t.r == role::tariff_above) md = mode::tariff_up;
    if (t.r == role::impossible_total || t.r == role::impossible_rejected) md = mode::impossible;
  }
  if ((t.r == role::after_stop_open || t.r == role::after_stop_ended) && m > t.role_month) {
    if (t.after_left <= 0) return;
    --t.after_left;
    const auto before = out[t.client].size();
    debit(t, m, t.r == role::after_stop_ended ? mode::after_stop_full : mode::normal, out, t.row);
    if (out[t.client].size() > before) {
      row(t.row).happened = true;
      const date first = month_start(start, m);
      span(t.row, first, first.last_of_month());
    }
    if (t.after_left == 0) t.care_end = month_start(start, m).last_of_month();  // the provider gives up
    return;
  }
  if (md == mode::normal && t.r == role::none && t.freq) {
    const auto pair = std::make_pair(t.gemeente, t.aanbieder);
    if (const auto it = pair_growth.find(pair); it != pair_growth.end() && m >= it->second.second) md = mode::maximum;
    if (pair_max.contains(pair) && key(p_max, static_cast<std::uint64_t>(t.nummer)).chance(900'000)) md = mode::maximum;
    if (md == mode::normal && !s.is_protected && m < opt.months - 1 && kk.chance(15'000)) {
      t.late_month = m;  // declared with next month's declaration
      return;
    }
  }
  const bool special = md == mode::over || md == mode::tariff_up || md == mode::impossible;
  const bool made = debit(t, m, md, out, special ? t.row : tag);
  if (made && md != mode::normal && md != mode::maximum && t.row >= 0) {
    row(t.row).happened = true;
    const auto& p = out[t.client].back().p.product_periode;
    span(t.row, *date::parse(p.begindatum), *date::parse(p.einddatum));
    if (md == mode::over || md == mode::tariff_up || (md == mode::impossible && t.r == role::impossible_rejected)) {
      if (m < opt.months - 1) t.late_month = m;  // after the rejection the provider declares it again
    }
  }
  if (made && (t.r == role::no_start || t.r == role::provider_b || (t.r == role::provider_a && m >= t.role_month))) {
    const auto& p = out[t.client].back().p.product_periode;
    span(t.row, *date::parse(p.begindatum), *date::parse(p.einddatum));
    if (t.r != role::provider_a) row(t.row).happened = true;
  }
  // Forget lines too old to be corrected.
  std::erase_if(t.lines, [&](const line_rec& l) { return l.month < m - 5; });
}

void simulation::impl::on_declare(int a, int m) {
  const auto& who = aan(a);
  for (const int g : who.gemeenten) {
    const auto it = pair_tws.find({g, a});
    if (it == pair_tws.end()) continue;
    line_map lines;
    for (const int i : it->second) produce(i, m, lines);
    std::erase_if(lines, [](const auto& x) { return x.second.empty(); });
    if (lines.empty()) continue;
    // One declaration per standard: the Wmo clients in WMO323s, the Jeugd clients in JW323s.
    for (const bool jw : {false, true}) {
      // Large declarations are split between clients (a message stays far below 25 MB).
      int part = 0;
      std::vector<std::pair<int, std::vector<pending_line>>> chunk;
      std::size_t count = 0;
      const auto flush = [&] {
        if (chunk.empty()) return;
        send_323(a, g, m, ++part, jw, chunk);
        chunk.clear();
        count = 0;
      };
      for (auto& [c, list] : lines) {
        if (jeugd(c) != jw) continue;
        if (count > 0 && count + list.size() > 2500) flush();
        count += list.size();
        chunk.emplace_back(c, std::move(list));
      }
      flush();
    }
  }
}

void simulation::impl::send_323(int a, int g, int m, int part, bool jw,
                                std::vector<std::pair<int, std::vector<pending_line>>>& chunk) {
  const date first = month_start(start, m);
  model::wmo323 msg;
  msg.header = header(model::message_type::wmo323, jw, aan(a).agb, gem(g).code, aanbieder_id(a), now());
  auto& d = msg.declaratie;
  // The parts of a Jeugd declaration count from 51, so that the numbers differ from the Wmo ones.
  d.declaratie_nummer =
      fmt::format("{:04}{:02}{}{:02}", first.year(), first.month(), gem(g).code, jw ? 50 + part : part);
  d.declaratie_periode = {first.to_string(), first.last_of_month().to_string()};
  d.declaratie_dagtekening = now().to_string();
  cents net = 0;
  std::set<int> tagged;
  for (auto& [c, list] : chunk) {
    model::declaratie_client dc;
    dc.bsn = plan_of(c).who.bsn;
    for (auto& l : list) {
      const auto amount = *model::parse_integer(l.p.ingediend_bedrag.bedrag);
      const bool credit = l.p.ingediend_bedrag.debet_credit == "C";
      net += credit ? -amount : amount;
      ++counts.prestaties;
      if (credit) ++counts.credit_prestaties;
      if (l.row >= 0) tagged.insert(l.row);
      dc.prestaties.push_back(std::move(l.p));
    }
    d.clienten.push_back(std::move(dc));
  }
  d.totaal_ingediend_bedrag = {std::to_string(net < 0 ? -net : net), net < 0 ? "C" : "D"};
  const auto file = sink.write(std::move(msg), now());
  ++counts.declaraties;
  for (const int r : tagged) touch(r, file);
  const auto pair = std::make_pair(g, a);
  if (const auto it = pair_max.find(pair); it != pair_max.end()) {
    touch(it->second, file);
    row(it->second).happened = true;
    span(it->second, first, first.last_of_month());
  }
  if (const auto it = pair_growth.find(pair); it != pair_growth.end() && m >= it->second.second - 1) {
    touch(it->second.first, file);
    if (m >= it->second.second) row(it->second.first).happened = true;
  }
  if (const auto it = pair_peer.find(pair); it != pair_peer.end()) {
    touch(it->second, file);
    row(it->second).happened = true;
  }
}

}  // namespace iwmo::gen
