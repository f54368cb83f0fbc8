#include "core/forms/file_signature.h"
#include "core/strings.h"

#include <algorithm>
#include <cstring>

namespace core::forms {

static bool StartsWith(const uint8_t* d, size_t n, const char* magic, size_t m) { return n >= m && memcmp(d, magic, m) == 0; }

// A ZIP container: DOCX and XLSX are ZIPs whose entries live under word/ or xl/. The names of
// the first entries are in the local file headers near the start, so a bounded scan suffices.
static std::string ZipKind(const uint8_t* d, size_t n) {
    size_t limit = std::min(n, (size_t)64 * 1024);
    std::string head(reinterpret_cast<const char*>(d), limit);
    if (head.find("word/") != std::string::npos) return "docx";
    if (head.find("xl/") != std::string::npos) return "xlsx";
    return "zip";
}

std::string DetectFileType(const uint8_t* d, size_t n) {
    if (StartsWith(d, n, "%PDF-", 5)) return "pdf";
    if (StartsWith(d, n, "\xFF\xD8\xFF", 3)) return "jpeg";
    if (StartsWith(d, n, "\x89PNG\r\n\x1A\n", 8)) return "png";
    if (StartsWith(d, n, "PK\x03\x04", 4)) return ZipKind(d, n);
    if (StartsWith(d, n, "MZ", 2)) return "exe";
    if (StartsWith(d, n, "\x7F" "ELF", 4)) return "exe";
    if (StartsWith(d, n, "GIF8", 4)) return "gif";
    if (StartsWith(d, n, "Rar!", 4)) return "rar";
    // XML: optional UTF-8 BOM and whitespace, then "<?xml" or an element.
    size_t i = StartsWith(d, n, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t')) i++;
    if (i + 5 <= n && memcmp(d + i, "<?xml", 5) == 0) return "xml";
    return "";
}

std::string FileTypeName(const std::string& t) {
    if (t == "pdf") return "PDF";
    if (t == "jpeg") return "JPEG";
    if (t == "png") return "PNG";
    if (t == "docx") return "Word (DOCX)";
    if (t == "xlsx") return "Excel (XLSX)";
    if (t == "xml") return "XML";
    if (t == "exe") return core::Tr("file.type_program");
    if (t == "zip" || t == "rar") return core::Tr("file.type_archive");
    return t.empty() ? core::Tr("file.type_unknown") : t;
}

static std::string AcceptList(const std::vector<std::string>& accept) {
    std::string s;
    for (const std::string& a : accept) s += (s.empty() ? "" : ", ") + FileTypeName(a);
    return s;
}

Message CheckFile(const std::vector<std::string>& accept, int max_mb, const std::string& name, const uint8_t* data, size_t size) {
    size_t limit = (size_t)std::clamp(max_mb, 1, 5) * 1024 * 1024;
    if (size == 0) return Msg("file.empty", {{"name", name}});
    if (size > limit) return Msg("file.too_big", {{"name", name}, {"mb", (long long)(limit / (1024 * 1024))}});
    if (!data) return Msg("file.unreadable", {{"name", name}});
    std::string type = DetectFileType(data, size);
    bool allowed = accept.empty() ? !type.empty() && type != "exe" : std::find(accept.begin(), accept.end(), type) != accept.end();
    if (!allowed) {
        if (type.empty()) return Msg("file.unrecognised", {{"name", name}, {"accept", AcceptList(accept)}});
        if (type == "exe") return Msg("file.wrong_type", {{"name", name}, Arg::Key("what", "file.type_program"), {"accept", AcceptList(accept)}});
        if (type == "zip" || type == "rar")
            return Msg("file.wrong_type", {{"name", name}, Arg::Key("what", "file.type_archive"), {"accept", AcceptList(accept)}});
        return Msg("file.wrong_type", {{"name", name}, {"what", FileTypeName(type)}, {"accept", AcceptList(accept)}});
    }
    return Message();
}

std::string FileMimeType(const std::string& type) {
    if (type == "pdf") return "application/pdf";
    if (type == "jpeg") return "image/jpeg";
    if (type == "png") return "image/png";
    if (type == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (type == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (type == "xml") return "application/xml";
    return "application/octet-stream";
}

}  // namespace core::forms
