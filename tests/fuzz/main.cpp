// The libFuzzer entry point of one target; IWMO_FUZZ_ENTRY names its function in targets.hpp.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iwmo::fuzz::IWMO_FUZZ_ENTRY({reinterpret_cast<const char*>(data), size});
  return 0;
}
