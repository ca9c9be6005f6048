// Random (version 4) UUIDs: the one source of request ids, correlation ids,
// assertion ids and the emulator's operation ids.
#ifndef AZBATCH_COMMON_UUID_H_
#define AZBATCH_COMMON_UUID_H_

#include <string>

namespace azbatch {

// A fresh random UUID, lower-case "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx".
// Thread-safe.
std::string NewUuid();

}  // namespace azbatch

#endif  // AZBATCH_COMMON_UUID_H_
