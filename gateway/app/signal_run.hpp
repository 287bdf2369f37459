#pragma once
// Running the signals engine over a store (docs/signals.md): read the data set, pseudonymise
// BSNs with the store's key, evaluate, and store the outcome as the signals of this run. The
// daemon and `iwmo-gateway signals` both call this.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "model/messages.hpp"
#include "signals/signals.hpp"
#include "store/review.hpp"
#include "store/store.hpp"

namespace iwmo::app {

struct signal_run_result {
  store::run_counts counts;
  std::vector<signals::signal> signals;
  std::int64_t load_ms = 0;     // reading the data set
  std::int64_t evaluate_ms = 0; // the rules
  std::int64_t store_ms = 0;    // writing the outcome
  std::size_t toewijzingen = 0;
  std::size_t prestaties = 0;
};

// Reads everything the engine looks at.
[[nodiscard]] signals::dataset load_signal_dataset(store::database& db);

// The pseudonym of a BSN under a key: "K-" and the first 10 hexadecimal digits of HMAC-SHA-256.
[[nodiscard]] std::string pseudonym(std::string_view key, std::string_view bsn);
// The store's pseudonymisation key (made on first use, kept in the database).
[[nodiscard]] std::string pseudonym_key(store::database& db);

// Runs the engine over the store and stores the outcome (`now`: the run's timestamp text).
signal_run_result run_signals(store::database& db, const signals::threshold_set& thresholds, model::date today,
                              std::string_view now);

// The stored form of a signal and back.
[[nodiscard]] store::signal_row to_row(const signals::signal& s);
[[nodiscard]] boost::json::object evidence_of(const store::signal_row& row);

// The address a WMO301 gives for its client (BRP address first, then residence, then any),
// for the address_cluster signal; nullopt when it has none.
[[nodiscard]] std::optional<store::client_address_row> client_address_of(const model::wmo301& m, std::int64_t message_id);

// "******789".
[[nodiscard]] std::string mask_bsn(std::string_view bsn);

}  // namespace iwmo::app
