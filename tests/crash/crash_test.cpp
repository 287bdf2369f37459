// Crash consistency (docs/reliability.md): a generated region is submitted by concurrent clients
// while the daemon is killed with SIGKILL at random moments and restarted; a client that got no
// answer sends the same bytes again. Afterwards the database must hold every message exactly
// once with its answer, nothing half-processed, the same state and ledger as a clean run of the
// stored messages, and every push must have reached the receiver at least once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "crash/crash_support.hpp"
#include "daemon/daemon_fixture.hpp"

using namespace iwmo::test;
using namespace iwmo::test::crash;
namespace json = boost::json;

namespace {

constexpr std::size_t lanes_count = 4;

// What a client finally got for one message, and what it took.
struct delivery_outcome {
  long status = 0;
  std::int64_t message_id = 0;
  std::string verdict;
  std::string answer;  // the body when it is an answer (XML)
  bool has_answer = false;
  bool replay = false;
  int lost = 0;  // attempts without an answer (killed, refused, 5xx)
};

// The daemon as the clients see it: down while the killer restarts it.
struct live_daemon {
  std::mutex mutex;
  std::condition_variable changed;
  bool up = false;
  bool aborted = false;
  std::uint64_t generation = 0;
  std::uint16_t port = 0;
};

// The state a message leaves behind, per table: "processing complete" means these rows exist.
std::map<std::string, std::int64_t> counts_by_message(const sqlite_reader& db, const std::string& sql) {
  std::map<std::string, std::int64_t> out;
  for (const auto& row : db.rows(sql)) out[row[0]] = std::stoll(row[1]);
  return out;
}

std::string first_of(const std::vector<std::string>& lines) {
  if (lines.empty()) return "(none)";
  return lines.front().size() > 400 ? lines.front().substr(0, 400) + "..." : lines.front();
}

// The same rows in both databases, whatever their order.
bool same_rows(const sqlite_reader& killed, const sqlite_reader& clean, const std::string& table, const std::string& columns) {
  const auto sql = fmt::format("SELECT {} FROM {}", columns, table);
  const auto a = sorted_lines(killed, sql);
  const auto b = sorted_lines(clean, sql);
  if (a == b) return true;
  std::vector<std::string> only_a, only_b;
  std::ranges::set_difference(a, b, std::back_inserter(only_a));
  std::ranges::set_difference(b, a, std::back_inserter(only_b));
  UNSCOPED_INFO(fmt::format("{}: {} rows after the kills, {} re-processed; {} only after the kills (first: {}), {} only "
                            "re-processed (first: {})",
                            table, a.size(), b.size(), only_a.size(), first_of(only_a), only_b.size(), first_of(only_b)));
  return false;
}

}  // namespace

TEST_CASE("crash: SIGKILL at random moments under concurrent clients loses nothing and doubles nothing", "[crash]") {
  const auto started = std::chrono::steady_clock::now();
  const auto cycles = env_number("IWMO_CRASH_CYCLES", 20);
  const auto seed = env_number("IWMO_CRASH_SEED", std::random_device{}());
  // The stream grows with the number of kills, so that the kills fall while clients are sending.
  const auto clients = static_cast<int>(env_number("IWMO_CRASH_CLIENTS", 40 + 22 * cycles));
  std::cout << fmt::format("crash: seed {} (IWMO_CRASH_SEED), {} cycles (IWMO_CRASH_CYCLES), {} clients\n", seed, cycles,
                           clients)
            << std::flush;
  INFO("seed " << seed << ", cycles " << cycles << ", clients " << clients);

  temp_dir work;
  const auto region = generate_region(work / "region", seed, clients, 4);
  const auto& stream = region.messages;
  REQUIRE(stream.size() > 100);

  daemon_options options;
  options.mappings = region.mappings_dir;
  options.today = region.today;
  options.extra_parties = region.parties();
  options.push_parties = region.parties();  // every accepted message is pushed to its recipient
  options.push_max_age = std::chrono::seconds(3600);  // no dead letters from the kills
  gateway_daemon d(options);
  d.start();

  live_daemon live;
  live.up = true;
  live.port = d.port();
  std::vector<delivery_outcome> outcomes(stream.size());
  const auto lanes = lanes_by_pair(stream, lanes_count);
  std::array<std::atomic<bool>, lanes_count> in_flight{};
  std::atomic<std::size_t> lanes_done{0};
  std::atomic<std::size_t> answered{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(failure_mutex);
    if (!failure) failure = e;
    std::lock_guard l2(live.mutex);
    live.aborted = true;
    live.changed.notify_all();
  };

  // A client: its lane's messages in order, each sent again until it gets a 2xx.
  const auto client = [&](std::size_t lane) {
    try {
      for (const auto index : lanes[lane]) {
        const auto& m = stream[index];
        const auto& as = d.who(m.sender_identity());
        auto& out = outcomes[index];
        for (;;) {
          std::uint64_t generation = 0;
          http_request r;
          {
            std::unique_lock lock(live.mutex);
            live.changed.wait(lock, [&] { return live.up || live.aborted; });
            if (live.aborted) return;
            generation = live.generation;
            r.url = fmt::format("https://localhost:{}/v1/messages", live.port);
          }
          r.method = "POST";
          r.body = m.bytes;
          r.headers.push_back("Content-Type: application/xml");
          r.timeout_ms = 20000;
          in_flight[lane] = true;
          const auto response = d.send(std::move(r), as);
          in_flight[lane] = false;
          if (response.status >= 200 && response.status < 300) {
            out.status = response.status;
            out.message_id = std::stoll(response.header("x-iwmo-message-id"));
            out.verdict = response.header("x-iwmo-verdict");
            out.replay = response.header("x-iwmo-replay") == "true";
            out.has_answer = !response.header("x-iwmo-answer-type").empty();
            if (out.has_answer) out.answer = response.body;
            ++answered;
            break;
          }
          if (response.status != 0 && response.status < 500) {
            out.status = response.status;  // refused for a reason of its own: checked below
            out.answer = response.body;
            break;
          }
          ++out.lost;
          // Killed (or not up yet): wait for the next daemon, or retry after a pause.
          std::unique_lock lock(live.mutex);
          live.changed.wait_for(lock, std::chrono::milliseconds(200),
                                [&] { return live.generation != generation || live.aborted; });
        }
      }
    } catch (...) {
      fail(std::current_exception());
    }
    ++lanes_done;
  };

  // The killer: SIGKILL after a random time up, then a restart; seeded, so the schedule repeats.
  std::uint64_t kills_under_load = 0, kills_with_request_in_flight = 0, requests_in_flight_at_kill = 0;
  const auto killer = [&] {
    try {
      std::mt19937_64 random(seed);
      std::uniform_int_distribution<int> up_for_ms(150, 1200);
      for (std::uint64_t cycle = 0; cycle < cycles; ++cycle) {
        std::this_thread::sleep_for(std::chrono::milliseconds(up_for_ms(random)));
        {
          std::lock_guard lock(live.mutex);
          if (live.aborted) return;
          live.up = false;
        }
        if (lanes_done < lanes_count) ++kills_under_load;
        const auto busy = static_cast<std::uint64_t>(std::ranges::count_if(in_flight, [](const auto& f) { return f.load(); }));
        requests_in_flight_at_kill += busy;
        if (busy > 0) ++kills_with_request_in_flight;
        if (!d.stop(SIGKILL)) throw std::runtime_error("the daemon did not die of SIGKILL");
        d.start();
        std::lock_guard lock(live.mutex);
        live.up = true;
        live.port = d.port();
        ++live.generation;
        live.changed.notify_all();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };

  {
    std::vector<std::jthread> threads;
    for (std::size_t lane = 0; lane < lanes_count; ++lane) threads.emplace_back(client, lane);
    threads.emplace_back(killer);
  }
  if (failure) std::rethrow_exception(failure);
  const auto sending_done = std::chrono::steady_clock::now();
  REQUIRE(answered == stream.size());

  // The outbox resumes after the last restart and drains.
  const auto pending = [&] {
    const auto r = d.get("/v1/outbox?state=pending&limit=1", d.who("admin"));
    return r.status == 200 ? json::parse(r.body).as_object().at("items").as_array().size() : std::size_t{1};
  };
  CHECK(eventually([&] { return pending() == 0; }, std::chrono::seconds(60)));
  const auto stopped = d.stop(SIGTERM);
  REQUIRE(stopped.has_value());
  CHECK(*stopped == 0);

  const sqlite_reader db(d.database_file());
  CHECK(db.scalar("PRAGMA integrity_check") == "ok");
  CHECK(db.rows("PRAGMA foreign_key_check").empty());

  // Every message that got a 2xx is stored exactly once, under the id and with the verdict and
  // the answer the 2xx gave; no row belongs to anything else.
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> stored_by_sha;
  for (const auto& row : db.rows("SELECT sha256, id, verdict FROM message")) {
    stored_by_sha[row[0]].emplace_back(std::stoll(row[1]), row[2]);
  }
  std::map<std::int64_t, std::string> answers;
  for (const auto& row : db.rows("SELECT message_id, bytes FROM answer")) answers[std::stoll(row[0])] = row[1];
  std::size_t replays = 0, lost_committed = 0, lost_not_committed = 0, lost_attempts = 0, accepted = 0;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const auto& out = outcomes[i];
    INFO(stream[i].file << ": HTTP " << out.status << " " << out.answer.substr(0, 300));
    REQUIRE(out.status == 200);
    const auto& rows = stored_by_sha[stream[i].sha256];
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].first == out.message_id);
    CHECK(rows[0].second == out.verdict);
    CHECK(out.has_answer);  // every generated message is a heen message
    CHECK(answers[out.message_id] == out.answer);
    // Identical bytes are a replay only when an earlier attempt reached the store.
    if (out.lost == 0) CHECK_FALSE(out.replay);
    lost_attempts += static_cast<std::size_t>(out.lost);
    if (out.replay) ++replays;
    if (out.lost > 0) ++(out.replay ? lost_committed : lost_not_committed);
    if (out.verdict == "accepted") ++accepted;
  }
  CHECK(db.scalar("SELECT count(*) FROM message") == std::to_string(stream.size()));
  CHECK(db.scalar("SELECT count(*) FROM answer") == std::to_string(stream.size()));
  // The generated stream is clean, and a lane keeps the order of its pairs: a message resent
  // after a kill is processed as if it was sent once (no TR056 repeat, no missing toewijzing).
  CHECK(accepted == stream.size());

  // Nothing half-processed: every stored message has its identifier, search keys, mailbox entry
  // and the state rows of its type.
  {
    const auto ids = counts_by_message(db, "SELECT message_id, count(*) FROM used_identificatie GROUP BY message_id");
    const auto keys = counts_by_message(db, "SELECT message_id, count(*) FROM message_key GROUP BY message_id");
    const auto mailbox = counts_by_message(db, "SELECT message_id, count(*) FROM mailbox GROUP BY message_id");
    std::map<std::string, std::map<std::string, std::int64_t>> state_of_type{
        {"WMO301", counts_by_message(db, "SELECT message_id, count(*) FROM toewijzing GROUP BY message_id")},
        {"WMO305", counts_by_message(db, "SELECT message_id, count(*) FROM levering GROUP BY message_id")},
        {"WMO307", counts_by_message(db, "SELECT message_id, count(*) FROM levering GROUP BY message_id")},
        {"WMO315", counts_by_message(db, "SELECT message_id, count(*) FROM verzoek GROUP BY message_id")},
        {"WMO317", counts_by_message(db, "SELECT message_id, count(*) FROM verzoek GROUP BY message_id")},
        {"WMO319", counts_by_message(db, "SELECT message_id, count(*) FROM antwoord GROUP BY message_id")},
        {"WMO323", counts_by_message(db, "SELECT d.message_id, count(*) FROM declaratie d JOIN prestatie p ON "
                                         "p.declaratie_id = d.id GROUP BY d.message_id")}};
    for (const auto& row : db.rows("SELECT id, type, verdict FROM message")) {
      INFO("message " << row[0] << " " << row[1] << " " << row[2]);
      CHECK(ids.contains(row[0]));
      CHECK(keys.contains(row[0]));
      CHECK(answers.contains(std::stoll(row[0])));
      if (row[2] != "accepted") continue;
      CHECK(mailbox.contains(row[0]));
      const auto state = state_of_type.find(row[1]);
      if (state != state_of_type.end()) CHECK(state->second.contains(row[0]));
    }
  }

  // A clean run of the stored messages, in the order they were stored, gives the same state,
  // ledger and answers (ids included: the same order gives the same ids).
  const auto replay_dir = work / "stored";
  std::filesystem::create_directories(replay_dir);
  for (const auto& row : db.rows("SELECT id, bytes FROM message ORDER BY id")) {
    write_file(replay_dir / fmt::format("{:07}.xml", std::stoll(row[0])), row[1]);
  }
  const auto clean_db = work / "clean.db";
  const auto processed = gateway({"process", "--db", clean_db.string(), "--mappings", region.mappings_dir.string(), "--today",
                                  region.today, "--group", "64", replay_dir.string()});
  INFO(processed.err);
  REQUIRE(processed.exit_code == 0);
  {
    const sqlite_reader clean(clean_db);
    const std::vector<std::pair<std::string, std::string>> tables{
        {"message", "id, sha256, type, sender, receiver, identificatie, dagtekening, verdict, findings, errors"},
        {"answer", "*"},
        {"used_identificatie", "*"},
        {"message_key", "*"},
        {"toewijzing", "*"},
        {"levering", "*"},
        {"verzoek", "*"},
        {"antwoord", "*"},
        {"declaratie", "*"},
        {"prestatie", "*"},
        {"client_adres", "*"},
        {"ledger", "*"},
        {"mailbox", "id, message_id, recipient"}};
    for (const auto& [table, columns] : tables) {
      INFO("table " << table);
      CHECK(same_rows(db, clean, table, columns));
    }
  }

  // The incremental ledger equals one rebuilt from the state.
  {
    const auto copy = work / "rebuilt.db";
    std::filesystem::copy_file(d.database_file(), copy);
    for (const auto* suffix : {"-wal", "-shm"}) {
      const auto side = std::filesystem::path(d.database_file().string() + suffix);
      if (std::filesystem::exists(side)) std::filesystem::copy_file(side, copy.string() + suffix);
    }
    const auto rebuilt = gateway({"rebuild", "--db", copy.string(), "--mappings", region.mappings_dir.string()});
    INFO(rebuilt.err);
    REQUIRE(rebuilt.exit_code == 0);
    const sqlite_reader r(copy);
    CHECK(same_rows(db, r, "ledger", "*"));
  }

  // The outbox: one item per mailbox entry of a party with an endpoint (all parties here), all
  // delivered; the receiver got each at least once and, deduplicated by X-Iwmo-Message-Id,
  // exactly the queued set, each with the stored bytes.
  const auto queued = db.rows("SELECT o.id, m.message_id, o.state, m.acked_by FROM outbox o JOIN mailbox m ON m.id = o.mailbox_id");
  CHECK(db.scalar("SELECT count(*) FROM mailbox") == std::to_string(queued.size()));
  std::set<std::int64_t> queued_ids;
  for (const auto& row : queued) {
    INFO("outbox item " << row[0]);
    CHECK(row[2] == "delivered");
    CHECK(row[3] == "push");  // acknowledged in the transaction that marked it delivered
    queued_ids.insert(std::stoll(row[1]));
  }
  CHECK(queued_ids.size() == queued.size());  // one item per message
  std::map<std::int64_t, std::string> bytes_of;
  for (const auto& row : db.rows("SELECT id, bytes FROM message")) bytes_of[std::stoll(row[0])] = row[1];
  const auto received = d.receiver().received();
  std::set<std::int64_t> received_ids;
  for (const auto& r : received) {
    const auto header = r.headers.find("x-iwmo-message-id");
    REQUIRE(header != r.headers.end());
    const auto id = std::stoll(header->second);
    INFO("pushed message " << id);
    CHECK(r.body == bytes_of[id]);
    received_ids.insert(id);
  }
  CHECK(received_ids == queued_ids);
  const auto duplicates = received.size() - received_ids.size();

  const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const auto summary = fmt::format(
      "crash: seed {}, {} SIGKILL cycles ({} while clients were sending, {} with a request in flight, {} requests in "
      "flight at a kill), {} messages in {} lanes, {} 2xx ({} accepted), {} attempts without an answer, {} answers lost "
      "at a kill of which {} were already committed (answered as replay when resent) and {} were not (processed when "
      "resent), {} outbox items delivered with {} pushes ({} duplicates, deduplicated by X-Iwmo-Message-Id), "
      "sending {:.1f} s, total {:.1f} s",
      seed, cycles, kills_under_load, kills_with_request_in_flight, requests_in_flight_at_kill, stream.size(), lanes_count,
      answered.load(), accepted, lost_attempts, lost_committed + lost_not_committed, lost_committed, lost_not_committed,
      queued.size(), received.size(), duplicates, seconds(started, sending_done),
      seconds(started, std::chrono::steady_clock::now()));
  std::cout << summary << "\n" << std::flush;
  WARN(summary);
  CHECK(replays == lost_committed);
}
