#include "server_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/native/curl_transport.h"

#ifndef LK_SOURCE_DIR
#error "LK_SOURCE_DIR must point at the repository"
#endif

namespace testing_support {

ServerProcess::ServerProcess(const std::string& dist, bool seed, const std::vector<std::string>& extra) {
    char tmpl[] = "/tmp/lk-test-XXXXXX";
    if (!mkdtemp(tmpl)) return;
    dir_ = tmpl;
    db_path_ = dir_ + "/lk.sqlite3";
    std::string dist_dir = dist.empty() ? dir_ + "/dist" : dist;
    // The server's output goes to a log file (never a pipe it could block or break on);
    // its first line names the URL: "...: http://127.0.0.1:PORT/".
    std::string log_path = dir_ + "/server.log";
    pid_ = fork();
    if (pid_ == 0) {
        FILE* log = fopen(log_path.c_str(), "w");
        if (log) {
            dup2(fileno(log), STDOUT_FILENO);
            dup2(fileno(log), STDERR_FILENO);
        }
        std::string script = std::string(LK_SOURCE_DIR) + "/tools/serve.py";
        std::vector<const char*> argv = {"/usr/bin/python3", script.c_str(), "--port", "0", "--db", db_path_.c_str(),
                                         "--dist", dist_dir.c_str(), "--dev"};
        if (seed) argv.push_back("--seed");
        for (const std::string& a : extra) argv.push_back(a.c_str());
        argv.push_back(nullptr);
        execv("/usr/bin/python3", const_cast<char* const*>(argv.data()));
        _exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0; i++) {  // up to 10 s
        usleep(50 * 1000);
        FILE* f = fopen(log_path.c_str(), "r");
        char line[512];
        while (f && fgets(line, sizeof(line), f)) {
            const char* p = strstr(line, "http://127.0.0.1:");
            if (p) { port_ = atoi(p + strlen("http://127.0.0.1:")); break; }
        }
        if (f) fclose(f);
    }
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) {
        std::string cmd = "rm -rf '" + dir_ + "'";
        if (system(cmd.c_str()) != 0) fprintf(stderr, "could not remove %s\n", dir_.c_str());
    }
}

std::string ServerProcess::LastCode(const std::string& destination) const {
    std::string enc;
    char buf[4];
    for (unsigned char c : destination) {
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '@') enc += (char)c;
        else { snprintf(buf, sizeof(buf), "%%%02X", c); enc += buf; }
    }
    client::HttpRequest r;
    r.url = api_url() + "/dev/outbox?destination=" + enc;
    auto body = nlohmann::json::parse(native::PerformRequest(r).body, nullptr, false);
    if (!body.is_object() || !body["items"].is_array()) return "";
    // The newest message with a code (notices to the owner carry none).
    const auto& items = body["items"];
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (it->is_object() && it->contains("code") && (*it)["code"].is_string()) return (*it)["code"].get<std::string>();
    return "";
}

nlohmann::json ServerProcess::AgencyOpens(const std::string& number) const {
    std::string cmd = "/usr/bin/python3 " LK_SOURCE_DIR "/tools/agency_inbox.py --db '" + db_path_ + "' --number '" + number + "'";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (p && fgets(buf, sizeof buf, p)) out += buf;
    if (p) pclose(p);
    return nlohmann::json::parse(out, nullptr, false);
}

std::string ServerProcess::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string ServerProcess::api_url() const { return base_url() + "/api/v1"; }

std::string DeadBackendUrl() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int port = 1;
    socklen_t len = sizeof(addr);
    if (bind(s, (sockaddr*)&addr, sizeof(addr)) == 0 && getsockname(s, (sockaddr*)&addr, &len) == 0) port = ntohs(addr.sin_port);
    close(s);
    return "http://127.0.0.1:" + std::to_string(port) + "/api/v1";
}

}  // namespace testing_support
