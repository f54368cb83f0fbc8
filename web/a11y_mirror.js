// The accessible DOM mirror: one element per item ImGui drew, with its ARIA role, name, state
// and on-screen bounds, grouped into landmarks (banner, navigation, main, contentinfo, a modal
// dialog) and tab lists. Rebuilt by diff, only when C++ reports a change. A screen reader's
// action on an element (its click, or focusing a field) acts on the ImGui widget; live
// announcements go to two live regions and to whoever listens (the kiosk's voice, tests).
'use strict';

window.LkA11yMirror = (() => {
  const root = () => document.getElementById('a11y-root');
  const byId = new Map();   // node id -> { el, key, kind, desc }
  const MULTILINE = 256;    // core::A11yState_Multiline
  const S = { checked: 1, disabled: 2, invalid: 4, expandable: 8, expanded: 16, selected: 32, focused: 64, required: 128 };
  // core::A11yRegion, in its order: the element and role of each landmark.
  const REGIONS = [['main', null], ['header', 'banner'], ['nav', null], ['footer', 'contentinfo'],
    ['aside', 'complementary'], ['div', 'dialog']];
  const ORDER = [1, 2, 0, 3, 4, 5];  // DOM order: banner, navigation, main, contentinfo, aside, dialog
  const landmarks = [];
  // Roles that live only inside a container of their own: a row of tabs is a tab list, list items
  // a list, tree items a tree (axe-core: "aria-required-parent", critical).
  const GROUP = { tab: 'tablist', listitem: 'list', treeitem: 'tree' };
  const groups = new Map();  // first member's node id -> element
  let live = null;             // { polite, assertive }
  let module = null;
  let programmaticFocus = false;
  let lastFocused = 0;
  const listeners = [];
  const announced = [];        // every announcement, for the kiosk's voice and the tests

  function landmark(i) {
    if (!landmarks[i]) {
      const [tag, role] = REGIONS[i];
      const el = document.createElement(tag);
      if (role) el.setAttribute('role', role);
      if (i === 5) el.setAttribute('aria-modal', 'true');
      el.className = 'lm';
      landmarks[i] = el;
    }
    return landmarks[i];
  }

  // The live regions are the page's own (shell.html), outside the mirror: by aria-live alone (no
  // role — the page's alerts are the widgets'), never hidden with the page behind a dialog (the idle
  // countdown speaks while a dialog is up), and not a second copy of a chat message in the mirror.
  function liveRegions() {
    if (!live) live = { polite: document.getElementById('a11y-live'), assertive: document.getElementById('a11y-alert') };
    return live;
  }

  function create(node) {
    let el;
    // A multi-line field is a <textarea>: an <input> would drop its line breaks.
    if (node.role === 'textbox' && (node.state & MULTILINE)) el = document.createElement('textarea');
    else if (node.role === 'textbox') { el = document.createElement('input'); el.type = 'text'; }
    else if (node.role === 'password') { el = document.createElement('input'); el.type = 'password'; }
    else {
      el = document.createElement(node.role === 'heading' ? `h${Math.min(6, Math.max(1, node.level || 2))}` : 'div');
      if (node.role !== 'heading' && node.role !== 'text') el.setAttribute('role', node.role);
    }
    el.id = `a11y-${node.id}`;
    el.dataset.n = node.id;
    el.tabIndex = -1;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') el.readOnly = true;
    return el;
  }

  function setAttr(el, name, on, value) {
    if (on) el.setAttribute(name, value === undefined ? 'true' : value);
    else el.removeAttribute(name);
  }

  function apply(entry, n) {
    const el = entry.el;
    const s = n.state;
    el.style.left = `${n.x}px`; el.style.top = `${n.y}px`;
    el.style.width = `${Math.max(1, n.w)}px`; el.style.height = `${Math.max(1, n.h)}px`;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      el.setAttribute('aria-label', n.name);
      if (el.type !== 'password') el.value = n.value || '';
      setAttr(el, 'aria-required', s & S.required);
    } else {
      el.textContent = n.name;
      if (n.role !== 'heading' && n.role !== 'alert' && n.role !== 'status' && n.role !== 'text') el.setAttribute('aria-label', n.name);
    }
    setAttr(el, 'aria-disabled', s & S.disabled);
    setAttr(el, 'aria-invalid', s & S.invalid);
    // A field's error (or hint) is an element of its own right after it, linked by
    // aria-describedby: read with the field, and found by a screen reader's reading cursor.
    if (n.desc) {
      if (!entry.desc) {
        entry.desc = document.createElement('div');
        entry.desc.id = `a11y-${n.id}-d`;
        entry.desc.className = 'desc';
      }
      entry.desc.textContent = n.desc;
      entry.desc.style.left = el.style.left;
      entry.desc.style.top = `${n.y + n.h}px`;
      el.setAttribute('aria-describedby', entry.desc.id);
    } else {
      entry.desc = null;
      el.removeAttribute('aria-describedby');
    }
    if (n.role === 'checkbox' || n.role === 'radio') el.setAttribute('aria-checked', (s & S.checked) ? 'true' : 'false');
    setAttr(el, 'aria-expanded', s & S.expandable, (s & S.expanded) ? 'true' : 'false');
    if (n.role === 'tab') el.setAttribute('aria-selected', (s & S.selected) ? 'true' : 'false');
    else setAttr(el, 'aria-current', s & S.selected, 'page');
    setAttr(el, 'data-focused', s & S.focused);
  }

  // Puts `children` into `parent` in this order; anything else in it goes.
  function sync(parent, children) {
    children.forEach((c, i) => {
      if (parent.children[i] !== c) parent.insertBefore(c, parent.children[i] || null);
    });
    while (parent.children.length > children.length) parent.lastElementChild.remove();
  }

  function update(nodes, focusedId, input) {
    const container = root();
    if (!container) return;
    const seen = new Set();
    const lists = REGIONS.map(() => []);
    const usedGroups = new Set();
    let group = null;
    nodes.forEach((n) => {
      seen.add(n.id);
      let entry = byId.get(n.id);
      const kind = `${n.role}${n.state & MULTILINE ? '+multiline' : ''}`;
      if (entry && entry.kind !== kind) { entry.el.remove(); entry = null; }
      if (!entry) { entry = { el: create(n), key: '', kind, desc: null }; byId.set(n.id, entry); }
      const key = JSON.stringify(n);
      if (entry.key !== key) { apply(entry, n); entry.key = key; }
      const region = n.region >= 0 && n.region < REGIONS.length ? n.region : 0;
      const list = lists[region];
      const groupRole = GROUP[n.role];
      if (group && (group.role !== groupRole || group.region !== region)) { sync(group.el, group.children); group = null; }
      if (groupRole) {
        if (!group) {
          let el = groups.get(n.id);
          if (!el || el.getAttribute('role') !== groupRole) {
            el = document.createElement('div');
            el.setAttribute('role', groupRole);
            el.className = 'lm';
            groups.set(n.id, el);
          }
          group = { role: groupRole, region, el, children: [] };
          usedGroups.add(n.id);
          list.push(el);
        }
        group.children.push(entry.el);  // (a list holds list items only: no description in it)
      } else {
        list.push(entry.el);
        if (entry.desc) list.push(entry.desc);
      }
    });
    if (group) sync(group.el, group.children);
    for (const [id, el] of groups) if (!usedGroups.has(id)) { el.remove(); groups.delete(id); }
    for (const [id, entry] of byId) {
      if (!seen.has(id)) { entry.el.remove(); if (entry.desc) entry.desc.remove(); byId.delete(id); }
    }
    const present = [];
    for (const i of ORDER) {
      if (!lists[i].length) continue;
      const lm = landmark(i);
      sync(lm, lists[i]);
      present.push(lm);
      // A dialog is named by its heading (or its first element).
      if (i === 5) {
        const named = lm.querySelector('h1,h2,h3,h4,h5,h6') || lm.firstElementChild;
        setAttr(lm, 'aria-labelledby', !!named, named && named.id);
      }
    }
    sync(container, present);
    // While a dialog is open, the page behind it is not there for assistive tech.
    for (const i of ORDER) if (i !== 5 && landmarks[i]) setAttr(landmarks[i], 'aria-hidden', lists[5].length > 0);
    // Focus follows the user: the text field being edited is the hidden input's active
    // descendant; otherwise the focused element itself takes the page's focus, unless the page's
    // focus is somewhere of the page's own (a file chooser, the input while typing).
    if (input) setAttr(input, 'aria-activedescendant', focusedId && byId.has(focusedId), `a11y-${focusedId}`);
    if (focusedId !== lastFocused) {
      lastFocused = focusedId;
      const target = byId.get(focusedId);
      const active = document.activeElement;
      const ours = !active || active === document.body || active.id === 'canvas' || container.contains(active);
      if (target && ours && active !== target.el) {
        programmaticFocus = true;
        target.el.focus({ preventScroll: true });
        programmaticFocus = false;
      }
    }
  }

  // A screen reader's "activate" is a click on the element; moving into a field focuses it.
  function attach(m) {
    module = m;
    const container = root();
    const activate = (el) => {
      const n = el && el.closest('[data-n]');
      if (n && module) module._app_a11y_activate(Number(n.dataset.n) >>> 0);
    };
    container.addEventListener('click', (e) => { e.preventDefault(); activate(e.target); });
    container.addEventListener('focusin', (e) => {
      if (programmaticFocus) return;
      const t = e.target;
      if ((t.tagName === 'INPUT' || t.tagName === 'TEXTAREA') && Number(t.dataset.n) !== lastFocused) activate(t);
    });
  }

  function announce(text, assertive) {
    const { polite, assertive: urgent } = liveRegions();
    const region = assertive ? urgent : polite;
    announced.push({ text, assertive, at: performance.now() });
    if (announced.length > 200) announced.splice(0, announced.length - 200);
    // The same words twice in a row are said twice: the region is emptied first.
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 50);
    // Said; then gone, so that the page holds no stale copy (nor, at a kiosk, the last person's words).
    clearTimeout(region.clearTimer);
    region.clearTimer = setTimeout(() => { region.textContent = ''; }, 10000);
    for (const fn of listeners) fn(text, assertive);
  }

  function setTitle(title) { document.title = title; }

  return { update, attach, announce, setTitle, announced, onAnnounce: (fn) => listeners.push(fn) };
})();
