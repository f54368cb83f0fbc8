#include <gtest/gtest.h>

#include "core/frame_scheduler.h"

TEST(FrameScheduler, IdleMeansNoFrames) {
    core::FrameScheduler s;
    EXPECT_FALSE(s.WantsFrame());
}

TEST(FrameScheduler, AnEventBuysAFewFramesThenStops) {
    core::FrameScheduler s;
    s.Request(3);
    int drawn = 0;
    while (s.WantsFrame() && drawn < 100) { s.OnFrameDrawn(); drawn++; }
    EXPECT_EQ(drawn, 3);
    EXPECT_EQ(s.FramesDrawn(), 3u);
    EXPECT_FALSE(s.WantsFrame());
}

TEST(FrameScheduler, RequestsDoNotStackUp) {
    core::FrameScheduler s;
    for (int i = 0; i < 50; i++) s.Request(3);  // 50 mouse moves in one frame
    int drawn = 0;
    while (s.WantsFrame() && drawn < 100) { s.OnFrameDrawn(); drawn++; }
    EXPECT_EQ(drawn, 3);
}

TEST(FrameScheduler, AnimationKeepsDrawingUntilItStops) {
    core::FrameScheduler s;
    s.SetAnimating(true);
    for (int i = 0; i < 10; i++) EXPECT_TRUE(s.OnFrameDrawn());
    s.SetAnimating(false);
    EXPECT_FALSE(s.OnFrameDrawn());
}
