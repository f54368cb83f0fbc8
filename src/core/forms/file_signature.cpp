#include "core/forms/file_signature.h"

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
    if (t == "exe") return "программа";
    if (t == "zip" || t == "rar") return "архив";
    return t.empty() ? "неизвестный формат" : t;
}

static std::string AcceptList(const std::vector<std::string>& accept) {
    std::string s;
    for (const std::string& a : accept) s += (s.empty() ? "" : ", ") + FileTypeName(a);
    return s;
}

std::string CheckFile(const std::vector<std::string>& accept, int max_mb, const std::string& name, const uint8_t* data, size_t size) {
    size_t limit = (size_t)std::clamp(max_mb, 1, 5) * 1024 * 1024;
    if (size == 0) return "Файл «" + name + "» пустой: выберите другой";
    if (size > limit)
        return "Файл «" + name + "» больше " + std::to_string(limit / (1024 * 1024)) + " МБ: уменьшите его (например, сожмите скан) и приложите снова";
    if (!data) return "Не удалось прочитать файл «" + name + "»";
    std::string type = DetectFileType(data, size);
    bool allowed = accept.empty() ? !type.empty() && type != "exe" : std::find(accept.begin(), accept.end(), type) != accept.end();
    if (!allowed) {
        std::string what = type.empty() ? "формат не распознан" : "это " + FileTypeName(type);
        return "Файл «" + name + "» не подходит: " + what + ". Нужен файл " + AcceptList(accept) + " — по содержимому, а не по названию";
    }
    return "";
}

}  // namespace core::forms
