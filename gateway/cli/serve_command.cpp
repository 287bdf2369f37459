// `serve`, `token` and `replay`: the daemon and its administration.
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>
#include <memory>

#include <fmt/format.h>

#include "app/pipeline.hpp"
#include "app/service.hpp"
#include "cli/cli.hpp"
#include "cli/options.hpp"
#include "config/config.hpp"
#include "delivery/push_worker.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "mappings/reference_tables.hpp"
#include "mappings/signal_thresholds.hpp"
#include "store/maintenance.hpp"
#include "store/store.hpp"

namespace iwmo::cli {

namespace po = boost::program_options;

namespace {

delivery::push_settings push_settings_of(const config::gateway_config& c) {
  delivery::push_settings s;
  s.database = c.database;
  s.poll_interval = c.push.poll_interval;
  s.base_delay = c.push.base_delay;
  s.max_delay = c.push.max_delay;
  s.max_age = c.push.max_age;
  s.timeout = c.push.timeout;
  s.concurrency = c.push.concurrency;
  s.ca_file = c.push.ca_file;
  s.client_certificate = c.push.client_certificate;
  s.client_key = c.push.client_key;
  return s;
}

}  // namespace

int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway serve --config FILE\n"
      "Runs the gateway daemon: the HTTP(S) API, the pipeline and push delivery (docs/operations.md).\n"
      "options");
  std::string config_file;
  visible.add_options()("config", po::value(&config_file), "the configuration file (TOML)")("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "serve", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  const auto cfg = load_config(config_file, "serve", err);
  if (!cfg) return exit_usage;

  std::unique_ptr<mappings::reference_tables> reference;
  std::unique_ptr<signals::threshold_set> thresholds;
  std::unique_ptr<store::instance_lock> lock;  // one daemon per database, and no restore under it
  try {
    lock = std::make_unique<store::instance_lock>(cfg->database);
    log::init(log::parse_level(cfg->log_level), cfg->log_file);
    reference = std::make_unique<mappings::reference_tables>(mappings::reference_tables::load(cfg->mappings));
    thresholds = std::make_unique<signals::threshold_set>(mappings::load_signal_thresholds(cfg->mappings));
    store::database migrate(cfg->database);  // create or migrate once, before any worker opens it
  } catch (const std::exception& e) {
    err << "serve: " << e.what() << "\n";
    return exit_usage;
  }

  std::unique_ptr<delivery::push_worker> pusher;
  app::service_settings settings;
  settings.database = cfg->database;
  settings.schemas = xml::schema_set::builtin();
  settings.reference = reference.get();
  const auto today = cfg->today;
  settings.today = [today] { return today ? *today : system_date(); };
  settings.metrics_public = cfg->metrics_public;
  settings.thresholds = thresholds.get();
  settings.signals_auto = cfg->signals.automatic;
  settings.signals_delay = cfg->signals.delay;
  if (cfg->push.enabled) {
    settings.push_endpoint = [&c = *cfg](const std::string& recipient) -> std::optional<std::string> {
      const auto* p = c.party(recipient);
      if (p == nullptr || p->push_url.empty()) return std::nullopt;
      return p->push_url;
    };
    settings.push_queued = [&pusher] {
      if (pusher) pusher->notify();
    };
  }
  app::service service(std::move(settings));
  if (cfg->push.enabled) {
    pusher = std::make_unique<delivery::push_worker>(push_settings_of(*cfg), service.metrics());
    pusher->start();
  }

  http::server server(*cfg, service);
  try {
    server.start();
  } catch (const std::exception& e) {
    if (pusher) pusher->stop();
    err << "serve: " << e.what() << "\n";
    return exit_usage;
  }
  err << fmt::format("iwmo-gateway listening on {}://{}:{} (database {}); stop with Ctrl-C or SIGTERM\n",
                     cfg->tls.enabled ? "https" : "http", cfg->server.listen, server.port(), cfg->database.string());
  // Retention: at start and every hour, the content of messages older than [retention]
  // message_days is purged (docs/reliability.md), on its own connection.
  std::jthread retention;
  if (cfg->retention.message_days > 0) {
    retention = std::jthread([&c = *cfg](std::stop_token stop) {
      std::mutex m;
      std::condition_variable_any wake;
      do {
        try {
          const auto now = std::chrono::system_clock::now();
          store::database db(c.database);
          const auto r = db.purge(utc_timestamp(now - std::chrono::hours(24) * c.retention.message_days), utc_timestamp(now));
          if (r.messages > 0) {
            log::info("retention.purged", {{"messages", r.messages}, {"answers", r.answers}, {"expired_mailbox", r.expired_mailbox},
                                           {"dead_outbox", r.dead_outbox}, {"days", c.retention.message_days}});
          }
        } catch (const std::exception& e) {
          log::error("retention.failed", {{"error", e.what()}});
        }
        std::unique_lock held(m);
        wake.wait_for(held, stop, std::chrono::hours(1), [] { return false; });
      } while (!stop.stop_requested());
    });
  }
  server.wait();
  if (retention.joinable()) {
    retention.request_stop();
    retention.join();
  }
  if (pusher) pusher->stop();
  log::info("server.stopped");
  log::shutdown();
  return exit_ok;
}

int token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway token create --config FILE --principal P [--label TEXT]\n"
      "       iwmo-gateway token list   --config FILE\n"
      "       iwmo-gateway token revoke --config FILE ID\n"
      "Bearer tokens. A new token is printed once; only its SHA-256 is stored. P is\n"
      "aanbieder:<AGB>, gemeente:<CBS>, backoffice[:<CBS>,...], toezicht[:<CBS>,...] or admin.\n"
      "options");
  std::string config_file, principal_text, label;
  visible.add_options()("config", po::value(&config_file), "the configuration file (its database)")(
      "principal", po::value(&principal_text), "who the token stands for")("label", po::value(&label),
                                                                            "a note, e.g. the system that uses it")(
      "help,h", "show this help");
  const auto parsed = parse_command(args, visible, "token", err);
  if (!parsed) return exit_usage;
  if (parsed->help || parsed->files.empty()) {
    (parsed->help ? out : err) << visible;
    return parsed->help ? exit_ok : exit_usage;
  }
  const auto action = parsed->files.front();
  const auto cfg = load_config(config_file, "token", err);
  if (!cfg) return exit_usage;
  try {
    store::database db(cfg->database);
    if (action == "create" && parsed->files.size() == 1) {
      const auto p = app::parse_principal(principal_text);
      if (!p) {
        err << "token: --principal '" << principal_text << "' is not a principal\n" << visible;
        return exit_usage;
      }
      const auto token = app::new_token();
      const auto id = db.add_credential(app::sha256_hex(token), p->to_string(), label, app::utc_now());
      err << fmt::format("token {} for {} created; it is shown once:\n", id, p->to_string());
      out << token << "\n";
      return exit_ok;
    }
    if (action == "list" && parsed->files.size() == 1) {
      out << fmt::format("{:>4}  {:<24} {:<21} {:<21} {}\n", "id", "principal", "created", "revoked", "label");
      for (const auto& c : db.credentials()) {
        out << fmt::format("{:>4}  {:<24} {:<21} {:<21} {}\n", c.id, c.principal, c.created_at, c.revoked_at.value_or("-"),
                           c.label);
      }
      return exit_ok;
    }
    if (action == "revoke" && parsed->files.size() == 2) {
      const auto id = std::stoll(parsed->files[1]);
      if (!db.revoke_credential(id, app::utc_now())) {
        err << "token: no active token " << id << "\n";
        return exit_invalid;
      }
      out << "token " << id << " revoked\n";
      return exit_ok;
    }
  } catch (const std::exception& e) {
    err << "token: " << e.what() << "\n";
    return exit_usage;
  }
  err << visible;
  return exit_usage;
}

int replay_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "usage: iwmo-gateway replay --config FILE (--all-dead | OUTBOX_ID...)\n"
      "Makes dead letters of the push outbox pending again; a running daemon delivers them.\n"
      "options");
  std::string config_file;
  bool all_dead = false;
  visible.add_options()("config", po::value(&config_file), "the configuration file (its database)")(
      "all-dead", po::bool_switch(&all_dead), "replay every dead letter")("help,h", "show this help");
  const auto parsed = parse_command(args, visible, "replay", err);
  if (!parsed) return exit_usage;
  if (parsed->help) {
    out << visible;
    return exit_ok;
  }
  if (all_dead == !parsed->files.empty()) {
    err << "replay: give outbox ids or --all-dead\n" << visible;
    return exit_usage;
  }
  const auto cfg = load_config(config_file, "replay", err);
  if (!cfg) return exit_usage;
  try {
    store::database db(cfg->database);
    std::vector<std::int64_t> ids;
    if (all_dead) {
      for (std::int64_t after = 0;;) {
        const auto page = db.outbox(store::outbox_state::dead, after, 1000);
        for (const auto& o : page) ids.push_back(o.id);
        if (page.size() < 1000) break;
        after = page.back().id;
      }
    } else {
      for (const auto& f : parsed->files) ids.push_back(std::stoll(f));
    }
    int missed = 0;
    for (const auto id : ids) {
      if (db.replay(id, app::epoch_ms())) {
        out << "outbox " << id << " is pending again\n";
      } else {
        err << "replay: outbox " << id << " is not a dead letter\n";
        ++missed;
      }
    }
    if (ids.empty()) out << "no dead letters\n";
    return missed == 0 ? exit_ok : exit_invalid;
  } catch (const std::exception& e) {
    err << "replay: " << e.what() << "\n";
    return exit_usage;
  }
}

}  // namespace iwmo::cli
