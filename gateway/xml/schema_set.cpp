#include "xml/schema_set.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/sax/EntityResolver.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/util/regx/Token.hpp>
#include <xercesc/validators/common/Grammar.hpp>
#include <xercesc/validators/datatype/DatatypeValidator.hpp>
#include <xercesc/validators/datatype/DatatypeValidatorFactory.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include "embedded_file.hpp"
#include "xml/schema_set_impl.hpp"
#include "xml/xerces_support.hpp"

namespace iwmo::xml {
namespace {

using namespace xercesc;

// File name -> bytes of every schema of one release (both releases have a basisschema.xsd).
using schema_files = std::map<std::string, std::string, std::less<>>;

struct release {
  const model::standard_info* standard;
  schema_files files;
};

std::string file_name_of(std::string_view location) {
  const auto slash = location.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? location : location.substr(slash + 1));
}

// Imports are resolved to the set's own files by file name; nothing else can be loaded.
class set_resolver final : public EntityResolver {
 public:
  // Imports resolve within the release being loaded.
  void use(const schema_files& files) { files_ = &files; }

  InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    const auto wanted = file_name_of(detail::to_utf8(system_id));
    const auto it = files_->find(wanted);
    if (it == files_->end()) {
      missing_ = wanted;
      return nullptr;  // Xerces reports the unresolved import as a schema error
    }
    return new MemBufInputSource(reinterpret_cast<const XMLByte*>(it->second.data()),
                                 it->second.size(), it->first.c_str());
  }

  [[nodiscard]] const std::string& missing() const { return missing_; }

 private:
  const schema_files* files_ = nullptr;
  std::string missing_;
};

class collecting_errors final : public ErrorHandler {
 public:
  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { add(e); }
  void fatalError(const SAXParseException& e) override { add(e); }
  void resetErrors() override {}

  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

 private:
  void add(const SAXParseException& e) {
    messages_.push_back(fmt::format("{}:{}:{}: {}", file_name_of(detail::to_utf8(e.getSystemId())),
                                    e.getLineNumber(), e.getColumnNumber(),
                                    detail::to_utf8(e.getMessage())));
  }
  std::vector<std::string> messages_;
};

// Xerces-C 3.2 builds several parts of a compiled grammar lazily, on first use, without
// synchronisation: the character tables of a pattern's character classes
// (RangeToken::createMap), the content model of a complex type and its printable form
// (ComplexTypeInfo::getContentModel / getFormattedContentModel). Validating on several threads
// at once then gives wrong verdicts (a valid AGB code "not matching [0-9]{8}"), leaks and
// occasional crashes; the threads test in tests/xml showed all three. Everything is built here,
// once, before the pool is locked and shared, so that later use only reads.
class regex_token_tree : public RegularExpression {
 public:
  static Token* of(const RegularExpression& regex) { return regex.*(&regex_token_tree::fTokenTree); }
};

class validator_regex : public DatatypeValidator {
 public:
  static RegularExpression* of(const DatatypeValidator& dv) { return (dv.*(&validator_regex::getRegex))(); }
};

void build_range_maps(Token* token, int depth) {
  if (token == nullptr || depth > 10000) return;
  const auto type = token->getTokenType();
  if (type == Token::T_RANGE || type == Token::T_NRANGE) static_cast<RangeToken*>(token)->createMap();
  for (XMLSize_t i = 0; i < token->size(); ++i) build_range_maps(token->getChild(i), depth + 1);
}

void build_complex_type(ComplexTypeInfo* type) {
  if (type == nullptr) return;
  (void)type->getContentModel();
  (void)type->getFormattedContentModel();
}

void prepare_for_sharing(XMLGrammarPool& pool) {
  auto grammars = pool.getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    auto& grammar = grammars.nextElement();
    if (grammar.getGrammarType() != Grammar::SchemaGrammarType) continue;
    auto& schema = static_cast<SchemaGrammar&>(grammar);

    if (auto* registry = schema.getDatatypeRegistry(); registry != nullptr && registry->getUserDefinedRegistry() != nullptr) {
      RefHashTableOfEnumerator<DatatypeValidator> types(registry->getUserDefinedRegistry());
      while (types.hasMoreElements()) {
        for (auto* dv = &types.nextElement(); dv != nullptr; dv = dv->getBaseValidator()) {
          if (auto* regex = validator_regex::of(*dv)) build_range_maps(regex_token_tree::of(*regex), 0);
        }
      }
    }
    if (auto* complex_types = schema.getComplexTypeRegistry()) {
      RefHashTableOfEnumerator<ComplexTypeInfo> types(complex_types);
      while (types.hasMoreElements()) build_complex_type(&types.nextElement());
    }
    auto elements = schema.getElemEnumerator();  // global and local declarations
    while (elements.hasMoreElements()) {
      auto& element = elements.nextElement();
      build_complex_type(element.getComplexTypeInfo());
      (void)element.getFormattedContentModel();
    }
  }
}

std::unique_ptr<schema_set::impl> compile(std::string origin, const std::vector<release>& releases) {
  detail::ensure_xerces();
  auto state = std::make_unique<schema_set::impl>();
  state->origin = std::move(origin);
  state->pool = std::make_unique<XMLGrammarPoolImpl>(XMLPlatformUtils::fgMemoryManager);

  std::unique_ptr<SAX2XMLReader> loader(
      XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, state->pool.get()));
  loader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  loader->setFeature(XMLUni::fgXercesSchema, true);
  loader->setFeature(XMLUni::fgXercesSchemaFullChecking, true);
  loader->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
  loader->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  loader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  loader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  set_resolver resolver;
  collecting_errors errors;
  const schema_files* files = nullptr;
  loader->setEntityResolver(&resolver);
  loader->setErrorHandler(&errors);

  auto load = [&](std::string_view file) {
    const auto it = files->find(file);
    if (it == files->end()) {
      throw schema_load_error(fmt::format("schema set {}: {} is missing", state->origin, file));
    }
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(it->second.data()),
                             it->second.size(), it->first.c_str());
    Grammar* grammar = nullptr;
    try {
      grammar = loader->loadGrammar(source, Grammar::SchemaGrammarType, true);
    } catch (const XMLException& e) {
      throw schema_load_error(fmt::format("schema set {}: {}: {}", state->origin, file,
                                          detail::to_utf8(e.getMessage())));
    }
    if (!errors.messages().empty() || grammar == nullptr) {
      std::string text = fmt::format("schema set {}: {} cannot be compiled", state->origin, file);
      for (const auto& m : errors.messages()) text += "\n  " + m;
      if (!resolver.missing().empty()) text += "\n  import not found: " + resolver.missing();
      throw schema_load_error(text);
    }
  };

  for (const auto& r : releases) {
    files = &r.files;
    resolver.use(r.files);
    load(r.standard->basis_schema_file);
    for (const auto& message : model::all_messages()) {
      if (message.std == r.standard->std) load(message.schema_file);
    }
  }
  prepare_for_sharing(*state->pool);
  state->pool->lockPool();
  return state;
}

}  // namespace

schema_set::schema_set(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
schema_set::~schema_set() = default;

const std::string& schema_set::origin() const { return impl_->origin; }

std::shared_ptr<const schema_set> schema_set::builtin() {
  // Built-in files are stored as "<standard folder>/<file>".
  std::vector<release> releases;
  for (const auto& standard : model::all_standards()) {
    const auto prefix = std::string(standard.folder) + "/";
    release r{&standard, {}};
    for (const auto& f : schemas::embedded()) {
      if (f.path.starts_with(prefix)) r.files.emplace(file_name_of(f.path), std::string(f.bytes));
    }
    releases.push_back(std::move(r));
  }
  return std::shared_ptr<const schema_set>(new schema_set(compile("built-in", releases)));
}

std::shared_ptr<const schema_set> schema_set::from_directory(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw schema_load_error(fmt::format("schema folder {} does not exist or is not a folder",
                                        folder.string()));
  }
  // A release folder holds one standard (its message files tell which); a folder that holds
  // release folders named as ours ("iwmo-3.2", "ijw-3.2") gives each of them.
  const auto first_schema_of = [](const model::standard_info& s) {
    for (const auto& m : model::all_messages()) {
      if (m.std == s.std) return std::string(m.schema_file);
    }
    return std::string();
  };
  std::vector<release> releases;
  auto read_release = [&](const model::standard_info& standard, const std::filesystem::path& dir) {
    release r{&standard, {}};
    auto read = [&](std::string_view name) {
      const auto path = dir / std::string(name);
      std::ifstream in(path, std::ios::binary);
      if (!in) throw schema_load_error(fmt::format("cannot read schema file {}", path.string()));
      std::ostringstream content;
      content << in.rdbuf();
      r.files.emplace(std::string(name), content.str());
    };
    read(standard.basis_schema_file);
    for (const auto& message : model::all_messages()) {
      if (message.std == standard.std) read(message.schema_file);
    }
    releases.push_back(std::move(r));
  };
  for (const auto& standard : model::all_standards()) {
    if (std::filesystem::exists(folder / first_schema_of(standard))) {
      read_release(standard, folder);
    } else if (std::filesystem::is_directory(folder / std::string(standard.folder))) {
      read_release(standard, folder / std::string(standard.folder));
    }
  }
  if (releases.empty()) {
    throw schema_load_error(fmt::format("schema folder {} holds no iWmo 3.2 or iJw 3.2 release (WMO301.xsd or JW301.xsd, "
                                        "or subfolders iwmo-3.2, ijw-3.2)",
                                        folder.string()));
  }
  return std::shared_ptr<const schema_set>(new schema_set(compile(folder.string(), releases)));
}

}  // namespace iwmo::xml
