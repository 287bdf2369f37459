#include "xml/validating_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "xml/schema_set_impl.hpp"
#include "xml/xerces_support.hpp"

namespace iwmo::xml {
namespace {

using namespace xercesc;

// Thrown from a SAX callback to stop a parse that cannot give a useful verdict any more.
struct parse_aborted {};

// Element names seen by one reader, each converted to UTF-8 once. Within a document the size
// limit bounds it; between documents it is cleared once it holds more than `max_names`, so
// hostile input cannot make it grow without end (a valid iWmo message has fewer than 300).
class name_table {
 public:
  static constexpr std::size_t max_names = 4096;

  std::uint32_t id(const XMLCh* name) {
    const std::u16string_view key(name);
    if (const auto it = ids_.find(key); it != ids_.end()) return it->second;
    auto& stored = keys_.emplace_back(key);
    names_.push_back(detail::to_utf8(name));
    const auto id = static_cast<std::uint32_t>(names_.size() - 1);
    ids_.emplace(std::u16string_view(stored), id);
    return id;
  }
  [[nodiscard]] const std::string& utf8(std::uint32_t id) const { return names_[id]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }
  void clear() {
    ids_.clear();
    keys_.clear();
    names_.clear();
  }

 private:
  std::unordered_map<std::u16string_view, std::uint32_t> ids_;
  std::deque<std::u16string> keys_;  // stable addresses for the views in ids_
  std::vector<std::string> names_;
};

struct frame {
  std::uint32_t name = 0;    // in the name table
  unsigned index = 1;        // position among same-named siblings
  std::size_t counts_from = 0;  // this element's children's counts start here in `counts_`
};

// Receives the SAX events of one parse: tracks the element path for readable errors, enforces
// the depth limit, forbids DTDs and external entities, and recognises the message type.
class document_handler final : public DefaultHandler {
 public:
  explicit document_handler(const reader_limits& limits) : limits_(limits) {}

  void reset(element* tree, std::string_view bytes, const SAX2XMLReader* parser) {
    tree_ = tree;
    // Xerces counts source offsets from after a UTF-8 byte order mark (restore_raw_text).
    bytes_ = bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes;
    parser_ = parser;
    starts_.clear();
    open_.clear();
    result_ = {};
    stack_.clear();
    counts_.clear();
    text_.clear();
    if (names_.size() > name_table::max_names) names_.clear();
    code_text_.clear();
    code_line_ = code_column_ = 0;
    capturing_code_ = false;
    locator_ = nullptr;
  }

  validation take_result() { return std::move(result_); }

  // --- ContentHandler -------------------------------------------------------------------
  void setDocumentLocator(const Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const,
                    const Attributes&) override {
    if (stack_.size() >= limits_.max_depth) {
      fail_here(fmt::format("elements are nested more than {} levels deep; the document is "
                            "not processed further",
                            limits_.max_depth));
    }
    const auto name = names_.id(localname);
    unsigned index = 1;
    if (!stack_.empty()) {
      const auto first = counts_.begin() + static_cast<std::ptrdiff_t>(stack_.back().counts_from);
      auto it = std::find_if(first, counts_.end(), [&](const auto& c) { return c.first == name; });
      if (it == counts_.end()) {
        counts_.emplace_back(name, 1);
      } else {
        index = ++it->second;
      }
    } else {
      on_root(uri, localname);
    }
    if (tree_ != nullptr) {
      element e;
      e.name = names_.utf8(name);
      if (locator_ != nullptr) {
        e.line = static_cast<int>(locator_->getLineNumber());
        e.column = static_cast<int>(locator_->getColumnNumber());
      }
      open_.push_back(std::move(e));
      starts_.push_back(static_cast<std::size_t>(parser_->getSrcOffset()));
      text_.clear();
    }
    stack_.push_back(frame{name, index, counts_.size()});
    capturing_code_ = stack_.size() == 3 && names_.utf8(stack_[1].name) == "Header" &&
                      names_.utf8(stack_[2].name) == "BerichtCode";
    if (capturing_code_ && locator_ != nullptr) {
      code_line_ = static_cast<int>(locator_->getLineNumber());
      code_column_ = static_cast<int>(locator_->getColumnNumber());
    }
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    capturing_code_ = false;
    if (!stack_.empty()) {
      counts_.resize(stack_.back().counts_from);
      stack_.pop_back();
    }
    if (tree_ != nullptr && !open_.empty()) {
      auto done = std::move(open_.back());
      open_.pop_back();
      const auto content_start = starts_.back();
      starts_.pop_back();
      if (done.children.empty() &&
          !restore_raw_text(done, content_start, static_cast<std::size_t>(parser_->getSrcOffset()))) {
        done.text = detail::to_utf8(text_.data(), text_.size());
      }  // else: white space between child elements, not kept
      text_.clear();
      if (open_.empty()) {
        *tree_ = std::move(done);
      } else {
        open_.back().children.push_back(std::move(done));
      }
    }
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (capturing_code_) code_text_ += detail::to_utf8(chars, length);
    // Kept as UTF-16 and converted only when the raw bytes cannot be used (restore_raw_text).
    if (tree_ != nullptr && !open_.empty() && open_.back().children.empty()) text_.append(chars, length);
  }

  void endDocument() override { check_code(); }

  // --- LexicalHandler: the standard has no DTDs; refusing them stops XXE and entity bombs --
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    fail_here("a DOCTYPE declaration is not allowed in an iWmo message (DTDs and entities are "
              "refused)");
  }

  // --- EntityResolver: nothing outside the document is ever read ------------------------
  InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    fail_here(fmt::format("reference to an external resource '{}' refused",
                          detail::to_utf8(system_id)));
  }

  // --- ErrorHandler ---------------------------------------------------------------------
  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { add(e, false); }
  void fatalError(const SAXParseException& e) override { add(e, true); }

 private:
  void on_root(const XMLCh* uri, const XMLCh* localname) {
    const auto ns = detail::to_utf8(uri);
    const auto type = model::message_from_namespace(ns);
    if (!type) {
      result_.errors.clear();  // the schema errors about an unknown root add nothing
      fail_here(ns.empty()
                    ? fmt::format("root element '{}' has no namespace; not an iWmo or iJw message",
                                  detail::to_utf8(localname))
                    : fmt::format("root element namespace '{}' is not the namespace of an iWmo "
                                  "3.2 or iJw 3.2 message",
                                  ns));
    }
    result_.message = type;
    if (std::u16string_view(localname) != u"Bericht") {
      fail_here(fmt::format("root element is '{}'; an {} message has root element 'Bericht'",
                            detail::to_utf8(localname), type->name));
    }
  }

  // The schema fixes BerichtCode per message; say in plain words when it names another type.
  void check_code() {
    if (!result_.message || code_line_ == 0) return;
    const auto& expected = *result_.message;
    if (code_text_ == expected.code) return;
    const auto other = model::message_from_code(expected.std, code_text_);
    result_.errors.push_back(
        {code_line_, code_column_,
         fmt::format("/Bericht/Header/BerichtCode: '{}' {}; the root namespace is that of {} "
                     "(BerichtCode {})",
                     code_text_,
                     other ? fmt::format("is the code of {}", model::info(expected.std, *other).name)
                           : std::string("is not a known BerichtCode"),
                     expected.name, expected.code)});
  }

  // With schema validation Xerces reports the value of an integer, date or time element with
  // surrounding white space removed. The content rules compare the text as written (RULES.md
  // A7: " 300201 " and "300201" are different keys), so the text is taken from the input bytes
  // when they hold plain characters (no entity or character reference, no CDATA).
  bool restore_raw_text(element& e, std::size_t from, std::size_t to) const {
    if (from > to || to > bytes_.size()) return false;
    auto slice = bytes_.substr(from, to - from);
    const auto end_tag = slice.rfind('<');
    if (end_tag == std::string_view::npos) return false;
    slice = slice.substr(0, end_tag);
    if (slice.find_first_of("<&") != std::string_view::npos) return false;  // markup, references, CDATA
    e.text.clear();
    e.text.reserve(slice.size());
    for (std::size_t i = 0; i < slice.size(); ++i) {  // XML end-of-line handling
      if (slice[i] == '\r') {
        e.text += '\n';
        if (i + 1 < slice.size() && slice[i + 1] == '\n') ++i;
      } else {
        e.text += slice[i];
      }
    }
    return true;
  }

  std::string path() const {
    std::string out;
    for (const auto& f : stack_) {
      out += '/';
      out += names_.utf8(f.name);
      if (f.index > 1) out += fmt::format("[{}]", f.index);
    }
    return out;
  }

  void add(const SAXParseException& e, bool fatal) {
    if (result_.errors.size() >= limits_.max_errors) {
      result_.errors.push_back({static_cast<int>(e.getLineNumber()),
                                static_cast<int>(e.getColumnNumber()),
                                fmt::format("more than {} errors; validation stopped",
                                            limits_.max_errors)});
      throw parse_aborted{};
    }
    auto text = detail::readable_message(detail::to_utf8(e.getMessage()));
    if (fatal) {
      text = "not well-formed XML: " + text;
    } else if (!stack_.empty()) {
      text = path() + ": " + text;
    }
    result_.errors.push_back(
        {static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber()), std::move(text)});
  }

  [[noreturn]] void fail_here(std::string text) {
    int line = 0;
    int column = 0;
    if (locator_ != nullptr) {
      line = static_cast<int>(locator_->getLineNumber());
      column = static_cast<int>(locator_->getColumnNumber());
    }
    result_.errors.push_back({line, column, std::move(text)});
    throw parse_aborted{};
  }

  const reader_limits& limits_;
  element* tree_ = nullptr;
  std::string_view bytes_;
  const SAX2XMLReader* parser_ = nullptr;
  std::vector<element> open_;        // elements started and not yet ended
  std::vector<std::size_t> starts_;  // input offset after each open element's start tag
  validation result_;
  std::vector<frame> stack_;
  std::vector<std::pair<std::uint32_t, unsigned>> counts_;  // children seen per open element
  std::u16string text_;  // character content of the innermost open element, as received
  name_table names_;
  const Locator* locator_ = nullptr;
  bool capturing_code_ = false;
  std::string code_text_;
  int code_line_ = 0;
  int code_column_ = 0;
};

}  // namespace

struct validating_reader::state {
  std::shared_ptr<const schema_set> schemas;
  reader_limits limits;
  SecurityManager security;
  document_handler handler{limits};
  std::unique_ptr<SAX2XMLReader> parser;

  void make_parser() {
    parser.reset(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager,
                                                   schemas->internals().pool.get()));
    parser->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    parser->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
    parser->setFeature(XMLUni::fgSAX2CoreValidation, true);
    parser->setFeature(XMLUni::fgXercesDynamic, false);  // validate always, not only with a grammar
    parser->setFeature(XMLUni::fgXercesSchema, true);
    parser->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
    parser->setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
    // Only the pool counts: schema locations named by a document are never loaded.
    parser->setFeature(XMLUni::fgXercesLoadSchema, false);
    parser->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
    parser->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
    parser->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    parser->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
    parser->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    parser->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
    parser->setFeature(XMLUni::fgXercesCalculateSrcOfs, true);  // for the raw text of values
    security.setEntityExpansionLimit(0);
    parser->setProperty(XMLUni::fgXercesSecurityManager, &security);
    parser->setContentHandler(&handler);
    parser->setErrorHandler(&handler);
    parser->setLexicalHandler(&handler);
    parser->setEntityResolver(&handler);
  }
};

validating_reader::validating_reader(std::shared_ptr<const schema_set> schemas, reader_limits limits)
    : state_(std::make_unique<state>()) {
  detail::ensure_xerces();
  state_->schemas = std::move(schemas);
  state_->limits = limits;
  state_->make_parser();
}

validating_reader::~validating_reader() = default;

const reader_limits& validating_reader::limits() const { return state_->limits; }

validation validating_reader::validate(std::string_view bytes, element* tree) {
  if (auto problem = check_input(bytes, state_->limits.max_bytes)) {
    validation v;
    v.errors.push_back(std::move(*problem));
    return v;
  }
  auto& handler = state_->handler;
  handler.reset(tree, bytes, state_->parser.get());
  bool aborted = false;
  std::string failure;
  {
    MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(),
                             "message");
    try {
      state_->parser->parse(source);
    } catch (const parse_aborted&) {
      aborted = true;
    } catch (const OutOfMemoryException&) {
      aborted = true;
      failure = "out of memory while reading the document";
    } catch (const SAXException& e) {
      aborted = true;
      failure = "not well-formed XML: " + detail::to_utf8(e.getMessage());
    } catch (const XMLException& e) {
      aborted = true;
      failure = "not well-formed XML: " + detail::to_utf8(e.getMessage());
    }
  }
  auto result = handler.take_result();
  if (!failure.empty()) result.errors.push_back({0, 0, std::move(failure)});
  // A parser interrupted in the middle of a document is replaced rather than trusted again.
  if (aborted) state_->make_parser();
  result.xsd_valid = !aborted && result.errors.empty() && result.message != nullptr;
  if (!aborted && result.errors.empty() && !result.message) {
    result.errors.push_back({0, 0, "no root element found"});
  }
  return result;
}

}  // namespace iwmo::xml
