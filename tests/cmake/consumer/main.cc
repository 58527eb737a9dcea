// A consumer of the installed or embedded ossimg: parses a process string and
// prints one field.
#include <cstdio>
#include <variant>

#include "ossimg/ossimg.h"

int main() {
  ossimg::StatusOr<ossimg::ProcessSpec> spec =
      ossimg::ParseProcess("image/resize,w_123");
  if (!spec.ok()) return 1;
  std::printf("w=%d version=%s\n",
              std::get<ossimg::ResizeAction>(spec->actions[0]).w,
              OSSIMG_VERSION_STRING);
  return 0;
}
