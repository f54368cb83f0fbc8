#include "platform/web/web_bridge.h"

#include <emscripten.h>

#include <cstdlib>

// Every EM_JS body talks to `Module.glue`, the object web/glue.js attaches before start.
EM_JS(void, js_set_hash, (const char* hash), { Module.glue.setHash(UTF8ToString(hash)); });
EM_JS(void, js_replace_hash, (const char* hash), { Module.glue.replaceHash(UTF8ToString(hash)); });
// A string from the page: glue[method](arg) → malloc'd UTF-8 (freed by GlueQuery).
EM_JS(char*, js_glue_query, (const char* method, const char* arg), {
    const s = String(Module.glue[UTF8ToString(method)](UTF8ToString(arg)) || "");
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(void, js_text_input, (int active, float x, float y, float w, float h, int mode), { Module.glue.setTextInputActive(!!active, x, y, w, h, mode); });
EM_JS(void, js_set_clipboard, (const char* text), { Module.glue.setClipboardText(UTF8ToString(text)); });
EM_JS(void, js_set_cursor, (const char* cursor), { Module.glue.setCursor(UTF8ToString(cursor)); });
EM_JS(void, js_update_a11y, (const char* json, unsigned focused), { Module.glue.updateA11y(UTF8ToString(json), focused); });
EM_JS(void, js_a11y_title, (const char* title), { Module.glue.setTitle(UTF8ToString(title)); });
EM_JS(void, js_a11y_announce, (const char* text, int assertive), { Module.glue.announce(UTF8ToString(text), !!assertive); });
EM_JS(void, js_notify_frame, (double n, double ms, double gl, double mirror), { Module.glue.onFrame(n, ms, gl, mirror); });
EM_JS(void, js_pick_file, (const char* accept), { Module.glue.pickFile(UTF8ToString(accept)); });
EM_JS(void, js_save_file, (const char* name, const char* mime, const char* data, int n), {
    Module.glue.saveFile(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + n));
});
EM_JS(void, js_storage_put, (const char* key, const char* value), { Module.glue.storagePut(UTF8ToString(key), UTF8ToString(value)); });
EM_JS(void, js_storage_remove, (const char* key), { Module.glue.storageRemove(UTF8ToString(key)); });
EM_JS(void, js_report_fatal, (const char* msg), { Module.glue.reportFatal(UTF8ToString(msg)); });

namespace web {

void SetLocationHash(const std::string& hash) { js_set_hash(hash.c_str()); }
void ReplaceLocationHash(const std::string& hash) { js_replace_hash(hash.c_str()); }
static std::string GlueQuery(const char* method, const std::string& arg) {
    char* p = js_glue_query(method, arg.c_str());
    std::string s = p ? p : "";
    free(p);
    return s;
}
std::string GlueString(const char* name) { return GlueQuery("getString", name); }
std::string LocationHash() { return GlueString("hash"); }
void SetTextInputActive(bool active, float x, float y, float w, float h, int mode) { js_text_input(active ? 1 : 0, x, y, w, h, mode); }
void SetClipboardText(const char* text) { js_set_clipboard(text); }
void SetCursor(const char* css_cursor) { js_set_cursor(css_cursor); }
void UpdateAccessibilityMirror(const std::string& json, unsigned focused_id) { js_update_a11y(json.c_str(), focused_id); }
void SetDocumentTitle(const std::string& title) { js_a11y_title(title.c_str()); }
void Announce(const std::string& text, bool assertive) { js_a11y_announce(text.c_str(), assertive ? 1 : 0); }
void NotifyFrame(unsigned long long frame_number, double cpu_ms, double gl_ms, double mirror_ms) {
    js_notify_frame((double)frame_number, cpu_ms, gl_ms, mirror_ms);
}
void ReportFatal(const char* message) { js_report_fatal(message); }
void PickFile(const std::string& accept) { js_pick_file(accept.c_str()); }
void SaveFile(const std::string& name, const std::string& mime, const std::string& bytes) {
    js_save_file(name.c_str(), mime.c_str(), bytes.data(), (int)bytes.size());
}
void StoragePut(const std::string& key, const std::string& value) { js_storage_put(key.c_str(), value.c_str()); }
void StorageRemove(const std::string& key) { js_storage_remove(key.c_str()); }
std::string StorageGet(const std::string& key) { return GlueQuery("storageGet", key); }

}  // namespace web
