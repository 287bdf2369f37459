#include "ggk/envelope_reader.hpp"

#include <fstream>
#include <sstream>
#include <span>

#include <fmt/format.h>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/Base64.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include "embedded_file.hpp"
#include "xml/input_checks.hpp"
#include "xml/schema_set.hpp"
#include "xml/xerces_support.hpp"

// The envelope schemas of xsd/stuf-ggk0310, embedded by xsd/CMakeLists.txt.
namespace iwmo::ggk_schemas {
std::span<const iwmo::embedded_file> embedded();
}  // namespace iwmo::ggk_schemas

namespace iwmo::ggk {
namespace {

using namespace xercesc;

using schema_files = std::map<std::string, std::string, std::less<>>;

constexpr std::string_view builtin_entry = "ggk0310-envelope.xsd";
constexpr unsigned max_depth = 32;          // an envelope nests 4 levels deep
constexpr std::size_t max_errors = 20;

std::string file_name_of(std::string_view location) {
  const auto slash = location.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? location : location.substr(slash + 1));
}

// Imports and includes resolve to the set's own files by file name; nothing else is read.
class set_resolver final : public EntityResolver {
 public:
  explicit set_resolver(const schema_files& files) : files_(files) {}
  InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    const auto it = files_.find(file_name_of(xml::detail::to_utf8(system_id)));
    if (it == files_.end()) return nullptr;  // reported by Xerces as a schema error
    return new MemBufInputSource(reinterpret_cast<const XMLByte*>(it->second.data()), it->second.size(),
                                 it->first.c_str());
  }

 private:
  const schema_files& files_;
};

class schema_errors final : public ErrorHandler {
 public:
  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { add(e); }
  void fatalError(const SAXParseException& e) override { add(e); }
  void resetErrors() override {}
  std::vector<std::string> messages;

 private:
  void add(const SAXParseException& e) {
    messages.push_back(fmt::format("{}:{}:{}: {}", file_name_of(xml::detail::to_utf8(e.getSystemId())), e.getLineNumber(),
                                   e.getColumnNumber(), xml::detail::to_utf8(e.getMessage())));
  }
};

std::unique_ptr<XMLGrammarPool> compile(const std::string& origin, const schema_files& files, std::string_view entry) {
  xml::detail::ensure_xerces();
  auto pool = std::make_unique<XMLGrammarPoolImpl>(XMLPlatformUtils::fgMemoryManager);
  std::unique_ptr<SAX2XMLReader> loader(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool.get()));
  loader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  loader->setFeature(XMLUni::fgXercesSchema, true);
  loader->setFeature(XMLUni::fgXercesSchemaFullChecking, true);
  loader->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
  loader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  loader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  set_resolver resolver(files);
  schema_errors errors;
  loader->setEntityResolver(&resolver);
  loader->setErrorHandler(&errors);
  const auto it = files.find(entry);
  if (it == files.end()) throw xml::schema_load_error(fmt::format("envelope schemas {}: {} is missing", origin, entry));
  MemBufInputSource source(reinterpret_cast<const XMLByte*>(it->second.data()), it->second.size(), it->first.c_str());
  Grammar* grammar = nullptr;
  try {
    grammar = loader->loadGrammar(source, Grammar::SchemaGrammarType, true);
  } catch (const XMLException& e) {
    throw xml::schema_load_error(fmt::format("envelope schemas {}: {}", origin, xml::detail::to_utf8(e.getMessage())));
  }
  if (grammar == nullptr || !errors.messages.empty()) {
    auto text = fmt::format("envelope schemas {}: {} cannot be compiled", origin, entry);
    for (const auto& m : errors.messages) text += "\n  " + m;
    throw xml::schema_load_error(text);
  }
  pool->lockPool();
  return pool;
}

struct parse_aborted {};

// The SAX events of one envelope: collects the leaf values by path, enforces the depth limit,
// refuses DTDs and external entities, and gathers schema errors.
class envelope_handler final : public DefaultHandler {
 public:
  void reset() {
    result = {};
    path_.clear();
    depth_ = 0;
    text_.clear();
    leaf_ = false;
    locator_ = nullptr;
  }

  envelope_document result;

  void setDocumentLocator(const Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const,
                    const Attributes& attributes) override {
    if (depth_ >= max_depth) fail(fmt::format("elements are nested more than {} levels deep", max_depth));
    const auto name = xml::detail::to_utf8(localname);
    if (depth_ == 0) {
      result.root_namespace = xml::detail::to_utf8(uri);
      result.root = name;
    } else {
      if (depth_ > 1) path_ += '/';
      path_ += name;
    }
    ++depth_;
    leaf_ = true;
    text_.clear();
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      const auto ns = xml::detail::to_utf8(attributes.getURI(i));
      if (ns == xmime_namespace || ns == stuf_namespace) {
        result.values[path_ + "@" + xml::detail::to_utf8(attributes.getLocalName(i))] =
            xml::detail::to_utf8(attributes.getValue(i));
      }
    }
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (leaf_ && depth_ > 1) result.values[path_] = std::move(text_);
    text_.clear();
    leaf_ = false;
    --depth_;
    const auto slash = path_.rfind('/');
    path_.erase(slash == std::string::npos ? 0 : slash);
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (leaf_) text_ += xml::detail::to_utf8(chars, length);
  }

  // Envelopes have no DTDs; refusing them stops XXE and entity expansion.
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    fail("a DOCTYPE declaration is not allowed in an envelope");
  }
  InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    fail(fmt::format("reference to an external resource '{}' refused", xml::detail::to_utf8(system_id)));
  }

  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { add(e, false); }
  void fatalError(const SAXParseException& e) override { add(e, true); }

 private:
  void add(const SAXParseException& e, bool fatal) {
    if (result.errors.size() >= max_errors) {
      result.errors.push_back({static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber()),
                               fmt::format("more than {} errors; validation stopped", max_errors)});
      throw parse_aborted{};
    }
    auto text = xml::detail::readable_message(xml::detail::to_utf8(e.getMessage()));
    if (fatal) {
      text = "not well-formed XML: " + text;
    } else if (depth_ > 0) {
      text = fmt::format("/{}{}{}: {}", result.root, path_.empty() ? "" : "/", path_, text);
    }
    result.errors.push_back({static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber()), std::move(text)});
  }

  [[noreturn]] void fail(std::string text) {
    int line = 0;
    int column = 0;
    if (locator_ != nullptr) {
      line = static_cast<int>(locator_->getLineNumber());
      column = static_cast<int>(locator_->getColumnNumber());
    }
    result.errors.push_back({line, column, std::move(text)});
    throw parse_aborted{};
  }

  std::string path_;  // below the root: "stuurgegevens/zender"
  unsigned depth_ = 0;
  std::string text_;
  bool leaf_ = false;
  const Locator* locator_ = nullptr;
};

// Stops at the root element of a payload: all message_of needs.
class root_handler final : public DefaultHandler {
 public:
  struct found {};
  std::string ns;
  void startElement(const XMLCh* const uri, const XMLCh* const, const XMLCh* const, const Attributes&) override {
    ns = xml::detail::to_utf8(uri);
    throw found{};
  }
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override { throw parse_aborted{}; }
  InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override { throw parse_aborted{}; }
  void fatalError(const SAXParseException&) override { throw parse_aborted{}; }
};

void harden(SAX2XMLReader& parser, SecurityManager& security) {
  parser.setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  parser.setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  parser.setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  parser.setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  parser.setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  security.setEntityExpansionLimit(0);
  parser.setProperty(XMLUni::fgXercesSecurityManager, &security);
}

schema_files embedded_files() {
  schema_files files;
  for (const auto& f : ggk_schemas::embedded()) files.emplace(file_name_of(f.path), std::string(f.bytes));
  return files;
}

schema_files folder_files(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw xml::schema_load_error(fmt::format("schema folder {} does not exist or is not a folder", folder.string()));
  }
  schema_files files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(folder)) {
    if (!e.is_regular_file() || e.path().extension() != ".xsd") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    files.emplace(e.path().filename().string(), content.str());
  }
  return files;
}

}  // namespace

struct envelope_reader::state {
  std::unique_ptr<XMLGrammarPool> pool;
  SecurityManager security;
  SecurityManager sniff_security;
  envelope_handler handler;
  root_handler sniffer;
  std::unique_ptr<SAX2XMLReader> parser;
  std::unique_ptr<SAX2XMLReader> sniff_parser;

  void make_parser() {
    parser.reset(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool.get()));
    harden(*parser, security);
    parser->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
    parser->setFeature(XMLUni::fgSAX2CoreValidation, true);
    parser->setFeature(XMLUni::fgXercesDynamic, false);
    parser->setFeature(XMLUni::fgXercesSchema, true);
    parser->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
    parser->setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
    // Only the pool counts: schema locations named by a document are never loaded.
    parser->setFeature(XMLUni::fgXercesLoadSchema, false);
    parser->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
    parser->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
    parser->setContentHandler(&handler);
    parser->setErrorHandler(&handler);
    parser->setLexicalHandler(&handler);
    parser->setEntityResolver(&handler);
  }

  void make_sniff_parser() {
    sniff_parser.reset(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager));
    harden(*sniff_parser, sniff_security);
    sniff_parser->setFeature(XMLUni::fgSAX2CoreValidation, false);
    sniff_parser->setFeature(XMLUni::fgXercesLoadSchema, false);
    sniff_parser->setContentHandler(&sniffer);
    sniff_parser->setErrorHandler(&sniffer);
    sniff_parser->setLexicalHandler(&sniffer);
    sniff_parser->setEntityResolver(&sniffer);
  }

  void init(std::unique_ptr<XMLGrammarPool> compiled) {
    pool = std::move(compiled);
    make_parser();
    make_sniff_parser();
  }
};

envelope_reader::envelope_reader() : state_(std::make_unique<state>()) {
  state_->init(compile("built-in", embedded_files(), builtin_entry));
}

envelope_reader::envelope_reader(const std::filesystem::path& folder, std::string_view entry)
    : state_(std::make_unique<state>()) {
  state_->init(compile(folder.string(), folder_files(folder), entry));
}

envelope_reader::~envelope_reader() = default;

envelope_document envelope_reader::read(std::string_view bytes, std::size_t max_bytes) {
  if (auto problem = xml::check_input(bytes, max_bytes)) {
    envelope_document d;
    d.errors.push_back(std::move(*problem));
    return d;
  }
  auto& handler = state_->handler;
  handler.reset();
  bool aborted = false;
  std::string failure;
  {
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), "envelope");
    try {
      state_->parser->parse(source);
    } catch (const parse_aborted&) {
      aborted = true;
    } catch (const OutOfMemoryException&) {
      aborted = true;
      failure = "out of memory while reading the envelope";
    } catch (const SAXException& e) {
      aborted = true;
      failure = "not well-formed XML: " + xml::detail::to_utf8(e.getMessage());
    } catch (const XMLException& e) {
      aborted = true;
      failure = "not well-formed XML: " + xml::detail::to_utf8(e.getMessage());
    }
  }
  auto result = std::move(handler.result);
  handler.reset();
  if (!failure.empty()) result.errors.push_back({0, 0, std::move(failure)});
  if (aborted) state_->make_parser();  // a parser stopped mid-document is not trusted again
  if (!aborted && result.errors.empty() && result.root.empty()) result.errors.push_back({0, 0, "no root element found"});
  result.valid = !aborted && result.errors.empty();
  return result;
}

const model::message_info* envelope_reader::message_of(std::string_view payload) {
  if (xml::check_input(payload, payload.size() + 1)) return nullptr;
  state_->sniffer.ns.clear();
  bool found = false;
  {
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(payload.data()), payload.size(), "payload");
    try {
      state_->sniff_parser->parse(source);
    } catch (const root_handler::found&) {
      found = true;
    } catch (...) {  // not XML: the pipeline reports why
    }
  }
  state_->make_sniff_parser();  // every sniff stops mid-document
  return found ? model::message_from_namespace(state_->sniffer.ns) : nullptr;
}

std::optional<std::string> envelope_reader::decode_base64(const std::string& text) {
  xml::detail::ensure_xerces();
  XMLSize_t length = 0;
  auto* manager = XMLPlatformUtils::fgMemoryManager;
  XMLByte* decoded = Base64::decode(reinterpret_cast<const XMLByte*>(text.c_str()), &length, manager, Base64::Conf_RFC2045);
  if (decoded == nullptr) {
    // Xerces gives nothing for empty input as well as for bad input.
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::string();
    return std::nullopt;
  }
  std::string out(reinterpret_cast<const char*>(decoded), length);
  manager->deallocate(decoded);
  return out;
}

}  // namespace iwmo::ggk
