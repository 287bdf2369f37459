#include "gen/world.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gen/output.hpp"

namespace iwmo::gen {

namespace cat = catalogue;
using model::date;

namespace {

struct need {
  std::uint32_t weight;
  age_band age;
  std::vector<cat::group> groups;
};

// What clients need, with how often (per mille) — household help dominates the Wmo.
const std::vector<need>& needs() {
  using g = cat::group;
  static const std::vector<need> list{
      {420, elderly, {g::huishouden}},
      {50, elderly, {g::huishouden, g::verzorging}},
      {200, adult, {g::begeleiding_individueel}},
      {40, adult, {g::begeleiding_individueel, g::dagbesteding}},
      {40, adult, {g::begeleiding_individueel, g::dagbesteding, g::vervoer}},
      {50, elderly, {g::dagbesteding}},
      {40, elderly, {g::dagbesteding, g::vervoer}},
      {20, elderly, {g::kortdurend_verblijf}},
      {15, elderly, {g::kortdurend_verblijf, g::dagbesteding}},
      {60, any_age, {g::maatwerk}},
      {20, elderly, {g::verzorging}},
      {30, adult, {g::begeleiding_groep}},
      {20, adult, {g::beschermd_wonen}},
  };
  return list;
}

// What Jeugdwet clients need (per mille): mostly ambulant youth care and youth mental health.
const std::vector<need>& jeugd_needs() {
  using g = cat::group;
  static const std::vector<need> list{
      {300, youth, {g::jeugd_ambulant}},
      {80, youth, {g::jeugd_ambulant_groep}},
      {60, youth, {g::jeugd_ambulant, g::jeugd_ambulant_groep}},
      {80, youth, {g::jeugd_dagbehandeling}},
      {60, youth, {g::jeugd_dagbehandeling, g::jeugd_vervoer}},
      {140, youth, {g::jeugd_ggz}},
      {50, youth, {g::jeugd_ggz, g::jeugd_ambulant}},
      {40, youth, {g::jeugd_verblijf_behandeling}},
      {30, youth, {g::jeugd_verblijf}},
      {20, youth, {g::jeugd_verblijf, g::jeugd_ambulant}},
      {50, youth, {g::jeugd_verzorging}},
      {60, youth, {g::jeugd_maatwerk}},
  };
  return list;
}

bool budget(int p) { return !cat::products()[static_cast<std::size_t>(p)].frequentie; }

// Postcode letters as PostNL uses them (no F, I, O, Q, U, Y; never SA, SD or SS).
std::string postcode(random& r, int lo, int hi) {
  static constexpr std::string_view letters = "ABCDEGHJKLMNPRSTVWXZ";
  std::string pair;
  do {
    pair = {letters[r.below(letters.size())], letters[r.below(letters.size())]};
  } while (pair == "SA" || pair == "SD" || pair == "SS");
  return fmt::format("{:04}{}", r.between(lo, hi), pair);
}

std::string digits(random& r, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>('0' + r.below(10));
  return out;
}

}  // namespace

bool spread(std::int64_t i, std::int64_t ppm) {
  if (ppm <= 0) return false;
  return (i + 1) * ppm / 1'000'000 > i * ppm / 1'000'000;
}

std::string random_bsn(random& r) {
  for (;;) {
    std::array<int, 9> d{};
    d[0] = 9;
    int sum = 9 * 9;
    for (int i = 1; i < 8; ++i) {
      d[static_cast<std::size_t>(i)] = static_cast<int>(r.below(10));
      sum += (9 - i) * d[static_cast<std::size_t>(i)];
    }
    // 11-test: 9·d1 + 8·d2 + ... + 2·d8 − d9 ≡ 0 (mod 11).
    const int last = sum % 11;
    if (last > 9) continue;
    d[8] = last;
    std::string out;
    for (const int x : d) out += static_cast<char>('0' + x);
    return out;
  }
}

model::cents indexed(model::cents base, int years) {
  model::cents t = base;
  for (int i = 0; i < years; ++i) t = (t * 1035 + 500) / 1000;
  for (int i = 0; i > years; --i) t = (t * 1000 + 517) / 1035;
  return t;
}

world::world(const options& opt, random& r) {
  first_year_ = opt.start.year();
  jeugd_ = opt.jeugd_ppm > 0;
  last_year_ = opt.start.add_months(opt.months).year();
  plan_gemeenten(opt, r);
  plan_aanbieders(opt, r);
  plan_contracts(r);
  plan_clients(opt, r);
}

void world::plan_gemeenten(const options& opt, random& r) {
  const auto known = cat::municipalities();
  static constexpr std::array<std::string_view, 6> quarters{"Noord", "Zuid", "Oost", "West", "Midden", "Centrum"};
  for (int i = 0; i < opt.gemeenten; ++i) {
    const auto& m = known[static_cast<std::size_t>(i) % known.size()];
    gemeente g;
    if (static_cast<std::size_t>(i) < known.size()) {
      g.code = std::string(m.code);
      g.naam = std::string(m.naam);
      g.weight = static_cast<std::uint32_t>(m.population);
    } else {
      // More municipalities than the list: synthetic codes from 5000 on, named after a quarter.
      const auto round = static_cast<std::size_t>(i) / known.size() - 1;
      g.code = fmt::format("{:04}", 5000 + i);
      g.naam = fmt::format("{}-{}", m.naam, quarters[round % quarters.size()]);
      if (round >= quarters.size()) g.naam += fmt::format(" {}", round / quarters.size() + 1);
      g.weight = static_cast<std::uint32_t>(std::max(10, m.population / 4));
    }
    g.postcode_lo = m.postcode_lo;
    g.postcode_hi = m.postcode_hi;
    g.hh_resultaat = r.chance(350'000);
    g.budgets = r.chance(450'000);
    gemeenten.push_back(std::move(g));
  }
}

void world::plan_aanbieders(const options& opt, random& r) {
  const auto& names = cat::dutch();
  std::set<std::string> agbs, used_names;
  const int big = std::clamp(opt.aanbieders / 5, 1, 8);  // a few large providers work everywhere
  const int n_gem = static_cast<int>(gemeenten.size());
  // With Jeugd clients, a share of the providers (as large as the share of Jeugd clients, at
  // least one, and at least one Wmo provider left) are Jeugd providers, spread over the sizes.
  std::int64_t jeugd_providers = 0;
  if (jeugd_) {
    jeugd_providers = (static_cast<std::int64_t>(opt.aanbieders) * opt.jeugd_ppm + 500'000) / 1'000'000;
    if (opt.aanbieders >= 2) jeugd_providers = std::max<std::int64_t>(1, jeugd_providers);
    if (opt.jeugd_ppm < 1'000'000) jeugd_providers = std::min<std::int64_t>(jeugd_providers, opt.aanbieders - 1);
  }
  const std::int64_t n_aan = opt.aanbieders;
  int wmo_rank = 0, jeugd_rank = 0;
  for (int i = 0; i < opt.aanbieders; ++i) {
    aanbieder a;
    // Provider i is a Jeugd provider when floor(i * J / A) steps up: J of them, evenly spread.
    const bool jeugd_provider = (i + 1) * jeugd_providers / n_aan > i * jeugd_providers / n_aan;
    a.kind = jeugd_provider ? cat::kind_of_jeugd_provider(jeugd_rank++) : cat::kind_of_provider(wmo_rank++);
    do {
      a.agb = "98" + digits(r, 6);
    } while (!agbs.insert(a.agb).second);
    std::string naam = fmt::format("{} {}", cat::label(a.kind), r.pick(names.provider_names));
    for (int n = 2; !used_names.insert(naam).second; ++n) {
      naam = fmt::format("{} {} {}", cat::label(a.kind), r.pick(names.provider_names), n);
    }
    a.naam = std::move(naam);
    // Few large providers, many small ones.
    a.weight = static_cast<std::uint32_t>(12000 / (i + 3) * r.between(70, 130) / 100 + 10);
    const bool has_hours = a.kind == cat::provider_kind::thuiszorg || a.kind == cat::provider_kind::huishouden ||
                           a.kind == cat::provider_kind::begeleiding || a.kind == cat::provider_kind::jeugd_ambulant ||
                           a.kind == cat::provider_kind::jeugd_ggz;
    a.minutes = has_hours && r.chance(200'000);
    a.declaratie_dag = static_cast<int>(r.between(1, 6));
    if (i < big) {
      for (int g = 0; g < n_gem; ++g) a.gemeenten.push_back(g);
    } else {
      // A regional provider: a few neighbouring municipalities in list order.
      const int home = static_cast<int>(r.below(static_cast<std::uint64_t>(n_gem)));
      const int count = static_cast<int>(r.between(1, std::clamp(n_gem / 3, 1, 8)));
      for (int k = 0; k < count; ++k) a.gemeenten.push_back((home + k) % n_gem);
      std::ranges::sort(a.gemeenten);
    }
    aanbieders.push_back(std::move(a));
  }
  // Every municipality buys from at least one provider of every kind that exists: where a kind
  // is missing, the largest provider of that kind works there too.
  std::vector<std::set<cat::provider_kind>> present(gemeenten.size());
  std::map<cat::provider_kind, int> largest;
  for (int i = 0; i < static_cast<int>(aanbieders.size()); ++i) {
    const auto& a = aanbieders[static_cast<std::size_t>(i)];
    largest.emplace(a.kind, i);
    for (const int g : a.gemeenten) present[static_cast<std::size_t>(g)].insert(a.kind);
  }
  for (int g = 0; g < n_gem; ++g) {
    for (const auto& [kind, i] : largest) {
      if (present[static_cast<std::size_t>(g)].contains(kind)) continue;
      auto& list = aanbieders[static_cast<std::size_t>(i)].gemeenten;
      list.insert(std::ranges::lower_bound(list, g), g);
    }
  }
  for (int a = 0; a < static_cast<int>(aanbieders.size()); ++a) {
    for (const int g : aanbieders[static_cast<std::size_t>(a)].gemeenten) {
      gemeenten[static_cast<std::size_t>(g)].aanbieders.push_back(a);
    }
  }
}

void world::plan_contracts(random& r) {
  const auto products = cat::products();
  offering_.assign(gemeenten.size(), std::vector<std::vector<int>>(products.size()));
  for (int g = 0; g < static_cast<int>(gemeenten.size()); ++g) {
    const auto& gem = gemeenten[static_cast<std::size_t>(g)];
    // The municipality's own price per product; providers differ a little around it.
    std::vector<model::cents> base(products.size());
    for (std::size_t p = 0; p < products.size(); ++p) {
      if (products[p].jeugd && !jeugd_) continue;  // no draw: a region without Jeugd stays as it was
      base[p] = products[p].tarief_hi > 0 ? r.between(products[p].tarief_lo, products[p].tarief_hi) / 10 * 10 : 0;
    }
    for (const int a : gem.aanbieders) {
      for (const int p : cat::products_of(aanbieders[static_cast<std::size_t>(a)].kind, jeugd_)) {
        if ((p == cat::hh_basis || p == cat::hh_plus) && gem.hh_resultaat) continue;
        if (p == cat::hh_resultaat && !gem.hh_resultaat) continue;
        if ((p == cat::maatwerk_budget || p == cat::jeugd_maatwerk_budget) && !gem.budgets) continue;
        const auto b = base[static_cast<std::size_t>(p)];
        const model::cents tarief = b == 0 ? 0 : (b * r.between(980, 1020) / 1000) / 10 * 10;
        contract_index_[{g, a, p}] = contracten.size();
        contracten.push_back({g, a, p, tarief});
        offering_[static_cast<std::size_t>(g)][static_cast<std::size_t>(p)].push_back(a);
      }
    }
  }
}

const contract* world::find(int g, int a, int p) const {
  const auto it = contract_index_.find({g, a, p});
  return it == contract_index_.end() ? nullptr : &contracten[it->second];
}

model::cents world::tarief(int g, int a, int p, int year) const {
  const auto* c = find(g, a, p);
  return c ? indexed(c->tarief, year - first_year_) : 0;
}

const std::vector<int>& world::offering(int g, int p) const {
  return offering_[static_cast<std::size_t>(g)][static_cast<std::size_t>(p)];
}

person world::make_person(random& r, const gemeente& g, int age_band, date start) {
  const auto& names = cat::dutch();
  person p;
  do {
    p.bsn = random_bsn(r);
  } while (!bsns_.insert(p.bsn).second);
  const int band = age_band == any_age ? (r.chance(500'000) ? elderly : adult) : age_band;
  if (band == youth) return make_youth(r, g, start);
  // Elderly clients cluster in their eighties, adults are spread with more younger ones.
  p.age = band == elderly ? static_cast<int>((r.between(65, 99) + r.between(72, 97)) / 2)
                          : static_cast<int>((r.between(18, 80) + r.between(18, 66)) / 2);
  const bool woman = r.chance(band == elderly ? 620'000 : 500'000);
  p.geslacht = woman ? "2" : "1";
  p.geboortedatum =
      date{start.year() - p.age - 1, static_cast<unsigned>(r.between(1, 12)), static_cast<unsigned>(r.between(1, 28))}
          .add_days(r.between(0, 300));
  const auto s = r.below(names.surnames.size());
  p.achternaam = std::string(names.surnames[s]);
  if (!names.prefixes[s].empty()) p.voorvoegsel = std::string(names.prefixes[s]);
  const auto& given =
      band == elderly ? (woman ? names.women_old : names.men_old) : (woman ? names.women_young : names.men_young);
  const int count = static_cast<int>(r.weighted(std::array<std::uint32_t, 3>{50, 35, 15})) + 1;
  for (int i = 0; i < count; ++i) {
    const auto& n = given[r.below(given.size())];
    if (i > 0) p.voornamen += ' ';
    p.voornamen += n;
    p.voorletters += n.front();
  }
  if (woman && band == elderly && r.chance(120'000)) {
    const auto t = r.below(names.surnames.size());
    p.partnernaam = {std::string(names.surnames[t]),
                     names.prefixes[t].empty() ? std::nullopt : std::optional<std::string>(names.prefixes[t])};
    static constexpr std::array<std::string_view, 3> usage{"2", "3", "4"};
    p.naam_gebruik = std::string(usage[r.below(usage.size())]);
  }
  p.adres.straat = std::string(r.pick(names.streets));
  p.adres.huisnummer = static_cast<int>(r.chance(850'000) ? r.between(1, 60) : r.between(61, 250));
  if (r.chance(50'000)) p.adres.huisletter = std::string(1, static_cast<char>('A' + r.below(4)));
  if (r.chance(40'000)) {
    static constexpr std::array<std::string_view, 4> additions{"1", "2", "bis", "3"};
    p.adres.toevoeging = std::string(additions[r.below(additions.size())]);
  }
  p.adres.postcode = postcode(r, g.postcode_lo, g.postcode_hi);
  p.adres.plaats = g.naam;
  if (r.chance(750'000)) p.telefoon = r.chance(600'000) ? "06" + digits(r, 8) : "0" + digits(r, 9);
  if (r.chance(10'000)) p.taal = std::string(r.pick(names.languages));
  if (r.chance(250'000)) {
    relation rel;
    const bool partner = band == elderly && r.chance(400'000);
    rel.soort = partner ? "12" : (r.chance(800'000) ? "16" : "14");
    if (rel.soort == "14") {
      const auto t = r.below(names.surnames.size());
      rel.achternaam = std::string(names.surnames[t]);
      if (!names.prefixes[t].empty()) rel.voorvoegsel = std::string(names.prefixes[t]);
    } else {
      rel.achternaam = p.achternaam;
      rel.voorvoegsel = p.voorvoegsel;
    }
    rel.geslacht = partner ? (woman ? "1" : "2") : (r.chance(500'000) ? "1" : "2");
    const auto& pool = rel.geslacht == "2" ? names.women_young : names.men_young;
    rel.voorletters = std::string(1, r.pick(pool).front());
    rel.telefoon = "06" + digits(r, 8);
    p.relatie = std::move(rel);
  }
  return p;
}

person world::make_youth(random& r, const gemeente& g, date start) {
  const auto& names = cat::dutch();
  person p;
  do {
    p.bsn = random_bsn(r);
  } while (!bsns_.insert(p.bsn).second);
  // Jeugdwet clients are children and teenagers: 1-17 years, four in ten of them 10 or older
  // on top of the even spread, so that some turn 18 during the stream.
  p.age = static_cast<int>(r.chance(400'000) ? r.between(10, 17) : r.between(1, 17));
  const bool girl = r.chance(450'000);
  p.geslacht = girl ? "2" : "1";
  p.geboortedatum =
      date{start.year() - p.age - 1, static_cast<unsigned>(r.between(1, 12)), static_cast<unsigned>(r.between(1, 28))}
          .add_days(r.between(0, 300));
  const auto s = r.below(names.surnames.size());
  p.achternaam = std::string(names.surnames[s]);
  if (!names.prefixes[s].empty()) p.voorvoegsel = std::string(names.prefixes[s]);
  const auto& given = girl ? names.women_young : names.men_young;
  const int count = static_cast<int>(r.weighted(std::array<std::uint32_t, 3>{45, 40, 15})) + 1;
  for (int i = 0; i < count; ++i) {
    const auto& n = given[r.below(given.size())];
    if (i > 0) p.voornamen += ' ';
    p.voornamen += n;
    p.voorletters += n.front();
  }
  p.adres.straat = std::string(r.pick(names.streets));
  p.adres.huisnummer = static_cast<int>(r.chance(850'000) ? r.between(1, 60) : r.between(61, 250));
  if (r.chance(50'000)) p.adres.huisletter = std::string(1, static_cast<char>('A' + r.below(4)));
  p.adres.postcode = postcode(r, g.postcode_lo, g.postcode_hi);
  p.adres.plaats = g.naam;
  if (p.age >= 12 && r.chance(400'000)) p.telefoon = "06" + digits(r, 8);
  if (r.chance(10'000)) p.taal = std::string(r.pick(names.languages));
  // Almost always a parent (SoortRelatie 10), sometimes a guardian (11) or foster parent (13).
  if (r.chance(950'000)) {
    relation rel;
    const auto kind = r.weighted(std::array<std::uint32_t, 3>{85, 5, 10});
    rel.soort = kind == 0 ? "10" : kind == 1 ? "11" : "13";
    if (rel.soort == "10") {
      rel.achternaam = p.achternaam;
      rel.voorvoegsel = p.voorvoegsel;
    } else {
      const auto t = r.below(names.surnames.size());
      rel.achternaam = std::string(names.surnames[t]);
      if (!names.prefixes[t].empty()) rel.voorvoegsel = std::string(names.prefixes[t]);
    }
    rel.geslacht = r.chance(650'000) ? "2" : "1";
    const auto& pool = rel.geslacht == "2" ? names.women_young : names.men_young;
    rel.voorletters = std::string(1, r.pick(pool).front());
    rel.telefoon = "06" + digits(r, 8);
    p.relatie = std::move(rel);
  }
  return p;
}

void world::plan_clients(const options& opt, random& r) {
  const date start = opt.start;
  const int care_days = static_cast<int>(start.add_months(opt.months).days() - start.days());
  // Stock in care at the start plus inflow that replaces about 2.5% a month.
  const int stock = static_cast<int>(static_cast<std::int64_t>(opt.clients) * 1000 / (1000 + 25 * opt.months));
  std::vector<std::uint32_t> weights;
  for (const auto& g : gemeenten) weights.push_back(g.weight);
  std::vector<std::uint32_t> need_weights, jeugd_weights;
  for (const auto& n : needs()) need_weights.push_back(n.weight);
  for (const auto& n : jeugd_needs()) jeugd_weights.push_back(n.weight);
  // Whether a municipality buys any Jeugd product (else its Jeugd clients are Wmo clients).
  std::vector<bool> buys_jeugd(gemeenten.size(), false);
  for (const auto& x : contracten) {
    if (cat::products()[static_cast<std::size_t>(x.product)].jeugd) buys_jeugd[static_cast<std::size_t>(x.gemeente)] = true;
  }

  for (int i = 0; i < opt.clients; ++i) {
    client c;
    c.gemeente = static_cast<int>(r.weighted(weights));
    const auto& gem = gemeenten[static_cast<std::size_t>(c.gemeente)];
    // Jeugd clients are spread evenly over the list (stock and new), without a draw.
    c.jeugd = spread(i, opt.jeugd_ppm) && buys_jeugd[static_cast<std::size_t>(c.gemeente)];
    const auto& need_list = c.jeugd ? jeugd_needs() : needs();
    const auto& need_w = c.jeugd ? jeugd_weights : need_weights;
    // What the client needs, limited to what the municipality buys.
    const need* chosen = nullptr;
    std::vector<int> prods;
    for (int attempt = 0; attempt < 20 && prods.empty(); ++attempt) {
      chosen = &need_list[r.weighted(need_w)];
      for (const auto grp : chosen->groups) {
        int p = -1;
        switch (grp) {
          case cat::group::huishouden:
            p = gem.hh_resultaat ? cat::hh_resultaat : (r.chance(800'000) ? cat::hh_basis : cat::hh_plus);
            break;
          case cat::group::begeleiding_individueel:
            p = r.chance(750'000) ? cat::begeleiding_basis : cat::begeleiding_specialistisch;
            break;
          case cat::group::begeleiding_groep: p = cat::begeleiding_groep; break;
          case cat::group::verzorging: p = cat::persoonlijke_verzorging; break;
          case cat::group::kortdurend_verblijf: p = cat::kortdurend_verblijf; break;
          case cat::group::dagbesteding:
            p = r.chance(700'000) ? cat::dagbesteding_basis : cat::dagbesteding_specialistisch;
            break;
          case cat::group::vervoer: p = cat::vervoer_dagbesteding; break;
          case cat::group::maatwerk: p = cat::maatwerk_budget; break;
          case cat::group::beschermd_wonen: p = cat::beschermd_wonen; break;
          case cat::group::jeugd_ambulant:
            p = r.chance(750'000) ? cat::jeugd_ambulant_basis : cat::jeugd_ambulant_specialistisch;
            break;
          case cat::group::jeugd_ambulant_groep: p = cat::jeugd_ambulant_groep; break;
          case cat::group::jeugd_dagbehandeling: p = cat::jeugd_dagbehandeling; break;
          case cat::group::jeugd_vervoer: p = cat::jeugd_vervoer; break;
          case cat::group::jeugd_verblijf_behandeling: p = cat::jeugd_verblijf_behandeling; break;
          case cat::group::jeugd_verblijf: p = cat::jeugd_verblijf; break;
          case cat::group::jeugd_ggz: p = cat::jeugd_ggz; break;
          case cat::group::jeugd_verzorging: p = cat::jeugd_verzorging; break;
          case cat::group::jeugd_maatwerk: p = cat::jeugd_maatwerk_budget; break;
        }
        if (!offering(c.gemeente, p).empty()) prods.push_back(p);
      }
    }
    if (prods.empty()) {
      for (int p = 0; p < cat::product_count && prods.empty(); ++p) {
        if (cat::products()[static_cast<std::size_t>(p)].jeugd != c.jeugd) continue;
        if (!offering(c.gemeente, p).empty()) prods.push_back(p);
      }
    }
    // Providers: one that offers several of the products is kept for them.
    std::int64_t dagdelen = 0;
    for (const int p : prods) {
      const auto& cands = offering(c.gemeente, p);
      int a = -1;
      if (!c.products.empty() && std::ranges::find(cands, c.products.back().aanbieder) != cands.end() &&
          r.chance(800'000)) {
        a = c.products.back().aanbieder;
      } else {
        std::vector<std::uint32_t> w;
        for (const int x : cands) w.push_back(aanbieders[static_cast<std::size_t>(x)].weight);
        a = cands[r.weighted(w)];
      }
      const auto& def = cat::products()[static_cast<std::size_t>(p)];
      std::int64_t volume = def.volumes[r.below(def.volumes.size())];
      if ((p == cat::vervoer_dagbesteding || p == cat::jeugd_vervoer) && dagdelen > 0) {
        volume = 2 * dagdelen;  // a ride there and back
      }
      if (def.grp == cat::group::dagbesteding || def.grp == cat::group::jeugd_dagbehandeling) dagdelen = volume;
      c.products.push_back({p, a, volume});
    }
    c.stock = i < stock;
    if (c.stock) {
      c.arrival = start.add_days(-r.between(20, 1000));
    } else {
      c.arrival = start.add_days(r.between(0, care_days - 1));
      const bool one_provider = std::ranges::all_of(c.products, [&](const planned_product& x) {
        return x.aanbieder == c.products.front().aanbieder && !budget(x.product);
      });
      // Jeugd care is often asked for by the provider after a GP's referral (JW315).
      c.via_vot = one_provider && r.chance(c.jeugd ? 500'000 : 250'000);
    }
    c.who = make_person(r, gem, c.jeugd ? youth : chosen ? chosen->age : any_age, start);
    // Care already in place when the stream starts began after the child's birth (half a year
    // after it where possible) and at least 20 days before the stream.
    if (c.jeugd && c.stock) {
      c.arrival = std::min(std::max(c.arrival, c.who.geboortedatum.add_days(180)), start.add_days(-20));
    }
    clients.push_back(std::move(c));
  }
}

void world::write_mappings(const std::filesystem::path& folder) const {
  std::filesystem::create_directories(folder);
  std::string g =
      "# Municipalities of the generated region (CBS "
      "gemeentecodes).\ncbs_code,naam,geldig_van,geldig_tot,opgegaan_in\n";
  for (const auto& x : gemeenten) g += fmt::format("{},{},1900-01-01,,\n", x.code, csv_field(x.naam));
  write_text_file(folder / "gemeenten.csv", g);

  std::string a = "# Care providers of the generated region (AGB codes).\nagb_code,naam\n";
  for (const auto& x : aanbieders) a += fmt::format("{},{}\n", x.agb, csv_field(x.naam));
  write_text_file(folder / "aanbieders.csv", a);

  std::string p =
      jeugd_ ? "# The national product lists (WMO021, Jeugdwet JZ21) as far as the generated region uses them.\n"
             : "# The national product list (WMO021) as far as the generated region uses it.\n";
  p += "lijst,categorie,code,omschrijving,geldig_van,geldig_tot\n";
  for (const auto& x : cat::products()) {
    if (x.jeugd && !jeugd_) continue;
    p += fmt::format("{},{},{},{},2015-01-01,\n", x.jeugd ? "JZ21" : "WMO021", x.categorie, x.code,
                     csv_field(x.omschrijving));
  }
  write_text_file(folder / "productcodes.csv", p);

  // One row per municipality, provider and product: the tariffs before the first year in one
  // row, then a row per year (indexed), the last one open-ended. Budgets: one category row.
  std::string c =
      "# Contracts of the generated region: tariffs in eurocent per eenheid, indexed every year.\n"
      "gemeente,aanbieder,categorie,productcode,productlijst,uitvoeringsvariant,eenheid,tarief,geldig_van,geldig_tot\n";
  const auto variant_name = [](rules::variant v) {
    switch (v) {
      case rules::variant::inspanningsgericht: return "inspanningsgericht";
      case rules::variant::outputgericht: return "outputgericht";
      case rules::variant::taakgericht: return "taakgericht";
    }
    return "inspanningsgericht";
  };
  for (const auto& x : contracten) {
    const auto& gem = gemeenten[static_cast<std::size_t>(x.gemeente)];
    const auto& aan = aanbieders[static_cast<std::size_t>(x.aanbieder)];
    const auto& def = cat::products()[static_cast<std::size_t>(x.product)];
    const auto unit = model::to_code(def.eenheid);
    const std::string_view lijst = def.jeugd ? "JZ21" : "WMO021";
    if (!def.specific) {
      c += fmt::format("{},{},{},,{},{},{},,2015-01-01,\n", gem.code, aan.agb, def.categorie, lijst,
                       variant_name(def.variant), unit);
      continue;
    }
    c += fmt::format("{},{},{},{},{},{},{},{},2015-01-01,{}-12-31\n", gem.code, aan.agb, def.categorie, def.code, lijst,
                     variant_name(def.variant), unit, indexed(x.tarief, -1), first_year_ - 1);
    for (int y = first_year_; y <= last_year_; ++y) {
      const auto until = y == last_year_ ? std::string() : fmt::format("{}-12-31", y);
      c += fmt::format("{},{},{},{},{},{},{},{},{}-01-01,{}\n", gem.code, aan.agb, def.categorie, def.code, lijst,
                       variant_name(def.variant), unit, indexed(x.tarief, y - first_year_), y, until);
    }
  }
  write_text_file(folder / "contracten.csv", c);
}

}  // namespace iwmo::gen
