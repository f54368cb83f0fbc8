#include "core/identifiers.h"

#include <cstring>

namespace core {

std::string NormalizeDigits(const std::string& text, const char* seps) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out += c;
        else if (!strchr(seps, c)) return text;  // something else: leave as typed, it will fail validation
    }
    return out;
}

static bool AllDigits(const std::string& s, size_t n) {
    if (s.size() != n) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

static int CheckDigit(const std::string& d, const int* weights, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += (d[i] - '0') * weights[i];
    return sum % 11 % 10;
}

bool SnilsChecksumValid(const std::string& d) {
    if (d.size() != 11) return false;
    for (char c : d)
        if (c < '0' || c > '9') return false;
    int sum = 0;
    for (int i = 0; i < 9; i++) sum += (d[i] - '0') * (9 - i);
    int check = sum;
    if (sum > 101) check = sum % 101;
    if (check == 100 || check == 101) check = 0;
    return check == (d[9] - '0') * 10 + (d[10] - '0');
}

bool InnValid(const std::string& d) {
    static const int w10[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w11[] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w12[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (AllDigits(d, 10)) return CheckDigit(d, w10, 9) == d[9] - '0';
    if (AllDigits(d, 12)) return CheckDigit(d, w11, 10) == d[10] - '0' && CheckDigit(d, w12, 11) == d[11] - '0';
    return false;
}

bool PassportSeriesValid(const std::string& d) { return AllDigits(d, 4); }
bool PassportNumberValid(const std::string& d) { return AllDigits(d, 6) && d != "000000"; }

bool DivisionCodeValid(const std::string& t) {
    return t.size() == 7 && t[3] == '-' && AllDigits(t.substr(0, 3), 3) && AllDigits(t.substr(4), 3);
}

bool BikValid(const std::string& d) { return AllDigits(d, 9) && d[0] == '0' && d[1] == '4'; }

bool AccountMatchesBik(const std::string& account, const std::string& bik) {
    if (!AllDigits(account, 20) || !BikValid(bik)) return false;
    std::string digits = bik.substr(6) + account;  // last 3 digits of the БИК + the account
    static const int w[3] = {7, 1, 3};
    int sum = 0;
    for (size_t i = 0; i < digits.size(); i++) sum += (digits[i] - '0') * w[i % 3];
    return sum % 10 == 0;
}

int UinControlDigit(const std::string& d) {
    if (!AllDigits(d, 19) && !AllDigits(d, 24)) return -1;
    for (int start : {1, 3}) {
        int sum = 0;
        for (size_t i = 0; i < d.size(); i++) sum += (d[i] - '0') * (int)((start - 1 + i) % 10 + 1);
        int r = sum % 11;
        if (r < 10) return r;
    }
    return 0;
}

bool UinValid(const std::string& d) {
    if (!AllDigits(d, 20) && !AllDigits(d, 25)) return false;
    return UinControlDigit(d.substr(0, d.size() - 1)) == d.back() - '0';
}

}  // namespace core
