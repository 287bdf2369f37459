#include <catch2/catch.hpp>

#include <filesystem>

#include "support/test_paths.hpp"
#include "xml/message_codec.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;

namespace {

std::shared_ptr<const xml::schema_set> ours() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

model::message read(xml::validating_reader& reader, const std::string& bytes) {
  xml::element tree;
  const auto v = reader.validate(bytes, &tree);
  REQUIRE(v.xsd_valid);
  auto m = xml::read_message(v.message->type, tree);
  REQUIRE(std::holds_alternative<model::message>(m));
  return std::get<model::message>(std::move(m));
}

void round_trip_folder(const std::filesystem::path& folder, std::shared_ptr<const xml::schema_set> also) {
  xml::validating_reader reader(ours());
  std::unique_ptr<xml::validating_reader> other;
  if (also) other = std::make_unique<xml::validating_reader>(also);
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    INFO(entry.path().string());
    const auto first = read(reader, test::read_file(entry.path()));
    const auto written = xml::write_message(first);
    const auto second = read(reader, written);
    CHECK(first == second);
    CHECK(xml::write_message(second) == written);
    if (other) CHECK(other->validate(written).xsd_valid);
    ++n;
  }
  CHECK(n >= 14);
}

}  // namespace

TEST_CASE("read, write, read gives the same model for every sample", "[xml][codec]") {
  round_trip_folder(test::fixtures_dir() / "iwmo-3.2" / "samples", nullptr);
}

TEST_CASE("read, write, read gives the same model for every official example", "[xml][codec][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  round_trip_folder(ref / "iwmo-3.2" / "voorbeeldberichten", xml::schema_set::from_directory(ref / "iwmo-3.2" / "xsd"));
}

TEST_CASE("values are kept exactly as written", "[xml][codec]") {
  xml::validating_reader reader(ours());
  auto doc = test::read_file(test::fixtures_dir() / "iwmo-3.2/samples/01-wmo301-toewijzing.xml");
  doc.replace(doc.find("<ToewijzingNummer>4410001<"), 26, "<ToewijzingNummer> 04410001 <");
  doc.replace(doc.find("Sleutel ligt"), 12, "Sleutel &amp; ligt");
  // Multi-byte characters before the values: offsets into the input are bytes, not characters.
  doc.replace(doc.find("<iwmo:Achternaam>Jansen<"), 24, "<iwmo:Achternaam>J\xC3\xA4nsen-\xC3\x87" "elik \xE2\x82\xAC<");
  doc.replace(doc.find("<Ingangsdatum>2026-09-01<"), 25, "<Ingangsdatum>\r\n 2026-09-01\t<");
  const auto m = read(reader, doc);
  const auto& c = std::get<model::wmo301>(m).client;
  CHECK(c.toegewezen_producten[0].toewijzing_nummer == " 04410001 ");
  CHECK(c.toegewezen_producten[0].ingangsdatum == "\n 2026-09-01\t");
  CHECK(c.naam.geslachtsnaam.achternaam == "J\xC3\xA4nsen-\xC3\x87" "elik \xE2\x82\xAC");
  CHECK(c.commentaar == "Sleutel & ligt bij de buren op nummer 14.");
  const auto written = xml::write_message(m);
  CHECK(written.find("<ToewijzingNummer> 04410001 </ToewijzingNummer>") != std::string::npos);
  CHECK(written.find("Sleutel &amp; ligt") != std::string::npos);
}

TEST_CASE("a tree that does not fit the model is reported, not trusted", "[xml][codec]") {
  xml::element root{"Bericht", "", {xml::element{"Header", "", {}, 2, 3}}, 1, 1};
  const auto r = xml::read_message(model::message_type::wmo319, root);
  REQUIRE(std::holds_alternative<std::string>(r));
  CHECK_THAT(std::get<std::string>(r), Catch::Contains("<Header> lacks <BerichtCode>"));
  const auto wrong_root = xml::read_message(model::message_type::wmo319, xml::element{"Header", "", {}, 1, 1});
  CHECK(std::holds_alternative<std::string>(wrong_root));
}
