#pragma once
// Internal to the generator: the state of a run (toewijzingen as the gateway knows them, care as
// it happens, requests, the event queue) and simulation::impl, whose members are defined in
// simulation.cpp (the events), messages.cpp (building messages), declarations.cpp (WMO323) and
// anomalies.cpp (choosing the anomalies from the plan).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "gen/calendar.hpp"
#include "gen/catalogue.hpp"
#include "gen/random.hpp"
#include "gen/simulation.hpp"
#include "gen/world.hpp"
#include "model/messages.hpp"
#include "model/records.hpp"

namespace iwmo::gen {

namespace cat = catalogue;
using model::cents;
using model::date;

// What a toewijzing is planned to do wrong (none for clean ones).
enum class role : std::uint8_t {
  none,
  over_declaring,
  after_stop_open,
  after_stop_ended,
  no_start,
  impossible_total,
  impossible_rejected,
  provider_a,
  provider_b,
  credit_rebill,
  tariff_above,
  non_use,
};

// Purposes of keyed draws; with the subject they make the key. The values are part of the
// output: changing one changes every region.
enum purpose : std::uint64_t {
  p_stock = 1,
  p_new = 2,
  p_vot = 3,
  p_start = 4,
  p_tick = 6,
  p_line = 7,
  p_late = 8,
  p_extend = 10,
  p_answer = 11,
  p_vow = 13,
  p_max = 14,
  p_anomaly = 15,
};

// An approved debit line, kept a few months so that it can be credited.
struct line_rec {
  std::string ref;
  int month = 0;
  date begin;
  date end;
  std::int64_t volume = 0;
  model::eenheid unit = model::eenheid::uur;
  std::optional<cents> tarief;
  cents bedrag = 0;
  std::int64_t declared_on = 0;  // day of the declaration that carried it
};

struct toewijzing {
  std::int64_t nummer = 0;
  int client = 0;
  int gemeente = 0;
  int aanbieder = 0;
  int product = 0;
  std::string beschikking;
  // The current version.
  date ingang;
  date eind;
  date datum;
  std::string tijd;
  std::optional<std::string> reden;
  std::int64_t volume = 0;  // Omvang/Volume, or the Budget in eurocent
  std::optional<model::frequentie> freq;
  std::int64_t weekly = 0;  // a total (Frequentie 6): the hours a week actually used
  bool sent = false;
  bool deleted = false;
  bool ended_by_gemeente = false;
  // Care as it happens.
  date care_start;
  std::optional<date> care_end;
  std::vector<std::pair<date, date>> pauses;
  bool paused = false;
  // Start and stop messages (the aanbieder's regie).
  bool no_regie = false;
  std::optional<date> start_begin;
  std::optional<date> wrong_begin;  // a start sent with a wrong Begindatum, corrected later
  bool temp_stopped = false;
  bool def_stopped = false;
  date temp_eind;
  std::string pending_stop;  // a stop reden waiting for the start to be sent
  // Declarations.
  std::int64_t cum = 0;  // approved, not credited volume in the declared unit
  cents cum_bedrag = 0;
  std::vector<line_rec> lines;
  std::optional<int> late_month;
  int util = 900;  // per mille of the assigned volume actually delivered
  bool extend = true;
  // Anomaly.
  role r = role::none;
  int role_month = -1;
  int row = -1;
  int after_left = 0;  // after_stop: months still to declare after the stop
};

struct client_state {
  std::vector<int> tws;
  std::vector<int> pending;  // providers with an open request for this client
  bool gone = false;
  bool seen = false;
  bool is_protected = false;  // an anomaly subject: no random events
  bool force_grant = false;
  int growth_row = -1;
  int cluster_row = -1;
  bool cluster_done = false;
};

enum class ev : std::uint8_t {
  tick,
  assign,
  vot,
  answer,
  start,
  start_correction,
  restart,
  stop,
  end_toewijzing,
  extend,
  expire,
  vow,
  extra_provider,
  delete_correction,
  declare,
};

inline int priority(ev k) {
  switch (k) {
    case ev::tick: return 0;
    case ev::assign:
    case ev::answer:
    case ev::end_toewijzing:
    case ev::extend:
    case ev::extra_provider:
    case ev::delete_correction: return 1;
    case ev::vot:
    case ev::vow: return 2;
    case ev::start:
    case ev::start_correction:
    case ev::restart: return 3;
    case ev::stop:
    case ev::expire: return 4;
    case ev::declare: return 5;
  }
  return 6;
}

struct event {
  std::int64_t day = 0;
  int prio = 0;
  std::uint64_t seq = 0;
  ev kind = ev::tick;
  int a = -1;
  int b = -1;
  std::string text;  // a reden code
  friend bool operator>(const event& x, const event& y) {
    return std::tie(x.day, x.prio, x.seq) > std::tie(y.day, y.prio, y.seq);
  }
};

struct request {
  bool vow = false;
  int client = 0;
  int aanbieder = 0;
  std::vector<std::string> refs;  // VOT: one per requested product; VOW: one
  std::vector<int> items;         // VOT: planned product indices of the client
  date ingang;                    // VOT: the asked start
  date eind;
  int change = -1;          // VOW: the toewijzing to change
  std::int64_t volume = 0;  // VOW: the new volume
  int new_product = -1;     // VOW: a product to add
  date gewenst;
  int outcome = 0;  // 0 grant, 1 investigate then grant, 2 refuse, 3 investigate then refuse
  int stage = 0;
};

struct role_plan {
  role r = role::none;
  int month = -1;
  int row = -1;
  int other = -1;          // multiple providers: the second provider
  int other_product = -1;  // and its product
  bool peer = false;
};

enum class mode : std::uint8_t { normal, maximum, over, impossible, tariff_up, after_stop_full };

struct pending_line {
  model::prestatie p;
  int row = -1;
};

inline const cat::product& def_of(int p) { return cat::products()[static_cast<std::size_t>(p)]; }

inline std::string code_of(model::eenheid e) { return model::to_code(e); }

// A budget product (Budget in euro, no Omvang): 10 in the Wmo, 50 in the Jeugdwet.
inline bool is_budget(int p) { return !def_of(p).frequentie; }

// The RedenBeeindiging of a stop in the client's standard. The run uses the iWmo codes; iJw has
// other codes for a planned end (19 -> 31), an early end by the client (21 -> 32), by the
// provider (22 -> 33) or by agreement (23 -> 34), and a move (31 -> 35, external circumstances).
inline std::string stop_code(bool jeugd, std::string_view wmo) {
  if (!jeugd) return std::string(wmo);
  if (wmo == "19") return "31";
  if (wmo == "21") return "32";
  if (wmo == "22") return "33";
  if (wmo == "23") return "34";
  if (wmo == "31") return "35";
  return std::string(wmo);
}

struct simulation::impl {
  const options& opt;
  world& w;
  message_sink& sink;
  date last_day;
  date start;
  date care_last;  // last day of the last month
  std::int64_t today = 0;
  std::deque<toewijzing> tws;  // a deque: references stay valid when toewijzingen are added
  std::vector<client_state> cs;
  std::vector<request> requests;
  std::vector<ground_truth_row> rows;
  std::priority_queue<event, std::vector<event>, std::greater<>> queue;
  std::uint64_t seq = 0;
  run_counts counts;
  std::vector<std::int64_t> gem_id, gem_nummer, gem_beschikking;
  std::vector<std::pair<std::int64_t, int>> gem_clock;
  std::vector<std::int64_t> aan_id, aan_ref, aan_req;
  std::map<std::pair<int, int>, std::vector<int>> pair_tws;
  std::map<std::pair<int, int>, int> pair_max;                     // always_maximum: row
  std::map<std::pair<int, int>, std::pair<int, int>> pair_growth;  // sudden_growth: row, month
  std::map<std::pair<int, int>, int> pair_peer;                    // peer_outlier: row
  std::map<std::pair<int, int>, role_plan> plans;                  // (client, product index)

  impl(const options& o, world& wo, message_sink& s, date last)
      : opt(o), w(wo), sink(s), last_day(last), start(o.start), care_last(o.start.add_months(o.months).add_days(-1)) {
    cs.resize(w.clients.size());
    gem_id.assign(w.gemeenten.size(), 0);
    gem_nummer.assign(w.gemeenten.size(), 0);
    gem_beschikking.assign(w.gemeenten.size(), 0);
    gem_clock.assign(w.gemeenten.size(), {0, 0});
    aan_id.assign(w.aanbieders.size(), 0);
    aan_ref.assign(w.aanbieders.size(), 0);
    aan_req.assign(w.aanbieders.size(), 0);
    plan_anomalies();
  }

  // --- small helpers -------------------------------------------------------------------------

  keyed key(std::uint64_t what, std::uint64_t a, std::uint64_t b = 0) const {
    return keyed(derive(opt.seed, what, a, b));
  }
  date now() const { return date::from_days(today); }
  int month_of(date d) const { return month_index(start, d); }
  const client& plan_of(int c) const { return w.clients[static_cast<std::size_t>(c)]; }
  const gemeente& gem(int g) const { return w.gemeenten[static_cast<std::size_t>(g)]; }
  const aanbieder& aan(int a) const { return w.aanbieders[static_cast<std::size_t>(a)]; }
  toewijzing& tw(int i) { return tws[static_cast<std::size_t>(i)]; }
  client_state& state(int c) { return cs[static_cast<std::size_t>(c)]; }
  bool jeugd(int c) const { return plan_of(c).jeugd; }
  static model::standard standard_of(bool jeugd) {
    return jeugd ? model::standard::ijw_3_2 : model::standard::iwmo_3_2;
  }
  ground_truth_row& row(int i) { return rows[static_cast<std::size_t>(i)]; }

  void schedule(ev kind, date d, int a = -1, int b = -1, std::string text = {}) {
    if (d.days() < today) d = now();
    if (d > last_day) return;
    queue.push(event{d.days(), priority(kind), seq++, kind, a, b, std::move(text)});
  }

  std::string gemeente_id(int g) { return fmt::format("{}{:08}", gem(g).code, ++gem_id[static_cast<std::size_t>(g)]); }
  std::string aanbieder_id(int a) {
    return fmt::format("{}{:08}", aan(a).agb.substr(4), ++aan_id[static_cast<std::size_t>(a)]);
  }
  std::string next_ref(int a) { return fmt::format("{}-{:011}", aan(a).agb, ++aan_ref[static_cast<std::size_t>(a)]); }
  std::string next_request_ref(int a, bool vow) {
    return fmt::format("{}-{}-{:07}", vow ? "VOW" : "VOT", aan(a).agb, ++aan_req[static_cast<std::size_t>(a)]);
  }
  std::int64_t next_nummer(int g) {
    return static_cast<std::int64_t>(start.year() % 100) * 10'000'000 + ++gem_nummer[static_cast<std::size_t>(g)];
  }
  std::string next_beschikking(int g, int year) {
    return fmt::format("B{}-{}-{:06}", gem(g).code, year, ++gem_beschikking[static_cast<std::size_t>(g)]);
  }
  // Toewijzingstijd: a clock per municipality that moves forward within a day, so that versions
  // made on the same day still order (IV013).
  std::string clock(int g) {
    auto& [day, n] = gem_clock[static_cast<std::size_t>(g)];
    if (day != today) {
      day = today;
      n = 0;
    }
    const int s = std::min(8 * 3600 + 3 * n++, 86399);
    return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  }

  void touch(int r, const std::string& file) {
    if (r < 0) return;
    auto& files = row(r).files;
    if (std::ranges::find(files, file) == files.end()) files.push_back(file);
  }
  void span(int r, date b, date e) {
    if (r < 0) return;
    auto& x = row(r);
    if (!x.begin || b < *x.begin) x.begin = b;
    if (!x.end || e > *x.end) x.end = e;
  }

  // --- message parts --------------------------------------------------------------------------

  // The header of a message of `type` in the iWmo or (jeugd) the iJw standard: its BerichtCode and
  // XsdVersie values come from the catalogue.
  static model::header header(model::message_type type, bool jeugd, const std::string& from, const std::string& to,
                              std::string id, date day);
  static model::verkorte_naam short_name(const person& p);
  static model::client_301 client_of(const person& p);
  static model::product product_of(const toewijzing& t);
  model::toegewezen_product toegewezen(const toewijzing& t, bool changed, const std::optional<std::string>& ref) const;
  // A WMO301 to one provider: the changed toewijzingen, then (OP087) every other toewijzing of
  // the client with that provider that is still current, unchanged.
  std::string send_301(int c, int a, const std::vector<int>& changed, const std::map<int, std::string>& refs = {},
                       const std::optional<std::string>& ref_all = std::nullopt);
  void note_client(int c, const std::string& file);
  model::client_305 client_305(int c) const;
  model::start_product start_line(const toewijzing& t, date begin, std::string status) const;
  std::string send_305(const toewijzing& t, std::vector<model::start_product> lines);

  // --- planning of anomalies ------------------------------------------------------------------

  int first_care_month(const client& k) const;
  int new_row(anomaly kind, int g, int a, std::string expected, std::string description);
  void plan_anomalies();

  // --- the run --------------------------------------------------------------------------------

  void run();
  void handle(const event& e);
  // A new toewijzing for a planned product; not sent yet.
  int create(int c, int j, date ingang, date eind, date datum, std::string tijd, std::int64_t volume);
  // An extra toewijzing outside the plan (a second provider, a changed or corrected product).
  int create_extra(int c, int a, int p, date ingang, date eind, std::int64_t volume, int util);
  void schedule_start(int i, date earliest);
  // What happens when the toewijzing reaches its Einddatum: extended in time, or care ends.
  void schedule_expiry(int i);

  // --- gemeente: assigning ----------------------------------------------------------------------

  void on_assign(int c);
  void mark_non_use(int i);
  void on_delete_correction(int wrong, int right);
  void on_extend(int i);
  void on_end_toewijzing(int i, const std::string& reden, date einde);

  // --- aanbieder: start and stop --------------------------------------------------------------

  void on_start(int i);
  void on_start_correction(int i);
  void on_restart(int i);
  void on_stop(int i, const std::string& reden, date einde);
  void on_expire(int i);
  void check_gone(int c);
  // Care ends on day x (death, move, ended early): the provider stops, and the municipality
  // usually ends the toewijzing on that day too.
  void end_care(int i, date x, std::string_view stop_reden, std::string_view wijziging, std::uint32_t shorten_ppm,
                keyed& kk);

  // --- the month: what happens to clients in care -----------------------------------------------

  bool active(const toewijzing& t, date tick) const;
  void on_tick(int m);
  bool vow_eligible(const toewijzing& t, date day) const;

  // --- requests: WMO315, WMO317 and the answers ------------------------------------------------

  void on_vot(int c);
  void send_319(const request& q, const std::string& ref, std::string_view antwoord, std::optional<std::string> reden,
                std::optional<std::string> woonplaats = std::nullopt);
  void close_request(const request& q) { std::erase(state(q.client).pending, q.aanbieder); }
  void on_answer(int qi);
  void grant_vot(const request& q, keyed& kk);
  void on_vow(int i);
  void grant_vow(const request& q, keyed& kk);
  // Multiple providers: the municipality also assigns the category to a second provider.
  void on_extra_provider(int i);
  std::pair<int, int> plan_key(int i);

  // --- declarations ---------------------------------------------------------------------------

  model::state::toewijzing as_state(const toewijzing& t) const;
  bool minutes(const toewijzing& t) const;
  std::int64_t delivered(const toewijzing& t, date b, date e) const;
  // The period a line for month M must have under the current version (TR387/TR388).
  std::pair<date, date> period(const toewijzing& t, int month) const;
  // The most a line may still declare: TR321 for the period and TR322 for the whole toewijzing
  // (TR369 for a budget), in the declared unit.
  struct limits {
    std::int64_t line = 0;  // TR321 for the period (budget: unlimited)
    std::int64_t left = 0;  // what TR322 / TR369 still allows
  };
  limits limit(const toewijzing& t, date b, date e) const;
  // The usual volume for a month: the assigned volume for the days with care, times how much
  // of it is actually delivered.
  std::int64_t usual(const toewijzing& t, int month, std::int64_t days) const;
  struct priced {
    std::optional<cents> tarief;
    cents bedrag = 0;
  };
  priced price(const toewijzing& t, std::int64_t volume, cents hour) const;
  model::prestatie prestatie(const toewijzing& t, std::string ref, std::optional<std::string> vorig, date b, date e,
                             std::int64_t volume, const priced& pr, bool credit) const;
  using line_map = std::map<int, std::vector<pending_line>>;  // client -> lines, in client order

  // One debit line for month M, or nothing. Approved lines are remembered (they count towards
  // the maxima and may be credited later); lines the pipeline will reject are not.
  bool debit(toewijzing& t, int month, mode md, line_map& out, int tag);
  // The ground-truth sentence of an anomalous line.
  void describe(const toewijzing& t, mode md, date b, date e, std::int64_t volume, const limits& lim, const priced& pr);
  static std::string_view unit_name(model::eenheid u);
  // Credits an approved line and, when `rebill`, declares it again with another volume.
  bool correct(toewijzing& t, std::size_t index, bool rebill, std::int64_t new_volume, line_map& out, int tag);
  // Everything the provider declares on one toewijzing in the declaration for month m.
  void produce(int i, int m, line_map& out);
  void on_declare(int a, int m);
  // One declaration message; iWmo (WMO323) or, for Jeugd clients, iJw (JW323), never both.
  void send_323(int a, int g, int m, int part, bool jeugd,
                std::vector<std::pair<int, std::vector<pending_line>>>& chunk);
};

}  // namespace iwmo::gen
