// The toezicht use cases of the service (docs/api.md, "Signals, cases and the toezicht desk"):
// the signal queue, signal detail and BSN reveal, provider profiles, cases with notes and
// attachments, exports and the audit trail. Only toezicht officers see any of it, within the
// municipalities they work for. Every read of personal data is written to the audit trail
// before the data is returned: when the audit entry cannot be written, nothing is shown.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/csv_field.hpp"
#include "app/service.hpp"
#include "app/signal_run.hpp"
#include "log/log.hpp"
#include "store/review.hpp"
#include "store/store.hpp"

namespace iwmo::app {

namespace json = boost::json;

namespace {

failure forbidden(std::string text) { return {api_errc::forbidden, std::move(text)}; }
failure not_found(std::string text) { return {api_errc::not_found, std::move(text)}; }
failure bad_request(std::string text) { return {api_errc::bad_request, std::move(text)}; }
failure conflict(std::string text) { return {api_errc::conflict, std::move(text)}; }

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<failure> toezicht_only(const principal& who) {
  if (who.role != role::toezicht) return forbidden("signals, cases and provider profiles are for toezicht officers");
  return std::nullopt;
}

constexpr std::array<std::string_view, 5> statuses{"nieuw", "in_onderzoek", "gegrond", "ongegrond", "afgesloten"};

// The case workflow: nieuw -> in_onderzoek -> gegrond | ongegrond -> afgesloten; a decided case
// may be reopened (back to in_onderzoek); a closed case is final.
bool allowed_move(std::string_view from, std::string_view to) {
  if (from == "nieuw") return to == "in_onderzoek";
  if (from == "in_onderzoek") return to == "gegrond" || to == "ongegrond";
  if (from == "gegrond" || from == "ongegrond") return to == "afgesloten" || to == "in_onderzoek";
  return false;
}

std::optional<std::string> string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::string trimmed(std::string_view s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  const auto b = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(a, b - a + 1));
}

// A list of signal ids from a request body; nullopt when it is not a non-empty array of strings.
std::optional<std::vector<std::string>> signal_ids(const json::object& body) {
  const auto* v = body.if_contains("signals");
  if (v == nullptr || !v->is_array() || v->as_array().empty() || v->as_array().size() > 1000) return std::nullopt;
  std::vector<std::string> out;  // in the order given, each once
  for (const auto& x : v->as_array()) {
    if (!x.is_string()) return std::nullopt;
    std::string id(x.as_string());
    if (std::ranges::find(out, id) == out.end()) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace

namespace {

// Shared by the handlers below: the caller's database connection, settings and principal.
struct review_context {
  store::database& db;
  store::review_store review;
  const service_settings& settings;
  const principal& who;
  std::function<std::string()> now;

  review_context(store::database& d, const service_settings& s, const principal& p)
      : db(d), review(d), settings(s), who(p), now(s.now) {}

  // Writes an audit entry; false when it could not be written (then nothing may be shown).
  bool audit(std::string_view action, std::string_view object, const json::object& detail = {}) {
    try {
      (void)review.audit(now(), who.display(), action, object, json::serialize(detail));
      return true;
    } catch (const std::exception& e) {
      log::error("audit.write_failed", {{"action", action}, {"error", e.what()}});
      return false;
    }
  }

  json::object signal_json(const store::signal_row& s, bool with_evidence) {
    const auto* rule = signals::find_rule(s.rule);
    json::array clients;
    for (const auto& [pseudonym, bsn] : s.clients) {
      clients.push_back(json::object{{"pseudonym", pseudonym}, {"bsn_masked", mask_bsn(bsn)}});
    }
    json::array cases;
    for (const auto c : s.cases) cases.push_back(c);
    json::object o{{"id", s.id},
                   {"rule", s.rule},
                   {"rule_title", rule ? std::string(rule->title) : s.rule},
                   {"severity", s.severity},
                   {"gemeente", s.gemeente},
                   {"gemeente_naam", settings.reference->gemeente_naam(s.gemeente)},
                   {"aanbieder", s.aanbieder},
                   {"aanbieder_naam", settings.reference->aanbieder_naam(s.aanbieder)},
                   {"toewijzing", s.toewijzing ? json::value(*s.toewijzing) : json::value(nullptr)},
                   {"product", s.product ? json::value(*s.product) : json::value(nullptr)},
                   {"clients", std::move(clients)},
                   {"period_begin", s.period_begin},
                   {"period_end", s.period_end},
                   {"explanation", s.explanation},
                   {"active", s.active},
                   {"first_seen", s.first_seen},
                   {"last_seen", s.last_seen},
                   {"cases", std::move(cases)}};
    if (with_evidence) {
      auto evidence = evidence_of(s);
      o["figures"] = evidence["figures"];
      json::array messages;
      if (const auto* ids = evidence.if_contains("message_ids"); ids != nullptr && ids->is_array()) {
        for (const auto& id : ids->as_array()) {
          if (!id.is_int64()) continue;
          const auto m = db.summary(id.as_int64());
          if (!m) continue;
          const auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
          messages.push_back(json::object{{"id", m->id},
                                          {"type", opt(m->type)},
                                          {"identificatie", opt(m->identificatie)},
                                          {"dagtekening", opt(m->dagtekening)},
                                          {"received_at", m->received_at},
                                          {"verdict", m->verdict}});
        }
      }
      o["messages"] = std::move(messages);
    }
    return o;
  }

  static json::object case_summary(const store::case_row& c) {
    const auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
    return json::object{{"id", c.id},
                        {"title", c.title},
                        {"status", c.status},
                        {"gemeente", c.gemeente},
                        {"aanbieder", c.aanbieder},
                        {"assignee", opt(c.assignee)},
                        {"decision", opt(c.decision)},
                        {"created_at", c.created_at},
                        {"created_by", c.created_by},
                        {"updated_at", c.updated_at},
                        {"signal_count", c.signal_count}};
  }

  json::object case_full(const store::case_row& c) {
    auto o = case_summary(c);
    o["aanbieder_naam"] = settings.reference->aanbieder_naam(c.aanbieder);
    o["gemeente_naam"] = settings.reference->gemeente_naam(c.gemeente);
    json::array list;
    for (const auto& id : review.case_signals(c.id)) {
      if (const auto s = review.signal(id)) list.push_back(signal_json(*s, false));
    }
    o["signals"] = std::move(list);
    json::array notes;
    for (const auto& n : review.notes(c.id)) {
      notes.push_back(json::object{{"id", n.id}, {"author", n.author}, {"at", n.at}, {"text", n.text}});
    }
    o["notes"] = std::move(notes);
    json::array attachments;
    for (const auto& a : review.attachments(c.id)) {
      attachments.push_back(
          json::object{{"id", a.id}, {"reference", a.reference}, {"label", a.label}, {"author", a.author}, {"at", a.at}});
    }
    o["attachments"] = std::move(attachments);
    store::audit_filter f;
    f.object = fmt::format("case:{}", c.id);
    f.limit = 1000;
    auto entries = review.audit_entries(f);
    std::ranges::reverse(entries);  // oldest first: the case's history in order
    json::array events;
    for (const auto& e : entries) events.push_back(audit_json(e));
    o["events"] = std::move(events);
    return o;
  }

  static json::object audit_json(const store::audit_row& e) {
    std::error_code ec;
    auto detail = json::parse(e.detail_json, ec);
    if (ec) detail = json::object{};
    return json::object{{"id", e.id},         {"at", e.at},         {"principal", e.principal},
                        {"action", e.action}, {"object", e.object}, {"detail", std::move(detail)}};
  }

  // A case the caller may see, or why not.
  outcome<store::case_row> visible_case(std::int64_t id) {
    auto c = review.case_of(id);
    if (!c) return not_found(fmt::format("no case {}", id));
    if (!who.serves(c->gemeente)) return forbidden(fmt::format("case {} is about gemeente {}, which you do not work for", id, c->gemeente));
    return std::move(*c);
  }

  // The signals of a request, all existing and in scope, or why not.
  outcome<std::vector<store::signal_row>> visible_signals(const std::vector<std::string>& ids) {
    std::vector<store::signal_row> out;
    for (const auto& id : ids) {
      auto s = review.signal(id);
      if (!s) return not_found(fmt::format("no signal {}", id));
      if (!who.serves(s->gemeente)) return forbidden(fmt::format("signal {} is about gemeente {}, which you do not work for", id, s->gemeente));
      out.push_back(std::move(*s));
    }
    return out;
  }
};

failure audit_unavailable() {
  return {api_errc::unavailable, "the audit trail cannot be written now, so nothing is shown; try again"};
}
}  // namespace

outcome<json::object> service::signal_list(const principal& who, const signal_query& q) {
  if (auto f = toezicht_only(who)) return *f;
  if (q.gemeente && !digits(*q.gemeente, 4)) return bad_request("gemeente is a CBS code (four digits)");
  if (q.aanbieder && !digits(*q.aanbieder, 8)) return bad_request("aanbieder is an AGB code (eight digits)");
  if (q.rule && signals::find_rule(*q.rule) == nullptr) return bad_request(fmt::format("no signal rule '{}'", *q.rule));
  if (q.severity && !signals::parse_severity(*q.severity)) return bad_request("severity is laag, middel or hoog");
  if (q.limit < 1 || q.limit > 500) return bad_request("limit is 1 to 500");
  if (q.offset < 0) return bad_request("offset is 0 or more");
  if (q.gemeente && !who.serves(*q.gemeente)) return forbidden(fmt::format("you do not work for gemeente {}", *q.gemeente));
  store::signal_filter f;
  f.gemeente = q.gemeente;
  f.aanbieder = q.aanbieder;
  f.rule = q.rule;
  f.severity = q.severity;
  if (q.period) {
    const auto first = model::date::parse(*q.period + "-01");
    if (q.period->size() != 7 || !first) return bad_request("period is a month (YYYY-MM)");
    f.overlaps = std::pair{first->to_string(), first->last_of_month().to_string()};
  }
  if (q.status) {
    if (*q.status == "open") f.cases = store::signal_filter::in_case::no;
    else if (*q.status == "in_case") f.cases = store::signal_filter::in_case::yes;
    else if (*q.status != "all") return bad_request("status is open, in_case or all");
  }
  if (q.active) {
    if (*q.active == "false") f.active = store::signal_filter::activity::inactive;
    else if (*q.active == "all") f.active = store::signal_filter::activity::any;
    else if (*q.active != "true") return bad_request("active is true, false or all");
  }
  f.scope = who.gemeenten;
  f.offset = q.offset;
  f.limit = q.limit;
  review_context ctx(local_db(), settings_, who);
  json::object filter;
  for (const auto& [k, v] : {std::pair{"gemeente", q.gemeente}, {"aanbieder", q.aanbieder}, {"rule", q.rule},
                             {"severity", q.severity}, {"period", q.period}, {"status", q.status}}) {
    if (v) filter[k] = *v;
  }
  if (!ctx.audit("signals.list", "", json::object{{"filter", filter}, {"offset", q.offset}})) return audit_unavailable();
  const auto [rows, total] = ctx.review.signals(f);
  json::array list;
  for (const auto& s : rows) list.push_back(ctx.signal_json(s, false));
  const auto last_run = ctx.review.last_run_at();
  return json::object{{"signals", std::move(list)},
                      {"total", total},
                      {"offset", q.offset},
                      {"limit", q.limit},
                      {"last_run", last_run ? json::value(*last_run) : json::value(nullptr)}};
}

outcome<json::object> service::signal_rules(const principal& who) {
  if (auto f = toezicht_only(who)) return *f;
  json::array list;
  for (const auto& r : signals::rules()) {
    list.push_back(json::object{{"id", r.id},
                                {"title", r.title},
                                {"severity", signals::to_string(r.severity)},
                                {"description", r.description}});
  }
  return json::object{{"rules", std::move(list)}, {"principal", who.display()}};
}

outcome<json::object> service::signal_detail(const principal& who, const std::string& id) {
  if (auto f = toezicht_only(who)) return *f;
  review_context ctx(local_db(), settings_, who);
  const auto s = ctx.review.signal(id);
  if (!s) return not_found(fmt::format("no signal {}", id));
  if (!who.serves(s->gemeente)) return forbidden(fmt::format("signal {} is about gemeente {}, which you do not work for", id, s->gemeente));
  if (!ctx.audit("signal.view", "signal:" + id)) return audit_unavailable();
  return ctx.signal_json(*s, true);
}

outcome<json::object> service::signal_reveal(const principal& who, const std::string& id) {
  if (auto f = toezicht_only(who)) return *f;
  review_context ctx(local_db(), settings_, who);
  const auto s = ctx.review.signal(id);
  if (!s) return not_found(fmt::format("no signal {}", id));
  if (!who.serves(s->gemeente)) return forbidden(fmt::format("signal {} is about gemeente {}, which you do not work for", id, s->gemeente));
  json::array pseudonyms;
  for (const auto& c : s->clients) pseudonyms.push_back(json::string(c.first));
  if (!ctx.audit("signal.reveal_bsn", "signal:" + id, json::object{{"clients", pseudonyms}})) return audit_unavailable();
  json::array clients;
  for (const auto& [pseudonym, bsn] : s->clients) clients.push_back(json::object{{"pseudonym", pseudonym}, {"bsn", bsn}});
  return json::object{{"signal", id}, {"clients", std::move(clients)}};
}

outcome<json::object> service::signal_run(const principal& who) {
  if (who.role != role::toezicht && who.role != role::admin) return forbidden("running the signals is for toezicht and admins");
  review_context ctx(local_db(), settings_, who);
  if (!ctx.audit("signals.run", "")) return audit_unavailable();
  return run_signals_now();
}

outcome<json::object> service::provider_profile(const principal& who, const std::string& agb,
                                                const std::optional<std::string>& gemeente) {
  if (auto f = toezicht_only(who)) return *f;
  if (!digits(agb, 8)) return bad_request("an aanbieder is an AGB code (eight digits)");
  if (gemeente && !digits(*gemeente, 4)) return bad_request("gemeente is a CBS code (four digits)");
  if (gemeente && !who.serves(*gemeente)) return forbidden(fmt::format("you do not work for gemeente {}", *gemeente));
  std::vector<std::string> scope = gemeente ? std::vector<std::string>{*gemeente} : who.gemeenten;
  review_context ctx(local_db(), settings_, who);
  if (!ctx.audit("provider.view", "provider:" + agb, gemeente ? json::object{{"gemeente", *gemeente}} : json::object{})) {
    return audit_unavailable();
  }
  const auto months = ctx.review.provider_months(agb, scope);
  store::signal_filter f;
  f.aanbieder = agb;
  f.scope = scope;
  f.limit = 5000;
  f.details = false;  // counted per rule and month: no clients or cases needed
  const auto [rows, total] = ctx.review.signals(f);
  f.limit = 50;
  f.details = true;
  const auto shown = ctx.review.signals(f).first;

  std::map<std::string, json::object> by_month;  // maand -> figures, summed over gemeenten
  std::set<std::string> gemeenten;
  for (const auto& m : months) {
    gemeenten.insert(m.gemeente);
    auto& o = by_month[m.maand];
    const auto add = [&](const char* key, std::int64_t v) { o[key] = (o.contains(key) ? o[key].as_int64() : 0) + v; };
    add("declared", m.declared);
    add("approved", m.approved);
    add("rejected", m.rejected);
    add("clients", m.clients);
    add("signals", 0);
  }
  std::map<std::string, std::int64_t> per_rule;
  for (const auto& s : rows) {
    ++per_rule[s.rule];
    gemeenten.insert(s.gemeente);
    const auto maand = s.period_begin.substr(0, 7);
    auto& o = by_month[maand];
    for (const char* key : {"declared", "approved", "rejected", "clients"}) {
      if (!o.contains(key)) o[key] = 0;
    }
    o["signals"] = (o.contains("signals") ? o["signals"].as_int64() : 0) + 1;
  }
  // From the first to the last month with anything declared or signalled: a toewijzing's ledger
  // runs over its whole period, also the months before the aanbieder declared anything.
  const auto active = [](const json::object& o) {
    return std::ranges::any_of(std::array{"declared", "approved", "rejected", "clients", "signals"},
                               [&](const char* k) { return o.contains(k) && o.at(k).as_int64() != 0; });
  };
  auto first = std::ranges::find_if(by_month, [&](const auto& m) { return active(m.second); });
  auto last = by_month.end();
  while (last != first && !active(std::prev(last)->second)) --last;
  json::array month_list;
  for (auto it = first; it != last; ++it) {
    it->second["maand"] = it->first;
    month_list.push_back(std::move(it->second));
  }
  json::array rule_list;
  for (const auto& r : signals::rules()) {
    const auto it = per_rule.find(std::string(r.id));
    if (it == per_rule.end()) continue;
    rule_list.push_back(json::object{{"rule", r.id}, {"title", r.title}, {"count", it->second}});
  }
  json::array signal_list;
  for (const auto& row : shown) signal_list.push_back(ctx.signal_json(row, false));
  json::array gemeente_list;
  for (const auto& g : gemeenten) gemeente_list.push_back(json::string(g));
  return json::object{{"aanbieder", agb},
                      {"naam", settings_.reference->aanbieder_naam(agb)},
                      {"gemeenten", std::move(gemeente_list)},
                      {"months", std::move(month_list)},
                      {"signals_by_rule", std::move(rule_list)},
                      {"signal_total", total},
                      {"signals", std::move(signal_list)}};
}

outcome<json::object> service::case_list(const principal& who, const case_query& q) {
  if (auto f = toezicht_only(who)) return *f;
  if (q.status && std::ranges::find(statuses, *q.status) == statuses.end()) {
    return bad_request("status is nieuw, in_onderzoek, gegrond, ongegrond or afgesloten");
  }
  if (q.gemeente && !digits(*q.gemeente, 4)) return bad_request("gemeente is a CBS code (four digits)");
  if (q.gemeente && !who.serves(*q.gemeente)) return forbidden(fmt::format("you do not work for gemeente {}", *q.gemeente));
  review_context ctx(local_db(), settings_, who);
  if (!ctx.audit("cases.list", "")) return audit_unavailable();
  store::case_filter f{q.status, q.assignee, q.gemeente, who.gemeenten, 500};
  json::array list;
  for (const auto& c : ctx.review.cases(f)) {
    auto o = review_context::case_summary(c);
    o["aanbieder_naam"] = settings_.reference->aanbieder_naam(c.aanbieder);
    list.push_back(std::move(o));
  }
  return json::object{{"cases", std::move(list)}};
}

outcome<json::object> service::case_create(const principal& who, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto title = trimmed(string_field(body, "title").value_or(""));
  if (title.empty() || title.size() > 200) return bad_request("a case needs a title of 1 to 200 characters");
  const auto ids = signal_ids(body);
  if (!ids) return bad_request("signals is a list of 1 to 1000 signal ids");
  std::optional<std::string> assignee;
  if (const auto a = string_field(body, "assignee"); a && !trimmed(*a).empty()) assignee = trimmed(*a);
  review_context ctx(local_db(), settings_, who);
  auto found = ctx.visible_signals(*ids);
  if (auto* f = std::get_if<failure>(&found)) return *f;
  // A case is about one gemeente (the first signal's), so that whoever works for it may see all of it.
  const auto& first = std::get<0>(found).front();
  for (const auto& x : std::get<0>(found)) {
    if (x.gemeente != first.gemeente) {
      return bad_request(fmt::format("signal {} is about gemeente {} and {} about {}: a case is about one gemeente", first.id,
                                     first.gemeente, x.id, x.gemeente));
    }
  }
  const auto now = settings_.now();
  const auto id = ctx.review.add_case(title, first.gemeente, first.aanbieder, assignee, who.display(), now, *ids);
  json::array list;
  for (const auto& s : *ids) list.push_back(json::string(s));
  (void)ctx.audit("case.create", fmt::format("case:{}", id), json::object{{"title", title}, {"signals", list}});
  log::info("case.created", {{"case", id}, {"signals", static_cast<std::int64_t>(ids->size())}});
  return ctx.case_full(*ctx.review.case_of(id));
}

outcome<json::object> service::case_detail(const principal& who, std::int64_t id) {
  if (auto f = toezicht_only(who)) return *f;
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (!ctx.audit("case.view", fmt::format("case:{}", id))) return audit_unavailable();
  return ctx.case_full(std::get<0>(c));
}

outcome<json::object> service::case_status(const principal& who, std::int64_t id, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto to = string_field(body, "status");
  if (!to || std::ranges::find(statuses, *to) == statuses.end()) {
    return bad_request("status is nieuw, in_onderzoek, gegrond, ongegrond or afgesloten");
  }
  std::optional<std::string> decision;
  if (const auto d = string_field(body, "decision"); d && !trimmed(*d).empty()) decision = trimmed(*d);
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  const auto from = std::get<0>(c).status;
  if (!allowed_move(from, *to)) return conflict(fmt::format("case {} is {}; it cannot become {}", id, from, *to));
  if ((*to == "gegrond" || *to == "ongegrond") && !decision) {
    return bad_request(fmt::format("a case becomes {} with a decision: give its motivation", *to));
  }
  ctx.review.set_case_status(id, *to, decision, settings_.now());
  json::object detail{{"from", from}, {"to", *to}};
  if (decision) detail["decision"] = *decision;
  (void)ctx.audit("case.status", fmt::format("case:{}", id), detail);
  return ctx.case_full(*ctx.review.case_of(id));
}

outcome<json::object> service::case_assign(const principal& who, std::int64_t id, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto* v = body.if_contains("assignee");
  if (v == nullptr || !(v->is_string() || v->is_null())) return bad_request("assignee is a name, or null to unassign");
  std::optional<std::string> assignee;
  if (v->is_string() && !trimmed(v->as_string()).empty()) assignee = trimmed(v->as_string());
  if (assignee && assignee->size() > 200) return bad_request("assignee is at most 200 characters");
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (std::get<0>(c).status == "afgesloten") return conflict(fmt::format("case {} is closed", id));
  ctx.review.set_case_assignee(id, assignee, settings_.now());
  (void)ctx.audit("case.assign", fmt::format("case:{}", id),
                  json::object{{"from", std::get<0>(c).assignee ? json::value(*std::get<0>(c).assignee) : json::value(nullptr)},
                               {"to", assignee ? json::value(*assignee) : json::value(nullptr)}});
  return ctx.case_full(*ctx.review.case_of(id));
}

outcome<json::object> service::case_note(const principal& who, std::int64_t id, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto text = trimmed(string_field(body, "text").value_or(""));
  if (text.empty() || text.size() > 20000) return bad_request("a note is a text of 1 to 20,000 characters");
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (std::get<0>(c).status == "afgesloten") return conflict(fmt::format("case {} is closed", id));
  const auto at = settings_.now();
  const auto note = ctx.review.add_note(id, who.display(), at, text);
  (void)ctx.audit("case.note", fmt::format("case:{}", id), json::object{{"note", note}});
  return json::object{{"id", note}, {"case", id}, {"author", who.display()}, {"at", at}, {"text", text}};
}

outcome<json::object> service::case_add_signals(const principal& who, std::int64_t id, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto ids = signal_ids(body);
  if (!ids) return bad_request("signals is a list of 1 to 1000 signal ids");
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (std::get<0>(c).status == "afgesloten") return conflict(fmt::format("case {} is closed", id));
  auto found = ctx.visible_signals(*ids);
  if (auto* f = std::get_if<failure>(&found)) return *f;
  for (const auto& x : std::get<0>(found)) {
    if (x.gemeente != std::get<0>(c).gemeente) {
      return bad_request(fmt::format("signal {} is about gemeente {}; case {} is about {}", x.id, x.gemeente, id,
                                     std::get<0>(c).gemeente));
    }
  }
  ctx.review.add_case_signals(id, *ids, settings_.now());
  json::array list;
  for (const auto& s : *ids) list.push_back(json::string(s));
  (void)ctx.audit("case.signals", fmt::format("case:{}", id), json::object{{"signals", list}});
  return ctx.case_full(*ctx.review.case_of(id));
}

outcome<json::object> service::case_attachment(const principal& who, std::int64_t id, const json::object& body) {
  if (auto f = toezicht_only(who)) return *f;
  const auto reference = trimmed(string_field(body, "reference").value_or(""));
  const auto label = trimmed(string_field(body, "label").value_or(""));
  if (reference.empty() || reference.size() > 500) return bad_request("an attachment needs a reference of 1 to 500 characters");
  if (label.size() > 200) return bad_request("a label is at most 200 characters");
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (std::get<0>(c).status == "afgesloten") return conflict(fmt::format("case {} is closed", id));
  const auto at = settings_.now();
  const auto a = ctx.review.add_attachment(id, reference, label, who.display(), at);
  (void)ctx.audit("case.attachment", fmt::format("case:{}", id), json::object{{"attachment", a}, {"reference", reference}});
  return json::object{{"id", a}, {"case", id}, {"reference", reference}, {"label", label}, {"author", who.display()}, {"at", at}};
}

outcome<document> service::case_export(const principal& who, std::int64_t id, const std::string& format, bool include_bsn) {
  if (auto f = toezicht_only(who)) return *f;
  if (format != "json" && format != "csv") return bad_request("format is json or csv");
  review_context ctx(local_db(), settings_, who);
  auto c = ctx.visible_case(id);
  if (auto* f = std::get_if<failure>(&c)) return *f;
  if (!ctx.audit("case.export", fmt::format("case:{}", id), json::object{{"format", format}, {"include_bsn", include_bsn}})) {
    return audit_unavailable();
  }
  const auto& k = std::get<0>(c);
  std::vector<store::signal_row> signals;
  for (const auto& s : ctx.review.case_signals(id)) {
    if (auto row = ctx.review.signal(s)) signals.push_back(std::move(*row));
  }
  document out;
  if (format == "csv") {
    out.content_type = "text/csv; charset=utf-8";
    out.filename = fmt::format("zaak-{}.csv", id);
    out.body = "case_id,case_title,case_status,decision,signal_id,rule,severity,gemeente,aanbieder,toewijzing,product,"
               "period_begin,period_end,client,bsn,explanation\r\n";
    for (const auto& s : signals) {
      std::vector<std::pair<std::string, std::string>> clients = s.clients;
      if (clients.empty()) clients.emplace_back("", "");
      for (const auto& [pseudonym, bsn] : clients) {
        out.body += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", k.id, csv_field(k.title), k.status,
                                csv_field(k.decision.value_or("")), s.id, s.rule, s.severity, s.gemeente, s.aanbieder,
                                s.toewijzing ? std::to_string(*s.toewijzing) : "", csv_field(s.product.value_or("")),
                                s.period_begin, s.period_end, pseudonym,
                                include_bsn ? bsn : (bsn.empty() ? "" : mask_bsn(bsn)), csv_field(s.explanation));
      }
    }
    return out;
  }
  auto doc = ctx.case_full(k);
  json::array full;
  for (const auto& s : signals) {
    auto o = ctx.signal_json(s, true);
    if (include_bsn) {
      json::array clients;
      for (const auto& [pseudonym, bsn] : s.clients) clients.push_back(json::object{{"pseudonym", pseudonym}, {"bsn", bsn}});
      o["clients"] = std::move(clients);
    }
    full.push_back(std::move(o));
  }
  doc["signals"] = std::move(full);
  doc["exported_at"] = settings_.now();
  doc["exported_by"] = who.display();
  doc["format"] = "iwmo-gateway case export 1";
  out.content_type = "application/json";
  out.filename = fmt::format("zaak-{}.json", id);
  out.body = json::serialize(doc);
  return out;
}

outcome<json::object> service::audit_list(const principal& who, const audit_query& q) {
  if (who.role != role::toezicht && who.role != role::admin) return forbidden("the audit trail is for toezicht and admins");
  if (q.limit < 1 || q.limit > 1000) return bad_request("limit is 1 to 1000");
  review_context ctx(local_db(), settings_, who);
  // An officer who works for some municipalities reads the entries of one object in scope.
  if (who.role == role::toezicht && !who.gemeenten.empty()) {
    if (!q.object) return forbidden("give object (case:N, signal:S... or provider:AGB) within your municipalities");
    const auto& o = *q.object;
    std::optional<std::string> gemeente;
    // An aanbieder's profile is open to every officer (limited to their municipalities), and so is who viewed it.
    if (o.starts_with("provider:")) gemeente = who.gemeenten.front();
    if (o.starts_with("case:")) {
      const auto c = ctx.review.case_of(std::atoll(o.c_str() + 5));
      if (c) gemeente = c->gemeente;
    } else if (o.starts_with("signal:")) {
      const auto s = ctx.review.signal(o.substr(7));
      if (s) gemeente = s->gemeente;
    }
    if (!gemeente || !who.serves(*gemeente)) return forbidden(fmt::format("{} is not within your municipalities", o));
  }
  store::audit_filter f{q.object, q.principal, q.action, q.before, q.limit};
  json::array list;
  for (const auto& e : ctx.review.audit_entries(f)) list.push_back(review_context::audit_json(e));
  return json::object{{"entries", std::move(list)}};
}

}  // namespace iwmo::app
