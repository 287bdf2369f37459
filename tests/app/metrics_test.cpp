#include <catch2/catch.hpp>

#include "app/metrics.hpp"

using namespace iwmo;

TEST_CASE("metrics render in the Prometheus text format", "[app][metrics]") {
  app::metrics m;
  m.describe("iwmo_messages_total", app::metrics::kind::counter, "Messages.");
  m.describe("iwmo_outbox_items", app::metrics::kind::gauge, "Outbox.");
  m.describe("iwmo_seconds", app::metrics::kind::histogram, "Latency.");
  m.add("iwmo_messages_total", {{"type", "WMO301"}, {"verdict", "accepted"}});
  m.add("iwmo_messages_total", {{"type", "WMO301"}, {"verdict", "accepted"}}, 2);
  m.set("iwmo_outbox_items", {{"state", "dead"}}, 4);
  m.observe("iwmo_seconds", {{"route", "/v1/\"x\""}}, 0.003);
  m.observe("iwmo_seconds", {{"route", "/v1/\"x\""}}, 20);
  const auto text = m.render();
  CHECK(text.find("# HELP iwmo_messages_total Messages.\n# TYPE iwmo_messages_total counter\n") != std::string::npos);
  CHECK(text.find("iwmo_messages_total{type=\"WMO301\",verdict=\"accepted\"} 3\n") != std::string::npos);
  CHECK(text.find("iwmo_outbox_items{state=\"dead\"} 4\n") != std::string::npos);
  CHECK(text.find("iwmo_seconds_bucket{route=\"/v1/\\\"x\\\"\",le=\"0.0025\"} 0\n") != std::string::npos);
  CHECK(text.find("iwmo_seconds_bucket{route=\"/v1/\\\"x\\\"\",le=\"0.005\"} 1\n") != std::string::npos);
  CHECK(text.find("iwmo_seconds_bucket{route=\"/v1/\\\"x\\\"\",le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(text.find("iwmo_seconds_count{route=\"/v1/\\\"x\\\"\"} 2\n") != std::string::npos);
  CHECK(m.value("iwmo_messages_total", {{"type", "WMO301"}, {"verdict", "accepted"}}) == 3);
  CHECK(m.value("iwmo_messages_total", {{"type", "WMO305"}, {"verdict", "accepted"}}) == 0);
}
