// KdfRunner over a Web Worker (platform/web/kdf_worker.cpp), created on first use.
#pragma once
#include <functional>
#include <memory>

#include "crypto/kdf_runner.h"

namespace web {
std::unique_ptr<crypto::KdfRunner> MakeWorkerKdfRunner(std::function<void()> wake);
}
