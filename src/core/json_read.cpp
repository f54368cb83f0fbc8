#include "core/json_read.h"

namespace core {

nlohmann::json ParseJson(const char* data, size_t size) {
    return nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
}

}  // namespace core
