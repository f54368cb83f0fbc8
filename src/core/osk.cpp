#include "core/osk.h"

namespace core {

OskLayout OskLayoutFor(forms::InputMode mode, Language lang) {
    switch (mode) {
        case forms::InputMode::Digits:
        case forms::InputMode::Decimal: return OskLayout::Digits;
        case forms::InputMode::Phone: return OskLayout::Phone;
        case forms::InputMode::Email: return OskLayout::Latin;
        case forms::InputMode::Text: break;
    }
    return lang == Language::English ? OskLayout::Latin : OskLayout::Cyrillic;
}

// One UTF-8 character after another.
static std::vector<std::string> Chars(const char* s) {
    std::vector<std::string> out;
    for (const char* p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        out.emplace_back(p, n);
        p += n;
    }
    return out;
}

// Capitals of Russian and Latin letters (the keyboard's own letters only).
static std::string Upper(const std::string& ch) {
    static const char* lower = "йцукенгшщзхъфывапролджэячсмитьбюё";
    static const char* upper = "ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ";
    if (ch.size() == 1 && ch[0] >= 'a' && ch[0] <= 'z') return std::string(1, (char)(ch[0] - 'a' + 'A'));
    std::vector<std::string> lo = Chars(lower), up = Chars(upper);
    for (size_t i = 0; i < lo.size(); i++)
        if (lo[i] == ch) return up[i];
    return ch;
}

static std::vector<OskKey> Row(const char* chars, bool shift) {
    std::vector<OskKey> row;
    for (const std::string& c : Chars(chars)) {
        std::string t = shift ? Upper(c) : c;
        row.push_back({t, t});
    }
    return row;
}

static OskKey Special(const char* label, OskAction action, float width, OskLayout target = OskLayout::Cyrillic) {
    OskKey k;
    k.label = label;
    k.action = action;
    k.width = width;
    k.target = target;
    return k;
}

std::vector<std::vector<OskKey>> OskRows(OskLayout layout, bool shift) {
    std::vector<std::vector<OskKey>> rows;
    const OskKey backspace = Special("⌫", OskAction::Backspace, 1.5f), enter = Special("⏎", OskAction::Enter, 1.5f),
                 hide = Special("⌨", OskAction::Hide, 1.5f);
    switch (layout) {
        case OskLayout::Cyrillic:
        case OskLayout::Latin: {
            bool ru = layout == OskLayout::Cyrillic;
            rows.push_back(Row("1234567890", false));
            rows.push_back(Row(ru ? "йцукенгшщзхъ" : "qwertyuiop", shift));
            rows.push_back(Row(ru ? "фывапролджэ" : "asdfghjkl", shift));
            std::vector<OskKey> r3 = {Special("⇧", OskAction::Shift, 1.5f)};
            for (OskKey& k : Row(ru ? "ячсмитьбюё" : "zxcvbnm", shift)) r3.push_back(k);
            r3.push_back(backspace);
            rows.push_back(r3);
            std::vector<OskKey> r4 = {Special(ru ? "ABC" : "АБВ", OskAction::Layout, 1.5f, ru ? OskLayout::Latin : OskLayout::Cyrillic),
                                      Special("#+=", OskAction::Layout, 1.5f, OskLayout::Symbols)};
            for (OskKey& k : Row(ru ? ",." : "@.-_", false)) r4.push_back(k);
            r4.push_back(Special(" ", OskAction::Space, 4.0f));
            r4.push_back(enter);
            r4.push_back(hide);
            rows.push_back(r4);
            break;
        }
        case OskLayout::Digits:
        case OskLayout::Phone: {
            rows.push_back(Row("123", false));
            rows.push_back(Row("456", false));
            rows.push_back(Row("789", false));
            std::vector<OskKey> r = Row(layout == OskLayout::Phone ? "+0" : ",0", false);
            r.push_back(backspace);
            rows.push_back(r);
            rows.push_back({Special("АБВ", OskAction::Layout, 1.5f, OskLayout::Cyrillic), Special("ABC", OskAction::Layout, 1.5f, OskLayout::Latin),
                            enter, hide});
            break;
        }
        case OskLayout::Symbols:
            rows.push_back(Row("1234567890", false));
            rows.push_back(Row("@#№%&*()-_", false));
            rows.push_back(Row("+=/\\:;\"'?!", false));
            rows.push_back({Special("АБВ", OskAction::Layout, 1.5f, OskLayout::Cyrillic), Special("ABC", OskAction::Layout, 1.5f, OskLayout::Latin),
                            Special(" ", OskAction::Space, 4.0f), backspace, enter, hide});
            break;
    }
    return rows;
}

const char* OskKeyNameKey(const OskKey& key) {
    switch (key.action) {
        case OskAction::Text: return "";
        case OskAction::Backspace: return "kiosk.key.backspace";
        case OskAction::Enter: return "kiosk.key.enter";
        case OskAction::Shift: return "kiosk.key.shift";
        case OskAction::Space: return "kiosk.key.space";
        case OskAction::Hide: return "kiosk.key.hide";
        case OskAction::Layout:
            return key.target == OskLayout::Cyrillic ? "kiosk.key.cyrillic" : key.target == OskLayout::Latin ? "kiosk.key.latin" : "kiosk.key.symbols";
    }
    return "";
}

}  // namespace core
