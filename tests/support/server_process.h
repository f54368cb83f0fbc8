// Starts the real reference backend (tools/serve.py) on 127.0.0.1 with a fresh SQLite file
// and a free port, for tests of the API client and of the UI. Stops it on destruction.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace testing_support {

class ServerProcess {
public:
    // dist: folder served as the web app (may be empty/nonexistent for API-only tests).
    // extra: more serve.py arguments (development switches such as --access-ttl 1).
    explicit ServerProcess(const std::string& dist = "", bool seed = false, const std::vector<std::string>& extra = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool ok() const { return port_ > 0; }
    int port() const { return port_; }
    std::string base_url() const;   // http://127.0.0.1:PORT
    std::string api_url() const;    // http://127.0.0.1:PORT/api/v1
    const std::string& db_path() const { return db_path_; }
    const std::string& dir() const { return dir_; }
    // The last code the backend "sent" to a phone or e-mail (its developer outbox).
    std::string LastCode(const std::string& destination) const;
    // What the agency finds in application `number` (tools/agency_inbox.py with the agency's secret
    // key: signature, applicant, files, answers); a discarded JSON value when it printed none.
    nlohmann::json AgencyOpens(const std::string& number) const;

private:
    int pid_ = -1;
    int port_ = 0;
    std::string dir_, db_path_;
};

// A URL where nothing listens (a port we bound and closed): the backend is down.
std::string DeadBackendUrl();

}  // namespace testing_support
