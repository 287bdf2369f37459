#include "fuzz/targets.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include "app/answer.hpp"
#include "app/check.hpp"
#include "app/pipeline.hpp"
#include "app/service.hpp"
#include "config/config.hpp"
#include "http/routes.hpp"
#include "mappings/reference_tables.hpp"
#include "mappings/signal_thresholds.hpp"
#include "model/message_type.hpp"
#include "store/store.hpp"
#include "xml/schema_set.hpp"

#ifndef IWMO_FUZZ_SOURCE_DIR
#error "IWMO_FUZZ_SOURCE_DIR must name the repository (set by the build)"
#endif

namespace iwmo::fuzz {

namespace {

namespace fs = std::filesystem;

// The date every target runs on, so that a reproducer behaves the same on any day.
constexpr model::date fuzz_today{2026, 12, 3};

[[noreturn]] void broken(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz: %.*s%s%.*s\n", static_cast<int>(what.size()), what.data(), detail.empty() ? "" : ": ",
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

fs::path source_dir() { return IWMO_FUZZ_SOURCE_DIR; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) broken("cannot read", p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A private folder for the process, in memory when the system has /dev/shm (the database and
// the configuration file are written for every input). Removed at exit; a crash leaves it.
const fs::path& scratch_dir() {
  static const fs::path* dir = [] {
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string pattern = (base / "iwmo-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) broken("cannot create a temporary folder", pattern);
    auto* made = new fs::path(pattern);
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(*dir, ignored);
    });
    return made;
  }();
  return *dir;
}

// ---- fuzz_message ----------------------------------------------------------------------------

app::checker& message_checker() {
  // Built once, like the daemon's workers; intentionally never destroyed (libFuzzer exits).
  static auto* checker = new app::checker(xml::schema_set::builtin());
  return *checker;
}

// ---- fuzz_http -------------------------------------------------------------------------------

struct http_world {
  mappings::reference_tables reference;
  signals::threshold_set thresholds;
  std::unique_ptr<app::service> service;
  std::size_t max_body_bytes = config::server_settings{}.max_body_bytes;
};

// Tokens the seeds use (tests/fuzz/seeds/http/): "Authorization: Bearer fuzz-<name>".
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> fuzz_tokens{{
    {"fuzz-aanbieder", "aanbieder:98000011"},
    {"fuzz-aanbieder2", "aanbieder:98000022"},
    {"fuzz-gemeente", "gemeente:0344"},
    {"fuzz-backoffice", "backoffice:0344"},
    {"fuzz-toezicht", "toezicht:0344"},
    {"fuzz-toezicht-all", "toezicht"},
    {"fuzz-admin", "admin"},
}};

http_world& world() {
  static http_world* w = [] {
    const auto mappings_dir = source_dir() / "mappings";
    auto* out = new http_world{mappings::reference_tables::load(mappings_dir),
                               mappings::load_signal_thresholds(mappings_dir), nullptr};
    const auto db_file = scratch_dir() / "gateway.db";
    const std::string now = "2026-12-03T12:00:00Z";
    {
      store::database db(db_file);
      for (const auto& [token, who] : fuzz_tokens) (void)db.add_credential(app::sha256_hex(token), who, "fuzz", now);
    }
    app::service_settings settings;
    settings.database = db_file;
    settings.schemas = xml::schema_set::builtin();
    settings.reference = &out->reference;
    settings.thresholds = &out->thresholds;
    settings.today = [] { return fuzz_today; };
    settings.now = [now] { return now; };
    settings.now_ms = [] { return std::int64_t{1796299200000}; };
    settings.signals_auto = false;  // no background thread: every run is on the fuzzing thread
    out->service = std::make_unique<app::service>(std::move(settings));

    // Some state for the routes to find: the lifecycle scenario, then a signal run.
    const auto scenario = source_dir() / "fixtures" / "iwmo-3.2" / "scenarios" / "01-lifecycle";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(scenario)) {
      if (e.path().extension() == ".xml") files.push_back(e.path());
    }
    std::ranges::sort(files);
    for (const auto& f : files) {
      const auto bytes = read_file(f);
      const auto from = bytes.find("<Afzender>");
      const auto sender = bytes.substr(from + 10, bytes.find('<', from + 10) - from - 10);
      const auto who = app::parse_principal((sender.size() == 4 ? "gemeente:" : "aanbieder:") + sender);
      if (!who) broken("no sender in", f.string());
      (void)out->service->submit(*who, bytes, "fuzz");
    }
    (void)out->service->run_signals_now();
    return out;
  }();
  return *w;
}

void check_response(const http::response& res) {
  if (res.status < 100 || res.status > 599) broken("a response status outside 100-599", std::to_string(res.status));
  if (res.content_type.starts_with("application/json")) {
    boost::system::error_code ec;
    (void)boost::json::parse(res.body, ec);
    if (ec) broken("a JSON response that is not JSON", res.body);
  }
}

// ---- fuzz_mappings ---------------------------------------------------------------------------

constexpr std::array<std::string_view, 5> table_names{"gemeenten", "aanbieders", "productcodes", "contracten",
                                                      "signalen"};

const std::array<std::string, 5>& repository_tables() {
  static const auto* tables = [] {
    auto* out = new std::array<std::string, 5>;
    for (std::size_t i = 0; i < table_names.size(); ++i) {
      (*out)[i] = read_file(source_dir() / "mappings" / (std::string(table_names[i]) + ".csv"));
    }
    return out;
  }();
  return *tables;
}

// Asks the parsed tables what the rules ask, for every row they hold.
void query_tables(const mappings::reference_tables& t) {
  for (const auto& g : t.gemeenten()) {
    (void)t.gemeente_valid(g.code, g.geldig_van);
    (void)t.gemeente_valid(g.code, fuzz_today);
    (void)t.gemeente_naam(g.code);
  }
  for (const auto& a : t.aanbieders()) (void)t.aanbieder_naam(a.agb);
  for (const auto& p : t.producten()) (void)t.product_omschrijving(p.categorie, p.code);
  for (const auto& c : t.contracten()) {
    (void)t.contract(c.gemeente, c.aanbieder, c.categorie, c.productcode, c.geldig_van);
    (void)t.contract(c.gemeente, c.aanbieder, c.categorie, std::nullopt, fuzz_today);
    if (c.productcode) (void)t.product_in_list(c.gemeente, c.aanbieder, c.categorie, *c.productcode, c.geldig_van);
  }
}

}  // namespace

void fuzz_message(std::string_view bytes) {
  auto& checker = message_checker();
  const rules::rule_context context{fuzz_today};
  const auto checked = checker.check(bytes, context);
  if (checked.validation.xsd_valid != checked.message.has_value()) broken("schema verdict and model disagree");
  if (!checked.message) return;
  const auto type = model::type_of(*checked.message);
  if (checked.validation.message->type != type || checked.validation.message->std != model::standard_of(*checked.message)) {
    broken("the recognised type differs from the model's");
  }
  const auto& info = *checked.validation.message;
  const auto reply = app::answer_to(checked, {app::offline_answer_id(*checked.message), fuzz_today});
  if (info.is_heen != reply.has_value()) broken("a heen message without an answer, or an answer to an answer", info.name);
  if (!reply) return;
  // The answer goes to the sender as it is: it must pass the schema the sender checks it with.
  const auto again = checker.check(reply->xml, context);
  if (!again.validation.xsd_valid) {
    std::string why;
    for (const auto& e : again.validation.errors) why += std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.text + "\n";
    broken("the answer is not schema-valid", why + reply->xml);
  }
  if (again.validation.message == nullptr || again.validation.message->type != info.answer ||
      again.validation.message->std != info.std) {
    broken("the answer has the wrong message type", info.name);
  }
}

void fuzz_http(std::string_view bytes) {
  namespace bhttp = boost::beast::http;
  auto& w = world();
  // Up to four requests on one connection, as a keep-alive client pipelines them.
  for (int n = 0; n < 4 && !bytes.empty(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(w.max_body_bytes);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done()) {
      const auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
      bytes.remove_prefix(used);
      if (ec) return;  // incomplete (the connection closed) or refused: the server answers or closes
      if (used == 0) return;
    }
    const auto& head = parser.get();
    if (parser.content_length() && *parser.content_length() > w.max_body_bytes) return;  // 413
    http::request r;
    r.method = std::string(head.method_string());
    r.target = std::string(head.target());
    r.authorization = std::string(head[bhttp::field::authorization]);
    r.content_type = std::string(head[bhttp::field::content_type]);
    r.body = parser.get().body();
    r.remote = "127.0.0.1";
    check_response(http::handle(r, *w.service));
    if (!head.keep_alive()) return;
  }
}

void fuzz_config(std::string_view bytes) {
  const auto file = scratch_dir() / "gateway.toml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) broken("cannot write", file.string());
  }
  try {
    (void)config::load(file);
  } catch (const config::config_error&) {
    // The documented answer to a bad file.
  }
}

void fuzz_mappings(std::string_view bytes) {
  const auto eol = bytes.find('\n');
  const auto name = bytes.substr(0, eol);
  const auto text = eol == std::string_view::npos ? std::string_view{} : bytes.substr(eol + 1);
  auto which = static_cast<std::size_t>(std::ranges::find(table_names, name) - table_names.begin());
  if (which == table_names.size()) which = bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0]) % table_names.size();
  const auto& base = repository_tables();
  try {
    if (table_names[which] == "signalen") {
      const auto t = mappings::parse_signal_thresholds(text);
      for (const auto& [gemeente, values] : t.overrides()) (void)t.of(gemeente);
      return;
    }
    std::array<std::string_view, 4> tables{base[0], base[1], base[2], base[3]};
    tables[which] = text;
    query_tables(mappings::reference_tables::parse(tables[0], tables[1], tables[2], tables[3]));
  } catch (const mappings::mapping_error&) {
    // The documented answer to a bad table.
  }
}

}  // namespace iwmo::fuzz
