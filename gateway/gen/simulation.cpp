#include "gen/simulation.hpp"

#include <algorithm>
#include <array>

#include "gen/simulation_impl.hpp"
#include "rules/arithmetic.hpp"

namespace iwmo::gen {

namespace ar = rules::arithmetic;

void simulation::impl::run() {
  for (int m = 0; m < opt.months; ++m) schedule(ev::tick, month_start(start, m), m);
  for (int c = 0; c < static_cast<int>(w.clients.size()); ++c) {
    const auto& k = plan_of(c);
    if (k.stock) {
      auto kk = key(p_stock, static_cast<std::uint64_t>(c));
      schedule(ev::assign, nth_workday(start, static_cast<int>(kk.between(1, 5))), c);
    } else {
      schedule(k.via_vot ? ev::vot : ev::assign, next_workday(k.arrival), c);
    }
  }
  for (int m = 0; m < opt.months; ++m) {
    for (int a = 0; a < static_cast<int>(w.aanbieders.size()); ++a) {
      schedule(ev::declare, nth_workday(month_start(start, m + 1), aan(a).declaratie_dag), a, m);
    }
  }
  while (!queue.empty()) {
    const event e = queue.top();
    queue.pop();
    today = e.day;
    handle(e);
  }
}

void simulation::impl::handle(const event& e) {
  switch (e.kind) {
    case ev::tick: return on_tick(e.a);
    case ev::assign: return on_assign(e.a);
    case ev::vot: return on_vot(e.a);
    case ev::answer: return on_answer(e.a);
    case ev::start: return on_start(e.a);
    case ev::start_correction: return on_start_correction(e.a);
    case ev::restart: return on_restart(e.a);
    case ev::stop: return on_stop(e.a, e.text, date::from_days(e.b));
    case ev::end_toewijzing: return on_end_toewijzing(e.a, e.text, date::from_days(e.b));
    case ev::extend: return on_extend(e.a);
    case ev::expire: return on_expire(e.a);
    case ev::vow: return on_vow(e.a);
    case ev::extra_provider: return on_extra_provider(e.a);
    case ev::delete_correction: return on_delete_correction(e.a, e.b);
    case ev::declare: return on_declare(e.a, e.b);
  }
}

int simulation::impl::create(int c, int j, date ingang, date eind, date datum, std::string tijd, std::int64_t volume) {
  const auto& k = plan_of(c);
  const auto& pp = k.products[static_cast<std::size_t>(j)];
  toewijzing t;
  t.client = c;
  t.gemeente = k.gemeente;
  t.aanbieder = pp.aanbieder;
  t.product = pp.product;
  t.nummer = next_nummer(k.gemeente);
  t.beschikking = next_beschikking(k.gemeente, datum.year());
  t.ingang = ingang;
  t.eind = eind;
  t.datum = datum;
  t.tijd = std::move(tijd);
  const auto& d = def_of(pp.product);
  t.freq = d.frequentie;
  t.volume = volume;
  if (!d.frequentie) {
    // A budget for the whole toewijzing: the yearly amount for its length.
    const auto days = ar::days(ingang, eind);
    t.volume = std::max<std::int64_t>(10'000, volume * 100 * days / 365 / 100 * 100);
  }
  auto kk = key(p_new, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(k.gemeente));
  t.util = static_cast<int>(kk.between(780, 1000));
  if (d.eenheid == model::eenheid::etmaal && d.frequentie == model::frequentie::per_week) t.util = 1000;  // a home
  t.extend = kk.chance(850'000);
  if (const auto it = plans.find({c, j}); it != plans.end()) {
    const auto& p = it->second;
    t.r = p.r;
    t.role_month = p.month;
    t.row = p.row;
    if (p.peer) t.util = static_cast<int>(kk.between(950, 1000));
    if (p.r != role::none) t.extend = true;
    if (p.r == role::no_start) t.no_regie = true;
    if (p.r == role::non_use) t.no_regie = kk.chance(400'000);
    if (p.r == role::impossible_total) {
      // A total for the year (TBGT) of about 20 hours a week plus room for one impossible month.
      t.freq = model::frequentie::totaal;
      t.weekly = kk.between(16, 24);
      t.volume = t.weekly * 52 + 31 * 30 + 50;
    }
    if (p.r == role::after_stop_open || p.r == role::after_stop_ended)
      t.after_left = p.r == role::after_stop_open ? 2 : 1;
    if (t.row >= 0) {
      auto& x = row(t.row);
      if (p.r != role::provider_a) {
        x.toewijzing = std::to_string(t.nummer);
        x.beschikking = t.beschikking;
      }
    }
  }
  tws.push_back(std::move(t));
  const int i = static_cast<int>(tws.size()) - 1;
  state(c).tws.push_back(i);
  pair_tws[{k.gemeente, pp.aanbieder}].push_back(i);
  return i;
}

int simulation::impl::create_extra(int c, int a, int p, date ingang, date eind, std::int64_t volume, int util) {
  const auto& k = plan_of(c);
  toewijzing t;
  t.client = c;
  t.gemeente = k.gemeente;
  t.aanbieder = a;
  t.product = p;
  t.nummer = next_nummer(k.gemeente);
  t.beschikking = next_beschikking(k.gemeente, now().year());
  t.ingang = ingang;
  t.eind = eind;
  t.datum = now();
  t.tijd = clock(k.gemeente);
  t.freq = def_of(p).frequentie;
  t.volume = volume;
  t.util = util;
  t.extend =
      key(p_extend, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(k.gemeente)).chance(850'000);
  tws.push_back(std::move(t));
  const int i = static_cast<int>(tws.size()) - 1;
  state(c).tws.push_back(i);
  pair_tws[{k.gemeente, a}].push_back(i);
  return i;
}

void simulation::impl::schedule_start(int i, date earliest) {
  auto& t = tw(i);
  auto kk = key(p_start, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(t.gemeente));
  schedule(ev::start, next_workday(std::max(earliest, t.care_start).add_days(kk.between(0, 5))), i);
}

void simulation::impl::schedule_expiry(int i) {
  auto& t = tw(i);
  if (t.eind > care_last) return;
  auto kk = key(p_extend, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(t.eind.days()));
  if (t.extend) {
    schedule(ev::extend, next_workday(std::max(now().add_days(1), t.eind.add_days(-kk.between(15, 40)))), i);
  } else {
    schedule(ev::expire, next_workday(t.eind.add_days(kk.between(1, 4))), i);
  }
}

void simulation::impl::on_assign(int c) {
  const auto& k = plan_of(c);
  auto kk = key(k.stock ? p_stock : p_new, static_cast<std::uint64_t>(c), 7);
  std::vector<int> order;  // providers in order of first product
  std::map<int, std::vector<int>> by_provider;
  std::map<int, int> wrong_of;  // correct toewijzing -> wrongly sent one
  for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
    const auto& pp = k.products[static_cast<std::size_t>(j)];
    const auto& d = def_of(pp.product);
    int i = -1;
    if (k.stock) {
      const date ingang = k.arrival.add_days(kk.between(0, 5) * j);
      date eind = ingang.add_months(static_cast<int>(12 * kk.between(1, 3))).add_days(-1);
      while (eind < start.add_days(45)) eind = eind.add_months(12);
      const int secs = static_cast<int>(kk.between(8 * 3600, 17 * 3600));
      i = create(c, j, ingang, eind, ingang.add_days(-kk.between(0, 14)),
                 fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60), pp.volume);
      tw(i).care_start = ingang.add_days(kk.between(0, 10));
    } else {
      const date ingang = std::max(start, now().add_days(kk.between(-5, 14)));
      int months = 12;
      if (pp.product == cat::beschermd_wonen) {
        months = 24;
      } else if (d.frequentie && kk.chance(200'000)) {
        months = 6;
      }
      i = create(c, j, ingang, ingang.add_months(months).add_days(-1), now(), clock(k.gemeente), pp.volume);
      tw(i).care_start = std::max(ingang, now().add_days(kk.between(2, 12)));
      // Now and then the municipality first sends a wrong product and deletes it (RedenWijziging 13).
      if (tw(i).r == role::none && !state(c).is_protected && kk.chance(5'000)) {
        for (const int q : cat::products_of(aan(pp.aanbieder).kind, w.jeugd())) {
          if (q != pp.product && def_of(q).categorie == d.categorie && w.offers(k.gemeente, pp.aanbieder, q) &&
              def_of(q).frequentie) {
            const auto& t = tw(i);
            const int x = create_extra(c, pp.aanbieder, q, t.ingang, t.eind, def_of(q).volumes.front(), t.util);
            wrong_of[i] = x;
            break;
          }
        }
      }
    }
    if (!by_provider.contains(pp.aanbieder)) order.push_back(pp.aanbieder);
    by_provider[pp.aanbieder].push_back(i);
  }
  for (const int a : order) {
    std::vector<int> now_sent;
    for (const int i : by_provider[a]) now_sent.push_back(wrong_of.contains(i) ? wrong_of[i] : i);
    const auto file = send_301(c, a, now_sent);
    for (const int i : by_provider[a]) {
      if (tw(i).r != role::provider_a) touch(tw(i).row, file);
      if (tw(i).r == role::non_use) mark_non_use(i);
      if (const auto it = wrong_of.find(i); it != wrong_of.end()) {
        schedule(ev::delete_correction, next_workday(now().add_days(kk.between(1, 3))), it->second, i);
        continue;
      }
      schedule_start(i, k.stock ? now().add_days(1) : now().add_days(1));
      schedule_expiry(i);
    }
  }
}

void simulation::impl::mark_non_use(int i) {
  auto& t = tw(i);
  auto& x = row(t.row);
  x.happened = true;
  span(t.row, std::max(t.ingang, start), std::min(t.eind, care_last));
  x.description = fmt::format("The toewijzing ({}) was assigned{} but the aanbieder never declared anything on it.",
                              def_of(t.product).omschrijving, t.no_regie ? "" : " and started");
}

void simulation::impl::on_delete_correction(int wrong, int right) {
  auto& x = tw(wrong);
  x.deleted = true;
  x.reden = "13";
  x.eind = x.ingang;  // CS335
  x.datum = now();
  x.tijd = clock(x.gemeente);
  tw(right).datum = now();
  tw(right).tijd = clock(x.gemeente);
  send_301(x.client, x.aanbieder, {wrong, right});
  schedule_start(right, now().add_days(1));
  schedule_expiry(right);
}

void simulation::impl::on_extend(int i) {
  auto& t = tw(i);
  if (t.deleted || t.care_end || t.ended_by_gemeente || state(t.client).gone) return;
  t.eind = t.eind.add_months(12);
  t.reden = "04";  // herindicatie: verlenging
  t.datum = now();
  t.tijd = clock(t.gemeente);
  send_301(t.client, t.aanbieder, {i});
  t.extend =
      t.r != role::none ||
      key(p_extend, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(now().days())).chance(850'000);
  schedule_expiry(i);
}

void simulation::impl::on_end_toewijzing(int i, const std::string& reden, date einde) {
  auto& t = tw(i);
  if (t.deleted || t.eind <= einde) return;
  t.eind = std::max(einde, t.ingang);
  t.ended_by_gemeente = true;
  t.reden = reden;
  t.datum = now();
  t.tijd = clock(t.gemeente);
  const auto file = send_301(t.client, t.aanbieder, {i});
  touch(t.row, file);
}

void simulation::impl::on_start(int i) {
  auto& t = tw(i);
  if (t.deleted || t.no_regie || t.start_begin) return;
  if (t.care_end && *t.care_end < t.care_start) return;  // never started
  auto kk = key(p_start, static_cast<std::uint64_t>(t.nummer), 99);
  date begin = t.care_start;
  // Now and then a start is sent with a wrong Begindatum and corrected (status 3 + 1) later.
  if (t.r == role::none && !state(t.client).is_protected && !t.care_end && kk.chance(10'000)) {
    const auto wrong = std::min(now(), t.care_start.add_days(kk.between(2, 7)));
    if (wrong != t.care_start) {
      t.wrong_begin = wrong;
      begin = wrong;
      schedule(ev::start_correction, next_workday(now().add_days(kk.between(5, 15))), i);
    }
  }
  send_305(t, {start_line(t, begin, "1")});
  t.start_begin = begin;
  if (t.care_end && !t.pending_stop.empty()) {
    schedule(ev::stop, next_workday(now().add_days(1)), i, static_cast<int>(t.care_end->days()), t.pending_stop);
  }
}

void simulation::impl::on_start_correction(int i) {
  auto& t = tw(i);
  if (!t.wrong_begin || t.temp_stopped || t.def_stopped || t.start_begin != t.wrong_begin) return;
  send_305(t, {start_line(t, *t.wrong_begin, "3"), start_line(t, t.care_start, "1")});
  t.start_begin = t.care_start;
  t.wrong_begin.reset();
}

void simulation::impl::on_restart(int i) {
  auto& t = tw(i);
  if (t.deleted || t.care_end || t.def_stopped || !t.temp_stopped || t.pauses.empty()) return;
  const date begin = t.pauses.back().second.add_days(1);
  if (begin > t.eind || begin > now()) return;
  send_305(t, {start_line(t, begin, "1")});
  t.start_begin = begin;
  t.temp_stopped = false;
  t.paused = false;
}

void simulation::impl::on_stop(int i, const std::string& reden, date einde) {
  auto& t = tw(i);
  if (t.no_regie) return;
  if (!t.start_begin) {
    t.pending_stop = reden;  // the start is still to be sent; it sends this stop after it
    return;
  }
  if (t.def_stopped || (reden == "20" && t.temp_stopped)) return;
  if (t.temp_stopped) einde = std::max(einde, t.temp_eind);
  einde = std::max(einde, *t.start_begin);
  model::wmo307 m;
  const bool jw = jeugd(t.client);
  m.header = header(model::message_type::wmo307, jw, aan(t.aanbieder).agb, gem(t.gemeente).code,
                    aanbieder_id(t.aanbieder), now());
  const auto c = client_305(t.client);
  m.client.bsn = c.bsn;
  m.client.geboortedatum = c.geboortedatum;
  m.client.geslacht = c.geslacht;
  m.client.naam = c.naam;
  m.client.stop_producten.push_back({std::to_string(t.nummer),
                                     product_of(t),
                                     t.ingang.to_string(),
                                     t.start_begin->to_string(),
                                     stop_code(jw, reden),
                                     einde.to_string(),
                                     "1",
                                     {}});
  const auto file = sink.write(std::move(m), now());
  note_client(t.client, file);
  if (t.r == role::after_stop_open || t.r == role::after_stop_ended) touch(t.row, file);
  if (reden == "20") {
    t.temp_stopped = true;
    t.temp_eind = einde;
  } else {
    t.def_stopped = true;
  }
}

void simulation::impl::on_expire(int i) {
  auto& t = tw(i);
  if (t.deleted || (t.care_end && *t.care_end < t.eind)) return;
  if (now() <= t.eind) return;  // extended in the meantime
  t.care_end = t.eind;
  on_stop(i, "19", t.temp_stopped ? t.temp_eind : t.eind);  // ended as planned
  check_gone(t.client);
}

void simulation::impl::check_gone(int c) {
  auto& s = state(c);
  s.gone = std::ranges::all_of(s.tws, [&](int i) { return tw(i).deleted || tw(i).care_end; });
}

void simulation::impl::end_care(int i, date x, std::string_view stop_reden, std::string_view wijziging,
                                std::uint32_t shorten_ppm, keyed& kk) {
  auto& t = tw(i);
  if (t.deleted || t.care_end) return;
  t.care_end = x;
  if (t.paused && !t.pauses.empty()) t.pauses.back().second = std::min(t.pauses.back().second, x);
  const date stop_day = next_workday(x.add_days(kk.between(1, 4)));
  if (x >= t.care_start) schedule(ev::stop, stop_day, i, static_cast<int>(x.days()), std::string(stop_reden));
  if (kk.chance(shorten_ppm)) {
    schedule(ev::end_toewijzing, next_workday(stop_day.add_days(kk.between(2, 10))), i, static_cast<int>(x.days()),
             std::string(wijziging));
  }
}

bool simulation::impl::active(const toewijzing& t, date tick) const {
  return !t.deleted && !t.care_end && t.start_begin && !t.def_stopped && t.care_start <= tick &&
         t.eind > tick.add_days(7) && t.r == role::none;
}

void simulation::impl::on_tick(int m) {
  const date first = month_start(start, m);
  const int days = static_cast<int>(first.last_of_month().day());
  random month_rng(derive(opt.seed, p_tick, static_cast<std::uint64_t>(m)));
  for (int c = 0; c < static_cast<int>(w.clients.size()); ++c) {
    keyed kk(month_rng.next());
    auto& s = state(c);
    // Anomalies of this client that act in this month.
    for (const int i : s.tws) {
      auto& t = tw(i);
      if ((t.r == role::after_stop_open || t.r == role::after_stop_ended) && t.role_month == m && t.start_begin) {
        const date x = std::max(first.add_days(kk.between(3, days - 4)), t.start_begin->add_days(1));
        const std::string reden = kk.chance(500'000) ? "23" : "22";
        schedule(ev::stop, next_workday(x.add_days(kk.between(1, 3))), i, static_cast<int>(x.days()), reden);
        const auto sent_reden = stop_code(jeugd(c), reden);
        if (t.r == role::after_stop_ended) {
          schedule(ev::end_toewijzing, next_workday(x.add_days(kk.between(5, 9))), i, static_cast<int>(x.days()), "05");
        }
        row(t.row).description =
            t.r == role::after_stop_open
                ? fmt::format(
                      "The aanbieder sent a definitive stop (reden {}) ending care on {} but kept declaring "
                      "the toewijzing for the next months; the gemeente left the toewijzing open.",
                      sent_reden, x.to_string())
                : fmt::format(
                      "The aanbieder stopped care on {} (reden {}), the gemeente ended the toewijzing on that "
                      "date, and the aanbieder still declared the next month.",
                      x.to_string(), sent_reden);
      }
      if (t.r == role::provider_a && t.role_month == m && !t.care_end) {
        schedule(ev::extra_provider, next_workday(first.add_days(kk.between(1, 10))), i);
      }
    }
    if (s.gone || s.is_protected || s.tws.empty()) continue;
    std::vector<int> act;
    for (const int i : s.tws) {
      if (active(tw(i), first)) act.push_back(i);
    }
    if (act.empty()) continue;
    const int age = plan_of(c).who.age + m / 12;
    const bool minor = jeugd(c);
    const std::uint32_t death = minor ? 20 : age >= 85 ? 12'000 : age >= 75 ? 6'000 : age >= 65 ? 2'500 : 400;
    const date x = first.add_days(kk.between(0, days - 1));
    const bool died = kk.chance(death);
    if (died || kk.chance(minor ? 3'000 : 1'500)) {  // families with children move more often
      for (const int i : s.tws) {
        auto& t = tw(i);
        if (t.deleted || t.care_end || !t.sent) continue;
        const date end = std::max(x, t.start_begin ? t.start_begin->add_days(1) : x);
        end_care(i, end, died ? "02" : "31", died ? "02" : "07", died ? 950'000 : 850'000, kk);
      }
      s.gone = true;
      continue;
    }
    // A Jeugd client who turns 18 leaves the Jeugdwet: care ends the day before the birthday
    // (stop reason 39, RedenWijziging 06, outflow to another domain).
    if (minor) {
      const date eighteen = plan_of(c).who.geboortedatum.add_months(18 * 12);
      if (eighteen >= first && eighteen <= first.last_of_month()) {
        for (const int i : s.tws) {
          auto& t = tw(i);
          if (t.deleted || t.care_end || !t.sent) continue;
          const date last = eighteen.add_days(-1);
          const date end = std::max(last, t.start_begin ? t.start_begin->add_days(1) : last);
          end_care(i, end, "39", "06", 950'000, kk);
        }
        s.gone = true;
        continue;
      }
    }
    for (const int i : act) {
      auto& t = tw(i);
      if (t.paused) continue;
      const date y = std::max(first.add_days(kk.between(0, days - 1)), t.start_begin->add_days(1));
      if (y >= t.eind) continue;
      if (kk.chance(5'000)) {
        static constexpr std::array<std::uint32_t, 3> weights{50, 30, 20};
        static constexpr std::array<std::string_view, 3> reasons{"23", "21", "22"};
        end_care(i, y, reasons[kk.weighted(weights)], "05", 800'000, kk);
        check_gone(c);
      } else if (!t.temp_stopped && age >= 65 && kk.chance(3'000)) {
        // A hospital stay: temporary stop (20), later a new start.
        const date back = y.add_days(kk.between(7, 45));
        t.paused = true;
        t.pauses.emplace_back(y.add_days(1), back.add_days(-1));
        schedule(ev::stop, next_workday(y.add_days(kk.between(1, 4))), i, static_cast<int>(y.days()), "20");
        schedule(ev::restart, next_workday(back.add_days(kk.between(0, 3))), i);
      }
    }
    // A request to change the toewijzing (WMO317).
    if (!s.gone && kk.chance(6'000)) {
      for (const int i : act) {
        const auto& t = tw(i);
        if (!vow_eligible(t, first)) continue;
        schedule(ev::vow, next_workday(first.add_days(kk.between(1, 14))), i);
        break;
      }
    }
  }
}

bool simulation::impl::vow_eligible(const toewijzing& t, date day) const {
  const auto& d = def_of(t.product);
  if (t.freq != model::frequentie::per_week || d.variant != rules::variant::inspanningsgericht) return false;
  if (t.care_end || t.paused || t.deleted || t.temp_stopped || t.r != role::none) return false;
  const date gewenst = day.first_of_month().add_months(1);
  if (t.eind < gewenst.add_days(60)) return false;
  const auto& s = cs[static_cast<std::size_t>(t.client)];
  return std::ranges::find(s.pending, t.aanbieder) == s.pending.end();
}

void simulation::impl::on_vot(int c) {
  const auto& k = plan_of(c);
  const int a = k.products.front().aanbieder;
  auto kk = key(p_vot, static_cast<std::uint64_t>(c));
  request q;
  q.client = c;
  q.aanbieder = a;
  q.ingang = now().add_days(kk.between(7, 21));
  q.eind = q.ingang.add_months(12).add_days(-1);
  model::wmo315 m;
  m.header = header(model::message_type::wmo315, k.jeugd, aan(a).agb, gem(k.gemeente).code, aanbieder_id(a), now());
  const auto c305 = client_305(c);
  m.client.bsn = c305.bsn;
  m.client.geboortedatum = c305.geboortedatum;
  m.client.geslacht = c305.geslacht;
  m.client.naam = c305.naam;
  const auto& names = cat::dutch();
  model::verwijzer verwijzer;
  if (!k.jeugd) {
    const auto referrer = kk.weighted(std::array<std::uint32_t, 3>{50, 30, 20});
    if (referrer == 0) {
      verwijzer.type = "02";  // huisarts, by name
      verwijzer.naam = fmt::format("Huisartsenpraktijk {}", names.surnames[kk.below(names.surnames.size())]);
    } else {
      verwijzer.type = referrer == 1 ? "06" : "01";
    }
  } else {
    // Jeugd: mostly the GP, also the youth doctor, the municipality's team, a certified
    // institution, a medical specialist; types 02-05 by name (CD066/CD067).
    const auto referrer = kk.weighted(std::array<std::uint32_t, 6>{40, 15, 25, 5, 5, 10});
    static constexpr std::array<std::string_view, 6> types{"02", "03", "01", "04", "05", "06"};
    verwijzer.type = std::string(types[referrer]);
    const auto surname = names.surnames[kk.below(names.surnames.size())];
    switch (referrer) {
      case 0: verwijzer.naam = fmt::format("Huisartsenpraktijk {}", surname); break;
      case 1: verwijzer.naam = fmt::format("Jeugdarts GGD {}", gem(k.gemeente).naam); break;
      case 3: verwijzer.naam = fmt::format("Jeugdbescherming {}", gem(k.gemeente).naam); break;
      case 4: verwijzer.naam = fmt::format("Kinderarts dr. {}", surname); break;
      default: break;
    }
    // GezagsdragerBekend (iJw only): whether the provider knows who holds parental authority.
    if (kk.chance(900'000)) m.client.gezagsdrager_bekend = kk.chance(900'000) ? "1" : "2";
  }
  for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
    const auto& pp = k.products[static_cast<std::size_t>(j)];
    const auto& d = def_of(pp.product);
    model::aangevraagd_product ap;
    ap.referentie_aanbieder = next_request_ref(a, false);
    ap.product = model::product{std::string(d.categorie), std::string(d.code)};
    ap.toewijzing_ingangsdatum = q.ingang.to_string();
    ap.toewijzing_einddatum = q.eind.to_string();
    ap.omvang = model::omvang{std::to_string(pp.volume), code_of(d.eenheid), model::to_code(*d.frequentie)};
    ap.verwijzer = verwijzer;
    q.refs.push_back(ap.referentie_aanbieder);
    q.items.push_back(j);
    m.client.aangevraagde_producten.push_back(std::move(ap));
  }
  q.outcome = state(c).force_grant ? static_cast<int>(kk.below(2))
                                   : static_cast<int>(kk.weighted(std::array<std::uint32_t, 4>{65, 15, 15, 5}));
  const auto file = sink.write(std::move(m), now());
  note_client(c, file);
  touch(state(c).growth_row, file);
  state(c).pending.push_back(a);
  requests.push_back(std::move(q));
  schedule(ev::answer, next_workday(now().add_days(kk.between(3, 10))), static_cast<int>(requests.size()) - 1);
}

void simulation::impl::send_319(const request& q, const std::string& ref, std::string_view antwoord,
                                std::optional<std::string> reden, std::optional<std::string> woonplaats) {
  const int g = plan_of(q.client).gemeente;
  model::wmo319 m;
  m.header =
      header(model::message_type::wmo319, jeugd(q.client), gem(g).code, aan(q.aanbieder).agb, gemeente_id(g), now());
  m.antwoord.referentie_aanbieder = ref;
  m.antwoord.verzoek_antwoord = std::string(antwoord);
  m.antwoord.reden_afwijzing_verzoek = std::move(reden);
  // iJw: the municipality that is responsible under the residence principle (reason 8 only).
  if (woonplaats) m.antwoord.woonplaatsbeginsel = model::woonplaatsbeginsel{*woonplaats, {}};
  const auto file = sink.write(std::move(m), now());
  touch(state(q.client).growth_row, file);
}

void simulation::impl::on_answer(int qi) {
  auto& q = requests[static_cast<std::size_t>(qi)];
  auto kk = key(p_answer, static_cast<std::uint64_t>(qi), static_cast<std::uint64_t>(q.stage));
  if ((q.outcome == 1 || q.outcome == 3) && q.stage == 0) {
    for (const auto& ref : q.refs) send_319(q, ref, "2", std::nullopt);  // in onderzoek
    q.stage = 1;
    const date limit = q.vow ? q.gewenst.add_days(-2) : now().add_days(20);
    schedule(ev::answer, next_workday(std::min(limit, now().add_days(kk.between(2, 8)))), qi);
    return;
  }
  const bool grant =
      q.outcome <= 1 && !state(q.client).gone && !(q.vow && (tw(q.change).care_end || tw(q.change).deleted));
  if (!grant && !q.vow && jeugd(q.client)) {
    // A Jeugd request: one reason for the whole request; with 8 (Woonplaatsbeginsel) the answer
    // names the municipality that is responsible instead (another one of the region).
    const int g = plan_of(q.client).gemeente;
    const int n_gem = static_cast<int>(w.gemeenten.size());
    const bool elsewhere = n_gem > 1 && kk.chance(300'000);
    std::optional<std::string> woonplaats;
    std::string reason = "8";
    if (elsewhere) {
      const int other = (g + 1 + static_cast<int>(kk.below(static_cast<std::uint64_t>(n_gem - 1)))) % n_gem;
      woonplaats = gem(other).code;
    } else {
      static constexpr std::array<std::string_view, 3> reasons{"7", "2", "4"};
      reason = std::string(reasons[kk.below(reasons.size())]);
    }
    for (const auto& ref : q.refs) send_319(q, ref, "1", reason, woonplaats);
    close_request(q);
    state(q.client).gone = true;
    return;
  }
  if (!grant) {
    static constexpr std::array<std::string_view, 3> reasons{"7", "2", "4"};
    for (const auto& ref : q.refs) send_319(q, ref, "1", std::string(reasons[kk.below(reasons.size())]));
    close_request(q);
    if (!q.vow) state(q.client).gone = true;
    return;
  }
  close_request(q);
  if (!q.vow) return grant_vot(q, kk);
  grant_vow(q, kk);
}

void simulation::impl::grant_vot(const request& q, keyed& kk) {
  const auto& k = plan_of(q.client);
  std::vector<int> made;
  std::map<int, std::string> refs;
  for (std::size_t n = 0; n < q.items.size(); ++n) {
    const int j = q.items[n];
    const auto& pp = k.products[static_cast<std::size_t>(j)];
    const int i = create(q.client, j, q.ingang, q.eind, now(), clock(k.gemeente), pp.volume);
    tw(i).care_start = std::max(q.ingang, now().add_days(kk.between(2, 10)));
    made.push_back(i);
    refs[i] = q.refs[n];
  }
  const auto file = send_301(q.client, q.aanbieder, made, refs);
  touch(state(q.client).growth_row, file);
  for (const int i : made) {
    touch(tw(i).row, file);
    if (tw(i).r == role::non_use) mark_non_use(i);
    schedule_start(i, now().add_days(1));
    schedule_expiry(i);
  }
}

void simulation::impl::on_vow(int i) {
  auto& t = tw(i);
  if (!vow_eligible(t, now())) return;
  const int c = t.client;
  const int a = t.aanbieder;
  auto kk = key(p_vow, static_cast<std::uint64_t>(t.nummer), static_cast<std::uint64_t>(now().days()));
  request q;
  q.vow = true;
  q.client = c;
  q.aanbieder = a;
  q.change = i;
  q.gewenst = now().first_of_month().add_months(1);
  // Either more (or less) of the same, or an extra product from the same provider.
  std::vector<int> extra;
  if (kk.chance(300'000)) {
    for (const int p : cat::products_of(aan(a).kind, w.jeugd())) {
      const auto& d = def_of(p);
      if (d.jeugd != jeugd(c)) continue;  // a request stays within the client's domain
      if (d.frequentie != model::frequentie::per_week || d.variant != rules::variant::inspanningsgericht) continue;
      if (!w.offers(t.gemeente, a, p)) continue;
      const bool has = std::ranges::any_of(
          state(c).tws, [&](int x) { return tw(x).product == p && !tw(x).deleted && tw(x).eind >= now(); });
      if (!has) extra.push_back(p);
    }
  }
  model::wmo317 m;
  m.header = header(model::message_type::wmo317, jeugd(c), aan(a).agb, gem(t.gemeente).code, aanbieder_id(a), now());
  m.client.bsn = plan_of(c).who.bsn;
  auto& v = m.client.verzoek;
  v.referentie_aanbieder = next_request_ref(a, true);
  v.reden_verzoek = kk.chance(600'000) ? "1" : "2";
  q.refs.push_back(v.referentie_aanbieder);
  if (!extra.empty()) {
    q.new_product = extra[static_cast<std::size_t>(kk.below(extra.size()))];
    const auto& d = def_of(q.new_product);
    q.volume = d.volumes[kk.below(d.volumes.size())];
    model::nieuw_product np;
    np.product = model::product{std::string(d.categorie), std::string(d.code)};
    np.gewenste_ingangsdatum = q.gewenst.to_string();
    np.einddatum = q.gewenst.add_months(12).add_days(-1).to_string();
    np.omvang = model::omvang{std::to_string(q.volume), code_of(d.eenheid), model::to_code(*d.frequentie)};
    v.nieuwe_producten.push_back(std::move(np));
  } else {
    q.volume = kk.chance(750'000) ? t.volume + kk.between(1, 2) : std::max<std::int64_t>(1, t.volume - 1);
    if (q.volume == t.volume) q.volume = t.volume + 1;
    model::te_wijzigen_product tp;
    tp.toewijzing_nummer = std::to_string(t.nummer);
    tp.gewenste_ingangsdatum = q.gewenst.to_string();
    tp.einddatum = t.eind.to_string();
    tp.omvang = model::omvang{std::to_string(q.volume), code_of(def_of(t.product).eenheid), model::to_code(*t.freq)};
    v.te_wijzigen_producten.push_back(std::move(tp));
  }
  // TR349: every other current toewijzing of the client with this provider, unchanged.
  for (const int x : state(c).tws) {
    const auto& u = tw(x);
    if (u.aanbieder != a || !u.sent || u.deleted || u.eind < now()) continue;
    if (x == i && q.new_product < 0) continue;
    v.ongewijzigde_producten.push_back({std::to_string(u.nummer), {}});
  }
  q.outcome = static_cast<int>(kk.weighted(std::array<std::uint32_t, 4>{70, 10, 15, 5}));
  const auto file = sink.write(std::move(m), now());
  note_client(c, file);
  state(c).pending.push_back(a);
  requests.push_back(std::move(q));
  const date limit = requests.back().gewenst.add_days(-3);
  schedule(ev::answer, next_workday(std::min(limit, now().add_days(kk.between(2, 6)))),
           static_cast<int>(requests.size()) - 1);
}

void simulation::impl::grant_vow(const request& q, keyed& kk) {
  const auto& t = tw(q.change);
  const int c = q.client;
  if (q.new_product >= 0) {
    const int n = create_extra(c, q.aanbieder, q.new_product, q.gewenst, q.gewenst.add_months(12).add_days(-1),
                               q.volume, static_cast<int>(kk.between(800, 1000)));
    tw(n).care_start = q.gewenst;
    send_301(c, q.aanbieder, {n}, {}, q.refs.front());
    schedule_start(n, q.gewenst);
    schedule_expiry(n);
    return;
  }
  // The old toewijzing ends the day before the wished date; a new one carries the new volume.
  const date old_eind = t.eind;
  const int n = create_extra(c, q.aanbieder, t.product, q.gewenst, old_eind, q.volume, t.util);
  tw(n).care_start = q.gewenst;
  tw(n).extend = t.extend;
  auto& old = tw(q.change);
  old.eind = q.gewenst.add_days(-1);
  old.reden = "12";  // on the provider's initiative
  old.datum = now();
  old.tijd = clock(old.gemeente);
  old.care_end = old.eind;
  tw(n).tijd = clock(old.gemeente);
  send_301(c, q.aanbieder, {q.change, n}, {}, q.refs.front());
  schedule(ev::stop, next_workday(q.gewenst.add_days(kk.between(0, 3))), q.change, static_cast<int>(old.eind.days()),
           "37");
  schedule_start(n, q.gewenst);
  schedule_expiry(n);
}

void simulation::impl::on_extra_provider(int i) {
  auto& t = tw(i);
  const auto& p = plans.at(plan_key(i));
  auto kk = key(p_anomaly, static_cast<std::uint64_t>(t.nummer), 5);
  const auto& d = def_of(p.other_product);
  const int n = create_extra(t.client, p.other, p.other_product, now().add_days(kk.between(0, 5)), t.eind,
                             d.volumes[kk.below(d.volumes.size())], static_cast<int>(kk.between(850, 1000)));
  auto& b = tw(n);
  b.care_start = b.ingang.add_days(kk.between(1, 5));
  b.r = role::provider_b;
  b.row = t.row;
  b.extend = true;
  auto& x = row(t.row);
  x.toewijzing = std::to_string(b.nummer);
  x.beschikking = b.beschikking;
  x.description = fmt::format(
      "Besides toewijzing {} for {} at aanbieder {}, the gemeente assigned {} to aanbieder {} "
      "from {}, and both aanbieders declare the client for the same months.",
      t.nummer, def_of(t.product).code, aan(t.aanbieder).agb, d.code, aan(p.other).agb, b.ingang.to_string());
  span(t.row, b.ingang, std::min(b.eind, care_last));
  const auto file = send_301(t.client, p.other, {n});
  touch(t.row, file);
  schedule_start(n, now().add_days(1));
  schedule_expiry(n);
}

std::pair<int, int> simulation::impl::plan_key(int i) {
  const auto& t = tw(i);
  const auto& k = plan_of(t.client);
  for (int j = 0; j < static_cast<int>(k.products.size()); ++j) {
    const auto it = plans.find({t.client, j});
    if (it != plans.end() && it->second.row == t.row) return {t.client, j};
  }
  return {t.client, 0};
}

simulation::simulation(const options& opt, world& w, message_sink& sink, model::date last_day)
    : impl_(std::make_unique<impl>(opt, w, sink, last_day)) {}
simulation::~simulation() = default;

void simulation::run() { impl_->run(); }

std::vector<ground_truth_row> simulation::ground_truth() const {
  std::vector<ground_truth_row> out;
  for (const auto& r : impl_->rows) {
    if (r.happened && !r.files.empty()) out.push_back(r);
  }
  return out;
}

run_counts simulation::counts() const { return impl_->counts; }

}  // namespace iwmo::gen
