// Start-up: check the browser can run the app, download the module and fonts with a
// visible progress bar, then start it. Every failure ends in a readable message on the
// page with a way to retry — never a blank screen or a console-only error.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const loader = $('loader');
  const fatal = $('fatal');
  const t0 = performance.now();

  const MESSAGES = {
    wasm: ['Браузер не поддерживает WebAssembly',
      'Личному кабинету нужен современный браузер с поддержкой WebAssembly. Обновите браузер (Chrome, Firefox, Safari, Edge, Яндекс Браузер) или откройте портал на другом устройстве.'],
    webgl2: ['Браузер не поддерживает WebGL 2',
      'Для отображения личного кабинета нужна графика WebGL 2. Обновите браузер или включите аппаратное ускорение в его настройках.'],
    download: ['Не удалось загрузить личный кабинет',
      'Файлы приложения не загрузились: проверьте подключение к интернету и попробуйте снова. Если ошибка повторяется, портал может быть временно недоступен.'],
    start: ['Не удалось запустить личный кабинет',
      'Приложение загрузилось, но не смогло запуститься. Обновите страницу; если ошибка повторяется, попробуйте другой браузер.'],
  };

  function showFatal(kind, detail) {
    const [title, text] = MESSAGES[kind] || MESSAGES.start;
    $('fatal-title').textContent = title;
    $('fatal-text').textContent = detail ? `${text} (${detail})` : text;
    loader.hidden = true;
    fatal.hidden = false;
    $('fatal-retry').onclick = () => window.location.reload();
    $('fatal-retry').focus();
    window.__lk.fatal = kind;
  }

  function setProgress(fraction, text) {
    const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
    $('progress-bar').style.width = `${pct}%`;
    loader.querySelector('.progress').setAttribute('aria-valuenow', String(pct));
    if (text) $('loader-text').textContent = text;
  }

  window.__lk = { startedAt: t0, firstFrameMs: 0, fatal: null, glue: null };

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showFatal('wasm');
    return;
  }
  const probe = document.createElement('canvas');
  if (!probe.getContext('webgl2')) {
    showFatal('webgl2');
    return;
  }

  // Files with their expected (uncompressed) size for the progress bar; the server tells
  // the real size in X-Decoded-Length, gzip makes Content-Length useless for this.
  const files = [
    { url: 'app.wasm', weight: 0.8 },
    { url: 'fonts/NotoSans-Regular.ttf', weight: 0.08 },
    { url: 'fonts/NotoSans-Bold.ttf', weight: 0.08 },
    { url: 'fonts/icons.ttf', weight: 0.04 },
  ];
  // English is not built into the module: fetched with it when the address asks for English.
  const english = new URLSearchParams(window.location.search).get('lang') === 'en';
  if (english) files.push({ url: 'lang/en_US.json', weight: 0.02 });
  const progress = files.map(() => 0);
  const report = () => {
    const done = files.reduce((sum, f, i) => sum + f.weight * progress[i], 0);
    setProgress(done, `Загрузка личного кабинета… ${Math.round(done * 100)} %`);
  };

  async function download(file, i) {
    const res = await fetch(file.url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${file.url}: HTTP ${res.status}`);
    const total = Number(res.headers.get('X-Decoded-Length') || 0) ||
      (res.headers.get('Content-Encoding') ? 0 : Number(res.headers.get('Content-Length') || 0));
    if (!res.body || !total) {
      const buf = new Uint8Array(await res.arrayBuffer());
      progress[i] = 1; report();
      return buf;
    }
    const reader = res.body.getReader();
    const out = new Uint8Array(total);
    let got = 0;
    let chunks = null;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (chunks || got + value.length > total) {  // size lied: fall back to a chunk list
        chunks = chunks || [out.subarray(0, got)];
        chunks.push(value);
      } else {
        out.set(value, got);
      }
      got += value.length;
      progress[i] = Math.min(1, got / total); report();
    }
    progress[i] = 1; report();
    if (!chunks) return got === total ? out : out.subarray(0, got);
    const all = new Uint8Array(got);
    let off = 0;
    for (const c of chunks) { all.set(c, off); off += c.length; }
    return all;
  }

  async function readConfig() {
    let apiBase = '/api/v1';
    try {
      const res = await fetch('config.json', { cache: 'no-cache' });
      if (res.ok) {
        const cfg = await res.json();
        if (cfg && typeof cfg.apiBase === 'string') apiBase = cfg.apiBase;
        // A service centre's terminal is configured as one (SPEC §8), not only by ?kiosk=1.
        if (cfg && cfg.kiosk === true) glue.kiosk = true;
      }
    } catch (e) { /* defaults are fine: the app reports a backend that does not answer */ }
    // ?api=https://other.backend/api/v1 points the same build at another backend.
    const fromUrl = new URLSearchParams(window.location.search).get('api');
    if (fromUrl && /^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(fromUrl)) apiBase = fromUrl;
    return apiBase;
  }

  async function start() {
    report();
    let blobs;
    let apiBase;
    try {
      [apiBase, ...blobs] = await Promise.all([readConfig(), ...files.map(download)]);
    } catch (e) {
      showFatal('download', e && e.message);
      return;
    }
    setProgress(1, 'Запуск…');
    const glue = new window.LkGlue();
    glue.apiBase = apiBase;
    // Developers: ?catalog_size=10000 loads a generated catalog (the backend's --dev mode).
    const size = Number(new URLSearchParams(window.location.search).get('catalog_size') || 0);
    if (size > 0 && size <= 20000) glue.catalogSource = `/catalog?size=${Math.floor(size)}`;
    window.__lk.glue = glue;
    glue.onFirstFrame = () => {
      window.__lk.firstFrameMs = performance.now() - t0;
      loader.hidden = true;
    };
    glue.onFatal = (what) => showFatal(what === 'webgl2' ? 'webgl2' : 'start', what);
    const [wasmBytes, ...rest] = blobs;
    const fontBytes = rest.slice(0, 3);
    if (english) glue.languages = { en: new TextDecoder().decode(rest[3]) };
    try {
      const module = await window.createGosuslugiModule({
        canvas: $('canvas'),
        glue,
        instantiateWasm(imports, success) {
          WebAssembly.instantiate(wasmBytes, imports)
            .then((r) => success(r.instance, r.module))
            .catch((e) => showFatal('start', e && e.message));
          return {};
        },
        preRun: [],
        onRuntimeInitialized() {
          // Fonts go into wasm memory before main() runs; C++ takes ownership.
          fontBytes.forEach((bytes, which) => {
            const p = this._malloc(bytes.length);
            this.HEAPU8.set(bytes, p);
            this._app_provide_font(which, p, bytes.length);
          });
          glue.attach(this);
        },
        onAbort(reason) { showFatal('start', String(reason)); },
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
      });
      window.__lk.module = module;
    } catch (e) {
      showFatal('start', e && e.message);
    }
  }

  window.addEventListener('error', (e) => {
    if (!window.__lk.firstFrameMs) showFatal('start', e.message);
  });
  start();
})();
