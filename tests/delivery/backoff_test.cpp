// Retry schedule of push delivery: exponential backoff with jitter, capped, and dead letters
// after the maximum age.
#include <catch2/catch.hpp>

#include "delivery/push_worker.hpp"

using namespace iwmo;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles per failure, is capped and scaled by jitter into [0.5, 1]", "[delivery]") {
  const milliseconds base{1000}, max{60000};
  CHECK(delivery::backoff(1, base, max, 1.0) == milliseconds(1000));
  CHECK(delivery::backoff(2, base, max, 1.0) == milliseconds(2000));
  CHECK(delivery::backoff(3, base, max, 1.0) == milliseconds(4000));
  CHECK(delivery::backoff(7, base, max, 1.0) == milliseconds(60000));   // 64 s capped to 60 s
  CHECK(delivery::backoff(100, base, max, 1.0) == milliseconds(60000));  // no overflow
  CHECK(delivery::backoff(1, base, max, 0.0) == milliseconds(500));
  CHECK(delivery::backoff(3, base, max, 0.5) == milliseconds(3000));
  CHECK(delivery::backoff(0, base, max, 1.0) == milliseconds(1000));
}

TEST_CASE("the last attempt is made at the maximum age, then the item is dead", "[delivery]") {
  delivery::push_settings s;
  s.base_delay = milliseconds(1000);
  s.max_delay = milliseconds(10000);
  s.max_age = milliseconds(30000);
  CHECK(delivery::next_attempt(1000, 0, 1, s, 1.0) == 2000);
  CHECK(delivery::next_attempt(25000, 0, 5, s, 1.0) == 30000);  // 25 s + 10 s is past the age: at 30 s
  CHECK_FALSE(delivery::next_attempt(30000, 0, 6, s, 1.0));
  // A replay counts the age from the replay.
  CHECK(delivery::next_attempt(30000, 29000, 1, s, 1.0) == 31000);
}
