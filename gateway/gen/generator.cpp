#include "gen/generator.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "gen/calendar.hpp"
#include "gen/output.hpp"
#include "gen/simulation.hpp"
#include "gen/world.hpp"
#include "mappings/reference_tables.hpp"

namespace iwmo::gen {

namespace {

constexpr std::array<std::string_view, anomaly_count> anomaly_names{
    "over_declaring",        "after_stop",    "no_start",     "impossible_hours", "always_maximum",
    "multiple_providers",    "sudden_growth", "peer_outlier", "address_cluster",  "credit_rebill",
    "tariff_above_contract", "non_use",
};

template <class T>
T number(std::string_view option, std::string_view text, T lo, T hi) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < lo || value > hi) {
    throw usage_error(fmt::format("{} must be a whole number from {} to {}, not '{}'", option, lo, hi, text));
  }
  return value;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& x : items) {
    if (!out.empty()) out += sep;
    out += x;
  }
  return out;
}

std::string ground_truth_csv(const std::vector<ground_truth_row>& rows) {
  std::string out =
      "id,kind,gemeente,aanbieder,bsn,beschikkingnummer,toewijzingnummer,period_begin,period_end,files,"
      "expected_verdict,description\n";
  int n = 0;
  for (const auto& r : rows) {
    out += fmt::format("GT{:05},{},{},{},{},{},{},{},{},{},{},{}\n", ++n, name_of(r.kind), r.gemeente, r.aanbieder,
                       join(r.bsns, ";"), r.beschikking, r.toewijzing, r.begin ? r.begin->to_string() : "",
                       r.end ? r.end->to_string() : "", join(r.files, ";"), r.expected, csv_field(r.description));
  }
  return out;
}

std::string region_json(const options& opt, const summary& s, std::size_t contracts) {
  std::string anomalies;
  for (const auto k : opt.anomalies) {
    if (!anomalies.empty()) anomalies += ", ";
    anomalies += fmt::format("\"{}\"", name_of(k));
  }
  std::string messages;
  for (const auto& [type, n] : s.messages) {
    if (!messages.empty()) messages += ", ";
    messages += fmt::format("\"{}\": {}", type, n);
  }
  std::string per_kind;
  for (const auto k : opt.anomalies) {
    if (!per_kind.empty()) per_kind += ", ";
    const auto it = s.anomalies.find(std::string(name_of(k)));
    per_kind += fmt::format("\"{}\": {}", name_of(k), it == s.anomalies.end() ? 0 : it->second);
  }
  // Only a region with Jeugd clients names them, so that a Wmo-only region.json stays as it was.
  const auto jeugd_argument = opt.jeugd_ppm > 0 ? fmt::format(", \"jeugd_share\": {}", format_rate(opt.jeugd_ppm)) : "";
  const auto jeugd_clients = opt.jeugd_ppm > 0 ? fmt::format("  \"jeugd_clients\": {},\n", s.jeugd_clients) : "";
  return fmt::format(
      "{{\n"
      "  \"generator\": \"iwmo-gateway-gen\",\n"
      "  \"arguments\": {{\"seed\": {}, \"gemeenten\": {}, \"aanbieders\": {}, \"clients\": {}, \"months\": {}, "
      "\"start\": \"{}\", \"anomaly_rate\": {}, \"anomalies\": [{}], \"today\": {}{}}},\n"
      "  \"today\": \"{}\",\n"
      "  \"first_day\": \"{}\",\n"
      "  \"last_day\": \"{}\",\n"
      "  \"files\": {},\n"
      "  \"bytes\": {},\n"
      "  \"messages\": {{{}}},\n"
      "  \"gemeenten\": {},\n"
      "  \"aanbieders\": {},\n"
      "  \"contracten\": {},\n"
      "  \"clients\": {},\n{}"
      "  \"toewijzingen\": {},\n"
      "  \"declaraties\": {},\n"
      "  \"prestaties\": {},\n"
      "  \"credit_prestaties\": {},\n"
      "  \"anomalies\": {{{}}}\n"
      "}}\n",
      opt.seed, opt.gemeenten, opt.aanbieders, opt.clients, opt.months, opt.start.to_string().substr(0, 7),
      format_rate(opt.anomaly_ppm), anomalies, opt.today ? fmt::format("\"{}\"", opt.today->to_string()) : "null",
      jeugd_argument, s.today.to_string(), s.first_day.to_string(), s.last_day.to_string(), s.files, s.bytes, messages,
      opt.gemeenten, opt.aanbieders, contracts, s.clients, jeugd_clients, s.toewijzingen, s.declaraties, s.prestaties,
      s.credit_prestaties, per_kind);
}

}  // namespace

std::string_view name_of(anomaly kind) { return anomaly_names[static_cast<std::size_t>(kind)]; }

std::optional<anomaly> anomaly_from_name(std::string_view name) {
  for (std::size_t i = 0; i < anomaly_names.size(); ++i) {
    if (anomaly_names[i] == name) return static_cast<anomaly>(i);
  }
  return std::nullopt;
}

std::vector<anomaly> all_anomalies() {
  std::vector<anomaly> out;
  for (int i = 0; i < anomaly_count; ++i) out.push_back(static_cast<anomaly>(i));
  return out;
}

std::uint32_t parse_rate(std::string_view text, std::string_view option) {
  const auto bad = [&] {
    return usage_error(
        fmt::format("{} must be a decimal from 0 to 1 with at most six decimals, not '{}'", option, text));
  };
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  const auto frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 1 || frac.size() > 6 || (dot != std::string_view::npos && frac.empty()))
    throw bad();
  const auto digits = [](std::string_view s) {
    return std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(frac)) throw bad();
  std::uint32_t ppm = static_cast<std::uint32_t>(whole[0] - '0') * 1'000'000;
  std::uint32_t scale = 100'000;
  for (const char c : frac) {
    ppm += static_cast<std::uint32_t>(c - '0') * scale;
    scale /= 10;
  }
  if (ppm > 1'000'000) throw bad();
  return ppm;
}

std::string format_rate(std::uint32_t ppm) {
  auto s = fmt::format("{}.{:06}", ppm / 1'000'000, ppm % 1'000'000);
  while (s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return s;
}

std::string usage() {
  return "usage: iwmo-gateway-gen --seed N --gemeenten G --aanbieders A --clients C --months M --out DIR\n"
         "                        [--start YYYY-MM] [--jeugd-share R] [--anomaly-rate R] [--anomalies KIND,...]\n"
         "                        [--today YYYY-MM-DD]\n"
         "\n"
         "Writes a deterministic, realistic iWmo 3.2 region (with --jeugd-share also iJw 3.2) to DIR\n"
         "(which must be empty or absent):\n"
         "  mappings/          the reference tables for `iwmo-gateway process --mappings`\n"
         "  messages/          the message stream; file-name order is processing order\n"
         "  ground-truth.csv   one row per injected anomaly\n"
         "  region.json        the arguments, what was generated, and the --today to process with\n"
         "\n"
         "  --seed N           the only source of randomness: same arguments, same bytes\n"
         "  --gemeenten G      municipalities (1-1000; real CBS codes first)\n"
         "  --aanbieders A     care providers (1-10000)\n"
         "  --clients C        clients (1-1000000)\n"
         "  --months M         months of care (1-120)\n"
         "  --start YYYY-MM    the first month (default 2025-01; 2021-01 or later)\n"
         "  --jeugd-share R    fraction of the clients that are Jeugdwet clients, with iJw 3.2 messages\n"
         "                     (JW301 ... JW323), Jeugd providers and products (0-1, default 0: Wmo only)\n"
         "  --anomaly-rate R   fraction of eligible subjects that get an anomaly (0-1, default 0)\n"
         "  --anomalies LIST   kinds to inject, comma-separated (default: all):\n"
         "                     over_declaring, after_stop, no_start, impossible_hours, always_maximum,\n"
         "                     multiple_providers, sudden_growth, peer_outlier, address_cluster,\n"
         "                     credit_rebill, tariff_above_contract, non_use\n"
         "  --today DATE       no message is dated after it (default: the date of the last message)\n";
}

options parse_arguments(const std::vector<std::string>& args, std::filesystem::path& out) {
  options opt;
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    if (const auto eq = name.find('='); name.starts_with("--") && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (name.starts_with("--") && name != "--help") {
      if (i + 1 >= args.size()) throw usage_error(name + " needs a value");
      value = args[++i];
    }
    if (name == "--help" || name == "-h") throw usage_error("");
    if (std::ranges::find(seen, name) != seen.end()) throw usage_error(name + " is given twice");
    seen.push_back(name);
    if (name == "--seed") {
      opt.seed = number<std::uint64_t>(name, value, 0, ~std::uint64_t{0});
    } else if (name == "--gemeenten") {
      opt.gemeenten = number<int>(name, value, 1, 1000);
    } else if (name == "--aanbieders") {
      opt.aanbieders = number<int>(name, value, 1, 10'000);
    } else if (name == "--clients") {
      opt.clients = number<int>(name, value, 1, 1'000'000);
    } else if (name == "--months") {
      opt.months = number<int>(name, value, 1, 120);
    } else if (name == "--out") {
      out = value;
    } else if (name == "--start") {
      const auto d = model::date::parse(value + "-01");
      if (value.size() != 7 || !d || *d < model::date{2021, 1, 1} || *d > model::date{2099, 1, 1}) {
        throw usage_error(fmt::format("--start must be a month YYYY-MM from 2021-01 on (CS100), not '{}'", value));
      }
      opt.start = *d;
    } else if (name == "--anomaly-rate") {
      opt.anomaly_ppm = parse_rate(value);
    } else if (name == "--jeugd-share") {
      opt.jeugd_ppm = parse_rate(value, "--jeugd-share");
    } else if (name == "--anomalies") {
      opt.anomalies.clear();
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto item = rest.substr(0, comma);
        const auto kind = anomaly_from_name(item);
        if (!kind) throw usage_error(fmt::format("--anomalies: unknown kind '{}'", item));
        if (std::ranges::find(opt.anomalies, *kind) == opt.anomalies.end()) opt.anomalies.push_back(*kind);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      std::ranges::sort(opt.anomalies);
    } else if (name == "--today") {
      opt.today = model::date::parse(value);
      if (value.size() != 10 || !opt.today)
        throw usage_error(fmt::format("--today must be a date YYYY-MM-DD, not '{}'", value));
    } else {
      throw usage_error(fmt::format("unknown argument '{}'", name));
    }
  }
  for (const auto* required : {"--seed", "--gemeenten", "--aanbieders", "--clients", "--months", "--out"}) {
    if (std::ranges::find(seen, std::string(required)) == seen.end())
      throw usage_error(std::string(required) + " is required");
  }
  return opt;
}

summary generate(const options& opt, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out))) {
    throw usage_error(fmt::format("{} exists and is not an empty folder", out.string()));
  }
  fs::create_directories(out);

  random r(derive(opt.seed, 0x9e0));  // the planning stream; keyed draws use other purposes
  world w(opt, r);
  w.write_mappings(out / "mappings");
  // The tables must load exactly as `process --mappings` loads them.
  try {
    (void)mappings::reference_tables::load(out / "mappings");
  } catch (const mappings::mapping_error& e) {
    throw std::runtime_error(std::string("generated mappings do not load: ") + e.what());
  }

  // Declarations for the last month go out in the first working days of the month after it.
  auto last_day = month_start(opt.start, opt.months).add_days(14);
  if (opt.today && *opt.today < last_day) last_day = *opt.today;

  message_sink sink(out / "messages");
  simulation sim(opt, w, sink, last_day);
  sim.run();

  summary s;
  s.messages = sink.per_type();
  s.files = sink.files();
  s.bytes = sink.bytes();
  const auto c = sim.counts();
  s.clients = c.clients;
  s.jeugd_clients = c.jeugd_clients;
  s.toewijzingen = c.toewijzingen;
  s.prestaties = c.prestaties;
  s.credit_prestaties = c.credit_prestaties;
  s.declaraties = c.declaraties;
  s.first_day = sink.files() > 0 ? sink.first_day() : opt.start;
  s.last_day = sink.files() > 0 ? sink.last_day() : opt.start;
  s.today = opt.today.value_or(s.last_day);
  const auto rows = sim.ground_truth();
  for (const auto& row : rows) ++s.anomalies[std::string(name_of(row.kind))];

  write_text_file(out / "ground-truth.csv", ground_truth_csv(rows));
  write_text_file(out / "region.json", region_json(opt, s, w.contracten.size()));
  return s;
}

}  // namespace iwmo::gen
