#include "app/validate.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "app/input.hpp"

namespace iwmo::app {
namespace {

file_report check_one(const std::string& file, checker& c, const rules::rule_context& context) {
  file_report report{file, {}, false};
  auto input = read_input(file, c.limits().max_bytes);
  if (auto* error = std::get_if<input_error>(&input)) {
    report.io_error = !error->too_large;
    report.checked.validation.errors.push_back({0, 0, std::move(error->text)});
    return report;
  }
  report.checked = c.check(std::get<input_bytes>(input).bytes, context);
  return report;
}

}  // namespace

void validate_files(const std::vector<std::string>& files,
                    std::shared_ptr<const xml::schema_set> schemas, const validate_options& options,
                    const std::function<void(file_report&&)>& on_report) {
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1)));

  if (jobs <= 1) {
    checker c(schemas, options.limits);
    for (const auto& f : files) on_report(check_one(f, c, options.context));
    return;
  }

  // Workers take the next index; the calling thread reports finished slots in order. A
  // window bounds how far workers may run ahead, so memory stays flat for huge batches.
  const std::size_t window = std::size_t{jobs} * 16;
  std::vector<std::optional<file_report>> slots(files.size());
  std::mutex mutex;
  std::condition_variable ready;     // a slot was filled
  std::condition_variable progress;  // the reporter advanced
  std::size_t next_to_report = 0;
  std::atomic<std::size_t> next_to_take{0};

  std::vector<std::jthread> workers;
  workers.reserve(jobs);
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      checker c(schemas, options.limits);
      for (;;) {
        const auto i = next_to_take.fetch_add(1);
        if (i >= files.size()) return;
        {
          std::unique_lock lock(mutex);
          progress.wait(lock, [&] { return i < next_to_report + window; });
        }
        auto report = check_one(files[i], c, options.context);
        {
          std::lock_guard lock(mutex);
          slots[i] = std::move(report);
        }
        ready.notify_one();
      }
    });
  }

  for (std::size_t i = 0; i < files.size(); ++i) {
    file_report report;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return slots[i].has_value(); });
      report = std::move(*slots[i]);
      slots[i].reset();
      next_to_report = i + 1;
    }
    progress.notify_all();
    on_report(std::move(report));
  }
}

}  // namespace iwmo::app
