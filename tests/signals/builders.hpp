#pragma once
// Terse builders for the signals engine's input (docs/signals.md), and helpers to read its output.
// A `scenario` hands out record ids and message ids from disjoint ranges, so a test can tell a
// message id from a declaratie id or a record id:
//   toewijzing versions 1.., leveringen 3001.., declaraties 70001.., prestaties 500001..,
//   messages 9001.. (WMO301 of versions and addresses, WMO305/307 of leveringen, WMO323 of declaraties).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "signals/signals.hpp"

namespace Catch {
template <>
struct StringMaker<iwmo::model::date> {
  static std::string convert(const iwmo::model::date& d) { return d.to_string(); }
};
}  // namespace Catch

namespace iwmo::signals::test {

using model::date;
using model::debet_credit;
using model::eenheid;
using model::frequentie;
namespace st = model::state;

inline constexpr debet_credit D = debet_credit::debet;
inline constexpr debet_credit C = debet_credit::credit;

inline const std::string G1 = "0344";  // Utrecht
inline const std::string G2 = "0307";  // Amersfoort
inline const std::string A1 = "98000011";
inline const std::string A2 = "98000022";
inline const std::string A3 = "98000033";
inline const std::string A4 = "98000044";
inline const std::string A5 = "98000055";

// Nine-digit numbers that pass the 11-test.
inline const std::vector<std::string>& bsns() {
  static const std::vector<std::string> list = {
      "163512000", "163512814", "163512851", "163513739", "163513776", "163514331", "163515219", "163515256",
      "163515293", "163515700", "163516625", "163516662", "163517587", "163518105", "163518142", "163518919",
      "163518956", "163518993", "163519067", "163519511", "163520288", "163520732", "163521657", "163521694",
      "163522212", "163523137", "163523174", "163523988", "163524099", "163524506"};
  return list;
}
inline const std::string& bsn(std::size_t i) { return bsns().at(i); }

// The test's pseudonymisation: "K-" and the digits as letters, so it never contains a BSN.
inline std::string pseudo(std::string_view b) {
  std::string out = "K-";
  for (char c : b) out += static_cast<char>('a' + (c - '0'));
  return out;
}

struct tw {
  std::size_t index = 0;
};

class scenario {
 public:
  dataset data;
  std::set<std::int64_t> messages;  // every message id handed out

  // A toewijzing with one version (toewijzingsdatum = ingangsdatum, 12:00:00).
  tw toewijzing(const std::string& gemeente, std::int64_t nummer, const std::string& aanbieder, const std::string& client,
                std::optional<std::string> categorie, std::optional<std::string> code, date ingang,
                std::optional<date> eind = std::nullopt, std::optional<std::int64_t> volume = std::nullopt,
                std::optional<eenheid> e = std::nullopt, std::optional<frequentie> f = std::nullopt) {
    st::toewijzing v;
    v.id = next_version_++;
    v.message_id = next_message();
    v.gemeente = gemeente;
    v.aanbieder = aanbieder;
    v.bsn = client;
    v.nummer = nummer;
    v.categorie = std::move(categorie);
    v.code = std::move(code);
    v.toewijzingsdatum = ingang;
    v.toewijzingstijd = "12:00:00";
    v.ingangsdatum = ingang;
    v.einddatum = eind;
    v.volume = volume;
    v.eenheid = e;
    v.frequentie = f;
    toewijzing_record r;
    r.gemeente = gemeente;
    r.nummer = nummer;
    r.state.versions.push_back(std::move(v));
    data.toewijzingen.push_back(std::move(r));
    return tw{data.toewijzingen.size() - 1};
  }

  // A further version, a copy of the last row changed by `change`; appended after the others.
  std::int64_t version(tw t, date toewijzingsdatum, const std::string& tijd,
                       const std::function<void(st::toewijzing&)>& change) {
    auto v = record(t).state.versions.back();
    v.id = next_version_++;
    v.message_id = next_message();
    v.toewijzingsdatum = toewijzingsdatum;
    v.toewijzingstijd = tijd;
    change(v);
    record(t).state.versions.push_back(v);
    return v.message_id;
  }

  toewijzing_record& record(tw t) { return data.toewijzingen.at(t.index); }
  st::toewijzing& first(tw t) { return record(t).state.versions.front(); }

  // A start (WMO305) in force; returns its message id.
  std::int64_t start(tw t, date begin) {
    auto l = levering_of(t, st::levering::kind::start, begin);
    record(t).state.leveringen.push_back(l);
    return l.message_id;
  }
  // A stop (WMO307) in force; returns its message id.
  std::int64_t stop(tw t, date begin, date eind, const std::string& reden = "02") {
    auto l = levering_of(t, st::levering::kind::stop, begin);
    l.reden_beeindiging = reden;
    l.einddatum = eind;
    record(t).state.leveringen.push_back(l);
    return l.message_id;
  }

  // A declared line; returns the prestatie id. Without `declaratie_id` the line joins the
  // declaratie of its gemeente, aanbieder and month (one WMO323 per month and aanbieder).
  std::int64_t line(tw t, date begin, date end, std::int64_t volume, eenheid e, model::cents bedrag,
                    debet_credit dc = D, bool approved = true, std::vector<std::string> codes = {},
                    std::optional<std::int64_t> declaratie_id = std::nullopt) {
    const auto& v = first(t);
    st::prestatie p;
    p.id = next_prestatie_++;
    p.declaratie_id = declaratie_id ? *declaratie_id : declaratie(v.gemeente, v.aanbieder, reconcile::month_of(begin));
    p.gemeente = v.gemeente;
    p.aanbieder = v.aanbieder;
    p.bsn = v.bsn;
    p.referentie_nummer = "R" + std::to_string(p.id);
    p.toewijzing_nummer = v.nummer;
    p.categorie = v.categorie.value_or("");
    p.code = v.code.value_or("");
    p.begindatum = begin;
    p.einddatum = end;
    p.volume = volume;
    p.eenheid = e;
    p.bedrag = bedrag;
    p.dc = dc;
    p.approved = approved;
    p.codes = std::move(codes);
    record(t).state.prestaties.push_back(p);
    return p.id;
  }
  // A rejected debit line.
  std::int64_t rejected(tw t, date begin, date end, std::int64_t volume, eenheid e, model::cents bedrag,
                        std::vector<std::string> codes = {"0203"}) {
    return line(t, begin, end, volume, e, bedrag, D, false, std::move(codes));
  }

  st::prestatie& prestatie(std::int64_t id) {
    for (auto& r : data.toewijzingen)
      for (auto& p : r.state.prestaties)
        if (p.id == id) return p;
    FAIL("no prestatie " << id);
    throw;  // unreachable
  }
  void credited(std::int64_t prestatie_id) { prestatie(prestatie_id).credited = true; }
  std::int64_t message_of(std::int64_t prestatie_id) { return data.declaratie_messages.at(prestatie(prestatie_id).declaratie_id); }

  // The declaratie for a key (created on first use); returns its id.
  std::int64_t declaratie(const std::string& gemeente, const std::string& aanbieder, const std::string& key) {
    auto k = gemeente + "|" + aanbieder + "|" + key;
    auto it = declaraties_.find(k);
    if (it != declaraties_.end()) return it->second;
    auto id = new_declaratie();
    declaraties_[k] = id;
    return id;
  }
  // A declaratie of its own; returns its id.
  std::int64_t new_declaratie() {
    auto id = next_declaratie_++;
    data.declaratie_messages[id] = next_message();
    return id;
  }

  // A client address (from a WMO301); returns its message id.
  std::int64_t address(const std::string& gemeente, const std::string& aanbieder, const std::string& client,
                       const std::string& key, const std::string& text) {
    client_address a;
    a.gemeente = gemeente;
    a.aanbieder = aanbieder;
    a.bsn = client;
    a.key = key;
    a.text = text;
    a.message_id = next_message();
    data.adressen.push_back(a);
    return a.message_id;
  }

  // A ledger row; the categorie is the code's first two characters.
  void row(const std::string& gemeente, std::int64_t nummer, const std::string& aanbieder, const std::string& client,
           const std::string& maand, std::optional<std::string> code, std::optional<std::string> eenheid_code,
           std::optional<std::int64_t> toegewezen, std::int64_t volume, std::int64_t bedrag) {
    reconcile::ledger_row r;
    r.gemeente = gemeente;
    r.toewijzing_nummer = nummer;
    r.maand = maand;
    r.aanbieder = aanbieder;
    r.bsn = client;
    if (code) r.categorie = code->substr(0, 2);
    r.code = std::move(code);
    r.eenheid = std::move(eenheid_code);
    if (toegewezen) r.frequentie = "4";
    r.toegewezen_volume = toegewezen;
    r.gedeclareerd_volume = volume;
    r.gedeclareerd_bedrag = bedrag;
    r.goedgekeurd_volume = volume;
    r.goedgekeurd_bedrag = bedrag;
    data.ledger.push_back(std::move(r));
  }

  std::int64_t next_message() {
    auto id = next_message_++;
    messages.insert(id);
    return id;
  }

 private:
  st::levering levering_of(tw t, st::levering::kind k, date begin) {
    const auto& v = first(t);
    st::levering l;
    l.id = next_levering_++;
    l.message_id = next_message();
    l.soort = k;
    l.gemeente = v.gemeente;
    l.aanbieder = v.aanbieder;
    l.bsn = v.bsn;
    l.toewijzing_nummer = v.nummer;
    l.categorie = v.categorie;
    l.code = v.code;
    l.toewijzing_ingangsdatum = v.ingangsdatum;
    l.begindatum = begin;
    return l;
  }

  std::int64_t next_version_ = 1;
  std::int64_t next_levering_ = 3001;
  std::int64_t next_declaratie_ = 70001;
  std::int64_t next_prestatie_ = 500001;
  std::int64_t next_message_ = 9001;
  std::map<std::string, std::int64_t> declaraties_;
};

inline run_options options(date today, std::set<std::string> only = {}) {
  run_options o;
  o.today = today;
  o.pseudonym = [](std::string_view b) { return pseudo(b); };
  o.only_rules = std::move(only);
  return o;
}

inline std::vector<signal> run(const scenario& s, date today, std::set<std::string> only = {},
                               const threshold_set& t = threshold_set{}) {
  return evaluate(s.data, t, options(today, std::move(only)));
}

inline std::vector<signal> of_rule(const std::vector<signal>& all, std::string_view rule) {
  std::vector<signal> out;
  for (const auto& s : all)
    if (s.rule == rule) out.push_back(s);
  return out;
}

// --- reading figures --------------------------------------------------------------------------

inline const figure* find_figure(const signal& s, std::string_view name) {
  for (const auto& f : s.figures)
    if (f.name == name) return &f;
  return nullptr;
}

inline std::string figure_names(const signal& s) {
  std::string out;
  for (const auto& f : s.figures) out += f.name + "=" + f.value + (f.threshold ? " (" + *f.threshold + ")" : "") + "; ";
  return out;
}

// The value of a figure; fails the test when the signal has no such figure.
inline std::string value_of(const signal& s, std::string_view name) {
  const auto* f = find_figure(s, name);
  INFO("figures: " << figure_names(s));
  REQUIRE(f != nullptr);
  return f->value;
}

// A number as shown: "25.8", "25,8", "€ 1.700,00", "1700.00", "25%".
inline double number(std::string_view text) {
  std::string t;
  for (char c : text)
    if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-') t += c;
  const auto dot = t.rfind('.');
  const auto comma = t.rfind(',');
  std::string clean;
  if (dot != std::string::npos && comma != std::string::npos) {
    const char decimal = dot > comma ? '.' : ',';
    for (char c : t)
      if (c == decimal) clean += '.';
      else if (c != '.' && c != ',') clean += c;
  } else {
    for (char c : t) clean += (c == ',' ? '.' : c);
  }
  if (clean.empty()) return std::nan("");
  return std::strtod(clean.c_str(), nullptr);
}

inline double number_of(const signal& s, std::string_view name) { return number(value_of(s, name)); }

// An amount shown in euro equals `cents`.
inline bool euro_is(std::string_view shown, std::int64_t cents) {
  const double v = number(shown);
  return !std::isnan(v) && std::llround(v * 100.0) == cents;
}

// A date shown as YYYY-MM-DD or DD-MM-YYYY.
inline bool date_is(std::string_view shown, const date& d) {
  char nl[11];
  std::snprintf(nl, sizeof nl, "%02u-%02u-%04d", d.day(), d.month(), d.year());
  return shown == d.to_string() || shown == nl;
}

// A share shown as a fraction (0.25) or a percentage (25, "25%").
inline bool share_is(std::string_view shown, double share) {
  const double v = number(shown);
  return std::abs(v - share) < 0.006 || std::abs(v - share * 100.0) < 0.6;
}

// FNV-1a 64 of a key, as "S" and 16 lowercase hexadecimal digits (docs/signals.md, written
// here independently of the engine).
inline std::string fnv1a_id(std::string_view key) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static const char* hex = "0123456789abcdef";
  std::string out = "S";
  for (int shift = 60; shift >= 0; shift -= 4) out += hex[(h >> shift) & 0xF];
  return out;
}

// The one client of a signal is `b`, with the test's pseudonym.
inline void check_client(const signal& s, const std::string& b) {
  REQUIRE(s.clients.size() == 1);
  CHECK(s.clients[0].bsn == b);
  CHECK(s.clients[0].pseudonym == pseudo(b));
}

inline std::set<std::string> client_bsns(const signal& s) {
  std::set<std::string> out;
  for (const auto& c : s.clients) out.insert(c.bsn);
  return out;
}

inline bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

inline std::string describe(const std::vector<signal>& out) {
  std::string text;
  for (const auto& s : out) {
    text += s.rule + " " + s.gemeente + "/" + s.aanbieder + " t=" + (s.toewijzing ? std::to_string(*s.toewijzing) : "-") +
            " " + s.period_begin.to_string() + ".." + s.period_end.to_string() + " [" + figure_names(s) + "]\n";
  }
  return text;
}

}  // namespace iwmo::signals::test
