#include "core/a11y_tree.h"

#include "core/strings.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace core {

const char* RoleName(A11yRole role) {
    switch (role) {
        case A11yRole::Button: return "button";
        case A11yRole::Link: return "link";
        case A11yRole::TextBox: return "textbox";
        case A11yRole::Password: return "password";  // rendered as <input type=password>
        case A11yRole::CheckBox: return "checkbox";
        case A11yRole::Radio: return "radio";
        case A11yRole::Tab: return "tab";
        case A11yRole::ListItem: return "listitem";
        case A11yRole::TreeItem: return "treeitem";
        case A11yRole::Heading: return "heading";
        case A11yRole::Alert: return "alert";
        case A11yRole::Status: return "status";
        case A11yRole::Text: return "text";
        case A11yRole::Image: return "img";
    }
    return "button";
}

std::string SpokenText(const A11yNode& n) {
    std::string out = n.name;
    auto add = [&out](const std::string& part) {
        if (part.empty()) return;
        out += out.empty() ? part : ", " + part;
    };
    switch (n.role) {
        case A11yRole::Button: add(Tr("a11y.role.button")); break;
        case A11yRole::Link: add(Tr("a11y.role.link")); break;
        case A11yRole::TextBox: add(Tr("a11y.role.textbox")); break;
        case A11yRole::Password: add(Tr("a11y.role.password")); break;
        case A11yRole::CheckBox: add(Tr("a11y.role.checkbox")); break;
        case A11yRole::Radio: add(Tr("a11y.role.radio")); break;
        case A11yRole::Tab: add(Tr("a11y.role.tab")); break;
        case A11yRole::Heading: add(Tr("a11y.role.heading")); break;
        default: break;
    }
    if (n.role == A11yRole::CheckBox || n.role == A11yRole::Radio) add(Tr(n.state & A11yState_Checked ? "a11y.state.checked" : "a11y.state.unchecked"));
    if ((n.role == A11yRole::Tab || n.role == A11yRole::Link) && (n.state & A11yState_Selected)) add(Tr("a11y.state.current"));
    if (n.state & A11yState_Expandable) add(Tr(n.state & A11yState_Expanded ? "a11y.state.expanded" : "a11y.state.collapsed"));
    if (n.state & A11yState_Disabled) add(Tr("a11y.state.disabled"));
    if (n.state & A11yState_Required) add(Tr("a11y.state.required"));
    if (n.role == A11yRole::TextBox && !n.value.empty()) add(n.value);
    if ((n.state & A11yState_Invalid) && !n.description.empty()) add(Tr("a11y.state.invalid", {{"error", n.description}}));
    return out;
}

// Length of the UTF-8 sequence starting at s (1 for invalid lead bytes).
static int Utf8Len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xE) return 3;
    if ((c >> 3) == 0x1E) return 4;
    return 1;
}

std::string AccessibleName(const char* label) {
    if (!label) return {};
    const char* end = strstr(label, "##");
    size_t len = end ? (size_t)(end - label) : strlen(label);
    std::string out;
    out.reserve(len);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)label[i];
        int n = Utf8Len(c);
        if (i + n > len) break;
        // Icon glyphs live in the Private Use Area U+E000..U+F8FF (3-byte sequences EE..EF).
        bool private_use = n == 3 && (c == 0xEE || (c == 0xEF && (unsigned char)label[i + 1] < 0xA4));
        if (!private_use) out.append(label + i, n);
        i += n;
    }
    size_t b = out.find_first_not_of(' ');
    if (b == std::string::npos) return {};
    size_t e = out.find_last_not_of(' ');
    return out.substr(b, e - b + 1);
}

static void AppendEscaped(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    snprintf(buf, sizeof(buf), "\\u%04x", c);
                    out += buf;
                } else {
                    out += (char)c;
                }
        }
    }
    out += '"';
}

std::string SerializeA11y(const std::vector<A11yNode>& nodes, float scale) {
    std::string out;
    out.reserve(nodes.size() * 96);
    out += '[';
    char buf[160];
    for (size_t i = 0; i < nodes.size(); i++) {
        const A11yNode& n = nodes[i];
        if (i) out += ',';
        // Bounds are rounded to whole CSS pixels: sub-pixel jitter must not count as a change.
        snprintf(buf, sizeof(buf), "{\"id\":%u,\"role\":\"%s\",\"state\":%u,\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"level\":%d,\"region\":%d,\"name\":",
                 n.id, RoleName(n.role), n.state, (int)std::lround(n.x * scale), (int)std::lround(n.y * scale),
                 (int)std::lround(n.w * scale), (int)std::lround(n.h * scale), n.level, (int)n.region);
        out += buf;
        AppendEscaped(out, n.name);
        if (!n.description.empty()) {
            out += ",\"desc\":";
            AppendEscaped(out, n.description);
        }
        if (!n.value.empty()) {
            out += ",\"value\":";
            AppendEscaped(out, n.value);
        }
        out += '}';
    }
    out += ']';
    return out;
}

}  // namespace core
