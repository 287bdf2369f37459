#include "app/signal_run.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace iwmo::app {

namespace json = boost::json;

namespace {

std::int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

std::string upper_no_space(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

signals::dataset load_signal_dataset(store::database& db) {
  signals::dataset d;
  for (const auto& [standard, gemeente, nummer] : db.all_toewijzingen()) {
    d.toewijzingen.push_back(
        {gemeente, nummer, db.toewijzing_state_of(standard, gemeente, nummer), std::string(model::info(standard).domain)});
  }
  store::review_store review(db);
  for (const auto& [declaratie, message] : review.declaratie_messages()) d.declaratie_messages.emplace(declaratie, message);
  d.ledger = db.ledger_all();
  for (auto& a : review.latest_client_addresses()) {
    d.adressen.push_back({std::move(a.gemeente), std::move(a.aanbieder), std::move(a.bsn), std::move(a.key),
                          std::move(a.text), a.message_id});
  }
  return d;
}

std::string pseudonym(std::string_view key, std::string_view bsn) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(bsn.data()),
       bsn.size(), digest, &length);
  std::string out = "K-";
  for (unsigned i = 0; i < 5 && i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string pseudonym_key(store::database& db) {
  store::review_store review(db);
  if (auto key = review.setting("pseudonym_key")) return *key;
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("the system's random source failed");
  std::string hex;
  for (const auto b : random) hex += fmt::format("{:02x}", b);
  return review.setting_or_set("pseudonym_key", hex);
}

std::string mask_bsn(std::string_view bsn) {
  if (bsn.size() <= 3) return std::string(bsn.size(), '*');
  return std::string(bsn.size() - 3, '*') + std::string(bsn.substr(bsn.size() - 3));
}

store::signal_row to_row(const signals::signal& s) {
  store::signal_row r;
  r.id = s.id;
  r.rule = s.rule;
  r.severity = std::string(signals::to_string(s.severity));
  r.gemeente = s.gemeente;
  r.aanbieder = s.aanbieder;
  r.toewijzing = s.toewijzing;
  r.product = s.product;
  r.period_begin = s.period_begin.to_string();
  r.period_end = s.period_end.to_string();
  r.explanation = s.explanation;
  json::array figures;
  for (const auto& f : s.figures) {
    figures.push_back(json::object{{"name", f.name},
                                   {"label", f.label},
                                   {"value", f.value},
                                   {"threshold", f.threshold ? json::value(*f.threshold) : json::value(nullptr)}});
  }
  json::array ids;
  for (const auto id : s.message_ids) ids.push_back(id);
  r.evidence_json = json::serialize(json::object{{"figures", std::move(figures)}, {"message_ids", std::move(ids)}});
  for (const auto& c : s.clients) r.clients.emplace_back(c.pseudonym, c.bsn);
  return r;
}

json::object evidence_of(const store::signal_row& row) {
  std::error_code ec;
  auto v = json::parse(row.evidence_json, ec);
  if (ec || !v.is_object()) return json::object{{"figures", json::array{}}, {"message_ids", json::array{}}};
  return std::move(v.as_object());
}

signal_run_result run_signals(store::database& db, const signals::threshold_set& thresholds, model::date today,
                              std::string_view now) {
  signal_run_result out;
  auto started = std::chrono::steady_clock::now();
  const auto key = pseudonym_key(db);
  const auto data = load_signal_dataset(db);
  out.toewijzingen = data.toewijzingen.size();
  for (const auto& t : data.toewijzingen) out.prestaties += t.state.prestaties.size();
  out.load_ms = ms_since(started);

  started = std::chrono::steady_clock::now();
  signals::run_options options;
  options.today = today;
  options.pseudonym = [&key](std::string_view bsn) { return pseudonym(key, bsn); };
  out.signals = signals::evaluate(data, thresholds, options);
  out.evaluate_ms = ms_since(started);

  started = std::chrono::steady_clock::now();
  std::vector<store::signal_row> rows;
  rows.reserve(out.signals.size());
  for (const auto& s : out.signals) rows.push_back(to_row(s));
  out.counts = store::review_store(db).replace_signals(rows, now, today.to_string(), out.load_ms + out.evaluate_ms);
  out.store_ms = ms_since(started);
  return out;
}

std::optional<store::client_address_row> client_address_of(const model::wmo301& m, std::int64_t message_id) {
  const model::adres* found = nullptr;
  for (const std::string_view soort : {"01", "03", ""}) {
    for (const auto& c : m.client.contactgegevens) {
      if (!c.adres || !c.adres->postcode || !c.adres->huis) continue;
      if (soort.empty() || model::collapse(c.soort) == soort) {
        found = &*c.adres;
        break;
      }
    }
    if (found != nullptr) break;
  }
  if (found == nullptr) return std::nullopt;
  const auto& h = *found->huis;
  const auto letter = h.huisletter ? upper_no_space(*h.huisletter) : std::string();
  const auto toevoeging = h.huisnummer_toevoeging ? upper_no_space(*h.huisnummer_toevoeging) : std::string();
  const auto postcode = upper_no_space(*found->postcode);
  store::client_address_row a;
  a.message_id = message_id;
  a.gemeente = model::collapse(m.header.afzender);
  a.aanbieder = model::collapse(m.header.ontvanger);
  a.bsn = model::collapse(m.client.bsn);
  a.key = fmt::format("{}|{}|{}|{}", postcode, model::collapse(h.huisnummer), letter, toevoeging);
  const auto street = found->straatnaam ? model::collapse(*found->straatnaam) : std::string();
  const auto place = found->plaatsnaam ? model::collapse(*found->plaatsnaam) : std::string();
  a.text = fmt::format("{}{}{}{}{}, {} {}", street, street.empty() ? "" : " ", model::collapse(h.huisnummer), letter,
                       toevoeging.empty() ? "" : "-" + toevoeging, postcode, place);
  return a;
}

}  // namespace iwmo::app
