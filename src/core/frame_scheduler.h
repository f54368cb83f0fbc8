// Decides when the UI must draw. Drawing only on demand keeps an idle page at 0 fps
// instead of 60: every input event, network completion or animation asks for a few frames
// (ImGui needs ~2 frames to settle hover/active state after an event), then the loop stops.
#pragma once
#include <cstdint>

namespace core {

class FrameScheduler {
public:
    // Ask for at least `frames` more frames (input: 3, network reply: 2).
    void Request(int frames = 3) {
        if (frames > pending_) pending_ = frames;
    }
    // Keep drawing while something animates (a spinner, a countdown) — set every frame.
    void SetAnimating(bool animating) { animating_ = animating; }
    // Called after a frame was drawn; true when another frame is needed.
    bool OnFrameDrawn() {
        frames_drawn_++;
        if (pending_ > 0) pending_--;
        return pending_ > 0 || animating_;
    }
    bool WantsFrame() const { return pending_ > 0 || animating_; }
    uint64_t FramesDrawn() const { return frames_drawn_; }

private:
    int pending_ = 0;
    bool animating_ = false;
    uint64_t frames_drawn_ = 0;
};

}  // namespace core
