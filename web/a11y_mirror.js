// The accessible DOM mirror: one element per interactive item ImGui drew, with its ARIA
// role, name, state and on-screen bounds. Rebuilt by diff, only when C++ reports a change.
'use strict';

window.LkA11yMirror = (() => {
  const root = () => document.getElementById('a11y-root');
  const byId = new Map();   // node id -> { el, key }
  const MULTILINE = 256;    // core::A11yState_Multiline

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
    el.tabIndex = -1;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') el.readOnly = true;
    return el;
  }

  function setAttr(el, name, on, value) {
    if (on) el.setAttribute(name, value === undefined ? 'true' : value);
    else el.removeAttribute(name);
  }

  function apply(el, n) {
    const S = { checked: 1, disabled: 2, invalid: 4, expandable: 8, expanded: 16, selected: 32, focused: 64, required: 128 };
    const s = n.state;
    el.style.left = `${n.x}px`; el.style.top = `${n.y}px`;
    el.style.width = `${Math.max(1, n.w)}px`; el.style.height = `${Math.max(1, n.h)}px`;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      el.setAttribute('aria-label', n.name);
      if (el.type !== 'password') el.value = n.value || '';
      setAttr(el, 'aria-required', s & S.required);
    } else {
      el.textContent = n.name;
      if (n.role !== 'heading' && n.role !== 'alert' && n.role !== 'status') el.setAttribute('aria-label', n.name);
    }
    setAttr(el, 'aria-disabled', s & S.disabled);
    setAttr(el, 'aria-invalid', s & S.invalid);
    setAttr(el, 'aria-description', !!n.desc, n.desc);
    if (n.role === 'checkbox' || n.role === 'radio') el.setAttribute('aria-checked', (s & S.checked) ? 'true' : 'false');
    setAttr(el, 'aria-expanded', s & S.expandable, (s & S.expanded) ? 'true' : 'false');
    if (n.role === 'tab') el.setAttribute('aria-selected', (s & S.selected) ? 'true' : 'false');
    else setAttr(el, 'aria-current', s & S.selected, 'page');
    setAttr(el, 'data-focused', s & S.focused);
  }

  function update(nodes, focusedId, input) {
    const container = root();
    if (!container) return;
    const seen = new Set();
    nodes.forEach((n, i) => {
      seen.add(n.id);
      let entry = byId.get(n.id);
      const kind = `${n.role}${n.state & MULTILINE ? '+multiline' : ''}`;
      if (entry && entry.kind !== kind) { entry.el.remove(); entry = null; }
      if (!entry) { entry = { el: create(n), key: '', kind }; byId.set(n.id, entry); }
      const key = JSON.stringify(n);
      if (entry.key !== key) { apply(entry.el, n); entry.key = key; }
      // Keep DOM order = drawing order = reading order.
      if (container.children[i] !== entry.el) container.insertBefore(entry.el, container.children[i] || null);
    });
    for (const [id, entry] of byId) {
      if (!seen.has(id)) { entry.el.remove(); byId.delete(id); }
    }
    // Screen readers follow ImGui's keyboard focus through aria-activedescendant.
    if (input) setAttr(input, 'aria-activedescendant', focusedId && byId.has(focusedId), `a11y-${focusedId}`);
  }

  return { update };
})();
