// Validation benchmark: levels 1+2 (schema and content rules, exactly as `validate` checks a
// message) on one core, side by side in the same run with Xerces parse-only (well-formedness,
// no schema) on the same bytes and with `xmllint --schema` (level 1 only) on the same files.
//
//   iwmo-bench-validation [--seconds S] [--lines N] [--result FILE] [--xmllint PATH]
//                         [--only small|wmo323]   (levels 1+2 on one set only, for a profiler)
//
// Inputs: the fourteen sample messages (2-5 KB, every message type) and one WMO323 with N
// prestaties (default 2,000). Prints a table and one result line.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/PlatformUtils.hpp>

#include "app/check.hpp"
#include "xml/schema_set_impl.hpp"
#include "rules/registry.hpp"
#include "xml/message_codec.hpp"
#include "xml/validating_reader.hpp"
#include "model/message_type.hpp"
#include "support.hpp"

using namespace iwmo;
using namespace iwmo::bench;

namespace {

struct input {
  fs::path file;
  std::string bytes;
  std::string xsd;  // schema file name for xmllint
};

struct measured {
  double messages_per_s = 0;
  double mb_per_s = 0;
  double ms_per_message = 0;
};

// Runs `one` over all inputs repeatedly for at least `seconds`.
template <typename F>
measured time_loop(const std::vector<input>& inputs, double seconds, F&& one) {
  std::size_t messages = 0;
  std::size_t bytes = 0;
  for (const auto& in : inputs) one(in);  // warm up
  const auto start = clock_type::now();
  double elapsed = 0;
  do {
    for (const auto& in : inputs) {
      one(in);
      ++messages;
      bytes += in.bytes.size();
    }
    elapsed = seconds_since(start);
  } while (elapsed < seconds);
  return {static_cast<double>(messages) / elapsed, static_cast<double>(bytes) / elapsed / 1e6,
          1000.0 * elapsed / static_cast<double>(messages)};
}

// Well-formedness only: a namespace-aware SAX2 parse with no validation and an empty handler.
// With a grammar pool: Xerces schema validation with the same settings as the validating reader
// but an empty handler (the cost of Xerces alone, without building anything).
class parse_only {
 public:
  explicit parse_only(xercesc::XMLGrammarPool* pool = nullptr) {
    using xercesc::XMLUni;
    parser_.reset(xercesc::XMLReaderFactory::createXMLReader(xercesc::XMLPlatformUtils::fgMemoryManager, pool));
    parser_->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    parser_->setFeature(XMLUni::fgSAX2CoreValidation, pool != nullptr);
    parser_->setFeature(XMLUni::fgXercesSchema, pool != nullptr);
    parser_->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    if (pool != nullptr) {
      parser_->setFeature(XMLUni::fgXercesDynamic, false);
      parser_->setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
      parser_->setFeature(XMLUni::fgXercesLoadSchema, false);
      parser_->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
      parser_->setFeature(XMLUni::fgXercesCalculateSrcOfs, true);
    }
    parser_->setContentHandler(&handler_);
    parser_->setErrorHandler(&handler_);
  }
  void parse(const std::string& bytes) {
    xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), "m");
    parser_->parse(source);
  }

 private:
  xercesc::DefaultHandler handler_;
  std::unique_ptr<xercesc::SAX2XMLReader> parser_;
};

// Runs xmllint on every input `repeat` times (one process per schema, all its files as
// arguments, so the schema is compiled once per process as for a long-running validator).
measured time_xmllint(const std::string& xmllint, const std::vector<input>& inputs, unsigned repeat,
                      const fs::path& xsd_dir, bool& all_valid) {
  std::vector<std::string> schemas;
  for (const auto& in : inputs) {
    if (std::find(schemas.begin(), schemas.end(), in.xsd) == schemas.end()) schemas.push_back(in.xsd);
  }
  std::size_t messages = 0;
  std::size_t bytes = 0;
  all_valid = true;
  const auto start = clock_type::now();
  for (const auto& xsd : schemas) {
    std::vector<std::string> args{xmllint, "--noout", "--schema", (xsd_dir / xsd).string()};
    for (unsigned r = 0; r < repeat; ++r) {
      for (const auto& in : inputs) {
        if (in.xsd != xsd) continue;
        args.push_back(in.file.string());
        ++messages;
        bytes += in.bytes.size();
      }
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
      std::freopen("/dev/null", "w", stderr);  // "file validates" lines
      execv(argv[0], argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) all_valid = false;
  }
  const double elapsed = seconds_since(start);
  return {static_cast<double>(messages) / elapsed, static_cast<double>(bytes) / elapsed / 1e6,
          1000.0 * elapsed / static_cast<double>(messages)};
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::size_t lines = 2000;
  fs::path result;
  std::string xmllint = "/usr/bin/xmllint";
  std::string only;  // "small" or "wmo323": levels 1+2 on that set only (for a profiler)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    else if (a == "--lines") lines = std::stoul(argv[i + 1]);
    else if (a == "--result") result = argv[i + 1];
    else if (a == "--xmllint") xmllint = argv[i + 1];
    else if (a == "--only") only = argv[i + 1];
    else {
      std::cerr << "usage: iwmo-bench-validation [--seconds S] [--lines N] [--result FILE] [--xmllint PATH] [--only small|wmo323]\n";
      return 2;
    }
  }
  const bool have_xmllint = access(xmllint.c_str(), X_OK) == 0;
  xercesc::XMLPlatformUtils::Initialize();

  const auto source = source_dir();
  const auto xsd_dir = source / "xsd" / "iwmo-3.2";
  const auto work = fs::temp_directory_path() / fmt::format("iwmo-bench-validation-{}", getpid());
  fs::create_directories(work);

  std::vector<input> small;
  for (const auto& entry : fs::directory_iterator(source / "fixtures" / "iwmo-3.2" / "samples")) {
    if (entry.path().extension() != ".xml") continue;
    input in{entry.path(), read_file(entry.path()), {}};
    const auto name = entry.path().filename().string();  // "11-wmo323-declaratie.xml"
    in.xsd = "WMO" + name.substr(6, 3) + ".xsd";
    small.push_back(std::move(in));
  }
  std::sort(small.begin(), small.end(), [](const auto& a, const auto& b) { return a.file < b.file; });

  const auto templates = lifecycle_templates::load();
  const auto big_path = work / "wmo323-big.xml";
  write_file(big_path, templates.declaratie_for(1, bsns(lines), lines));
  std::vector<input> big{{big_path, read_file(big_path), "WMO323.xsd"}};

  app::checker checker(xml::schema_set::builtin());
  rules::rule_context context;
  context.today = model::date{2026, 11, 22};
  for (const auto* set : {&small, &big}) {
    for (const auto& in : *set) {
      const auto c = checker.check(in.bytes, context);
      if (!c.valid()) {
        std::cerr << in.file << " is not valid at levels 1+2; the benchmark needs valid input\n";
        return 1;
      }
    }
  }
  parse_only parser;
  auto ours = [&](const input& in) { (void)checker.check(in.bytes, context); };
  auto parse = [&](const input& in) { parser.parse(in.bytes); };

  if (!only.empty()) {
    const auto m = time_loop(only == "small" ? small : big, seconds, ours);
    fmt::print("{} levels 1+2: {:.1f} messages/s, {:.3f} ms/message\n", only, m.messages_per_s, m.ms_per_message);
    // Where the time goes: the steps of checker::check one by one.
    xml::validating_reader reader(xml::schema_set::builtin());
    const auto& set = only == "small" ? small : big;
    const auto schemas = xml::schema_set::builtin();
    parse_only xerces_schema(schemas->internals().pool.get());
    const auto xerces = time_loop(set, seconds, [&](const input& in) { xerces_schema.parse(in.bytes); });
    const auto schema_only = time_loop(set, seconds, [&](const input& in) { (void)reader.validate(in.bytes); });
    const auto with_tree = time_loop(set, seconds, [&](const input& in) {
      xml::element tree;
      (void)reader.validate(in.bytes, &tree);
    });
    std::vector<xml::element> trees;
    std::vector<model::message> models;
    for (const auto& in : set) {
      trees.emplace_back();
      const auto v = reader.validate(in.bytes, &trees.back());
      models.push_back(std::get<model::message>(xml::read_message(v.message->type, trees.back())));
    }
    double model_ms = 0, rules_ms = 0;
    for (int rep = 0; rep < 20; ++rep) {
      for (std::size_t i = 0; i < set.size(); ++i) {
        auto t = clock_type::now();
        auto reread = xml::read_message(model::type_of(models[i]), trees[i]);
        model_ms += 1000 * seconds_since(t);
        t = clock_type::now();
        (void)rules::check_message(models[i], context);
        rules_ms += 1000 * seconds_since(t);
      }
    }
    const auto n = 20.0 * static_cast<double>(set.size());
    fmt::print("Xerces schema validation with an empty handler {:.3f} ms; validating reader {:.3f} ms, with tree "
               "{:.3f} ms; model {:.3f} ms; content rules {:.3f} ms\n",
               xerces.ms_per_message, schema_only.ms_per_message, with_tree.ms_per_message, model_ms / n, rules_ms / n);
    return 0;
  }

  struct row {
    std::string set;
    measured levels12, parse, xmllint;
    bool xmllint_valid = false;
  };
  std::vector<row> rows;
  for (const auto& [name, set, repeat] : {std::tuple{"small", &small, 200u}, std::tuple{"wmo323", &big, 20u}}) {
    row r{name, time_loop(*set, seconds, ours), time_loop(*set, seconds, parse), {}, false};
    if (have_xmllint) r.xmllint = time_xmllint(xmllint, *set, repeat, xsd_dir, r.xmllint_valid);
    rows.push_back(r);
  }
  fs::remove_all(work);

  fmt::print("inputs: {} sample messages ({:.1f} KB average); one WMO323 with {} prestaties ({:.2f} MB)\n",
             small.size(),
             [&] {
               double b = 0;
               for (const auto& in : small) b += static_cast<double>(in.bytes.size());
               return b / static_cast<double>(small.size()) / 1024.0;
             }(),
             lines, static_cast<double>(big[0].bytes.size()) / 1e6);
  fmt::print("{:<8} {:<28} {:>12} {:>9} {:>11}\n", "inputs", "what", "messages/s", "MB/s", "ms/message");
  for (const auto& r : rows) {
    auto print = [&](const char* what, const measured& m) {
      fmt::print("{:<8} {:<28} {:>12.1f} {:>9.1f} {:>11.3f}\n", r.set, what, m.messages_per_s, m.mb_per_s,
                 m.ms_per_message);
    };
    print("levels 1+2 (iwmo-gateway)", r.levels12);
    print("Xerces parse only", r.parse);
    if (have_xmllint) print(r.xmllint_valid ? "xmllint --schema (level 1)" : "xmllint (REPORTED INVALID)", r.xmllint);
    fmt::print("{:<8} ratio to xmllint {:.2f}x, levels 1+2 take {:.2f}x the time of parse-only\n", r.set,
               have_xmllint ? r.levels12.messages_per_s / r.xmllint.messages_per_s : 0.0,
               r.parse.messages_per_s / r.levels12.messages_per_s);
  }
  std::string line = "validation";
  for (const auto& r : rows) {
    line += fmt::format(" {0}_msg_s={1:.0f} {0}_mb_s={2:.1f} {0}_ms={3:.3f} {0}_parse_msg_s={4:.0f} {0}_vs_parse={5:.2f}",
                        r.set, r.levels12.messages_per_s, r.levels12.mb_per_s, r.levels12.ms_per_message,
                        r.parse.messages_per_s, r.parse.messages_per_s / r.levels12.messages_per_s);
    if (have_xmllint) {
      line += fmt::format(" {0}_xmllint_msg_s={1:.0f} {0}_vs_xmllint={2:.2f}", r.set, r.xmllint.messages_per_s,
                          r.levels12.messages_per_s / r.xmllint.messages_per_s);
    }
  }
  result_line(result, line);
  xercesc::XMLPlatformUtils::Terminate();
  return 0;
}
