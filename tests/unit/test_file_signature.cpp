// Attachments are recognised by content, not by name (SPEC §4).
#include <gtest/gtest.h>

#include <string>

#include "core/forms/file_signature.h"
#include "core/strings.h"
#include "russian_text.h"

using core::forms::DetectFileType;

namespace {

std::string Bytes(const std::string& head, size_t n = 2048) {
    std::string s = head;
    s.resize(n, 'x');
    return s;
}
std::string Type(const std::string& s) { return DetectFileType(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
// The message as a Russian reader sees it.
std::string CheckFile(const std::vector<std::string>& accept, int max_mb, const std::string& name, const uint8_t* data, size_t size) {
    return RussianText(core::forms::CheckFile(accept, max_mb, name, data, size));
}
std::string Check(const std::vector<std::string>& accept, const std::string& name, const std::string& s, size_t size = 0) {
    return CheckFile(accept, 5, name, reinterpret_cast<const uint8_t*>(s.data()), size ? size : s.size());
}

TEST(FileSignature, RecognisesTheAllowedTypesByContent) {
    EXPECT_EQ(Type(Bytes("%PDF-1.7\n")), "pdf");
    EXPECT_EQ(Type(Bytes("\xFF\xD8\xFF\xE0")), "jpeg");
    EXPECT_EQ(Type(Bytes("\x89PNG\r\n\x1A\n")), "png");
    EXPECT_EQ(Type(Bytes(std::string("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml")), "docx");
    EXPECT_EQ(Type(Bytes(std::string("PK\x03\x04", 4) + "....xl/workbook.xml")), "xlsx");
    EXPECT_EQ(Type(Bytes(std::string("PK\x03\x04", 4) + "....photos/a.jpg")), "zip");
    EXPECT_EQ(Type(Bytes("<?xml version=\"1.0\"?><a/>")), "xml");
    EXPECT_EQ(Type(Bytes("\xEF\xBB\xBF  \n<?xml version=\"1.0\"?>")), "xml") << "BOM and whitespace before the declaration";
    EXPECT_EQ(Type(Bytes("MZ\x90\x00")), "exe");
    EXPECT_EQ(Type(Bytes("\x7F" "ELF")), "exe");
    EXPECT_EQ(Type(Bytes("GIF89a")), "gif");
    EXPECT_EQ(Type(Bytes("just some text")), "");
    EXPECT_EQ(Type(""), "");
    EXPECT_EQ(Type("%PD"), "") << "a truncated signature is not a PDF";
}

TEST(FileSignature, ARenamedProgramIsRefusedWithAMessageThatSaysWhy) {
    std::string e = Check({"pdf", "jpeg", "png"}, "scan.pdf", Bytes("MZ\x90\x00"));
    EXPECT_NE(e.find("scan.pdf"), std::string::npos);
    EXPECT_NE(e.find("это программа"), std::string::npos) << e;
    EXPECT_NE(e.find("PDF, JPEG, PNG"), std::string::npos) << "says what is accepted";
    EXPECT_NE(Check({"pdf"}, "photo.pdf", Bytes("\xFF\xD8\xFF")).find("это JPEG"), std::string::npos) << "a JPEG named .pdf";
    EXPECT_NE(Check({"pdf"}, "x.pdf", Bytes("hello")).find("формат не распознан"), std::string::npos);
    EXPECT_EQ(Check({"pdf", "jpeg"}, "photo.png", Bytes("\xFF\xD8\xFF")), "") << "the name's extension does not matter";
}

TEST(FileSignature, SizeLimitsAndEmptyFiles) {
    std::string pdf = Bytes("%PDF-1.4");
    EXPECT_EQ(Check({"pdf"}, "a.pdf", pdf, 5 * 1024 * 1024), "") << "exactly 5 MB is allowed";
    std::string e = CheckFile({"pdf"}, 5, "big.pdf", nullptr, 6 * 1024 * 1024);
    EXPECT_NE(e.find("больше 5 МБ"), std::string::npos) << "6 MB is refused before reading it";
    EXPECT_NE(CheckFile({"pdf"}, 2, "a.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), 3 * 1024 * 1024).find("больше 2 МБ"), std::string::npos);
    EXPECT_NE(CheckFile({"pdf"}, 50, "a.pdf", nullptr, 6 * 1024 * 1024).find("больше 5 МБ"), std::string::npos) << "a schema cannot raise the limit";
    EXPECT_NE(CheckFile({"pdf"}, 5, "empty.pdf", reinterpret_cast<const uint8_t*>(""), 0).find("пустой"), std::string::npos);
}

}  // namespace
