// Browser glue for what C++ cannot reach through emscripten's HTML5 API: the hidden text
// input (IME, phone keyboards, insertText), the clipboard, the location hash, the mouse
// cursor, and frame notifications. src/platform/web/web_bridge.cpp calls into `Module.glue`.
'use strict';

window.LkGlue = class LkGlue {
  constructor() {
    this.module = null;
    this.apiBase = '/api/v1';
    this.input = document.getElementById('text-input');
    this.canvas = document.getElementById('canvas');
    this.composing = false;
    this.clipboardText = '';
    this.pendingPaste = false;
    this.firstFrameAt = 0;
    this.frames = 0;
    this.frameLog = [];
    this.onFirstFrame = null;
    this.onFatal = null;
  }

  attach(module) {
    this.module = module;
    if (window.LkA11yMirror) window.LkA11yMirror.attach(module);
    const input = this.input;
    // A one-character sentinel keeps the input non-empty, so a phone keyboard's Backspace
    // produces a deleteContentBackward we can see even when there is nothing to delete.
    const reset = () => { input.value = ' '; input.setSelectionRange(1, 1); };
    reset();
    input.addEventListener('compositionstart', () => { this.composing = true; });
    input.addEventListener('compositionend', (e) => {
      this.composing = false;
      if (e.data) this.sendText(e.data);
      reset();
    });
    input.addEventListener('input', (e) => {
      if (this.composing || e.isComposing) return;
      switch (e.inputType) {
        case 'insertText':
        case 'insertReplacementText':
          if (e.data) this.sendText(e.data);
          break;
        case 'insertLineBreak':
        case 'insertParagraph':
          this.module._app_key_tap(525 /* ImGuiKey_Enter */);
          break;
        case 'deleteContentBackward':
          this.module._app_key_tap(523 /* ImGuiKey_Backspace */);
          break;
        case 'deleteContentForward':
          this.module._app_key_tap(522 /* ImGuiKey_Delete */);
          break;
        default:
          break;
      }
      reset();
    });
    document.addEventListener('paste', (e) => {
      this.pendingPaste = false;
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      e.preventDefault();
      if (text) this.paste(text);
    });
    document.addEventListener('keydown', (e) => {
      // Some environments never fire `paste` for a shortcut (automation, some kiosks):
      // fall back to the async clipboard API when no paste event came.
      if ((e.ctrlKey || e.metaKey) && e.code === 'KeyV') {
        this.pendingPaste = true;
        setTimeout(() => {
          if (!this.pendingPaste) return;
          this.pendingPaste = false;
          if (navigator.clipboard && navigator.clipboard.readText)
            navigator.clipboard.readText().then((t) => { if (t) this.paste(t); }).catch(() => {});
        }, 50);
      }
    });
    const onCopy = (e) => {
      if (!this.clipboardText) return;
      e.clipboardData.setData('text/plain', this.clipboardText);
      e.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    window.addEventListener('hashchange', () => this.module._app_hash_changed());
    // devicePixelRatio changes (zoom, moving the window to another screen) need a redraw.
    const watchDpr = () => {
      const mq = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      mq.addEventListener('change', () => { this.module._app_request_frame(); watchDpr(); }, { once: true });
    };
    watchDpr();
    document.addEventListener('visibilitychange', () => {
      // Hidden may mean closed: the pending draft is written now, not after its debounce.
      if (document.visibilityState === 'hidden') this.module._app_page_hidden();
      this.module._app_request_frame();
    });
    window.addEventListener('pagehide', () => this.module._app_page_hidden());
    // The network is back: the event stream reconnects now instead of after its backoff.
    window.addEventListener('online', () => this.module._app_network_online());
    // Attachments: one hidden file input; C++ asks for it (pickFile) and gets the bytes back.
    this.fileInput = document.getElementById('file-input');
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files && this.fileInput.files[0];
      this.fileInput.value = '';
      if (file) this.deliverFile(file);
    });
  }

  deliverFile(file) {
    const m = this.module;
    const limit = 5 * 1024 * 1024;
    const send = (bytes) => {
      this.withString(file.name || 'файл', (namePtr) => {
        let p = 0;
        if (bytes && bytes.length) {
          p = m._malloc(bytes.length);
          if (!p) return;
          m.HEAPU8.set(bytes, p);
        }
        try { m._app_file_picked(namePtr, p, file.size); } finally { if (p) m._free(p); }
      });
    };
    // An oversize file is not read at all: C++ refuses it by its size.
    if (file.size > limit) { send(null); return; }
    file.arrayBuffer().then((buf) => send(new Uint8Array(buf)), () => send(null));
  }

  withString(text, fn) {
    const m = this.module;
    const n = m.lengthBytesUTF8(text) + 1;
    const p = m._malloc(n);
    if (!p) return;
    m.stringToUTF8(text, p, n);
    try { fn(p); } finally { m._free(p); }
  }

  sendText(text) { this.withString(text, (p) => this.module._app_text_input(p)); }

  paste(text) {
    // Field limits truncate further; this only bounds what crosses into the module.
    if (text.length > 1000000) text = text.slice(0, 1000000);
    this.withString(text, (p) => this.module._app_paste(p));
  }

  // --- called from C++ -------------------------------------------------------------
  getString(name) {
    if (name === 'hash') return window.location.hash || '';
    if (name === 'apiBase') return this.apiBase || '/api/v1';
    if (name === 'deviceName') return this.deviceName();
    if (name === 'pageAddress') return window.location.origin + window.location.pathname;
    if (name === 'catalogSource') return this.catalogSource || '';
    if (name === 'kiosk') {
      this.kiosk = this.kiosk || new URLSearchParams(window.location.search).get('kiosk') === '1';
      if (this.kiosk) this.startKiosk();
      return this.kiosk ? '1' : '0';
    }
    if (name === 'reducedMotion') return window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches ? '1' : '0';
    if (name === 'highContrast') {
      const param = new URLSearchParams(window.location.search).get('contrast');
      const on = param === 'high' || (param !== 'normal' && window.matchMedia && matchMedia('(prefers-contrast: more)').matches);
      document.documentElement.classList.toggle('high-contrast', on);
      return on ? '1' : '0';
    }
    // Text size: ?text=150 or else the browser's own font size (16 px = 100 %).
    if (name === 'textPercent') {
      const param = parseInt(new URLSearchParams(window.location.search).get('text') || '', 10);
      const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      return String(Number.isFinite(param) ? param : Math.round(root / 16 * 100));
    }
    if (name === 'language') {
      const lang = new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'ru';
      document.documentElement.lang = lang;
      return lang;
    }
    return '';
  }

  // The language is part of the address (?lang=en), not of storage: it survives a reload and a
  // logout (which wipes storage) and can be shared as a link.
  setLanguage(lang) {
    document.documentElement.lang = lang;
    const url = new URL(window.location.href);
    if (lang === 'en') url.searchParams.set('lang', 'en'); else url.searchParams.delete('lang');
    window.history.replaceState(window.history.state, '', url.toString());
  }

  // A catalog not built into the module (English): fetched once, or taken from the loader, which
  // fetched it with the module when the address said ?lang=en. Answers app_language_loaded
  // after the current call has returned, never inside it.
  // The signed-in screens' texts of a language ("ru-personal", "en-personal") come the same way,
  // when someone starts to sign in.
  loadLanguage(lang) {
    const file = { en: 'lang/en_US.json', 'en-personal': 'lang/en_US.personal.json', 'ru-personal': 'lang/ru_RU.personal.json' }[lang];
    if (!file) return;
    const ready = this.languages && this.languages[lang];
    const text = ready ? Promise.resolve(ready)
      : fetch(file, { credentials: 'same-origin' }).then((r) => (r.ok ? r.text() : null));
    text.catch(() => null).then((json) => {
      if (json && this.languages) delete this.languages[lang];  // C++ keeps its own copy
      this.withString(lang, (langPtr) => {
        if (json === null || json === undefined) this.module._app_language_loaded(langPtr, 0);
        else this.withString(json, (jsonPtr) => this.module._app_language_loaded(langPtr, jsonPtr));
      });
    });
  }

  // High contrast: the page's own colours follow (theme.css), and the address keeps the choice.
  setHighContrast(on) {
    document.documentElement.classList.toggle('high-contrast', on);
    const url = new URL(window.location.href);
    url.searchParams.set('contrast', on ? 'high' : 'normal');
    window.history.replaceState(window.history.state, '', url.toString());
  }

  // The text size is part of the address, like the language and the contrast.
  setTextPercent(percent) {
    const url = new URL(window.location.href);
    if (percent === 100) url.searchParams.delete('text'); else url.searchParams.set('text', String(percent));
    window.history.replaceState(window.history.state, '', url.toString());
  }

  pickFile(accept) {
    this.fileInput.accept = accept;
    this.fileInput.click();
  }

  // «Скачать»: the bytes C++ made (a decrypted document) as a download; the object URL is
  // revoked once the click has started it.
  saveFile(name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Encrypted drafts only (C++ encrypts before calling): localStorage never sees clear text.
  storageGet(key) {
    try { return localStorage.getItem(key) || ''; } catch (e) { return ''; }
  }

  storagePut(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* full or disabled: the server copy remains */ }
  }

  storageRemove(key) {
    try { localStorage.removeItem(key); } catch (e) { /* nothing to remove */ }
  }

  setHash(hash) {
    if (window.location.hash !== hash) history.pushState(null, '', hash);
  }

  replaceHash(hash) {
    if (window.location.hash !== hash) history.replaceState(null, '', hash);
  }

  setTextInputActive(active, x, y, w, h, mode) {
    const input = this.input;
    // The field type's keyboard (core::forms::InputMode): digits for СНИЛС, a phone pad for phones.
    // A kiosk has its own on screen (src/ui/screen_keyboard.cpp): the system's stays away.
    input.inputMode = this.kiosk ? 'none' : ['text', 'numeric', 'decimal', 'tel', 'email'][mode] || 'text';
    input.style.left = `${Math.max(0, x)}px`;
    input.style.top = `${Math.max(0, y)}px`;
    input.style.height = `${Math.max(16, h)}px`;
    if (active) {
      if (document.activeElement !== input) input.focus({ preventScroll: true });
      input.value = ' ';
      input.setSelectionRange(1, 1);
    } else if (document.activeElement === input) {
      this.canvas.focus({ preventScroll: true });
    }
  }

  // Logout leaves nothing of the user in this browser: storage, session storage, databases, the
  // Cache Storage, and the clipboard (on a kiosk the next person could paste what this one copied).
  wipeLocalData() {
    try { localStorage.clear(); } catch (e) { /* storage disabled */ }
    try { sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { if (window.indexedDB && indexedDB.databases) indexedDB.databases().then((dbs) => dbs.forEach((d) => indexedDB.deleteDatabase(d.name))); } catch (e) { /* none */ }
    try { if (window.caches) caches.keys().then((keys) => keys.forEach((k) => caches.delete(k))); } catch (e) { /* insecure context */ }
    this.clipboardText = '';
    for (const id of ['a11y-live', 'a11y-alert']) { const el = document.getElementById(id); if (el) el.textContent = ''; }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText('').catch(() => {});
  }

  // The kiosk's voice: the browser's speech synthesis (C++ decides what is said, from the
  // accessibility tree). `spoken` keeps what was said, for the tests.
  speak(text, lang, interrupt) {
    this.spoken = this.spoken || [];
    this.spoken.push(text);
    if (this.spoken.length > 200) this.spoken.splice(0, this.spoken.length - 200);
    if (!window.speechSynthesis) return;
    if (interrupt) speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    speechSynthesis.speak(u);
  }

  // Kiosk: a long press anywhere (1.5 s without moving) switches the voice on or off — found by
  // someone who cannot see the button.
  startKiosk() {
    if (this.kioskStarted) return;
    this.kioskStarted = true;
    let timer = 0, x = 0, y = 0;
    const cancel = () => { clearTimeout(timer); timer = 0; };
    // Full screen from the first touch (a browser allows it only on a gesture); a terminal's
    // browser in kiosk mode is full screen already.
    document.addEventListener('pointerdown', () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    }, { once: true });
    document.addEventListener('touchstart', (e) => {
      cancel();
      if (e.touches.length !== 1) return;  // two fingers: not a long press
      x = e.touches[0].clientX; y = e.touches[0].clientY;
      timer = setTimeout(() => { timer = 0; this.module._app_toggle_speech(); }, 1500);
    }, { passive: true });
    document.addEventListener('touchmove', (e) => {
      if (timer && Math.hypot(e.touches[0].clientX - x, e.touches[0].clientY - y) > 12) cancel();
    }, { passive: true });
    document.addEventListener('touchend', cancel, { passive: true });
    document.addEventListener('touchcancel', cancel, { passive: true });
  }

  setClipboardText(text) {
    this.clipboardText = text;
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).catch(() => {});
  }

  setCursor(cursor) { this.canvas.style.cursor = cursor; }

  // "Chromium · Linux": how this device is listed under «Привязанные устройства».
  deviceName() {
    const ua = navigator.userAgent;
    const browser = /YaBrowser\//.test(ua) ? 'Яндекс Браузер' : /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua) ? 'Chromium' : /Safari\//.test(ua) ? 'Safari' : 'Браузер';
    const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
      : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
    return os ? `${browser} · ${os}` : browser;
  }

  updateA11y(json, focusedId) {
    if (window.LkA11yMirror) window.LkA11yMirror.update(JSON.parse(json), focusedId, this.input);
  }

  setTitle(title) { if (window.LkA11yMirror) window.LkA11yMirror.setTitle(title); }
  announce(text, assertive) { if (window.LkA11yMirror) window.LkA11yMirror.announce(text, assertive); }

  onFrame(n, cpuMs, glMs, mirrorMs) {
    this.frames = n;
    // The last 2000 frames: when drawn, CPU ms in all, ms of it in WebGL calls and in updating
    // the accessibility mirror (benchmarks read it).
    this.frameLog.push([performance.now(), cpuMs, glMs, mirrorMs]);
    if (this.frameLog.length > 2000) this.frameLog.splice(0, this.frameLog.length - 2000);
    if (!this.firstFrameAt) {
      this.firstFrameAt = performance.now();
      if (this.onFirstFrame) this.onFirstFrame();
    }
  }

  // The event stream: fetch() with a reader, so the body arrives as it comes (EventSource would
  // reconnect by itself with the same single-use ticket). A stream quiet for 45 s (three missed
  // heartbeats) is aborted: the peer is gone. C++ resumes it with a new ticket.
  streamOpen(id, url, headersJson) {
    const m = this.module;
    const ctrl = new AbortController();
    this.streams = this.streams || new Map();
    this.streams.set(id, ctrl);
    let timer = 0;
    const watchdog = () => { clearTimeout(timer); timer = setTimeout(() => ctrl.abort(), 45000); };
    const end = (failed) => {
      clearTimeout(timer);
      if (!this.streams.has(id)) return;
      this.streams.delete(id);
      m._app_stream_end(id, failed ? 1 : 0);
    };
    watchdog();
    fetch(url, { headers: JSON.parse(headersJson), signal: ctrl.signal, cache: 'no-store', credentials: 'omit' })
      .then(async (r) => {
        if (!this.streams.has(id)) return;
        m._app_stream_open(id, r.status);
        const reader = r.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done || !this.streams.has(id)) break;
          watchdog();
          const p = m._malloc(value.length);
          if (!p) { ctrl.abort(); break; }
          m.HEAPU8.set(value, p);
          try { m._app_stream_data(id, p, value.length); } finally { m._free(p); }
        }
        end(false);
      })
      .catch(() => end(true));
  }

  streamClose(id) {
    const ctrl = this.streams && this.streams.get(id);
    if (!ctrl) return;
    this.streams.delete(id);
    ctrl.abort();
  }

  reportFatal(what) { if (this.onFatal) this.onFatal(what); }
};
