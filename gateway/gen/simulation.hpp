#pragma once
// Running the planned region day by day. Events (a client's request, a toewijzing, a start, a stop,
// a change, a month's declaration) are handled in date order, and every message is built from the
// state the receiving gateway has at that moment, so the stream passes the cross-message rules:
// a declaration uses the toewijzing version that is current when it is sent, stays within the
// assigned volume (TR321/TR322) and budget (TR369), and credits only what was approved.
//
// Anomalies (--anomaly-rate) are chosen from the plan before the run; the run injects them and
// records a ground-truth row for each one that actually happened.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gen/generator.hpp"
#include "gen/output.hpp"
#include "gen/world.hpp"

namespace iwmo::gen {

struct ground_truth_row {
  anomaly kind = anomaly::over_declaring;
  std::string gemeente;
  std::string aanbieder;
  std::vector<std::string> bsns;
  std::string beschikking;
  std::string toewijzing;
  std::optional<model::date> begin;
  std::optional<model::date> end;
  std::vector<std::string> files;
  std::string expected = "accepted";  // or "RULE/retourcode"
  std::string description;
  bool happened = false;
};

struct run_counts {
  std::int64_t clients = 0;       // clients named in at least one message
  std::int64_t jeugd_clients = 0;  // of them, Jeugdwet clients (iJw messages)
  std::int64_t toewijzingen = 0;  // toewijzing numbers sent
  std::int64_t prestaties = 0;
  std::int64_t credit_prestaties = 0;
  std::int64_t declaraties = 0;
};

class simulation {
 public:
  simulation(const options& opt, world& w, message_sink& sink, model::date last_day);
  ~simulation();
  simulation(const simulation&) = delete;
  simulation& operator=(const simulation&) = delete;

  // Generates every message up to and including `last_day`.
  void run();

  // The anomalies that happened, in the order they were planned.
  [[nodiscard]] std::vector<ground_truth_row> ground_truth() const;
  [[nodiscard]] run_counts counts() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iwmo::gen
