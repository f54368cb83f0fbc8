// A GoogleTest suite sharing one reference backend with the demo data (tools/serve.py --seed),
// started before the suite's first test and stopped after its last.
#pragma once
#include <gtest/gtest.h>

#include "crypto/login_keys.h"
#include "server_process.h"

namespace testing_support {

class SeededServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ASSERT_TRUE(crypto::Init());
        server = new ServerProcess("", /*seed=*/true);
    }
    static void TearDownTestSuite() {
        delete server;
        server = nullptr;
    }
    static inline ServerProcess* server = nullptr;
};

}  // namespace testing_support
