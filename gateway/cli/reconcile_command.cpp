#include <iostream>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/csv_field.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "mappings/reference_tables.hpp"
#include "app/pipeline.hpp"
#include "app/reconciliation.hpp"
#include "store/store.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

namespace {

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
  return unit == "83" ? app::euro(v) : std::to_string(v);
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

  const auto report = app::make_reconciliation(rows, names ? &*names : nullptr, gemeente, period,
                                               aanbieder.empty() ? std::nullopt : std::optional<std::string>(aanbieder));
  const auto masked = [&](const std::string& bsn) { return show_bsn ? bsn : app::mask_bsn(bsn); };
  const auto optional_volume = [](const std::optional<std::int64_t>& v, const std::optional<std::string>& unit) {
    return v ? volume_text(*v, unit) : std::string("-");
  };
  using app::euro;

  if (format == "json") {
    out << boost::json::serialize(app::to_json(report, show_bsn)) << "\n";
    return exit_ok;
  }
  if (format == "csv") {
    out << "soort,aanbieder,categorie,code,eenheid,toewijzing,bsn,toegewezen_volume,gedeclareerd_volume,goedgekeurd_volume,"
           "gedeclareerd,goedgekeurd,afgewezen,gecrediteerd,afgewezen_codes,aandacht\n";
    for (const auto& t : report.producten) {
      out << fmt::format("totaal,{},{},{},{},,,{},{},{},{},{},{},{},,\n", t.aanbieder, t.categorie, t.code, t.eenheid,
                         t.toegewezen_volume ? std::to_string(*t.toegewezen_volume) : "", t.gedeclareerd_volume,
                         t.goedgekeurd_volume, euro(t.gedeclareerd), euro(t.goedgekeurd), euro(t.afgewezen),
                         euro(t.gecrediteerd));
    }
    for (const auto& r : report.aandacht) {
      out << fmt::format("aandacht,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.aanbieder, r.categorie.value_or(""),
                         r.code.value_or(""), r.eenheid.value_or(""), r.toewijzing_nummer, masked(r.bsn),
                         r.toegewezen_volume ? std::to_string(*r.toegewezen_volume) : "", r.gedeclareerd_volume,
                         r.goedgekeurd_volume, euro(r.gedeclareerd_bedrag), euro(r.goedgekeurd_bedrag),
                         euro(r.afgewezen_bedrag), euro(r.gecrediteerd_bedrag), app::csv_field(r.afgewezen_codes),
                         app::csv_field(r.aandacht));
    }
    return exit_ok;
  }

  out << fmt::format("Reconciliation {}{} {}{}\n\n", gemeente, report.gemeente_naam.empty() ? "" : " " + report.gemeente_naam,
                     period, aanbieder.empty() ? "" : " aanbieder " + aanbieder);
  if (rows.empty()) {
    out << "no toewijzingen in this month\n";
    return exit_ok;
  }
  constexpr auto row_format = "{:<10} {:<7} {:<7} {:>5} {:>10} {:>10} {:>10} {:>12} {:>12} {:>12} {:>12}\n";
  out << fmt::format(row_format, "aanbieder", "product", "eenheid", "toew.", "toegewezen", "gedeclar.", "goedgek.",
                     "gedeclareerd", "goedgekeurd", "afgewezen", "gecrediteerd");
  std::map<std::string, std::string> providers;
  for (const auto& t : report.producten) {
    providers[t.aanbieder] = t.aanbieder_naam;
    const std::optional<std::string> u = t.eenheid.empty() ? std::nullopt : std::optional<std::string>(t.eenheid);
    out << fmt::format(row_format, t.aanbieder, t.code.empty() ? t.categorie : t.code, unit_name(u), t.toewijzingen,
                       optional_volume(t.toegewezen_volume, u), volume_text(t.gedeclareerd_volume, u),
                       volume_text(t.goedgekeurd_volume, u), euro(t.gedeclareerd), euro(t.goedgekeurd), euro(t.afgewezen),
                       euro(t.gecrediteerd));
  }
  out << fmt::format(row_format, "totaal", "", "", report.totaal.toewijzingen, "", "", "", euro(report.totaal.gedeclareerd),
                     euro(report.totaal.goedgekeurd), euro(report.totaal.afgewezen), euro(report.totaal.gecrediteerd));
  if (names) {
    out << "\n";
    for (const auto& [agb, naam] : providers) out << fmt::format("{}  {}\n", agb, naam);
  }
  out << fmt::format("\n{} of {} toewijzing(en) need attention\n", report.aandacht.size(), rows.size());
  for (const auto& r : report.aandacht) {
    const auto unit = unit_name(r.eenheid);
    out << fmt::format("  {} toewijzing {} bsn {} {}: {}\n", r.aanbieder, r.toewijzing_nummer, masked(r.bsn),
                       r.code.value_or(r.categorie.value_or("generiek")), r.aandacht);
    // "840 minuut (756.00)"; euro volumes are the amounts themselves.
    const bool in_euro = r.eenheid == "83";
    const auto amount = [&](std::int64_t volume, std::int64_t cents) {
      return in_euro || unit.empty() ? euro(cents) : fmt::format("{} {} ({})", volume, unit, euro(cents));
    };
    const auto assigned = r.toegewezen_volume
                              ? fmt::format(" of {}{} assigned", volume_text(*r.toegewezen_volume, r.eenheid),
                                            in_euro || unit.empty() ? "" : " " + unit)
                          : r.budget ? fmt::format(" on a budget of {}", euro(*r.budget))
                                     : std::string();
    out << fmt::format("      declared {}, approved {}{}; rejected {}{}; credited {}; {} day(s) with a start\n",
                       amount(r.gedeclareerd_volume, r.gedeclareerd_bedrag),
                       amount(r.goedgekeurd_volume, r.goedgekeurd_bedrag), assigned, euro(r.afgewezen_bedrag),
                       r.afgewezen_codes.empty() ? "" : " [" + r.afgewezen_codes + "]", euro(r.gecrediteerd_bedrag),
                       r.dagen_geleverd);
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
    app::pipeline_options options;
    options.today = [] { return system_date(); };
    app::pipeline pipe(xml::schema_set::builtin(), db, reference, options);
    pipe.rebuild_ledger();
    out << fmt::format("ledger rebuilt: {} lines\n", db.ledger_line_count());
  } catch (const std::exception& e) {
    err << "rebuild: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace iwmo::cli
