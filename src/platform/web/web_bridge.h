// The C++ side of the browser glue (web/*.js): what C++ asks of the page, and the C entry
// points the page calls. Only what C++ cannot reach through emscripten's HTML5 API is here:
// location hash, the hidden text input, clipboard, the accessibility mirror, the cursor.
#pragma once
#include <string>

namespace web {

void SetLocationHash(const std::string& hash);
void ReplaceLocationHash(const std::string& hash);
std::string LocationHash();
// Strings the page knows: "hash", "apiBase" (config.json / ?api=), "deviceName".
std::string GlueString(const char* name);
// Focus the hidden input (virtual keyboard, IME) while a text field is active, at the
// field's position so that IME candidate windows appear next to it.
// mode: core::forms::InputMode (text, digits, decimal, phone, e-mail) -> the input's inputmode.
void SetTextInputActive(bool active, float x, float y, float w, float h, int mode);
void SetClipboardText(const char* text);
void SetCursor(const char* css_cursor);
void UpdateAccessibilityMirror(const std::string& json, unsigned focused_id);
void SetDocumentTitle(const std::string& title);            // document.title
void Announce(const std::string& text, bool assertive);     // the mirror's live regions (and the kiosk's voice)
// After each frame: its number, the CPU time it took (ms) and the part of it spent handing the
// draw lists to WebGL (which waits on the GPU process; with software GL it dominates).
// cpu_ms: the whole frame; of it gl_ms in WebGL calls and mirror_ms updating the accessibility
// mirror's DOM (0 in the frames that did not send it).
void NotifyFrame(unsigned long long frame_number, double cpu_ms, double gl_ms, double mirror_ms);
void ReportFatal(const char* message);
// Opens the page's file chooser; the file arrives through app_file_picked.
void PickFile(const std::string& accept);
// A download of these bytes under this name (a Blob and an <a download>).
void SaveFile(const std::string& name, const std::string& mime, const std::string& bytes);
// localStorage, for encrypted drafts only.
void StoragePut(const std::string& key, const std::string& value);
std::string StorageGet(const std::string& key);
void StorageRemove(const std::string& key);

}  // namespace web
