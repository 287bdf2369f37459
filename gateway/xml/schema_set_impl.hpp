#pragma once
// Internal view of a schema_set, for the validating reader and for test tools that inspect the
// compiled schema model. Not part of the layer's public interface.
#include <memory>
#include <string>

#include <xercesc/framework/XMLGrammarPool.hpp>

#include "xml/schema_set.hpp"

namespace iwmo::xml {

struct schema_set::impl {
  std::string origin;
  std::unique_ptr<xercesc::XMLGrammarPool> pool;  // locked after loading
};

}  // namespace iwmo::xml
