// Start (WMO305) and stop (WMO307) messages, checked by the municipality: TR063, TR071, TR074,
// TR019, TR326, TR382 (9069), TR413, TR414, TR415, TR381 (RULES.md §3.2, §3.4.3).
//
// Order within one message: deletions (status 3) are checked against the lines in force before
// the message; new lines (status 1) against those lines minus the message's own deletions plus
// the new lines before them in the message.
#include <algorithm>

#include "rules/cross_internal.hpp"

namespace iwmo::rules::cross {

using namespace model;
using model::state::levering;

namespace {

const path client_path = path() / "Client";

template <class Line> levering record_of(const Line& line, levering::kind kind, const inputs& in, const std::string& bsn) {
  levering l;
  l.soort = kind;
  l.gemeente = in.p.gemeente;
  l.aanbieder = in.p.aanbieder;
  l.bsn = bsn;
  l.toewijzing_nummer = to_int(line.toewijzing_nummer);
  if (line.product) {
    l.categorie = collapse(line.product->categorie);
    l.code = collapsed(line.product->code);
  }
  l.toewijzing_ingangsdatum = to_date(line.toewijzing_ingangsdatum);
  l.begindatum = to_date(line.begindatum);
  if constexpr (requires { line.reden_beeindiging; }) {
    l.reden_beeindiging = collapse(line.reden_beeindiging);
    l.einddatum = to_date(line.einddatum);
  }
  return l;
}

bool is_start(const levering& l) { return l.soort == levering::kind::start; }
bool is_stop(const levering& l) { return l.soort == levering::kind::stop; }

// TR019: a line linked to a toewijzing of this provider and client. A line that names a
// ToewijzingNummer must match it; without one it is only allowed when the product is delivered
// task-based (taakgericht) — or when nothing says otherwise.
void toewijzing_link_rule(const inputs& in, const levering& l, const path& where, findings& out) {
  if (l.toewijzing_nummer) {
    const auto t = in.h.current_toewijzing(in.p.gemeente, *l.toewijzing_nummer);
    if (!t || t->aanbieder != in.p.aanbieder || t->bsn != l.bsn) add(out, "TR019", "9019", where);
    return;
  }
  const auto v = variant_of(in, l.categorie, l.code, std::nullopt, l.begindatum);
  if (v && *v != variant::taakgericht) add(out, "TR019", "9019", where);
}

// The lines in force before the message, minus what its status-3 lines delete.
struct lines {
  std::vector<levering> active;
  void erase(std::int64_t id) {
    std::erase_if(active, [&](const levering& x) { return x.id == id; });
  }
};

}  // namespace

void evaluate_305(const wmo305& m, const inputs& in, cross_message_result& r) {
  const auto& c = m.client;
  lines state{in.h.leveringen(in.p.gemeente, in.p.aanbieder, c.bsn)};
  const auto before = state.active;

  // Deletions first, against the state before the message.
  for (std::size_t i = 0; i < c.start_producten.size(); ++i) {
    const auto& line = c.start_producten[i];
    if (collapse(line.status_aanlevering) != "3") continue;
    const auto where = (client_path / "StartProducten").item("StartProduct", i);
    const auto l = record_of(line, levering::kind::start, in, c.bsn);
    const auto match = std::ranges::find_if(before, [&](const levering& x) { return is_start(x) && x.same_start_key(l); });
    if (match == before.end()) {
      add(r.found, "TR063", "9063", where);  // nothing to delete
      continue;
    }
    // TR071: a start with a stop in force cannot be deleted (delete the stop first).
    if (std::ranges::any_of(before, [&](const levering& x) { return is_stop(x) && x.same_start_key(l); })) {
      add(r.found, "TR071", "9071", where);
    }
    r.delta.deleted_leveringen.push_back(match->id);
    state.erase(match->id);
  }

  // New starts, against the remaining lines plus the new starts before them.
  for (std::size_t i = 0; i < c.start_producten.size(); ++i) {
    const auto& line = c.start_producten[i];
    if (collapse(line.status_aanlevering) != "1") continue;
    const auto where = (client_path / "StartProducten").item("StartProduct", i);
    auto l = record_of(line, levering::kind::start, in, c.bsn);
    // TR074: the same start was delivered before.
    if (std::ranges::any_of(state.active, [&](const levering& x) { return is_start(x) && x.same_full_key(l); })) {
      add(r.found, "TR074", "9074", where);
    }
    toewijzing_link_rule(in, l, where, r.found);
    // TR326: another start for the same toewijzing (without a number: the same product) has
    // not been stopped.
    const bool current_start_exists = std::ranges::any_of(state.active, [&](const levering& s) {
      if (!is_start(s) || s.same_full_key(l)) return false;
      const bool same = l.toewijzing_nummer ? s.toewijzing_nummer == l.toewijzing_nummer
                                            : (!s.toewijzing_nummer && s.categorie == l.categorie && s.code == l.code);
      if (!same) return false;
      return std::ranges::none_of(state.active, [&](const levering& x) { return is_stop(x) && x.same_start_key(s); });
    });
    if (current_start_exists) add(r.found, "TR326", "9326", where);
    product_code_rule(in, l.categorie, l.code, l.begindatum, where, r.found);
    state.active.push_back(l);
    r.delta.new_leveringen.push_back(std::move(l));
  }
}

void evaluate_307(const wmo307& m, const inputs& in, cross_message_result& r) {
  const auto& c = m.client;
  lines state{in.h.leveringen(in.p.gemeente, in.p.aanbieder, c.bsn)};
  const auto before = state.active;

  for (std::size_t i = 0; i < c.stop_producten.size(); ++i) {
    const auto& line = c.stop_producten[i];
    if (collapse(line.status_aanlevering) != "3") continue;
    const auto where = (client_path / "StopProducten").item("StopProduct", i);
    const auto l = record_of(line, levering::kind::stop, in, c.bsn);
    const auto match = std::ranges::find_if(before, [&](const levering& x) { return is_stop(x) && x.same_full_key(l); });
    if (match == before.end()) {
      add(r.found, "TR063", "9063", where);
      continue;
    }
    r.delta.deleted_leveringen.push_back(match->id);
    state.erase(match->id);
  }

  for (std::size_t i = 0; i < c.stop_producten.size(); ++i) {
    const auto& line = c.stop_producten[i];
    if (collapse(line.status_aanlevering) != "1") continue;
    const auto where = (client_path / "StopProducten").item("StopProduct", i);
    auto l = record_of(line, levering::kind::stop, in, c.bsn);
    if (std::ranges::any_of(state.active, [&](const levering& x) { return is_stop(x) && x.same_full_key(l); })) {
      add(r.found, "TR074", "9074", where);
    }
    toewijzing_link_rule(in, l, where, r.found);
    // TR382 (9069): the stop refers to the start in force with its key, and no later start for
    // the same toewijzing replaced it.
    const auto start = std::ranges::find_if(state.active, [&](const levering& x) { return is_start(x) && x.same_start_key(l); });
    if (start == state.active.end()) {
      add(r.found, "TR382", "9069", where);
    } else if (l.toewijzing_nummer && std::ranges::any_of(state.active, [&](const levering& x) {
                 return is_start(x) && x.toewijzing_nummer == l.toewijzing_nummer && x.begindatum > start->begindatum;
               })) {
      add(r.found, "TR382", "9069", where);
    }
    // TR413-TR415 look at the stops in force for the same client, toewijzing and start date.
    std::vector<const levering*> group;
    for (const auto& x : state.active) {
      if (is_stop(x) && x.bsn == l.bsn && x.toewijzing_nummer == l.toewijzing_nummer && x.begindatum == l.begindatum) {
        group.push_back(&x);
      }
    }
    if (l.temporary() && std::ranges::any_of(group, [](const levering* x) { return x->temporary(); })) {
      add(r.found, "TR413", "9413", where);  // a second temporary stop
    }
    if (!group.empty()) {
      const auto latest = std::ranges::max(group, {}, [](const levering* x) { return x->einddatum.value_or(date{}); });
      if (l.einddatum && latest->einddatum && *l.einddatum < *latest->einddatum) add(r.found, "TR414", "9414", where);
    }
    if (std::ranges::any_of(group, [](const levering* x) { return !x->temporary(); })) {
      add(r.found, "TR415", "9415", where);  // nothing after a definitive stop
    }
    product_code_rule(in, l.categorie, l.code, l.begindatum, where, r.found);
    state.active.push_back(l);
    r.delta.new_leveringen.push_back(std::move(l));
  }
}

}  // namespace iwmo::rules::cross
