// client::LoadGate: changes announced while a load is on its way are never lost, and however many
// arrive, one more load follows — not one per announcement.
#include <gtest/gtest.h>

#include "client/load_gate.h"

namespace {

TEST(LoadGate, AnAskWhileLoadingRunsTheLoadOnceMoreAfterIt) {
    client::LoadGate g;
    EXPECT_FALSE(g.Loading());
    ASSERT_TRUE(g.Start());
    EXPECT_TRUE(g.Loading());
    EXPECT_FALSE(g.Start()) << "not a second request in flight";
    EXPECT_FALSE(g.Start());
    EXPECT_TRUE(g.Finish()) << "three asks while loading: one more load";
    EXPECT_FALSE(g.Loading());
    ASSERT_TRUE(g.Start());
    EXPECT_FALSE(g.Finish()) << "nothing asked meanwhile: done";
}

TEST(LoadGate, AgainCountsOnlyWhileALoadIsOnItsWay) {
    client::LoadGate g;
    g.Again();
    ASSERT_TRUE(g.Start());
    EXPECT_FALSE(g.Finish()) << "asked before any load: nothing to repeat";
    ASSERT_TRUE(g.Start());
    g.Again();
    EXPECT_TRUE(g.Finish());
}

}  // namespace
