// Choosing the anomalies from the plan (docs/generator.md, "Anomalies"): which subjects, which
// month, and the ground-truth row each one gets.
#include <algorithm>
#include <set>
#include <tuple>

#include "gen/simulation_impl.hpp"

namespace iwmo::gen {

int simulation::impl::first_care_month(const client& k) const {
  if (k.stock) return 0;
  return month_of(k.arrival) + (k.arrival.day() > 20 ? 1 : 0) + (k.via_vot ? 1 : 0);
}

int simulation::impl::new_row(anomaly kind, int g, int a, std::string expected, std::string description) {
  ground_truth_row x;
  x.kind = kind;
  x.gemeente = gem(g).code;
  x.aanbieder = aan(a).agb;
  x.expected = std::move(expected);
  x.description = std::move(description);
  rows.push_back(std::move(x));
  return static_cast<int>(rows.size()) - 1;
}

void simulation::impl::plan_anomalies() {
  if (opt.anomaly_ppm == 0) return;
  random r(derive(opt.seed, p_anomaly));
  const auto wanted = [&](anomaly k) { return std::ranges::find(opt.anomalies, k) != opt.anomalies.end(); };
  const auto how_many = [&](std::size_t eligible) -> std::size_t {
    if (eligible == 0) return 0;
    const auto n = (static_cast<std::uint64_t>(opt.anomaly_ppm) * eligible + 500'000) / 1'000'000;
    return std::max<std::size_t>(1, static_cast<std::size_t>(n));
  };
  const auto shuffle = [&](auto& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(r.below(i))]);
  };
  auto& clients = w.clients;
  const int months = opt.months;

  // Planned products per pair (municipality, provider).
  const auto pair_products = [&] {
    std::map<std::pair<int, int>, std::vector<std::pair<int, int>>> out;
    for (int c = 0; c < static_cast<int>(clients.size()); ++c) {
      const auto& k = clients[static_cast<std::size_t>(c)];
      for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
        out[{k.gemeente, k.products[static_cast<std::size_t>(j)].aanbieder}].emplace_back(c, j);
      }
    }
    return out;
  };
  std::vector<bool> taken(clients.size(), false);

  // Sudden growth: a provider takes on many new clients at once and declares everyone at the maximum.
  if (wanted(anomaly::sudden_growth) && months >= 3) {
    // New clients of the municipality whose products the provider offers: they can be moved to it.
    const auto movable = [&](int g, int a) {
      std::vector<int> out;
      for (int c = 0; c < static_cast<int>(clients.size()); ++c) {
        const auto& k = clients[static_cast<std::size_t>(c)];
        if (k.stock || k.gemeente != g || taken[static_cast<std::size_t>(c)]) continue;
        const bool fits = std::ranges::all_of(k.products, [&](const planned_product& pp) {
          return !is_budget(pp.product) && w.offers(g, a, pp.product);
        });
        if (fits && !std::ranges::all_of(k.products, [&](const planned_product& pp) { return pp.aanbieder == a; })) {
          out.push_back(c);
        }
      }
      return out;
    };
    std::vector<std::pair<int, int>> eligible;
    for (const auto& [pair, list] : pair_products()) {
      if (list.size() >= 2 && movable(pair.first, pair.second).size() >= 2) eligible.push_back(pair);
    }
    shuffle(eligible);
    const auto n = how_many(eligible.size());
    for (std::size_t i = 0; i < std::min(n, eligible.size()); ++i) {
      const auto [g, a] = eligible[i];
      const int m = static_cast<int>(r.between(std::max(1, months / 3), months - 1));
      auto candidates = movable(g, a);
      const auto before = pair_products()[{g, a}].size();
      const auto target = std::min(candidates.size(), std::max<std::size_t>(3, before * 6 / 10));
      if (target < 2) continue;
      shuffle(candidates);
      candidates.resize(target);
      std::ranges::sort(candidates);
      const int rw = new_row(anomaly::sudden_growth, g, a, "accepted",
                             fmt::format("From {} the aanbieder takes on {} extra clients at once through granted "
                                         "requests (it had {} toewijzingen planned) and declares every client at the "
                                         "assigned maximum.",
                                         month_start(start, m).to_string().substr(0, 7), target, before));
      pair_growth[{g, a}] = {rw, m};
      span(rw, month_start(start, m - 1), care_last);
      for (const int c : candidates) {
        auto& k = clients[static_cast<std::size_t>(c)];
        for (auto& pp : k.products) pp.aanbieder = a;
        k.arrival = month_start(start, m - 1).add_days(r.between(8, 24));
        k.via_vot = true;
        taken[static_cast<std::size_t>(c)] = true;
        state(c).growth_row = rw;
        state(c).force_grant = true;
        row(rw).bsns.push_back(k.who.bsn);
      }
    }
  }

  // Peer outlier: one provider's clients for a product get about three times the usual volume.
  if (wanted(anomaly::peer_outlier)) {
    std::map<std::tuple<int, int, int>, std::vector<std::pair<int, int>>> triples;
    for (int c = 0; c < static_cast<int>(clients.size()); ++c) {
      const auto& k = clients[static_cast<std::size_t>(c)];
      for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
        const auto& pp = k.products[static_cast<std::size_t>(j)];
        const auto& d = def_of(pp.product);
        if (d.frequentie != model::frequentie::per_week) continue;
        if (d.eenheid != model::eenheid::uur && d.eenheid != model::eenheid::dagdeel) continue;
        triples[{k.gemeente, pp.aanbieder, pp.product}].emplace_back(c, j);
      }
    }
    std::vector<std::tuple<int, int, int>> eligible;
    for (const auto& [t, list] : triples) {
      // Plain variables, not a structured binding: the lambda captures them (clang 14).
      const int g = std::get<0>(t), a = std::get<1>(t), p = std::get<2>(t);
      const bool peers = std::ranges::any_of(triples, [&](const auto& other) {
        const auto [g2, a2, p2] = other.first;
        return g2 == g && p2 == p && a2 != a;
      });
      if (peers) eligible.push_back(t);
    }
    shuffle(eligible);
    const auto n = how_many(eligible.size());
    for (std::size_t i = 0; i < std::min(n, eligible.size()); ++i) {
      const auto [g, a, p] = eligible[i];
      if (pair_peer.contains({g, a})) continue;
      const auto& d = def_of(p);
      const int rw = new_row(anomaly::peer_outlier, g, a, "accepted",
                             fmt::format("The aanbieder's clients for {} ({}) were assigned and declared about three "
                                         "times the volume other aanbieders have for the same product in this "
                                         "gemeente.",
                                         d.code, d.omschrijving));
      pair_peer[{g, a}] = rw;
      span(rw, start, care_last);
      for (const auto& [c, j] : triples[{g, a, p}]) {
        auto& pp = clients[static_cast<std::size_t>(c)].products[static_cast<std::size_t>(j)];
        pp.volume = std::min<std::int64_t>(pp.volume * 3, d.eenheid == model::eenheid::uur ? 24 : 10);
        plans[{c, j}].peer = true;
        taken[static_cast<std::size_t>(c)] = true;  // one anomaly per client keeps the ground truth unambiguous
        row(rw).bsns.push_back(clients[static_cast<std::size_t>(c)].who.bsn);
      }
    }
  }

  // Always the maximum: one provider declares exactly the assigned maximum for most clients.
  if (wanted(anomaly::always_maximum)) {
    std::vector<std::pair<int, int>> eligible;
    for (const auto& [pair, list] : pair_products()) {
      // Toewijzingen whose maximum can be under-used: not a budget, and not a monthly fee of
      // one unit (01A03), which is always declared in full and so shows nothing.
      const auto with_omvang = std::ranges::count_if(list, [&](const std::pair<int, int>& x) {
        const auto product = clients[static_cast<std::size_t>(x.first)].products[static_cast<std::size_t>(x.second)].product;
        const auto& d = def_of(product);
        return !is_budget(product) &&
               !(d.eenheid == model::eenheid::stuks_output && d.frequentie == model::frequentie::per_maand);
      });
      if (with_omvang >= 3 && !pair_growth.contains(pair)) eligible.push_back(pair);
    }
    shuffle(eligible);
    const auto n = how_many(eligible.size());
    for (std::size_t i = 0; i < std::min(n, eligible.size()); ++i) {
      const auto [g, a] = eligible[i];
      pair_max[{g, a}] = new_row(anomaly::always_maximum, g, a, "accepted",
                                 "The aanbieder declares exactly the assigned maximum for the period, every month, "
                                 "for about nine in ten of its clients in this gemeente.");
    }
  }

  // Address cluster: many clients of one provider registered at one address.
  if (wanted(anomaly::address_cluster)) {
    std::vector<std::pair<std::pair<int, int>, std::vector<int>>> eligible;
    for (const auto& [pair, list] : pair_products()) {
      std::vector<int> distinct;
      for (const auto& x : list) {
        if (std::ranges::find(distinct, x.first) == distinct.end()) distinct.push_back(x.first);
      }
      if (distinct.size() >= 4) eligible.emplace_back(pair, std::move(distinct));
    }
    shuffle(eligible);
    const auto n = how_many(eligible.size());
    std::set<int> clustered;
    for (std::size_t i = 0; i < std::min(n, eligible.size()); ++i) {
      auto [pair, members] = eligible[i];
      std::erase_if(members, [&](int c) { return clustered.contains(c); });
      if (members.size() < 4) continue;
      shuffle(members);
      members.resize(std::clamp<std::size_t>(members.size() / 3, 4, 12));
      std::ranges::sort(members);
      const auto& home = clients[static_cast<std::size_t>(members.front())].who.adres;
      const auto adres = home;
      const int rw = new_row(anomaly::address_cluster, pair.first, pair.second, "accepted",
                             fmt::format("{} clients of this aanbieder are registered at one address, {} {}, {} {}.",
                                         members.size(), adres.straat, adres.huisnummer, adres.postcode, adres.plaats));
      for (const int c : members) {
        clients[static_cast<std::size_t>(c)].who.adres = adres;
        state(c).cluster_row = rw;
        clustered.insert(c);
        taken[static_cast<std::size_t>(c)] = true;
        row(rw).bsns.push_back(clients[static_cast<std::size_t>(c)].who.bsn);
      }
    }
  }

  // Client-level kinds: one toewijzing of one client each; the client is kept steady.
  struct candidate {
    int client;
    int product;
    int first;  // first month with care
  };
  const auto client_kind = [&](anomaly kind, auto&& eligible_for, auto&& plan) {
    if (!wanted(kind)) return;
    std::vector<candidate> cands;
    for (int c = 0; c < static_cast<int>(clients.size()); ++c) {
      if (taken[static_cast<std::size_t>(c)]) continue;
      const auto& k = clients[static_cast<std::size_t>(c)];
      for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
        const candidate x{c, j, first_care_month(k)};
        if (eligible_for(x, k.products[static_cast<std::size_t>(j)])) cands.push_back(x);
      }
    }
    shuffle(cands);
    const auto n = how_many(cands.size());
    std::size_t done = 0;
    for (const auto& x : cands) {
      if (done == n) break;
      if (taken[static_cast<std::size_t>(x.client)]) continue;
      taken[static_cast<std::size_t>(x.client)] = true;
      state(x.client).is_protected = true;
      state(x.client).force_grant = true;
      plan(x, plans[{x.client, x.product}]);
      ++done;
    }
  };
  const auto has_omvang = [](const planned_product& pp) { return !is_budget(pp.product); };
  const auto pick_month = [&](int lo, int hi) { return static_cast<int>(r.between(lo, std::max(lo, hi))); };
  const auto client_row = [&](anomaly kind, const candidate& x, std::string expected, std::string description) {
    const auto& k = clients[static_cast<std::size_t>(x.client)];
    const int rw = new_row(kind, k.gemeente, k.products[static_cast<std::size_t>(x.product)].aanbieder,
                           std::move(expected), std::move(description));
    row(rw).bsns.push_back(k.who.bsn);
    return rw;
  };

  client_kind(
      anomaly::over_declaring,
      [&](const candidate& x, const planned_product& pp) { return has_omvang(pp) && x.first + 1 <= months - 1; },
      [&](const candidate& x, role_plan& p) {
        p.r = role::over_declaring;
        p.month = pick_month(x.first + 1, months - 1);
        p.row = client_row(anomaly::over_declaring, x, "TR321/9321", "");
      });
  client_kind(
      anomaly::after_stop,
      [&](const candidate& x, const planned_product& pp) { return has_omvang(pp) && x.first + 1 <= months - 2; },
      [&](const candidate& x, role_plan& p) {
        const bool ended = r.chance(400'000);
        p.r = ended ? role::after_stop_ended : role::after_stop_open;
        p.month = pick_month(x.first + 1, months - 2);
        p.row = client_row(anomaly::after_stop, x, ended ? "TR308/9308" : "accepted", "");
      });
  client_kind(
      anomaly::no_start, [&](const candidate& x, const planned_product&) { return x.first <= months - 2; },
      [&](const candidate& x, role_plan& p) {
        p.r = role::no_start;
        p.row =
            client_row(anomaly::no_start, x, "accepted",
                       "The aanbieder declares the toewijzing every month but never sent a start (WMO305); a start is "
                       "no condition for payment (OP364).");
      });
  client_kind(
      anomaly::impossible_hours,
      [&](const candidate& x, const planned_product& pp) {
        return def_of(pp.product).eenheid == model::eenheid::uur && x.first + 1 <= months - 1;
      },
      [&](const candidate& x, role_plan& p) {
        const bool total = r.chance(700'000);
        p.r = total ? role::impossible_total : role::impossible_rejected;
        p.month = x.first + 1;
        p.row = client_row(anomaly::impossible_hours, x, total ? "accepted" : "TR321/9321", "");
      });
  client_kind(
      anomaly::multiple_providers,
      [&](const candidate& x, const planned_product& pp) {
        if (!has_omvang(pp) || x.first + 1 > months - 2) return false;
        const int g = clients[static_cast<std::size_t>(x.client)].gemeente;
        for (int q = 0; q < cat::product_count; ++q) {
          if (def_of(q).categorie != def_of(pp.product).categorie || !def_of(q).frequentie) continue;
          for (const int b : w.offering(g, q)) {
            if (b != pp.aanbieder) return true;
          }
        }
        return false;
      },
      [&](const candidate& x, role_plan& p) {
        const auto& k = clients[static_cast<std::size_t>(x.client)];
        const auto& pp = k.products[static_cast<std::size_t>(x.product)];
        std::vector<std::pair<int, int>> options;  // provider, product: the same product first
        for (int pass = 0; pass < 2 && options.empty(); ++pass) {
          for (int q = 0; q < cat::product_count; ++q) {
            if (pass == 0 ? q != pp.product : def_of(q).categorie != def_of(pp.product).categorie) continue;
            if (!def_of(q).frequentie) continue;
            for (const int b : w.offering(k.gemeente, q)) {
              if (b != pp.aanbieder) options.emplace_back(b, q);
            }
          }
        }
        const auto choice = options[static_cast<std::size_t>(r.below(options.size()))];
        p.r = role::provider_a;
        p.month = pick_month(x.first + 1, months - 2);
        p.other = choice.first;
        p.other_product = choice.second;
        const int rw = new_row(anomaly::multiple_providers, k.gemeente, choice.first, "accepted", "");
        row(rw).bsns.push_back(k.who.bsn);
        p.row = rw;
      });
  client_kind(
      anomaly::credit_rebill,
      [&](const candidate& x, const planned_product& pp) {
        return def_of(pp.product).frequentie == model::frequentie::per_week && x.first + 1 <= months - 3;
      },
      [&](const candidate& x, role_plan& p) {
        p.r = role::credit_rebill;
        p.month = pick_month(x.first + 1, months - 4);
        p.row = client_row(anomaly::credit_rebill, x, "accepted", "");
      });
  client_kind(
      anomaly::tariff_above_contract,
      [&](const candidate& x, const planned_product& pp) { return has_omvang(pp) && x.first + 1 <= months - 1; },
      [&](const candidate& x, role_plan& p) {
        p.r = role::tariff_above;
        p.month = pick_month(x.first + 1, months - 1);
        p.row = client_row(anomaly::tariff_above_contract, x, "TR418/0611", "");
      });
  client_kind(
      anomaly::non_use, [&](const candidate& x, const planned_product&) { return x.first <= months - 3; },
      [&](const candidate& x, role_plan& p) {
        p.r = role::non_use;
        p.row = client_row(anomaly::non_use, x, "accepted", "");
      });
}

}  // namespace iwmo::gen
