// Rules about an aanbieder within a gemeente, from its declared lines and its clients'
// addresses: tariffs not the contract's, a high share of rejected lines, many clients at one address.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "signals/signals_internal.hpp"

namespace iwmo::signals::detail {

namespace {

constexpr std::string_view tariff_code = "0611";  // TR418: the tariff is not the contract's
constexpr std::size_t top_codes = 3;

// "3511AB|12|a|" -> "3511 AB 12a"; anything else shown as it is, separators as spaces.
std::string address_shown(std::string_view key) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const auto bar = key.find('|', from);
    parts.push_back(key.substr(from, bar == std::string_view::npos ? std::string_view::npos : bar - from));
    if (bar == std::string_view::npos) break;
    from = bar + 1;
  }
  std::string postcode(parts[0]);
  if (postcode.size() == 6 && std::all_of(postcode.begin(), postcode.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
    postcode.insert(4, 1, ' ');
  }
  std::string out = postcode;
  if (parts.size() > 1 && !parts[1].empty()) out += fmt::format(" {}", parts[1]);
  if (parts.size() > 2) out += parts[2];
  if (parts.size() > 3 && !parts[3].empty()) out += fmt::format("-{}", parts[3]);
  for (std::size_t i = 4; i < parts.size(); ++i) out += fmt::format(" {}", parts[i]);
  return out;
}

}  // namespace

void tariff_above_contract(const context& ctx, std::vector<signal>& out) {
  std::map<pair_key, std::vector<const st::prestatie*>> per_pair;
  for (const auto& t : ctx.toewijzingen()) {
    for (const auto& p : t.record->state.prestaties) {
      if (!is_debit(p) || p.approved || !well_formed(p) || !ctx.judged(p.begindatum)) continue;
      if (std::ranges::find(p.codes, tariff_code) == p.codes.end()) continue;
      per_pair[pair_key(p.gemeente, p.aanbieder)].push_back(&p);
    }
  }
  for (const auto& [pair, lines] : per_pair) {
    const auto& [gemeente, aanbieder] = pair;
    const auto min_lines = ctx.of(gemeente).tariff_min_lines;
    const auto n = static_cast<std::int64_t>(lines.size());
    if (n < min_lines) continue;
    date begin = lines.front()->begindatum;
    date end = lines.front()->einddatum;
    std::set<date> months;
    std::set<std::string_view> bsns;
    evidence proof;
    for (const auto* p : lines) {
      begin = std::min(begin, p->begindatum);
      end = std::max(end, p->einddatum);
      months.insert(p->begindatum.first_of_month());
      bsns.insert(p->bsn);
      proof.add(ctx, *p);
    }
    auto s = start_signal("tariff_above_contract", gemeente, aanbieder, std::nullopt, "", begin, end);
    s.clients = ctx.clients(bsns);
    s.message_ids = proof.lowest();
    const auto month_count = static_cast<std::int64_t>(months.size());
    s.figures = {
        make_figure("lines_0611", "Regels afgewezen met 0611", std::to_string(n), std::to_string(min_lines)),
        make_figure("months", "Maanden", std::to_string(month_count)),
    };
    s.explanation = fmt::format("Aanbieder {} declareerde {} met een tarief dat niet het tarief uit het contract is (afgewezen met retourcode 0611), verspreid over {}.",
                                aanbieder, counted(n, "regel", "regels"), counted(month_count, "maand", "maanden"));
    out.push_back(std::move(s));
  }
}

namespace {

struct month_tally {
  std::int64_t lines = 0;
  std::int64_t rejected = 0;
  std::map<std::string_view, std::int64_t> codes;  // retourcodes of the rejected lines
  evidence proof;
};

// The most frequent retourcodes, most frequent first, ties by code: "0611 (5), 8001 (3)".
std::string top_retourcodes(const std::map<std::string_view, std::int64_t>& codes) {
  std::vector<std::pair<std::string_view, std::int64_t>> ranked(codes.begin(), codes.end());
  std::ranges::stable_sort(ranked, [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string top;
  for (std::size_t i = 0; i < ranked.size() && i < top_codes; ++i) {
    top += fmt::format("{}{} ({})", i == 0 ? "" : ", ", ranked[i].first, ranked[i].second);
  }
  return top;
}

void judge_rejection_month(const context& ctx, std::string_view gemeente, std::string_view aanbieder, date month,
                           const month_tally& m, std::vector<signal>& out) {
  const auto& limits = ctx.of(gemeente);
  if (m.lines == 0 || m.lines < limits.rejection_min_lines) return;
  if (static_cast<double>(m.rejected) + epsilon < limits.rejection_share * static_cast<double>(m.lines)) return;
  const double share = static_cast<double>(m.rejected) / static_cast<double>(m.lines);

  auto s = start_signal("high_rejection_share", gemeente, aanbieder, std::nullopt, "", month, month.last_of_month());
  s.message_ids = m.proof.lowest();
  s.figures = {
      make_figure("lines", "Gedeclareerde regels", std::to_string(m.lines), std::to_string(limits.rejection_min_lines)),
      make_figure("rejected_lines", "Afgewezen regels", std::to_string(m.rejected)),
      make_figure("share", "Aandeel afgewezen", percent(share), percent(limits.rejection_share)),
      make_figure("top_retourcodes", "Meest voorkomende retourcodes", top_retourcodes(m.codes)),
  };
  s.explanation = fmt::format("Van de {} die aanbieder {} voor {} declareerde, {} er {} afgewezen ({}).",
                              counted(m.lines, "regel", "regels"), aanbieder, month_name(month),
                              m.rejected == 1 ? "werd" : "werden", m.rejected, percent(share));
  out.push_back(std::move(s));
}

}  // namespace

void high_rejection_share(const context& ctx, std::vector<signal>& out) {
  std::map<pair_key, std::map<date, month_tally>> per_pair;
  for (const auto& t : ctx.toewijzingen()) {
    std::map<date, month_tally>* months = nullptr;  // the lines of one toewijzing share their pair
    pair_key last;
    for (const auto& p : t.record->state.prestaties) {
      if (!is_debit(p) || !ctx.judged(p.begindatum)) continue;
      const pair_key key(p.gemeente, p.aanbieder);
      if (months == nullptr || key != last) {
        months = &per_pair[key];
        last = key;
      }
      auto& m = (*months)[p.begindatum.first_of_month()];
      ++m.lines;
      if (p.approved) continue;
      ++m.rejected;
      for (const auto& c : p.codes) ++m.codes[c];
      m.proof.add(ctx, p);
    }
  }
  for (const auto& [pair, months] : per_pair) {
    for (const auto& [month, m] : months) judge_rejection_month(ctx, pair.first, pair.second, month, m, out);
  }
}

void address_cluster(const context& ctx, std::vector<signal>& out) {
  // The latest address of each client per pair: the one of the latest WMO301.
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, const client_address*> latest;
  for (const auto& a : ctx.data().adressen) {
    if (a.key.empty() || a.bsn.empty()) continue;
    auto& slot = latest[{a.gemeente, a.aanbieder, a.bsn}];
    if (slot == nullptr || a.message_id >= slot->message_id) slot = &a;
  }
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::vector<const client_address*>> at_address;
  for (const auto& [key, a] : latest) at_address[{a->gemeente, a->aanbieder, a->key}].push_back(a);

  // The toewijzingen of the clustered clients with their aanbieder give the period.
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::pair<date, date>> wanted;
  for (const auto& [key, clients] : at_address) {
    if (static_cast<std::int64_t>(clients.size()) < ctx.of(std::get<0>(key)).address_min_clients) continue;
    for (const auto* a : clients) wanted.try_emplace({a->gemeente, a->aanbieder, a->bsn});
  }
  if (wanted.empty()) return;
  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> seen;
  for (const auto& t : ctx.toewijzingen()) {
    if (t.current == nullptr || t.deleted()) continue;
    const auto it = wanted.find({t.record->gemeente, t.aanbieder, t.bsn});
    if (it == wanted.end()) continue;
    const date from = t.current->ingangsdatum;
    const date to = t.current->einddatum.value_or(std::max(from, ctx.today()));
    if (seen.insert(it->first).second) {
      it->second = {from, to};
    } else {
      it->second = {std::min(it->second.first, from), std::max(it->second.second, to)};
    }
  }

  for (const auto& [key, clients] : at_address) {
    const auto& [gemeente, aanbieder, address_key] = key;
    const auto min_clients = ctx.of(gemeente).address_min_clients;
    const auto n = static_cast<std::int64_t>(clients.size());
    if (n < min_clients) continue;
    std::optional<std::pair<date, date>> period;
    std::set<std::string_view> bsns;
    evidence proof;
    for (const auto* a : clients) {
      bsns.insert(a->bsn);
      proof.add(a->message_id);
      const std::tuple<std::string_view, std::string_view, std::string_view> client_key{a->gemeente, a->aanbieder, a->bsn};
      if (!seen.contains(client_key)) continue;
      const auto& days = wanted.at(client_key);
      period = period ? std::pair{std::min(period->first, days.first), std::max(period->second, days.second)} : days;
    }
    if (!period) period = std::pair{ctx.today(), ctx.today()};  // no toewijzing of theirs is stored
    // Several addresses of one aanbieder may cluster: the address key keeps their ids apart.
    auto s = start_signal("address_cluster", gemeente, aanbieder, std::nullopt, address_key, period->first, period->second);
    s.clients = ctx.clients(bsns);
    s.message_ids = proof.lowest();
    const auto shown = address_shown(address_key);
    s.figures = {
        make_figure("clients_at_address", "Cliënten op dit adres", std::to_string(n), std::to_string(min_clients)),
        make_figure("address", "Adres (postcode en huisnummer)", shown),
    };
    s.explanation = fmt::format("Aanbieder {} heeft {} die volgens de toewijzingen op hetzelfde adres wonen ({}).", aanbieder,
                                counted(n, "cliënt", "cliënten"), shown);
    out.push_back(std::move(s));
  }
}

}  // namespace iwmo::signals::detail
