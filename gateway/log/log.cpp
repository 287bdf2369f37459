#include "log/log.hpp"

#include <atomic>
#include <memory>
#include <mutex>

#include <boost/json/serialize.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "model/values.hpp"

namespace iwmo::log {

namespace {

std::mutex setup_mutex;
std::shared_ptr<spdlog::logger> logger;  // guarded by setup_mutex for replacement
std::atomic<bool> active{false};

spdlog::level::level_enum to_spdlog(level l) {
  switch (l) {
    case level::debug: return spdlog::level::debug;
    case level::info: return spdlog::level::info;
    case level::warn: return spdlog::level::warn;
    case level::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

level parse_level(std::string_view text) {
  if (text == "debug") return level::debug;
  if (text == "warn") return level::warn;
  if (text == "error") return level::error;
  return level::info;
}

void init(level min, const std::filesystem::path& file) {
  std::lock_guard lock(setup_mutex);
  spdlog::sink_ptr sink;
  if (file.empty()) {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string());
  }
  auto l = std::make_shared<spdlog::logger>("iwmo", std::move(sink));
  // The message part (%v) is the rest of a JSON object that write() prepares.
  l->set_formatter(std::make_unique<spdlog::pattern_formatter>(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                                                               spdlog::pattern_time_type::utc));
  l->set_level(to_spdlog(min));
  l->flush_on(spdlog::level::debug);
  logger = std::move(l);
  active = true;
}

void shutdown() {
  std::lock_guard lock(setup_mutex);
  active = false;
  if (logger) logger->flush();
  logger.reset();
}

void write(level l, std::string_view event, boost::json::object fields) {
  if (!active) return;
  std::shared_ptr<spdlog::logger> target;
  {
    std::lock_guard lock(setup_mutex);
    target = logger;
  }
  if (!target || !target->should_log(to_spdlog(l))) return;
  boost::json::object line;
  line["event"] = event;
  for (auto& [k, v] : fields) line[k] = std::move(v);
  auto text = redact_bsn(boost::json::serialize(line));
  // Without the braces: the formatter adds ts and level in front.
  target->log(to_spdlog(l), std::string_view(text).substr(1, text.size() - 2));
}

std::string redact_bsn(std::string_view text) {
  std::string out(text);
  std::size_t i = 0;
  while (i < out.size()) {
    if (!digit(out[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && digit(out[j])) ++j;
    if (j - i == 9 && model::passes_eleven_test(std::string_view(out).substr(i, 9))) out.replace(i, 9, "*********");
    i = j;
  }
  return out;
}

}  // namespace iwmo::log
