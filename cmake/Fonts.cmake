# Fonts are taken from Debian packages at build time and subset to what the UI needs,
# so the first load stays small: Noto Sans (Regular, Bold) for Latin + Cyrillic + «—№₽…»,
# and Font Awesome 4.7 for icons (only the glyphs listed in src/ui/icons.h).
find_program(PYFTSUBSET pyftsubset REQUIRED)
set(FONT_OUT ${CMAKE_BINARY_DIR}/assets/fonts)
set(NOTO_DIR /usr/share/fonts/truetype/noto)
set(FA_TTF /usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf)
# Basic Latin, Latin-1, Cyrillic (with Ё/ё), general punctuation (– — ‘ ’ “ ” „ • …), the narrow
# no-break space Russian groups thousands with (U+202F: without it «10 737 ₽» was drawn «10?737 ₽»),
# ₽, №, arrows. No layout tables: ImGui draws glyph by glyph and applies neither kerning nor
# ligatures, so GSUB/GPOS/GDEF were 4.3 KB gzip of every first load for nothing.
set(TEXT_UNICODES "U+0020-007E,U+00A0-00FF,U+0400-045F,U+2010-2027,U+202F,U+2030,U+2039-203A,U+20BD,U+2116,U+2190-2193")

set(FONT_FILES)
foreach(face Regular Bold)
  set(out ${FONT_OUT}/NotoSans-${face}.ttf)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${FONT_OUT}
    COMMAND ${PYFTSUBSET} ${NOTO_DIR}/NotoSans-${face}.ttf --unicodes=${TEXT_UNICODES}
            --layout-features= --drop-tables+=GSUB,GPOS,GDEF --name-IDs= --no-hinting --desubroutinize --output-file=${out}
    DEPENDS ${NOTO_DIR}/NotoSans-${face}.ttf ${CMAKE_SOURCE_DIR}/cmake/Fonts.cmake
    COMMENT "Subsetting NotoSans-${face}")
  list(APPEND FONT_FILES ${out})
endforeach()

# Icon code points are read from the header the UI uses, so adding an icon is one line there.
file(STRINGS ${CMAKE_SOURCE_DIR}/src/ui/icons.h ICON_LINES REGEX "u8\"\\\\u[0-9a-fA-F]+\"")
set(ICON_UNICODES "")
foreach(line ${ICON_LINES})
  string(REGEX MATCH "\\\\u([0-9a-fA-F]+)" _ "${line}")
  list(APPEND ICON_UNICODES "U+${CMAKE_MATCH_1}")
endforeach()
string(REPLACE ";" "," ICON_UNICODES "${ICON_UNICODES}")
set(out ${FONT_OUT}/icons.ttf)
add_custom_command(OUTPUT ${out}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${FONT_OUT}
  COMMAND ${PYFTSUBSET} ${FA_TTF} --unicodes=${ICON_UNICODES} --no-hinting --output-file=${out}
  DEPENDS ${FA_TTF} ${CMAKE_SOURCE_DIR}/src/ui/icons.h ${CMAKE_SOURCE_DIR}/cmake/Fonts.cmake
  COMMENT "Subsetting Font Awesome icons")
list(APPEND FONT_FILES ${out})
add_custom_target(fonts ALL DEPENDS ${FONT_FILES})
