// Momentum scrolling (a phone's fling): the page goes on moving after the finger lifts, at the
// finger's last speed, slowing down exponentially as iOS and Android do (time constant 325 ms),
// and stops under 20 px/s — so an idle page draws nothing soon after. No platform here: the web
// layer feeds it the finger's samples and asks it for each frame's distance.
#pragma once

namespace core {

class Fling {
public:
    // The finger at `y` (px) at `t` (s) while it drags the page.
    void Track(float y, double t);
    // The finger went down: any fling stops (a touch catches the page), tracking starts afresh.
    void Touch(float y, double t);
    // The finger lifted at `t`: the fling starts from the tracked speed (none if the finger rested
    // for more than 100 ms before lifting, or when `allowed` is false — prefers-reduced-motion).
    void Release(double t, bool allowed);
    // How far (px, the finger's direction) the page moves in the frame at `t`; 0 when at rest.
    float Step(double t);
    bool Active() const { return velocity_ != 0.0f; }
    float Velocity() const { return velocity_; }  // px/s

private:
    float last_y_ = 0, tracked_ = 0, velocity_ = 0;
    double last_t_ = -1, step_t_ = 0;
};

}  // namespace core
