// Russian identifiers with their real check digits (SPEC §4). Digits only; callers strip
// the spaces and dashes people type (NormalizeDigits).
#pragma once
#include <string>

namespace core {

std::string NormalizeDigits(const std::string& text, const char* allowed_separators = " -");
// СНИЛС: 11 digits, the last two are the check number of the first nine.
bool SnilsChecksumValid(const std::string& digits11);
bool InnValid(const std::string& digits);            // 10 (organisation) or 12 (person) digits
bool PassportSeriesValid(const std::string& digits); // 4 digits
bool PassportNumberValid(const std::string& digits); // 6 digits
bool DivisionCodeValid(const std::string& text);     // NNN-NNN
bool BikValid(const std::string& digits);            // 9 digits, starts with 04
// Settlement account (20 digits) with its control key checked against the bank's БИК.
bool AccountMatchesBik(const std::string& account, const std::string& bik);
// УИН (уникальный идентификатор начисления, ГИС ГМП): 20 or 25 digits, the last the control
// digit of the others (SPEC §6): weights 1, 2, …, 10, 1, 2, …, sum mod 11; a remainder of 10 is
// computed again with weights from 3; 10 again gives 0.
int UinControlDigit(const std::string& digits_without_control);  // -1 when not 19 or 24 digits
bool UinValid(const std::string& digits);

}  // namespace core
