#include <catch2/catch.hpp>

#include "app/principal.hpp"

using namespace iwmo;

TEST_CASE("principals are read from and written as text", "[app][principal]") {
  for (const std::string text : {"aanbieder:98000011", "gemeente:0344", "backoffice", "backoffice:0344,0307", "toezicht",
                                 "toezicht:0344", "admin"}) {
    const auto p = app::parse_principal(text);
    INFO(text);
    REQUIRE(p);
    CHECK(p->to_string() == text);
  }
  for (const std::string text : {"", "aanbieder", "aanbieder:9800001", "gemeente:344", "gemeente:03440", "admin:0344",
                                 "backoffice:", "backoffice:0344,", "root", "toezicht:abcd"}) {
    INFO(text);
    CHECK_FALSE(app::parse_principal(text));
  }
  const auto b = *app::parse_principal("backoffice:0344,0307");
  CHECK(b.serves("0344"));
  CHECK_FALSE(b.serves("0310"));
  CHECK(app::parse_principal("toezicht")->serves("0310"));
  CHECK(app::parse_principal("aanbieder:98000011")->as_party()->id() == "aanbieder:98000011");
  CHECK_FALSE(b.as_party());
}
