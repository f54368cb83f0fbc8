// Attachments (SPEC §4): at most 5 MB each, 10 per application, types allowed per field (PDF,
// JPEG, PNG, DOCX, XLSX, XML) recognised by their content signature — a program renamed to
// .pdf is refused whatever its name says.
#pragma once
#include "core/strings.h"
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace core::forms {

constexpr size_t kMaxFileBytes = 5u * 1024 * 1024;
constexpr int kMaxFilesPerApplication = 10;

// "pdf", "jpeg", "png", "docx", "xlsx", "xml", or what else it is ("exe", "zip", "gif", ...),
// or "" when the content is not recognised.
std::string DetectFileType(const uint8_t* data, size_t n);
// The name people know a type by ("PDF", "JPEG", "Word (DOCX)", ...).
std::string FileTypeName(const std::string& type);
// Its media type for a download ("application/pdf", …; application/octet-stream when unknown).
std::string FileMimeType(const std::string& type);

// Empty when the file may be attached to a field accepting `accept` (max_mb ≤ 5); otherwise a
// message that says what is wrong and what to do. `size` is the file's real size (the bytes
// of an oversize file are not even read).
Message CheckFile(const std::vector<std::string>& accept, int max_mb, const std::string& name, const uint8_t* data, size_t size);

}  // namespace core::forms
