#include <catch2/catch.hpp>

#include <string>

#include "xml/input_checks.hpp"

using namespace iwmo::xml;
using namespace std::string_literals;

namespace {
const std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\xC3\xA9</a>\n";
}

TEST_CASE("well-formed UTF-8 input passes the byte checks", "[xml][input]") {
  CHECK_FALSE(check_input(doc, 1000));
  CHECK_FALSE(check_input("<a/>", 1000));
  SECTION("a UTF-8 byte order mark is accepted") { CHECK_FALSE(check_input("\xEF\xBB\xBF"s + doc, 1000)); }
  SECTION("the encoding name is not case sensitive") {
    CHECK_FALSE(check_input("<?xml version='1.0' encoding='utf-8'?><a/>", 1000));
  }
}

TEST_CASE("empty and blank inputs are refused as empty", "[xml][input]") {
  const auto empty = check_input("", 1000);
  REQUIRE(empty);
  CHECK_THAT(empty->text, Catch::Contains("empty input"));
  const auto blank = check_input(" \r\n\t", 1000);
  REQUIRE(blank);
  CHECK_THAT(blank->text, Catch::Contains("only white space"));
}

TEST_CASE("inputs over the size limit are refused before parsing", "[xml][input]") {
  const auto too_big = check_input(std::string(101, 'a'), 100);
  REQUIRE(too_big);
  CHECK_THAT(too_big->text, Catch::Contains("limit is 100 bytes"));
  CHECK_FALSE(check_input("<a>" + std::string(93, 'a') + "</a>", 100));
  CHECK(standard_max_bytes == 26214400u);
}

TEST_CASE("UTF-16 and UTF-32 inputs are refused", "[xml][input]") {
  for (const auto& input : {"\xFF\xFE<\0a\0/\0>\0"s, "\xFE\xFF\0<\0a\0/\0>"s, "<\0a\0/\0>\0"s,
                            "\0<\0a\0/\0>"s, "\0\0\xFE\xFF\0\0\0<"s}) {
    const auto problem = check_input(input, 1000);
    REQUIRE(problem);
    CHECK_THAT(problem->text, Catch::Contains("must be UTF-8"));
  }
}

TEST_CASE("invalid UTF-8 is reported with its line and column", "[xml][input]") {
  const auto problem = check_input("<a>\n  ok\xC3\xA9 \xFF</a>", 1000);
  REQUIRE(problem);
  CHECK(problem->line == 2);
  CHECK(problem->column == 7);
  CHECK_THAT(problem->text, Catch::Contains("invalid UTF-8") && Catch::Contains("0xFF"));

  SECTION("overlong forms, surrogates, truncated sequences and code points above U+10FFFF") {
    for (const auto& bad : {"<a>\xC0\xAF</a>"s, "<a>\xED\xA0\x80</a>"s, "<a>\xE2\x82</a>"s,
                            "<a>\xF4\x90\x80\x80</a>"s, "<a>\xE0\x80\xAF</a>"s, "<a>\x80</a>"s}) {
      const auto p = check_input(bad, 1000);
      REQUIRE(p);
      CHECK_THAT(p->text, Catch::Contains("invalid UTF-8"));
    }
  }
  SECTION("four-byte characters are valid") { CHECK_FALSE(check_input("<a>\xF0\x9F\x98\x80</a>", 1000)); }
}

TEST_CASE("binary data with NUL bytes is refused as not XML", "[xml][input]") {
  const auto problem = check_input("<a>\0</a>"s, 1000);
  REQUIRE(problem);
  CHECK_THAT(problem->text, Catch::Contains("binary data"));
  CHECK(problem->column == 4);
}

TEST_CASE("an XML declaration naming another encoding is refused", "[xml][input]") {
  const auto problem = check_input("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 1000);
  REQUIRE(problem);
  CHECK_THAT(problem->text, Catch::Contains("'ISO-8859-1'") && Catch::Contains("must be UTF-8"));
}

TEST_CASE("positions count lines and characters, not bytes", "[xml][input]") {
  const std::string text = "ab\n\xC3\xA9\xC3\xA9x";
  CHECK(position_of(text, 0).line == 1);
  CHECK(position_of(text, 3).line == 2);
  CHECK(position_of(text, 3).column == 1);
  CHECK(position_of(text, 7).column == 3);
}
