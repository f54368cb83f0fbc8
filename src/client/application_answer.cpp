#include "client/application_answer.h"

#include <nlohmann/json.hpp>

#include "crypto/sealed_application.h"

namespace client {

std::vector<uint8_t> SealAnswer(const std::string& number, const std::string& text, const nlohmann::json& files,
                                long long signed_at, const crypto::IdentityKeys& keys, const std::vector<uint8_t>& agency_pk) {
    bool has_files = files.is_array() && !files.empty();
    if ((text.empty() && !has_files) || text.size() > kMaxAnswerBytes) return {};
    // nlohmann's object keeps keys sorted and dump() writes no spaces: the canonical form.
    nlohmann::json doc = {{"answer", text}, {"files", has_files ? files : nlohmann::json::array()}, {"number", number},
                          {"signed_at", signed_at}};
    return crypto::SignAndSeal(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), keys, agency_pk);
}

}  // namespace client
