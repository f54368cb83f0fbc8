#include "core/fling.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

// A finger dragging the page up at `speed` px/s for 0.2 s, sampled at 60 Hz, then lifted.
core::Fling Swipe(float speed, double lift_after = 0.0, bool allowed = true) {
    core::Fling f;
    double t = 10.0;
    float y = 500;
    f.Touch(y, t);
    for (int i = 0; i < 12; i++) {
        t += 1.0 / 60;
        y -= speed / 60;
        f.Track(y, t);
    }
    f.Release(t + lift_after, allowed);
    return f;
}

// Frames at 60 Hz until the fling stops: the distance covered and the time it took.
void RunFrames(core::Fling& f, float* distance, double* seconds) {
    double t = 10.2;
    *distance = 0;
    *seconds = 0;
    f.Step(t);
    for (int i = 0; i < 6000 && f.Active(); i++) {
        t += 1.0 / 60;
        *distance += f.Step(t);
        *seconds += 1.0 / 60;
    }
}

TEST(Fling, GoesOnAtTheFingersSpeedAndSlowsToAStop) {
    core::Fling f = Swipe(1500);
    ASSERT_TRUE(f.Active());
    EXPECT_NEAR(f.Velocity(), -1500, 1);
    float distance;
    double seconds;
    RunFrames(f, &distance, &seconds);
    // v·τ in all: 1500 px/s × 0.325 s, less the tail under 20 px/s.
    EXPECT_NEAR(distance, -1500 * 0.325f, 10);
    EXPECT_LT(seconds, 1.6) << "an idle page stops drawing soon after a fling";
    EXPECT_FALSE(f.Active());
}

TEST(Fling, NoFlingWhenTheFingerRestedOrMotionIsReducedOrASlowLift) {
    EXPECT_FALSE(Swipe(1500, /*lift_after=*/0.2).Active()) << "the finger stopped before lifting";
    EXPECT_FALSE(Swipe(1500, 0.0, /*allowed=*/false).Active()) << "prefers-reduced-motion";
    EXPECT_FALSE(Swipe(60).Active()) << "a slow drag ends where the finger leaves it";
}

TEST(Fling, ATouchCatchesThePageAndAWildSampleIsCapped) {
    core::Fling f = Swipe(3000);
    ASSERT_TRUE(f.Active());
    f.Touch(400, 10.3);
    EXPECT_FALSE(f.Active());
    EXPECT_EQ(f.Step(10.32), 0.0f);
    core::Fling wild;
    wild.Touch(0, 1.0);
    wild.Track(5000, 1.001);  // 5,000 px in a millisecond: a glitch
    wild.Release(1.002, true);
    EXPECT_LE(std::fabs(wild.Velocity()), 8000.0f);
}

}  // namespace
