// Our schema set against the official release: the same declarations (structural comparison of
// the compiled schema models) and the same verdict on a differential corpus of one-mutation
// variants (docs/schemas.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "corpus/doc_tree.hpp"
#include "corpus/mutations.hpp"
#include "corpus/schema_model.hpp"
#include "support/test_paths.hpp"
#include "xml/validating_reader.hpp"

using namespace iwmo;

namespace {

std::shared_ptr<const xml::schema_set> ours() {
  static const auto set = xml::schema_set::builtin();
  return set;
}

const std::string basis_ns{model::info(model::standard::iwmo_3_2).basis_namespace};

void collect(const corpus::node& n, std::set<const corpus::element_decl*>& seen) {
  if (n.decl != nullptr) seen.insert(n.decl);
  for (const auto& c : n.children) collect(c, seen);
}

void collect(const corpus::element_decl& d, std::set<const corpus::element_decl*>& all) {
  all.insert(&d);
  for (const auto& c : d.children) collect(c, all);
}

// Base documents of one message type: the maximal document plus our samples and, when given,
// the official examples.
std::vector<std::pair<std::string, corpus::node>> bases(const corpus::message_model& m,
                                                        const std::optional<std::filesystem::path>& ref) {
  std::vector<std::pair<std::string, corpus::node>> out;
  out.emplace_back("maximal", corpus::maximal_document(m.root));
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(test::fixtures_dir() / "iwmo-3.2" / "samples")) {
    files.push_back(e.path());
  }
  if (ref) {
    for (const auto& e : std::filesystem::directory_iterator(*ref / "iwmo-3.2" / "voorbeeldberichten")) {
      files.push_back(e.path());
    }
  }
  std::ranges::sort(files);
  for (const auto& f : files) {
    auto doc = corpus::parse_document(test::read_file(f));
    if (doc.ns != model::info(m.type).target_namespace) continue;
    corpus::attach_declarations(doc, m.root);
    out.emplace_back(f.filename().string(), std::move(doc));
  }
  return out;
}

}  // namespace

TEST_CASE("maximal documents contain every declared element and are valid", "[schemas]") {
  xml::validating_reader reader(ours());
  for (const auto& m : corpus::extract_models(*ours())) {
    const auto doc = corpus::maximal_document(m.root);
    std::set<const corpus::element_decl*> seen, all;
    collect(doc, seen);
    collect(m.root, all);
    CHECK(seen == all);
    CHECK(all.size() == corpus::count_declarations(m.root));
    const auto v = reader.validate(corpus::serialize(doc, basis_ns));
    INFO(model::info(m.type).name << (v.errors.empty() ? "" : ": " + v.errors.front().text));
    CHECK(v.xsd_valid);
  }
}

TEST_CASE("the structural comparison notices a different message", "[schemas]") {
  const auto models = corpus::extract_models(*ours());
  // WMO301 and WMO302 differ in namespace, header and RetourCodes; the comparison must say so.
  CHECK_FALSE(corpus::compare_models(models[0], models[1]).empty());
  CHECK(corpus::compare_models(models[0], models[0]).empty());
}

TEST_CASE("our schemas declare exactly what the official release declares", "[schemas][reference]") {
  IWMO_REQUIRE_REFERENCE(ref);
  const auto theirs = xml::schema_set::from_directory(ref / "iwmo-3.2" / "xsd");
  const auto a = corpus::extract_models(*ours());
  const auto b = corpus::extract_models(*theirs);
  REQUIRE(a.size() == b.size());
  std::size_t declarations = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto diffs = corpus::compare_models(a[i], b[i]);
    INFO(model::info(a[i].type).name);
    for (const auto& d : diffs) UNSCOPED_INFO(d);
    CHECK(diffs.empty());
    declarations += corpus::count_declarations(a[i].root);
  }
  CHECK(declarations > 500);
}

namespace {

// Runs the differential corpus for the message types [first, last) of the catalogue.
void differential_corpus(std::size_t first, std::size_t last) {
  IWMO_REQUIRE_REFERENCE(ref);
  const auto theirs = xml::schema_set::from_directory(ref / "iwmo-3.2" / "xsd");
  const auto our_models = corpus::extract_models(*ours());
  const auto their_models = corpus::extract_models(*theirs);
  xml::validating_reader our_reader(ours());
  xml::validating_reader their_reader(theirs);

  std::size_t total = 0, valid = 0, invalid = 0;
  std::vector<std::string> disagreements;
  for (std::size_t m = first; m < last; ++m) {
    corpus::variant_generator generator(basis_ns, {&our_models[m].root, &their_models[m].root});
    std::size_t per_message = 0;
    for (const auto& [name, base] : bases(our_models[m], ref)) {
      generator.generate(base, name, [&](corpus::variant&& v) {
        const bool a = our_reader.validate(v.bytes).xsd_valid;
        const bool b = their_reader.validate(v.bytes).xsd_valid;
        ++total;
        ++per_message;
        (a ? valid : invalid)++;
        if (a != b && disagreements.size() < 50) {
          disagreements.push_back(fmt::format("{} ({}): {} -> ours {}, official {}",
                                              model::info(our_models[m].type).name, v.base, v.description,
                                              a ? "valid" : "invalid", b ? "valid" : "invalid"));
        }
      });
    }
    INFO(model::info(our_models[m].type).name);
    CHECK(per_message > 500);
  }
  std::cout << fmt::format("differential corpus ({} message types): {} variants, {} valid, {} invalid, {} disagreements\n",
                           last - first, total, valid, invalid, disagreements.size());
  for (const auto& d : disagreements) UNSCOPED_INFO(d);
  CHECK(disagreements.empty());
  CHECK(valid > 500);
  CHECK(invalid > 500);
}

}  // namespace

// Split in two so that CTest can run the halves in parallel.
TEST_CASE("differential corpus: WMO301 to WMO316 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(0, 7);
}

TEST_CASE("differential corpus: WMO317 to WMO325 get the same verdict from our and the official schemas",
          "[schemas][reference][corpus]") {
  differential_corpus(7, 14);
}
