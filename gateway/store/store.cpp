#include "store/store.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "store/schema.hpp"

namespace iwmo::store {
namespace {

namespace st = model::state;

std::string date_text(const model::date& d) { return d.to_string(); }
std::optional<std::string> date_text(const std::optional<model::date>& d) {
  return d ? std::optional<std::string>(d->to_string()) : std::nullopt;
}
model::date to_date(const std::string& text) { return model::date::parse(text).value_or(model::date{}); }
std::optional<model::date> to_date(const std::optional<std::string>& text) {
  return text ? model::date::parse(*text) : std::nullopt;
}
std::optional<std::string> code_of(const std::optional<model::eenheid>& e) {
  return e ? std::optional<std::string>(model::to_code(*e)) : std::nullopt;
}
std::optional<std::string> code_of(const std::optional<model::frequentie>& f) {
  return f ? std::optional<std::string>(model::to_code(*f)) : std::nullopt;
}

constexpr std::string_view toewijzing_columns =
    "id, message_id, gemeente, aanbieder, bsn, nummer, referentie_aanbieder, categorie, code, toewijzingsdatum, "
    "toewijzingstijd, ingangsdatum, einddatum, reden_wijziging, volume, eenheid, frequentie, budget";

st::toewijzing read_toewijzing(const statement& s) {
  st::toewijzing t;
  t.id = s.integer(0);
  t.message_id = s.integer(1);
  t.gemeente = s.text(2);
  t.aanbieder = s.text(3);
  t.bsn = s.text(4);
  t.nummer = s.integer(5);
  t.referentie_aanbieder = s.optional_text(6);
  t.categorie = s.optional_text(7);
  t.code = s.optional_text(8);
  t.toewijzingsdatum = to_date(s.text(9));
  t.toewijzingstijd = s.text(10);
  t.ingangsdatum = to_date(s.text(11));
  t.einddatum = to_date(s.optional_text(12));
  t.reden_wijziging = s.optional_text(13);
  t.volume = s.optional_integer(14);
  if (const auto e = s.optional_text(15)) t.eenheid = model::parse_eenheid(*e);
  if (const auto f = s.optional_text(16)) t.frequentie = model::parse_frequentie(*f);
  t.budget = s.optional_integer(17);
  return t;
}

constexpr std::string_view levering_columns =
    "id, message_id, soort, gemeente, aanbieder, bsn, toewijzing_nummer, categorie, code, toewijzing_ingangsdatum, "
    "begindatum, reden_beeindiging, einddatum";

st::levering read_levering(const statement& s) {
  st::levering l;
  l.id = s.integer(0);
  l.message_id = s.integer(1);
  l.soort = s.text(2) == "stop" ? st::levering::kind::stop : st::levering::kind::start;
  l.gemeente = s.text(3);
  l.aanbieder = s.text(4);
  l.bsn = s.text(5);
  l.toewijzing_nummer = s.optional_integer(6);
  l.categorie = s.optional_text(7);
  l.code = s.optional_text(8);
  l.toewijzing_ingangsdatum = to_date(s.optional_text(9));
  l.begindatum = to_date(s.text(10));
  l.reden_beeindiging = s.optional_text(11);
  l.einddatum = to_date(s.optional_text(12));
  return l;
}

constexpr std::string_view verzoek_columns =
    "id, message_id, soort, status, gemeente, aanbieder, bsn, referentie_aanbieder, dagtekening";

st::verzoek read_verzoek(const statement& s) {
  st::verzoek v;
  v.id = s.integer(0);
  v.message_id = s.integer(1);
  v.soort = s.text(2) == "wijziging" ? st::verzoek::kind::wijziging : st::verzoek::kind::toewijzing;
  const auto status = s.text(3);
  v.status = status == "in_onderzoek" ? st::verzoek::phase::in_onderzoek
             : status == "afgewezen"  ? st::verzoek::phase::afgewezen
             : status == "toegewezen" ? st::verzoek::phase::toegewezen
                                      : st::verzoek::phase::open;
  v.gemeente = s.text(4);
  v.aanbieder = s.text(5);
  v.bsn = s.text(6);
  v.referentie_aanbieder = s.text(7);
  v.dagtekening = to_date(s.text(8));
  return v;
}

constexpr std::string_view prestatie_columns =
    "id, declaratie_id, gemeente, aanbieder, bsn, referentie_nummer, vorig_referentie_nummer, toewijzing_nummer, "
    "categorie, code, begindatum, einddatum, volume, eenheid, tarief, bedrag, debet_credit, status, codes, "
    "credited_by IS NOT NULL";

st::prestatie read_prestatie(const statement& s) {
  st::prestatie p;
  p.id = s.integer(0);
  p.declaratie_id = s.integer(1);
  p.gemeente = s.text(2);
  p.aanbieder = s.text(3);
  p.bsn = s.text(4);
  p.referentie_nummer = s.text(5);
  p.vorig_referentie_nummer = s.optional_text(6);
  p.toewijzing_nummer = s.integer(7);
  p.categorie = s.text(8);
  p.code = s.text(9);
  p.begindatum = to_date(s.text(10));
  p.einddatum = to_date(s.text(11));
  p.volume = s.integer(12);
  p.eenheid = model::parse_eenheid(s.text(13)).value_or(model::eenheid::uur);
  p.tarief = s.optional_integer(14);
  p.bedrag = s.integer(15);
  p.dc = s.text(16) == "C" ? model::debet_credit::credit : model::debet_credit::debet;
  p.approved = s.text(17) == "approved";
  const auto codes = s.text(18);
  for (std::size_t i = 0; i < codes.size(); i += 5) p.codes.push_back(codes.substr(i, 4));
  p.credited = s.integer(19) != 0;
  return p;
}

std::string join_codes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

// The SQL implementation of the rules' view of history.
class sql_history final : public rules::history {
 public:
  sql_history(connection& db, std::string_view domain) : db_(db), domain_(domain) {}

  bool identificatie_used(std::string_view sender, model::message_type type, std::string_view id) const override {
    query q(db_, "SELECT 1 FROM used_identificatie WHERE sender = ?1 AND type = ?2 AND identificatie = ?3");
    q.with(sender, model::info(*model::standard_from_domain(domain_), type).name, id);
    return q->step();
  }

  std::optional<st::toewijzing> current_toewijzing(std::string_view gemeente, std::int64_t nummer) const override {
    query q(db_, fmt::format("SELECT {} FROM toewijzing WHERE domain = ?9 AND gemeente = ?1 AND nummer = ?2 "
                             "ORDER BY toewijzingsdatum DESC, toewijzingstijd DESC, id DESC LIMIT 1",
                             toewijzing_columns));
    q.with(gemeente, nummer);
    q->bind(9, domain_);
    if (!q->step()) return std::nullopt;
    return read_toewijzing(q.get());
  }

  std::vector<st::toewijzing> current_toewijzingen(std::string_view gemeente, std::string_view aanbieder,
                                                   std::string_view bsn) const override {
    std::vector<std::int64_t> numbers;
    {
      query q(db_, "SELECT DISTINCT nummer FROM toewijzing WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND bsn = ?3 ORDER BY nummer");
      q.with(gemeente, aanbieder, bsn);
      q->bind(9, domain_);
      while (q->step()) numbers.push_back(q->integer(0));
    }
    std::vector<st::toewijzing> out;
    for (const auto n : numbers) {
      auto t = current_toewijzing(gemeente, n);
      if (t && t->aanbieder == aanbieder && t->bsn == bsn) out.push_back(std::move(*t));
    }
    return out;
  }

  std::vector<st::levering> leveringen(std::string_view gemeente, std::string_view aanbieder,
                                       std::string_view bsn) const override {
    query q(db_, fmt::format("SELECT {} FROM levering WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND bsn = ?3 "
                             "AND status = '1' AND deleted_by IS NULL ORDER BY id",
                             levering_columns));
    q.with(gemeente, aanbieder, bsn);
    q->bind(9, domain_);
    std::vector<st::levering> out;
    while (q->step()) out.push_back(read_levering(q.get()));
    return out;
  }

  std::optional<st::verzoek> verzoek(std::string_view aanbieder, std::string_view referentie) const override {
    query q(db_, fmt::format("SELECT {} FROM verzoek WHERE domain = ?9 AND aanbieder = ?1 AND referentie_aanbieder = ?2", verzoek_columns));
    q.with(aanbieder, referentie);
    q->bind(9, domain_);
    if (!q->step()) return std::nullopt;
    return read_verzoek(q.get());
  }

  std::vector<st::verzoek> verzoeken(std::string_view gemeente, std::string_view aanbieder,
                                     std::string_view bsn) const override {
    query q(db_, fmt::format("SELECT {} FROM verzoek WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND bsn = ?3 ORDER BY id",
                             verzoek_columns));
    q.with(gemeente, aanbieder, bsn);
    q->bind(9, domain_);
    std::vector<st::verzoek> out;
    while (q->step()) out.push_back(read_verzoek(q.get()));
    return out;
  }

  std::vector<st::antwoord> antwoorden(std::string_view gemeente, std::string_view aanbieder,
                                       std::string_view referentie) const override {
    query q(db_, "SELECT message_id, gemeente, aanbieder, referentie_aanbieder, verzoek_antwoord FROM antwoord "
                 "WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND referentie_aanbieder = ?3 ORDER BY id");
    q.with(gemeente, aanbieder, referentie);
    q->bind(9, domain_);
    std::vector<st::antwoord> out;
    while (q->step()) out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3), q->text(4)});
    return out;
  }

  bool toegewezen_op_verzoek(std::string_view gemeente, std::string_view aanbieder,
                             std::string_view referentie) const override {
    query q(db_, "SELECT 1 FROM toewijzing WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND referentie_aanbieder = ?3 LIMIT 1");
    q.with(gemeente, aanbieder, referentie);
    q->bind(9, domain_);
    return q->step();
  }

  bool declaratie_nummer_used(std::string_view gemeente, std::string_view aanbieder,
                              std::string_view nummer) const override {
    query q(db_, "SELECT 1 FROM declaratie WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND nummer = ?3");
    q.with(gemeente, aanbieder, nummer);
    q->bind(9, domain_);
    return q->step();
  }

  std::optional<model::date> latest_declaratie_periode(std::string_view gemeente,
                                                       std::string_view aanbieder) const override {
    query q(db_, "SELECT MAX(periode_begin) FROM declaratie WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2");
    q.with(gemeente, aanbieder);
    q->bind(9, domain_);
    if (!q->step() || q->is_null(0)) return std::nullopt;
    return model::date::parse(q->text(0));
  }

  std::optional<st::prestatie> prestatie(std::string_view gemeente, std::string_view aanbieder,
                                         std::string_view referentie_nummer) const override {
    query q(db_, fmt::format("SELECT {} FROM prestatie WHERE domain = ?9 AND gemeente = ?1 AND aanbieder = ?2 AND referentie_nummer = ?3 "
                             "ORDER BY id LIMIT 1",  // the line that first used the number (TR314)
                             prestatie_columns));
    q.with(gemeente, aanbieder, referentie_nummer);
    q->bind(9, domain_);
    if (!q->step()) return std::nullopt;
    return read_prestatie(q.get());
  }

  std::vector<st::prestatie> approved_debits(std::string_view gemeente, std::int64_t nummer) const override {
    query q(db_, fmt::format("SELECT {} FROM prestatie WHERE domain = ?9 AND gemeente = ?1 AND toewijzing_nummer = ?2 "
                             "AND debet_credit = 'D' AND status = 'approved' ORDER BY id",
                             prestatie_columns));
    q.with(gemeente, nummer);
    q->bind(9, domain_);
    std::vector<st::prestatie> out;
    while (q->step()) out.push_back(read_prestatie(q.get()));
    return out;
  }

 private:
  connection& db_;
  std::string domain_;
};

}  // namespace

int database::current_version() { return static_cast<int>(migrations().size()); }

database::database(const std::filesystem::path& file) {
  try {
    open(file);
  } catch (const store_error& e) {
    const std::string text = e.what();
    if (text.starts_with(file.string())) throw;
    throw store_error(fmt::format("{}: {}", file.string(), text));
  }
}

void database::open(const std::filesystem::path& file) {
  db_ = std::make_unique<connection>(file);
  {
    query q(*db_, "PRAGMA journal_mode = WAL");
    q->step();
    if (q->text(0) != "wal") throw store_error(fmt::format("{}: cannot switch to WAL mode", file.string()));
  }
  db_->exec("PRAGMA synchronous = FULL");
  db_->exec("PRAGMA cache_size = -65536");  // 64 MiB of pages per connection (the default is 2 MiB)
  const int found = version();
  if (found > current_version()) {
    throw store_error(fmt::format("{} has schema version {}; this gateway knows up to version {}. Use a newer gateway.",
                                  file.string(), found, current_version()));
  }
  // Foreign keys are enforced from here on, but not during a migration: rebuilding a table
  // (SQLite's twelve-step ALTER) drops a table that others refer to. Each migration checks
  // them before it commits.
  const auto all = migrations();
  for (int v = found; v < current_version(); ++v) {
    transaction tx(*db_);
    db_->exec(all[static_cast<std::size_t>(v)]);
    {
      query check(*db_, "PRAGMA foreign_key_check");
      if (check->step()) {
        throw store_error(fmt::format("{}: migration to schema version {} breaks a reference in table {}",
                                      file.string(), v + 1, check->text(0)));
      }
    }
    db_->exec(fmt::format("PRAGMA user_version = {}", v + 1));
    tx.commit();
  }
  db_->exec("PRAGMA foreign_keys = ON");
  for (const auto& s : model::all_standards()) histories_.push_back(std::make_unique<sql_history>(*db_, s.domain));
}

database::~database() = default;

int database::version() {
  query q(*db_, "PRAGMA user_version");
  q->step();
  return static_cast<int>(q->integer(0));
}

transaction database::begin() { return transaction(*db_); }

savepoint database::mark() { return savepoint(*db_); }

const rules::history& database::history(model::standard standard) const {
  return *histories_[static_cast<std::size_t>(standard)];
}

std::int64_t database::add_message(const message_row& m) {
  query q(*db_, "INSERT INTO message (received_at, source, sha256, bytes, type, sender, receiver, identificatie, "
                "dagtekening, verdict, findings, errors) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  q.with(m.received_at, m.source, m.sha256);
  q->bind_blob(4, m.bytes);
  q->bind(5, m.type).bind(6, m.sender).bind(7, m.receiver).bind(8, m.identificatie).bind(9, m.dagtekening);
  q->bind(10, m.verdict).bind(11, m.findings_json).bind(12, m.errors_json);
  q->run();
  return db_->last_insert_id();
}

void database::add_answer(const answer_row& a) {
  query q(*db_, "INSERT INTO answer (message_id, type, identificatie, dagtekening, bytes) VALUES (?1, ?2, ?3, ?4, ?5)");
  q.with(a.message_id, a.type, a.identificatie, a.dagtekening);
  q->bind_blob(5, a.bytes);
  q->run();
}

void database::register_identificatie(std::string_view sender, std::string_view type, std::string_view identificatie,
                                      std::int64_t message_id) {
  query q(*db_, "INSERT OR IGNORE INTO used_identificatie (sender, type, identificatie, message_id) VALUES (?1, ?2, ?3, ?4)");
  q.with(sender, type, identificatie, message_id);
  q->run();
}

std::vector<std::pair<std::string, std::int64_t>> database::apply(std::int64_t message_id, const rules::state_delta& d,
                                                                   model::standard standard) {
  const auto domain = model::info(standard).domain;
  std::vector<std::pair<std::string, std::int64_t>> touched;
  for (const auto& t : d.toewijzingen) {
    query q(*db_, "INSERT INTO toewijzing (message_id, gemeente, aanbieder, bsn, nummer, referentie_aanbieder, categorie, "
                  "code, toewijzingsdatum, toewijzingstijd, ingangsdatum, einddatum, reden_wijziging, volume, eenheid, "
                  "frequentie, budget, domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    q.with(message_id, t.gemeente, t.aanbieder, t.bsn, t.nummer);
    q->bind(18, domain);
    q->bind(6, t.referentie_aanbieder).bind(7, t.categorie).bind(8, t.code);
    q->bind(9, date_text(t.toewijzingsdatum)).bind(10, t.toewijzingstijd).bind(11, date_text(t.ingangsdatum));
    q->bind(12, date_text(t.einddatum)).bind(13, t.reden_wijziging).bind(14, t.volume);
    q->bind(15, code_of(t.eenheid)).bind(16, code_of(t.frequentie)).bind(17, t.budget);
    q->run();
    touched.emplace_back(t.gemeente, t.nummer);
  }
  if (!d.toewijzingen.empty()) {
    for (const auto& ref : d.honoured_requests) {
      query q(*db_, "UPDATE verzoek SET status = 'toegewezen', closed_by = ?1 WHERE aanbieder = ?2 AND referentie_aanbieder = ?3 "
                    "AND status IN ('open', 'in_onderzoek') AND domain = ?4");
      q.with(message_id, d.toewijzingen.front().aanbieder, ref, domain);
      q->run();
    }
  }
  for (const auto id : d.deleted_leveringen) {
    query q(*db_, "UPDATE levering SET deleted_by = ?1 WHERE id = ?2 AND deleted_by IS NULL");
    q.with(message_id, id);
    q->run();
    query copy(*db_, "INSERT INTO levering (message_id, soort, status, gemeente, aanbieder, bsn, toewijzing_nummer, categorie, "
                     "code, toewijzing_ingangsdatum, begindatum, reden_beeindiging, einddatum, deletes, domain) "
                     "SELECT ?1, soort, '3', gemeente, aanbieder, bsn, toewijzing_nummer, categorie, code, "
                     "toewijzing_ingangsdatum, begindatum, reden_beeindiging, einddatum, id, domain FROM levering WHERE id = ?2");
    copy.with(message_id, id);
    copy->run();
    query which(*db_, "SELECT gemeente, toewijzing_nummer FROM levering WHERE id = ?1");
    which.with(id);
    if (which->step() && !which->is_null(1)) touched.emplace_back(which->text(0), which->integer(1));
  }
  for (const auto& l : d.new_leveringen) {
    query q(*db_, "INSERT INTO levering (message_id, soort, status, gemeente, aanbieder, bsn, toewijzing_nummer, categorie, "
                  "code, toewijzing_ingangsdatum, begindatum, reden_beeindiging, einddatum, domain) "
                  "VALUES (?1, ?2, '1', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    q.with(message_id, l.soort == st::levering::kind::stop ? "stop" : "start", l.gemeente, l.aanbieder, l.bsn);
    q->bind(6, l.toewijzing_nummer).bind(7, l.categorie).bind(8, l.code).bind(9, date_text(l.toewijzing_ingangsdatum));
    q->bind(10, date_text(l.begindatum)).bind(11, l.reden_beeindiging).bind(12, date_text(l.einddatum)).bind(13, domain);
    q->run();
    if (l.toewijzing_nummer) touched.emplace_back(l.gemeente, *l.toewijzing_nummer);
  }
  for (const auto& v : d.new_verzoeken) {
    query q(*db_, "INSERT INTO verzoek (message_id, soort, status, gemeente, aanbieder, bsn, referentie_aanbieder, dagtekening, "
                  "domain) VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?6, ?7, ?8)");
    q.with(message_id, v.soort == st::verzoek::kind::wijziging ? "wijziging" : "toewijzing", v.gemeente, v.aanbieder,
           v.bsn, v.referentie_aanbieder, date_text(v.dagtekening), domain);
    q->run();
  }
  if (const auto& a = d.new_antwoord) {
    query q(*db_, "INSERT INTO antwoord (message_id, gemeente, aanbieder, referentie_aanbieder, verzoek_antwoord, domain) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.with(message_id, a->gemeente, a->aanbieder, a->referentie_aanbieder, a->verzoek_antwoord, domain);
    q->run();
    query u(*db_, "UPDATE verzoek SET status = ?1, closed_by = CASE WHEN ?1 = 'afgewezen' THEN ?2 ELSE closed_by END "
                  "WHERE gemeente = ?3 AND aanbieder = ?4 AND referentie_aanbieder = ?5 AND status IN ('open', 'in_onderzoek') "
                  "AND domain = ?6");
    u.with(a->verzoek_antwoord == "1" ? "afgewezen" : "in_onderzoek", message_id, a->gemeente, a->aanbieder,
           a->referentie_aanbieder, domain);
    u->run();
  }
  if (const auto& decl = d.declaratie) {
    query q(*db_, "INSERT INTO declaratie (message_id, gemeente, aanbieder, nummer, periode_begin, periode_eind, ingediend, "
                  "toegekend, domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    q.with(message_id, decl->gemeente, decl->aanbieder, decl->nummer, date_text(decl->periode_begin),
           date_text(decl->periode_eind), decl->ingediend, decl->toegekend, domain);
    q->run();
    const auto declaratie_id = db_->last_insert_id();
    for (const auto& p : d.prestaties) {
      query i(*db_, "INSERT INTO prestatie (declaratie_id, gemeente, aanbieder, bsn, referentie_nummer, vorig_referentie_nummer, "
                    "toewijzing_nummer, categorie, code, begindatum, einddatum, volume, eenheid, tarief, bedrag, debet_credit, "
                    "status, codes, domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                    "?19)");
      i.with(declaratie_id, p.gemeente, p.aanbieder, p.bsn, p.referentie_nummer);
      i->bind(6, p.vorig_referentie_nummer).bind(7, p.toewijzing_nummer).bind(8, p.categorie).bind(9, p.code);
      i->bind(10, date_text(p.begindatum)).bind(11, date_text(p.einddatum)).bind(12, p.volume);
      i->bind(13, model::to_code(p.eenheid)).bind(14, p.tarief).bind(15, p.bedrag);
      i->bind(16, std::string(model::to_code(p.dc))).bind(17, p.approved ? "approved" : "rejected");
      i->bind(18, join_codes(p.codes)).bind(19, domain);
      i->run();
      const auto credit_id = db_->last_insert_id();
      touched.emplace_back(p.gemeente, p.toewijzing_nummer);
      if (p.approved && p.dc == model::debet_credit::credit && p.vorig_referentie_nummer) {
        query c(*db_, "UPDATE prestatie SET credited_by = ?1 WHERE gemeente = ?2 AND aanbieder = ?3 AND referentie_nummer = ?4 "
                      "AND debet_credit = 'D' AND status = 'approved' AND credited_by IS NULL AND domain = ?5");
        c.with(credit_id, p.gemeente, p.aanbieder, *p.vorig_referentie_nummer, domain);
        c->run();
        query w(*db_, "SELECT toewijzing_nummer FROM prestatie WHERE gemeente = ?1 AND aanbieder = ?2 AND referentie_nummer = ?3 "
                      "AND domain = ?4");
        w.with(p.gemeente, p.aanbieder, *p.vorig_referentie_nummer, domain);
        while (w->step()) touched.emplace_back(p.gemeente, w->integer(0));
      }
    }
  }
  std::ranges::sort(touched);
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  return touched;
}

std::optional<message_row> database::message(std::int64_t id) {
  query q(*db_, "SELECT id, received_at, source, sha256, bytes, type, sender, receiver, identificatie, dagtekening, verdict, "
                "findings, errors FROM message WHERE id = ?1");
  q.with(id);
  if (!q->step()) return std::nullopt;
  const auto& s = q.get();
  return message_row{s.integer(0),       s.text(1),          s.text(2),          s.text(3),          s.blob(4),
                     s.optional_text(5), s.optional_text(6), s.optional_text(7), s.optional_text(8), s.optional_text(9),
                     s.text(10),         s.text(11),         s.text(12)};
}

std::optional<answer_row> database::answer(std::int64_t message_id) {
  query q(*db_, "SELECT message_id, type, identificatie, dagtekening, bytes FROM answer WHERE message_id = ?1");
  q.with(message_id);
  if (!q->step()) return std::nullopt;
  return answer_row{q->integer(0), q->text(1), q->text(2), q->text(3), q->blob(4)};
}

std::int64_t database::message_count() {
  query q(*db_, "SELECT COUNT(*) FROM message");
  q->step();
  return q->integer(0);
}

toewijzing_state database::toewijzing_state_of(model::standard standard, std::string_view gemeente, std::int64_t nummer) {
  const auto domain = model::info(standard).domain;
  toewijzing_state out;
  {
    query q(*db_, fmt::format("SELECT {} FROM toewijzing WHERE domain = ?3 AND gemeente = ?1 AND nummer = ?2 "
                              "ORDER BY toewijzingsdatum, toewijzingstijd, id",
                              toewijzing_columns));
    q.with(gemeente, nummer, domain);
    while (q->step()) out.versions.push_back(read_toewijzing(q.get()));
  }
  {
    query q(*db_, fmt::format("SELECT {} FROM levering WHERE domain = ?3 AND gemeente = ?1 AND toewijzing_nummer = ?2 AND status = '1' "
                              "AND deleted_by IS NULL ORDER BY id",
                              levering_columns));
    q.with(gemeente, nummer, domain);
    while (q->step()) out.leveringen.push_back(read_levering(q.get()));
  }
  {
    query q(*db_, fmt::format("SELECT {} FROM prestatie WHERE domain = ?3 AND gemeente = ?1 AND toewijzing_nummer = ?2 ORDER BY id",
                              prestatie_columns));
    q.with(gemeente, nummer, domain);
    while (q->step()) out.prestaties.push_back(read_prestatie(q.get()));
  }
  return out;
}


namespace {
constexpr std::string_view ledger_columns =
    "gemeente, toewijzing_nummer, maand, aanbieder, bsn, categorie, code, eenheid, frequentie, toegewezen_volume, budget, "
    "gedeclareerd_volume, gedeclareerd_bedrag, goedgekeurd_volume, goedgekeurd_bedrag, afgewezen_bedrag, afgewezen_codes, "
    "gecrediteerd_bedrag, dagen_geleverd, starts, stops, aandacht, domain";

ledger_row read_ledger(const statement& s) {
  return {s.text(0),           s.integer(1),          s.text(2),           s.text(3),           s.text(4),
          s.optional_text(5),  s.optional_text(6),    s.optional_text(7),  s.optional_text(8),  s.optional_integer(9),
          s.optional_integer(10), s.integer(11),      s.integer(12),       s.integer(13),       s.integer(14),
          s.integer(15),       s.text(16),            s.integer(17),       s.integer(18),       s.integer(19),
          s.integer(20),       s.text(21),            s.text(22)};
}
}  // namespace

void database::replace_ledger(model::standard standard, std::string_view gemeente, std::int64_t nummer,
                              const std::vector<ledger_row>& rows) {
  const auto domain = model::info(standard).domain;
  // Only the lines that changed are written: a message usually changes one month of a
  // toewijzing, and rewriting all of them dominated the cost of a large declaration.
  std::map<std::string, ledger_row, std::less<>> existing;
  {
    query q(*db_, fmt::format("SELECT {} FROM ledger WHERE domain = ?3 AND gemeente = ?1 AND toewijzing_nummer = ?2",
                              ledger_columns));
    q.with(gemeente, nummer, domain);
    while (q->step()) {
      auto r = read_ledger(q.get());
      existing.emplace(r.maand, std::move(r));
    }
  }
  for (auto r : rows) {
    r.domain = std::string(domain);
    const auto it = existing.find(r.maand);
    if (it != existing.end()) {
      const bool same = it->second == r;
      existing.erase(it);
      if (same) continue;
    }
    query q(*db_, "INSERT OR REPLACE INTO ledger (gemeente, toewijzing_nummer, maand, aanbieder, bsn, categorie, code, eenheid, "
                  "frequentie, toegewezen_volume, budget, gedeclareerd_volume, gedeclareerd_bedrag, goedgekeurd_volume, "
                  "goedgekeurd_bedrag, afgewezen_bedrag, afgewezen_codes, gecrediteerd_bedrag, dagen_geleverd, starts, stops, "
                  "aandacht, domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
                  "?20, ?21, ?22, ?23)");
    q.with(r.gemeente, r.toewijzing_nummer, r.maand, r.aanbieder, r.bsn);
    q->bind(6, r.categorie).bind(7, r.code).bind(8, r.eenheid).bind(9, r.frequentie);
    q->bind(10, r.toegewezen_volume).bind(11, r.budget);
    q->bind(12, r.gedeclareerd_volume).bind(13, r.gedeclareerd_bedrag).bind(14, r.goedgekeurd_volume);
    q->bind(15, r.goedgekeurd_bedrag).bind(16, r.afgewezen_bedrag).bind(17, r.afgewezen_codes);
    q->bind(18, r.gecrediteerd_bedrag).bind(19, r.dagen_geleverd).bind(20, r.starts).bind(21, r.stops).bind(22, r.aandacht);
    q->bind(23, domain);
    q->run();
  }
  for (const auto& [maand, row] : existing) {  // months no longer covered
    query q(*db_, "DELETE FROM ledger WHERE gemeente = ?1 AND toewijzing_nummer = ?2 AND maand = ?3 AND domain = ?4");
    q.with(gemeente, nummer, maand, domain);
    q->run();
  }
}

std::vector<ledger_row> database::ledger(std::string_view gemeente, std::string_view maand,
                                         const std::optional<std::string>& aanbieder) {
  query q(*db_, fmt::format("SELECT {} FROM ledger WHERE gemeente = ?1 AND maand = ?2 AND (?3 IS NULL OR aanbieder = ?3) "
                            "ORDER BY aanbieder, domain, categorie, code, toewijzing_nummer",
                            ledger_columns));
  q.with(gemeente, maand);
  q->bind(3, aanbieder);
  std::vector<ledger_row> out;
  while (q->step()) out.push_back(read_ledger(q.get()));
  return out;
}

std::vector<ledger_row> database::ledger_all() {
  query q(*db_, fmt::format("SELECT {} FROM ledger ORDER BY gemeente, domain, toewijzing_nummer, maand", ledger_columns));
  std::vector<ledger_row> out;
  while (q->step()) out.push_back(read_ledger(q.get()));
  return out;
}

std::int64_t database::ledger_line_count() {
  query q(*db_, "SELECT COUNT(*) FROM ledger");
  q->step();
  return q->integer(0);
}

void database::clear_ledger() { db_->exec("DELETE FROM ledger"); }

std::map<std::string, std::int64_t> database::row_counts() {
  std::map<std::string, std::int64_t> out;
  for (const char* table : {"message", "answer", "used_identificatie", "toewijzing", "levering", "verzoek", "antwoord",
                            "declaratie", "prestatie", "ledger", "message_key", "mailbox", "outbox", "credential"}) {
    query q(*db_, fmt::format("SELECT COUNT(*) FROM {}", table));
    q->step();
    out[table] = q->integer(0);
  }
  return out;
}

purge_report database::purge(std::string_view cutoff, std::string_view now, bool dry_run) {
  transaction tx(*db_);
  const std::string chosen = "SELECT id FROM message WHERE received_at < ?1 AND purged_at IS NULL";
  const auto count = [&](const std::string& sql) {
    query q(*db_, sql);
    q.with(cutoff);
    q->step();
    return q->integer(0);
  };
  purge_report r;
  r.messages = count("SELECT COUNT(*) FROM message WHERE received_at < ?1 AND purged_at IS NULL");
  r.answers = count(fmt::format("SELECT COUNT(*) FROM answer WHERE message_id IN ({})", chosen));
  r.bsn_keys = count(fmt::format("SELECT COUNT(*) FROM message_key WHERE kind = 'bsn' AND message_id IN ({})", chosen));
  r.expired_mailbox = count(fmt::format("SELECT COUNT(*) FROM mailbox WHERE acked_at IS NULL AND message_id IN ({})", chosen));
  r.dead_outbox = count(fmt::format("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND mailbox_id IN "
                                    "(SELECT id FROM mailbox WHERE message_id IN ({}))",
                                    chosen));
  if (!dry_run && r.messages > 0) {
    const auto run = [&](const std::string& sql, bool with_now) {
      query q(*db_, sql);
      if (with_now) q.with(cutoff, now);
      else q.with(cutoff);
      q->run();
    };
    // Pushes that never got through and mailbox items never collected end here: their content
    // is about to go.
    run(fmt::format("UPDATE outbox SET state = 'dead', last_error = 'purged under the retention policy', "
                    "finished_ms = CAST(strftime('%s', ?2) AS INTEGER) * 1000 "
                    "WHERE state = 'pending' AND mailbox_id IN (SELECT id FROM mailbox WHERE message_id IN ({}))",
                    chosen),
        true);
    run(fmt::format("UPDATE mailbox SET acked_at = ?2, acked_by = 'expired' WHERE acked_at IS NULL AND message_id IN ({})", chosen),
        true);
    run(fmt::format("DELETE FROM message_key WHERE kind = 'bsn' AND message_id IN ({})", chosen), false);
    run(fmt::format("UPDATE answer SET bytes = X'' WHERE message_id IN ({})", chosen), false);
    run("UPDATE message SET bytes = X'', errors = '[]', purged_at = ?2 WHERE received_at < ?1 AND purged_at IS NULL", true);
  }
  {
    query q(*db_, dry_run ? "SELECT MIN(received_at) FROM message WHERE purged_at IS NULL AND received_at >= ?1"
                          : "SELECT MIN(received_at) FROM message WHERE purged_at IS NULL");
    if (dry_run) q.with(cutoff);
    q->step();
    r.oldest_kept = q->optional_text(0);
  }
  tx.commit();
  return r;
}

bool database::integrity_ok() {
  query q(*db_, "PRAGMA integrity_check");
  return q->step() && q->text(0) == "ok";
}

std::vector<toewijzing_key> database::all_toewijzingen() {
  std::vector<toewijzing_key> out;
  query q(*db_, "SELECT domain, gemeente, toewijzing_nummer FROM (SELECT domain, gemeente, nummer AS toewijzing_nummer "
                "FROM toewijzing UNION SELECT domain, gemeente, toewijzing_nummer FROM prestatie UNION SELECT domain, gemeente, "
                "toewijzing_nummer FROM levering WHERE toewijzing_nummer IS NOT NULL) ORDER BY 1 DESC, 2, 3");
  while (q->step()) {
    const auto standard = model::standard_from_domain(q->text(0)).value_or(model::standard::iwmo_3_2);
    out.push_back({standard, q->text(1), q->integer(2)});
  }
  return out;
}

}  // namespace iwmo::store
