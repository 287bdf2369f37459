#include "app/pipeline.hpp"

#include <chrono>
#include <ctime>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "app/parties.hpp"
#include "app/signal_run.hpp"
#include "reconcile/ledger.hpp"
#include "rules/answers.hpp"
#include "rules/cross_message.hpp"
#include "store/review.hpp"
#include "xml/message_codec.hpp"

namespace iwmo::app {
namespace {

std::string findings_json(const rules::findings& found) {
  boost::json::array a;
  for (const auto& f : found) a.push_back(boost::json::object{{"rule", f.rule}, {"retourcode", f.retourcode}, {"path", f.path}});
  return boost::json::serialize(a);
}

std::string errors_json(const xml::validation& v) {
  boost::json::array a;
  for (const auto& e : v.errors) a.push_back(boost::json::object{{"line", e.line}, {"column", e.column}, {"text", e.text}});
  return boost::json::serialize(a);
}

// The answer's own identification: numbered by the stored message, so it is unique per
// gateway ("R" for retours, "A" for a WMO325; 12 characters).
rules::answer_identity identity_for(std::int64_t message_id, model::message_type type, model::date today) {
  const char prefix = type == model::message_type::wmo323 ? 'A' : 'R';
  return {fmt::format("{}{:011}", prefix, message_id), today};
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

pipeline::pipeline(std::shared_ptr<const xml::schema_set> schemas, store::database& db, const rules::reference_data& ref,
                   pipeline_options options)
    : checker_(std::move(schemas)), db_(db), ref_(ref), options_(std::move(options)) {
  if (!options_.today) throw std::invalid_argument("pipeline needs a date source");
  if (!options_.now) options_.now = utc_now;
  if (!options_.now_ms) options_.now_ms = epoch_ms;
}

prepared pipeline::check(std::string_view bytes, const refusal& refuse) {
  prepared p;
  // Levels 1 and 2 need no state: outside the transaction.
  p.checked = checker_.check(bytes, rules::rule_context{});
  if (refuse && p.checked.message) p.refused = refuse(*p.checked.message);
  if (!p.refused) p.sha256 = sha256_hex(bytes);
  return p;
}

processed pipeline::submit(std::string_view bytes, std::string_view source, const refusal& refuse) {
  auto p = check(bytes, refuse);
  if (p.refused) {
    processed out;
    out.validation = p.checked.validation;
    out.type = p.checked.validation.message;
    out.refused = std::move(p.refused);
    return out;
  }
  auto tx = db_.begin();
  auto out = store_checked(p, bytes, source);
  fault("before_commit");
  tx.commit();
  return out;
}

processed pipeline::store_checked(const prepared& ready, std::string_view bytes, std::string_view source) {
  processed out;
  const auto today = options_.today();
  const auto& checked = ready.checked;
  out.validation = checked.validation;
  out.type = checked.validation.message;

  store::message_row row;
  row.received_at = options_.now();
  row.source = std::string(source);
  row.sha256 = ready.sha256.empty() ? sha256_hex(bytes) : ready.sha256;
  row.bytes = std::string(bytes);
  row.errors_json = errors_json(checked.validation);
  if (out.type) row.type = std::string(out.type->name);
  if (checked.message) {
    const auto h = model::header_of(*checked.message);
    row.sender = *h.afzender;
    row.receiver = *h.ontvanger;
    row.identificatie = model::collapse(h.identificatie->identificatie);
    row.dagtekening = h.identificatie->dagtekening;
  }

  if (!checked.message) {
    // Level 1: no answer; the sender learns it from the transport.
    row.verdict = "schema";
    out.message_id = db_.add_message(row);
    fault("message_stored");
    out.verdict = row.verdict;
    return out;
  }

  const auto& message = *checked.message;
  const auto type = out.type->type;
  const auto standard = out.type->std;  // iWmo or iJw: the state and history of that domain
  const bool heen = model::is_heen(type);
  rules::state_delta delta;
  bool changes_state = false;
  if (!checked.findings.empty()) {
    out.findings = checked.findings;  // level 2: rejected as a whole, 0001
    row.verdict = heen ? "rejected" : "stored";
  } else {
    auto result = rules::evaluate_cross_message(message, db_.history(standard), ref_, rules::rule_context{today});
    out.findings = std::move(result.found);
    delta = std::move(result.delta);
    if (!heen) {
      row.verdict = "stored";
    } else if (type == model::message_type::wmo323) {
      changes_state = delta.declaratie.has_value();  // processed unless the Header or Declaratie failed
      // accepted: every line approved; partial: some; rejected: none, or not processed at all.
      const auto approved = std::ranges::count_if(delta.prestaties, [](const auto& p) { return p.approved; });
      const auto lines = static_cast<std::ptrdiff_t>(delta.prestaties.size());
      row.verdict = !changes_state || approved == 0 ? "rejected" : (approved == lines ? "accepted" : "partial");
    } else {
      changes_state = out.findings.empty();  // any level-3/4 finding rejects the whole message
      row.verdict = changes_state ? "accepted" : "rejected";
    }
  }
  row.findings_json = findings_json(out.findings);
  out.verdict = row.verdict;
  out.message_id = db_.add_message(row);
  fault("message_stored");

  // TR056: every identifier of a message that reached the content rules counts as used.
  db_.register_identificatie(*row.sender, *row.type, *row.identificatie, out.message_id);
  db_.add_message_keys(out.message_id, business_keys(message));
  if (changes_state) {
    std::vector<store::toewijzing_key> touched;
    for (auto& [gemeente, nummer] : db_.apply(out.message_id, delta, standard)) {
      touched.push_back({standard, std::move(gemeente), nummer});
    }
    if (const auto* toewijzing = std::get_if<model::wmo301>(&message)) {
      if (const auto a = client_address_of(*toewijzing, out.message_id)) store::review_store(db_).add_client_address(*a);
    }
    fault("state_applied");
    update_ledger(touched);
    fault("ledger_updated");
    // Routing (outbox pattern): the accepted message waits in its recipient's mailbox, and is
    // queued for push when the recipient has an endpoint — in this same transaction.
    const auto recipient = recipient_of(message).id();
    out.mailbox_id = db_.add_mailbox(out.message_id, recipient, row.received_at);
    if (options_.push_endpoint) {
      if (const auto endpoint = options_.push_endpoint(recipient)) {
        db_.add_outbox(*out.mailbox_id, *endpoint, options_.now_ms());
        out.push_queued = true;
      }
    }
    fault("routed");
  }
  if (heen) {
    const auto verdict = rules::make_verdict(message, out.findings);
    auto composed = rules::compose_answer(message, verdict, identity_for(out.message_id, type, today));
    if (composed) {
      auto xml = xml::write_message(*composed);
      const auto h = model::header_of(*composed);
      const auto answer_type = model::info_of(*composed).name;
      // A retour is identified by IdentificatieRetour, a WMO325 by its own BerichtIdentificatie.
      std::string answer_id = h.identificatie->identificatie;
      std::visit(
          [&](const auto& m) {
            if constexpr (requires { m.header.identificatie_retour; }) answer_id = m.header.identificatie_retour;
          },
          *composed);
      db_.add_answer({out.message_id, std::string(answer_type), answer_id, today.to_string(), xml});
      out.reply = answer{std::move(*composed), std::move(xml)};
      fault("answer_stored");
    }
  }
  return out;
}

void pipeline::update_ledger(const std::vector<store::toewijzing_key>& touched) {
  for (const auto& [standard, gemeente, nummer] : touched) {
    const auto state = db_.toewijzing_state_of(standard, gemeente, nummer);
    db_.replace_ledger(standard, gemeente, nummer, reconcile::compute_ledger(gemeente, nummer, state, ref_));
  }
}

void pipeline::rebuild_ledger() {
  auto tx = db_.begin();
  db_.clear_ledger();
  update_ledger(db_.all_toewijzingen());
  // Client addresses of WMO301s stored before the gateway kept them (schema version 3), read
  // again from their stored bytes.
  store::review_store review(db_);
  for (const auto id : review.toewijzingen_without_address()) {
    const auto row = db_.message(id);
    if (!row) continue;
    const auto checked = checker_.check(row->bytes, rules::rule_context{});
    if (!checked.message) continue;
    if (const auto* m = std::get_if<model::wmo301>(&*checked.message)) {
      if (const auto a = client_address_of(*m, id)) review.add_client_address(*a);
    }
  }
  tx.commit();
}

}  // namespace iwmo::app
