#include <iostream>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "mappings/reference_tables.hpp"
#include "app/pipeline.hpp"
#include "store/store.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

namespace {

std::string euro(std::int64_t cents) {
  const auto magnitude = cents < 0 ? -cents : cents;
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

std::string masked(const std::string& bsn, bool show) {
  if (show || bsn.size() < 3) return bsn;
  return std::string(bsn.size() - 3, '*') + bsn.substr(bsn.size() - 3);
}

struct totals {
  std::int64_t lines = 0;
  std::optional<std::int64_t> toegewezen;  // absent when no line of the group has a volume
  std::int64_t gedeclareerd_volume = 0;
  std::int64_t goedgekeurd_volume = 0;
  std::int64_t gedeclareerd = 0;
  std::int64_t goedgekeurd = 0;
  std::int64_t afgewezen = 0;
  std::int64_t gecrediteerd = 0;
  std::int64_t aandacht = 0;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The unit of a ledger line's volumes, as a word.
std::string unit_name(const std::optional<std::string>& code) {
  if (!code) return "";
  static const std::map<std::string, std::string, std::less<>> names = {
      {"01", "minuut"}, {"04", "uur"}, {"14", "etmaal"}, {"16", "dagdeel"},
      {"82", "stuks"}, {"83", "euro"}, {"84", "stuks"}};
  const auto it = names.find(*code);
  return it == names.end() ? *code : it->second;
}

// A volume in its unit: euro volumes are eurocent and shown as euro.
std::string volume_text(std::int64_t v, const std::optional<std::string>& unit) {
  return unit == "83" ? euro(v) : std::to_string(v);
}

}  // namespace

int reconcile_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway reconcile --db FILE --gemeente CODE --period YYYY-MM [--aanbieder AGB]\n"
      "                              [--format table|csv|json] [--mappings DIR] [--show-bsn]\n"
      "Totals per provider, product and unit for one municipality and month, and the ledger lines\n"
      "that need attention. Amounts in euro; BSNs masked unless --show-bsn.\n"
      "options");
  std::string db_file, gemeente, period, aanbieder, format = "table", mappings_dir = "mappings";
  bool show_bsn = false;
  visible.add_options()
      ("db", po::value(&db_file), "the database file")
      ("gemeente", po::value(&gemeente), "CBS code of the municipality")
      ("period", po::value(&period), "the month, YYYY-MM")
      ("aanbieder", po::value(&aanbieder), "only this provider (AGB code)")
      ("format", po::value(&format), "table (default), csv or json")
      ("mappings", po::value(&mappings_dir), "reference tables, for names of providers and products (default: mappings)")
      ("show-bsn", po::bool_switch(&show_bsn), "show BSNs in full")
      ("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "reconcile", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  const bool period_ok = period.size() == 7 && period[4] == '-' && model::date::parse(period + "-01").has_value();
  if (db_file.empty() || gemeente.empty() || !period_ok || !parsed->files.empty() ||
      (format != "table" && format != "csv" && format != "json")) {
    err << "reconcile: give --db, --gemeente and --period YYYY-MM; --format is table, csv or json\n" << visible;
    return exit_usage;
  }
  if (!std::filesystem::exists(db_file)) {
    err << "reconcile: " << db_file << " does not exist\n";
    return exit_usage;
  }
  // Names are a convenience: without the default folder the report has codes only.
  std::optional<mappings::reference_tables> names;
  const bool explicit_mappings = parsed->options.count("mappings") != 0;
  try {
    if (explicit_mappings || std::filesystem::exists(mappings_dir)) names = mappings::reference_tables::load(mappings_dir);
  } catch (const std::exception& e) {
    err << "reconcile: " << e.what() << "\n";
    return exit_usage;
  }
  std::vector<store::ledger_row> rows;
  try {
    store::database db(db_file);
    rows = db.ledger(gemeente, period, aanbieder.empty() ? std::nullopt : std::optional<std::string>(aanbieder));
  } catch (const std::exception& e) {
    err << "reconcile: " << e.what() << "\n";
    return exit_usage;
  }

  // Totals per provider, product and unit (volumes only add up within one unit).
  using key = std::tuple<std::string, std::string, std::string, std::string>;  // aanbieder, categorie, code, eenheid
  std::map<key, totals> by_product;
  totals all;
  std::vector<const store::ledger_row*> attention;
  for (const auto& r : rows) {
    auto& t = by_product[{r.aanbieder, r.categorie.value_or(""), r.code.value_or(""), r.eenheid.value_or("")}];
    if (r.toegewezen_volume) t.toegewezen = t.toegewezen.value_or(0) + *r.toegewezen_volume;
    t.gedeclareerd_volume += r.gedeclareerd_volume;
    t.goedgekeurd_volume += r.goedgekeurd_volume;
    for (auto* x : {&t, &all}) {
      x->lines += 1;
      x->gedeclareerd += r.gedeclareerd_bedrag;
      x->goedgekeurd += r.goedgekeurd_bedrag;
      x->afgewezen += r.afgewezen_bedrag;
      x->gecrediteerd += r.gecrediteerd_bedrag;
      if (!r.aandacht.empty()) x->aandacht += 1;
    }
    if (!r.aandacht.empty()) attention.push_back(&r);
  }
  const auto provider_name = [&](const std::string& agb) { return names ? names->aanbieder_naam(agb) : std::string(); };
  const auto product_name = [&](const std::string& cat, const std::string& code) {
    return names ? names->product_omschrijving(cat, code) : std::string();
  };
  const auto optional_volume = [](const std::optional<std::int64_t>& v, const std::optional<std::string>& unit) {
    return v ? volume_text(*v, unit) : std::string("-");
  };

  if (format == "json") {
    const auto optional_json = [](const std::optional<std::int64_t>& v) {
      return v ? boost::json::value(*v) : boost::json::value(nullptr);
    };
    boost::json::array products;
    for (const auto& [k, t] : by_product) {
      const auto& [agb, cat, code, unit] = k;
      products.push_back(boost::json::object{
          {"aanbieder", agb}, {"aanbieder_naam", provider_name(agb)}, {"categorie", cat}, {"code", code},
          {"omschrijving", product_name(cat, code)}, {"eenheid", unit}, {"toewijzingen", t.lines},
          {"toegewezen_volume", optional_json(t.toegewezen)}, {"gedeclareerd_volume", t.gedeclareerd_volume},
          {"goedgekeurd_volume", t.goedgekeurd_volume}, {"gedeclareerd", euro(t.gedeclareerd)},
          {"goedgekeurd", euro(t.goedgekeurd)}, {"afgewezen", euro(t.afgewezen)}, {"gecrediteerd", euro(t.gecrediteerd)},
          {"aandacht", t.aandacht}});
    }
    boost::json::array lines;
    for (const auto* r : attention) {
      boost::json::array flags;
      for (std::size_t b = 0, e; b < r->aandacht.size(); b = e + 1) {
        e = r->aandacht.find(' ', b);
        if (e == std::string::npos) e = r->aandacht.size();
        flags.emplace_back(r->aandacht.substr(b, e - b));
      }
      lines.push_back(boost::json::object{
          {"aanbieder", r->aanbieder}, {"toewijzing", r->toewijzing_nummer}, {"bsn", masked(r->bsn, show_bsn)},
          {"categorie", r->categorie.value_or("")}, {"code", r->code.value_or("")}, {"eenheid", r->eenheid.value_or("")},
          {"toegewezen_volume", optional_json(r->toegewezen_volume)}, {"budget", optional_json(r->budget)},
          {"gedeclareerd_volume", r->gedeclareerd_volume}, {"goedgekeurd_volume", r->goedgekeurd_volume},
          {"gedeclareerd", euro(r->gedeclareerd_bedrag)}, {"goedgekeurd", euro(r->goedgekeurd_bedrag)},
          {"afgewezen", euro(r->afgewezen_bedrag)}, {"afgewezen_codes", r->afgewezen_codes},
          {"gecrediteerd", euro(r->gecrediteerd_bedrag)}, {"dagen_geleverd", r->dagen_geleverd}, {"starts", r->starts},
          {"stops", r->stops}, {"aandacht", std::move(flags)}});
    }
    out << boost::json::serialize(boost::json::object{
               {"gemeente", gemeente}, {"period", period}, {"producten", std::move(products)},
               {"totaal", boost::json::object{{"toewijzingen", all.lines}, {"gedeclareerd", euro(all.gedeclareerd)},
                                              {"goedgekeurd", euro(all.goedgekeurd)}, {"afgewezen", euro(all.afgewezen)},
                                              {"gecrediteerd", euro(all.gecrediteerd)}, {"aandacht", all.aandacht}}},
               {"aandacht", std::move(lines)}})
        << "\n";
    return exit_ok;
  }
  if (format == "csv") {
    out << "soort,aanbieder,categorie,code,eenheid,toewijzing,bsn,toegewezen_volume,gedeclareerd_volume,goedgekeurd_volume,"
           "gedeclareerd,goedgekeurd,afgewezen,gecrediteerd,afgewezen_codes,aandacht\n";
    for (const auto& [k, t] : by_product) {
      const auto& [agb, cat, code, unit] = k;
      out << fmt::format("totaal,{},{},{},{},,,{},{},{},{},{},{},{},,\n", agb, cat, code, unit,
                         t.toegewezen ? std::to_string(*t.toegewezen) : "", t.gedeclareerd_volume, t.goedgekeurd_volume,
                         euro(t.gedeclareerd), euro(t.goedgekeurd), euro(t.afgewezen), euro(t.gecrediteerd));
    }
    for (const auto* r : attention) {
      out << fmt::format("aandacht,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r->aanbieder, r->categorie.value_or(""),
                         r->code.value_or(""), r->eenheid.value_or(""), r->toewijzing_nummer, masked(r->bsn, show_bsn),
                         r->toegewezen_volume ? std::to_string(*r->toegewezen_volume) : "", r->gedeclareerd_volume,
                         r->goedgekeurd_volume, euro(r->gedeclareerd_bedrag), euro(r->goedgekeurd_bedrag),
                         euro(r->afgewezen_bedrag), euro(r->gecrediteerd_bedrag), csv_field(r->afgewezen_codes),
                         csv_field(r->aandacht));
    }
    return exit_ok;
  }

  const auto title = names ? names->gemeente_naam(gemeente) : std::string();
  out << fmt::format("Reconciliation {}{} {}{}\n\n", gemeente, title.empty() ? "" : " " + title, period,
                     aanbieder.empty() ? "" : " aanbieder " + aanbieder);
  if (rows.empty()) {
    out << "no toewijzingen in this month\n";
    return exit_ok;
  }
  constexpr auto row_format = "{:<10} {:<7} {:<7} {:>5} {:>10} {:>10} {:>10} {:>12} {:>12} {:>12} {:>12}\n";
  out << fmt::format(row_format, "aanbieder", "product", "eenheid", "toew.", "toegewezen", "gedeclar.", "goedgek.",
                     "gedeclareerd", "goedgekeurd", "afgewezen", "gecrediteerd");
  std::set<std::string> providers;
  for (const auto& [k, t] : by_product) {
    const auto& [agb, cat, code, unit] = k;
    providers.insert(agb);
    const std::optional<std::string> u = unit.empty() ? std::nullopt : std::optional<std::string>(unit);
    out << fmt::format(row_format, agb, code.empty() ? cat : code, unit_name(u), t.lines, optional_volume(t.toegewezen, u),
                       volume_text(t.gedeclareerd_volume, u), volume_text(t.goedgekeurd_volume, u), euro(t.gedeclareerd),
                       euro(t.goedgekeurd), euro(t.afgewezen), euro(t.gecrediteerd));
  }
  out << fmt::format(row_format, "totaal", "", "", all.lines, "", "", "", euro(all.gedeclareerd), euro(all.goedgekeurd),
                     euro(all.afgewezen), euro(all.gecrediteerd));
  if (names) {
    out << "\n";
    for (const auto& agb : providers) out << fmt::format("{}  {}\n", agb, provider_name(agb));
  }
  out << fmt::format("\n{} of {} toewijzing(en) need attention\n", attention.size(), rows.size());
  for (const auto* r : attention) {
    const auto unit = unit_name(r->eenheid);
    out << fmt::format("  {} toewijzing {} bsn {} {}: {}\n", r->aanbieder, r->toewijzing_nummer, masked(r->bsn, show_bsn),
                       r->code.value_or(r->categorie.value_or("generiek")), r->aandacht);
    // "840 minuut (756.00)"; euro volumes are the amounts themselves.
    const bool in_euro = r->eenheid == "83";
    const auto amount = [&](std::int64_t volume, std::int64_t cents) {
      return in_euro || unit.empty() ? euro(cents) : fmt::format("{} {} ({})", volume, unit, euro(cents));
    };
    const auto assigned = r->toegewezen_volume
                              ? fmt::format(" of {}{} assigned", volume_text(*r->toegewezen_volume, r->eenheid),
                                            in_euro || unit.empty() ? "" : " " + unit)
                          : r->budget ? fmt::format(" on a budget of {}", euro(*r->budget))
                                      : std::string();
    out << fmt::format("      declared {}, approved {}{}; rejected {}{}; credited {}; {} day(s) with a start\n",
                       amount(r->gedeclareerd_volume, r->gedeclareerd_bedrag),
                       amount(r->goedgekeurd_volume, r->goedgekeurd_bedrag), assigned, euro(r->afgewezen_bedrag),
                       r->afgewezen_codes.empty() ? "" : " [" + r->afgewezen_codes + "]", euro(r->gecrediteerd_bedrag),
                       r->dagen_geleverd);
  }
  return exit_ok;
}

int rebuild_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway rebuild --db FILE [--mappings DIR]\n"
      "Recomputes the reconciliation ledger of every toewijzing from the stored state.\noptions");
  std::string db_file, mappings_dir = "mappings";
  visible.add_options()("db", po::value(&db_file), "the database file")(
      "mappings", po::value(&mappings_dir), "reference tables (default: mappings)")("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "rebuild", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (db_file.empty() || !std::filesystem::exists(db_file)) {
    err << "rebuild: give an existing --db file\n";
    return exit_usage;
  }
  try {
    const auto reference = mappings::reference_tables::load(mappings_dir);
    store::database db(db_file);
    app::pipeline pipe(xml::schema_set::builtin(), db, reference, {[] { return system_date(); }, {}, {}});
    pipe.rebuild_ledger();
    out << fmt::format("ledger rebuilt: {} lines\n", db.ledger_all().size());
  } catch (const std::exception& e) {
    err << "rebuild: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace iwmo::cli
