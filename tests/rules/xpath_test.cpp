#include <catch2/catch.hpp>

#include <cmath>

#include "rules/xpath.hpp"

namespace xp = iwmo::rules::xpath;

TEST_CASE("XPath number(): '+' signs and letters are not numbers, white space is ignored", "[rules][xpath]") {
  CHECK(xp::number("5000") == 5000);
  CHECK(xp::number(" 5000 ") == 5000);
  CHECK(xp::number("-12") == -12);
  CHECK(xp::number("1.5") == 1.5);
  CHECK(std::isnan(xp::number("+5000")));
  CHECK(std::isnan(xp::number("")));
  CHECK(std::isnan(xp::number("12a")));
  CHECK(std::isnan(xp::number("1e3")));
}

TEST_CASE("XPath helpers: normalize-space, filled, membership, dates as numbers", "[rules][xpath]") {
  CHECK(xp::normalize("  a \n b  ") == "a b");
  CHECK(xp::filled(std::string(" x ")));
  CHECK_FALSE(xp::filled(std::string(" \t")));
  CHECK_FALSE(xp::filled(std::optional<std::string>{}));
  CHECK(xp::in(std::string(" 04 "), {"04"}));
  CHECK_FALSE(xp::in(std::optional<std::string>{}, {"04"}));
  CHECK(xp::date_number(std::string("2026-10-31")) == 20261031);
  CHECK(std::isnan(xp::date_number(std::optional<std::string>{})));
  CHECK(xp::to_string(92790) == "92790");
  CHECK(xp::to_string(-10890) == "-10890");
  CHECK(xp::to_string(0) == "0");
  CHECK(xp::to_string(std::nan("")) == "NaN");
}
