#include "core/fling.h"

#include <cmath>

namespace core {

static constexpr float kTimeConstant = 0.325f;  // s: the platforms' deceleration
static constexpr float kStopSpeed = 20.0f;      // px/s: slower than this, the page stops
static constexpr float kMaxSpeed = 8000.0f;     // px/s: a glitchy sample does not throw the page

void Fling::Touch(float y, double t) {
    velocity_ = 0;
    tracked_ = 0;
    last_y_ = y;
    last_t_ = t;
}

void Fling::Track(float y, double t) {
    if (last_t_ < 0) {
        Touch(y, t);
        return;
    }
    double dt = t - last_t_;
    if (dt <= 0.0005) {  // the same instant (two events in one task): add the distance only
        last_y_ = y;
        return;
    }
    float v = (float)((y - last_y_) / dt);
    // Smoothed: one slow or fast sample does not decide the fling.
    tracked_ = 0.8f * v + 0.2f * tracked_;
    last_y_ = y;
    last_t_ = t;
}

void Fling::Release(double t, bool allowed) {
    bool rested = last_t_ >= 0 && t - last_t_ > 0.1;
    velocity_ = allowed && !rested ? std::fmax(-kMaxSpeed, std::fmin(kMaxSpeed, tracked_)) : 0.0f;
    if (std::fabs(velocity_) < kStopSpeed * 5) velocity_ = 0;  // a slow lift is not a fling
    step_t_ = t;
    last_t_ = -1;
    tracked_ = 0;
}

float Fling::Step(double t) {
    if (velocity_ == 0) return 0;
    float dt = (float)std::fmin(t - step_t_, 0.1);  // a long gap between frames is not a jump
    step_t_ = t;
    if (dt <= 0) return 0;
    // The distance covered while v decays as v·e^(−t/τ) over dt.
    float decay = std::exp(-dt / kTimeConstant);
    float distance = velocity_ * kTimeConstant * (1.0f - decay);
    velocity_ *= decay;
    if (std::fabs(velocity_) < kStopSpeed) velocity_ = 0;
    return distance;
}

}  // namespace core
