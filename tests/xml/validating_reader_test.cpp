#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "support/test_paths.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;
using namespace std::string_literals;

namespace {

std::shared_ptr<const xml::schema_set> schemas() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

std::string sample(const std::string& name) {
  return test::read_file(test::fixtures_dir() / "iwmo-3.2" / "samples" / name);
}

bool any_error_contains(const xml::validation& v, const std::string& text) {
  return std::ranges::any_of(v.errors, [&](const auto& e) { return e.text.find(text) != std::string::npos; });
}

std::string all_errors(const xml::validation& v) {
  std::string out;
  for (const auto& e : v.errors) out += fmt::format("{}:{}: {}\n", e.line, e.column, e.text);
  return out;
}

const std::string wmo319_ns = "http://www.istandaarden.nl/iwmo/3_2/wmo319/schema";

}  // namespace

TEST_CASE("every sample message is valid and recognised by its root namespace", "[xml][reader]") {
  xml::validating_reader reader(schemas());
  const auto [file, name] = GENERATE(table<std::string, std::string>({
      {"01-wmo301-toewijzing.xml", "WMO301"}, {"02-wmo302-retour.xml", "WMO302"},
      {"03-wmo305-start.xml", "WMO305"}, {"04-wmo306-retour.xml", "WMO306"},
      {"05-wmo315-verzoek-om-toewijzing.xml", "WMO315"}, {"06-wmo316-retour.xml", "WMO316"},
      {"07-wmo319-antwoord.xml", "WMO319"}, {"08-wmo320-retour.xml", "WMO320"},
      {"09-wmo317-verzoek-om-wijziging.xml", "WMO317"}, {"10-wmo318-retour.xml", "WMO318"},
      {"11-wmo323-declaratie.xml", "WMO323"}, {"12-wmo325-declaratie-antwoord.xml", "WMO325"},
      {"13-wmo307-stop.xml", "WMO307"}, {"14-wmo308-retour.xml", "WMO308"},
  }));
  const auto v = reader.validate(sample(file));
  INFO(file << "\n" << all_errors(v));
  CHECK(v.xsd_valid);
  CHECK(v.errors.empty());
  REQUIRE(v.message);
  CHECK(v.message->name == name);
}

TEST_CASE("every official example message validates with our schemas", "[xml][reader][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  xml::validating_reader reader(schemas());
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ref / "iwmo-3.2" / "voorbeeldberichten")) {
    const auto v = reader.validate(test::read_file(entry.path()));
    INFO(entry.path().filename().string() << "\n" << all_errors(v));
    CHECK(v.xsd_valid);
    REQUIRE(v.message);
    CHECK(entry.path().stem().string() == v.message->name);
    ++count;
  }
  CHECK(count == 14);
}

TEST_CASE("schema errors carry line, column, path and a readable text", "[xml][reader]") {
  xml::validating_reader reader(schemas());
  auto doc = sample("11-wmo323-declaratie.xml");
  const auto pos = doc.find("<GeleverdVolume>8<");
  REQUIRE(pos != std::string::npos);
  doc.replace(pos, 18, "<GeleverdVolume>-8<");
  const auto v = reader.validate(doc);
  CHECK_FALSE(v.xsd_valid);
  REQUIRE(v.message->type == model::message_type::wmo323);
  REQUIRE(v.errors.size() == 1);
  const auto& e = v.errors.front();
  CHECK(e.line == 63);  // the line of <GeleverdVolume>8< in the sample
  CHECK(e.column > 1);
  CHECK_THAT(e.text, Catch::StartsWith("/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[2]/GeleverdVolume:"));
  CHECK_THAT(e.text, Catch::Contains("'-8'"));
  CHECK_THAT(e.text, !Catch::Contains("datatype error"));
}

TEST_CASE("content model errors name the unexpected element", "[xml][reader]") {
  xml::validating_reader reader(schemas());
  auto doc = sample("07-wmo319-antwoord.xml");
  const auto pos = doc.find("<VerzoekAntwoord>");
  doc.insert(pos, "<Extra>1</Extra>");
  const auto v = reader.validate(doc);
  CHECK_FALSE(v.xsd_valid);
  CHECK(any_error_contains(v, "Extra"));
}

TEST_CASE("a BerichtCode of another message is reported in plain words", "[xml][reader]") {
  xml::validating_reader reader(schemas());
  auto doc = sample("07-wmo319-antwoord.xml");
  const auto pos = doc.find("<BerichtCode>482<");
  doc.replace(pos, 17, "<BerichtCode>483<");
  const auto v = reader.validate(doc);
  CHECK_FALSE(v.xsd_valid);
  CHECK(v.message->type == model::message_type::wmo319);
  CHECK(any_error_contains(v, "'483' is the code of WMO320; the root namespace is that of WMO319 (BerichtCode 482)"));
}

TEST_CASE("documents that are not iWmo messages are recognised as such", "[xml][reader]") {
  xml::validating_reader reader(schemas());
  SECTION("no namespace") {
    const auto v = reader.validate("<Bericht><Header/></Bericht>");
    CHECK_FALSE(v.message);
    REQUIRE(v.errors.size() == 1);
    CHECK_THAT(v.errors[0].text, Catch::Contains("has no namespace"));
  }
  SECTION("another namespace") {
    const auto v = reader.validate("<x:Bericht xmlns:x='urn:example'/>");
    CHECK_FALSE(v.message);
    CHECK(any_error_contains(v, "'urn:example' is not the namespace of an iWmo 3.2 or iJw 3.2 message"));
  }
  SECTION("the basisschema namespace") {
    const auto v = reader.validate("<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/basisschema/schema'/>");
    CHECK_FALSE(v.xsd_valid);
    CHECK_FALSE(v.message);
  }
  SECTION("another root element") {
    const auto v = reader.validate("<Header xmlns='" + wmo319_ns + "'/>");
    CHECK(v.message->type == model::message_type::wmo319);
    CHECK(any_error_contains(v, "root element is 'Header'"));
  }
  SECTION("plain text") {
    const auto v = reader.validate("hello, this is not XML");
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "not well-formed XML"));
    CHECK(v.errors[0].line == 1);
  }
  SECTION("a truncated message") {
    const auto full = sample("01-wmo301-toewijzing.xml");
    const auto v = reader.validate(full.substr(0, full.size() / 2));
    CHECK_FALSE(v.xsd_valid);
    CHECK(v.message->type == model::message_type::wmo301);
    CHECK(any_error_contains(v, "not well-formed XML"));
    CHECK(v.errors.back().line > 1);
  }
}

TEST_CASE("hostile and broken inputs get a clear error and never crash", "[xml][reader][hostile]") {
  xml::validating_reader reader(schemas());
  test::temp_dir dir;
  const auto secret = dir / "secret.txt";
  test::write_file(secret, "TOP-SECRET-7c1f");

  SECTION("XXE: an external entity is never read") {
    const auto doc = fmt::format(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Bericht [<!ENTITY x SYSTEM \"file://{}\">]>\n"
        "<Bericht xmlns=\"{}\"><Header>&x;</Header></Bericht>",
        secret.string(), wmo319_ns);
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "DOCTYPE declaration is not allowed"));
    CHECK(all_errors(v).find("TOP-SECRET") == std::string::npos);
  }
  SECTION("billion laughs") {
    std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">";
    for (int i = 1; i < 10; ++i) {
      doc += fmt::format("<!ENTITY lol{} \"{}\">", i, fmt::format("&lol{};", i - 1) + fmt::format("&lol{};", i - 1) +
                                                           fmt::format("&lol{};", i - 1) + fmt::format("&lol{};", i - 1));
    }
    doc += "]>\n<lolz>&lol9;</lolz>";
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "DOCTYPE"));
  }
  SECTION("an external DTD") {
    const auto v = reader.validate(fmt::format(
        "<?xml version=\"1.0\"?><!DOCTYPE Bericht SYSTEM \"http://example.invalid/x.dtd\"><Bericht xmlns=\"{}\"/>",
        wmo319_ns));
    CHECK(any_error_contains(v, "DOCTYPE"));
  }
  SECTION("a schema location named by the document is ignored") {
    // A permissive schema for a foreign namespace next to the document: never loaded.
    test::write_file(dir / "evil.xsd",
                     "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:evil'>"
                     "<xs:element name='Bericht'/></xs:schema>");
    const auto v = reader.validate(fmt::format(
        "<Bericht xmlns='urn:evil' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
        "xsi:schemaLocation='urn:evil file://{}'/>",
        (dir / "evil.xsd").string()));
    CHECK_FALSE(v.xsd_valid);
    CHECK_FALSE(v.message);
  }
  SECTION("a schema location does not relax an iWmo message") {
    auto doc = sample("07-wmo319-antwoord.xml");
    doc.replace(doc.find("<Antwoord>"), 10, "<Antwoord><Extra/>");
    const auto pos = doc.find("xmlns=");
    doc.insert(pos, fmt::format("xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:schemaLocation='{} file://{}' ",
                                wmo319_ns, (dir / "evil.xsd").string()));
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "Extra"));
  }
  SECTION("26 MB") {
    std::string doc = sample("01-wmo301-toewijzing.xml");
    doc.insert(doc.find("</Commentaar>"), std::string(26u * 1024 * 1024, 'a'));
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    REQUIRE(v.errors.size() == 1);
    CHECK_THAT(v.errors[0].text, Catch::Contains("limit is 26214400 bytes"));
  }
  SECTION("deep nesting") {
    std::string doc = "<Bericht xmlns=\"" + wmo319_ns + "\">";
    for (int i = 0; i < 100000; ++i) doc += "<a>";
    for (int i = 0; i < 100000; ++i) doc += "</a>";
    doc += "</Bericht>";
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "nested more than 32 levels deep"));
  }
  SECTION("invalid UTF-8") {
    auto doc = sample("07-wmo319-antwoord.xml");
    doc.insert(doc.find("VOT-2026-014"), "\xC3\x28");
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    CHECK(any_error_contains(v, "invalid UTF-8"));
    CHECK(v.errors[0].line == 19);
  }
  SECTION("UTF-16") {
    const auto utf8 = sample("07-wmo319-antwoord.xml");
    std::string utf16 = "\xFF\xFE";
    for (const char c : utf8) {
      utf16 += c;
      utf16 += '\0';
    }
    const auto v = reader.validate(utf16);
    CHECK(any_error_contains(v, "must be UTF-8"));
  }
  SECTION("a UTF-8 byte order mark is accepted") {
    const auto v = reader.validate("\xEF\xBB\xBF" + sample("07-wmo319-antwoord.xml"));
    CHECK(v.xsd_valid);
  }
  SECTION("empty input") { CHECK(any_error_contains(reader.validate(""), "empty input")); }
  SECTION("binary input") {
    std::string png = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s;
    const auto v = reader.validate(png);
    CHECK_FALSE(v.xsd_valid);
    CHECK(v.errors.size() == 1);
  }
  SECTION("a huge value is shortened in the error text") {
    auto doc = sample("01-wmo301-toewijzing.xml");
    const auto pos = doc.find("<iwmo:Achternaam>Jansen<");
    doc.replace(pos, 24, "<iwmo:Achternaam>" + std::string(100000, 'q') + "<");
    const auto v = reader.validate(doc);
    CHECK_FALSE(v.xsd_valid);
    REQUIRE_FALSE(v.errors.empty());
    CHECK(v.errors[0].text.size() < 400);
  }
  SECTION("the reader keeps working after an aborted document") {
    (void)reader.validate("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>");
    CHECK(reader.validate(sample("07-wmo319-antwoord.xml")).xsd_valid);
  }
}

TEST_CASE("the number of reported errors is bounded", "[xml][reader]") {
  xml::validating_reader reader(schemas(), {.max_errors = 3});
  std::string doc = sample("11-wmo323-declaratie.xml");
  std::string::size_type pos = 0;
  while ((pos = doc.find("<Eenheid>04<", pos)) != std::string::npos) {
    doc.replace(pos, 12, "<Eenheid>99<");
  }
  pos = 0;
  while ((pos = doc.find("<iwmo:DebetCredit>D<", pos)) != std::string::npos) {
    doc.replace(pos, 20, "<iwmo:DebetCredit>X<");
  }
  const auto v = reader.validate(doc);
  CHECK_FALSE(v.xsd_valid);
  CHECK(v.errors.size() == 4);  // five problems in the document, three reported and a note
  CHECK_THAT(v.errors.back().text, Catch::Contains("more than 3 errors"));
}

TEST_CASE("one locked schema pool serves readers on many threads", "[xml][reader][threads]") {
  const auto set = schemas();
  const std::vector<std::string> docs = {sample("01-wmo301-toewijzing.xml"), sample("11-wmo323-declaratie.xml"),
                                         sample("09-wmo317-verzoek-om-wijziging.xml")};
  auto broken = docs[1];
  broken.replace(broken.find("<Eenheid>04<"), 12, "<Eenheid>05<");
  std::atomic<int> right{0};
  std::atomic<int> wrong{0};
  std::mutex failure_mutex;
  std::vector<std::string> failures;
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      xml::validating_reader reader(set);
      for (int i = 0; i < 150; ++i) {
        const bool expect_valid = i % 4 != 3;
        const auto v = reader.validate(expect_valid ? docs[static_cast<std::size_t>(i) % docs.size()] : broken);
        (v.xsd_valid == expect_valid ? right : wrong)++;
        if (v.xsd_valid != expect_valid) {
          std::lock_guard lock(failure_mutex);
          failures.push_back(fmt::format("doc {} expected {}: {}", i % docs.size(), expect_valid,
                                         v.errors.empty() ? "" : v.errors.front().text));
        }
      }
    });
  }
  threads.clear();
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(wrong == 0);
  CHECK(right == 600);
}
