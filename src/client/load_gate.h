// A resource loaded from the backend that may be asked for again while a load is on its way —
// a live event announcing a change can arrive before the reply of a load that started before the
// change. The second ask is remembered, not sent, and the load runs once more when the first
// ends, so the reply shown last is never older than the last change announced. (This was five
// copies of a `loading` / `reload_pending` pair of flags: profile, charges, one charge, the
// applications list and one application.)
#pragma once
#include <utility>

namespace client {

class LoadGate {
public:
    // true: start the load now; false: one is on its way, and another follows when it ends.
    bool Start() {
        if (loading_) {
            again_ = true;
            return false;
        }
        loading_ = true;
        return true;
    }
    // The load ended (its reply arrived, good or bad): true when it must run again.
    bool Finish() {
        loading_ = false;
        return std::exchange(again_, false);
    }
    bool Loading() const { return loading_; }
    // Asked again while loading, without starting (the list mends itself after the load instead).
    void Again() { again_ = loading_; }

private:
    bool loading_ = false, again_ = false;
};

}  // namespace client
