// The keyboard walk, one call per step: Python presses Tab through the
// DevTools protocol (a real key event, so :focus-visible applies as for a
// reader), then asks this script what has focus and how it looks.
var mode = arguments[0];
var PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow',
  'borderTopColor', 'borderRightColor', 'borderBottomColor', 'borderLeftColor',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
  'borderTopStyle', 'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle',
  'backgroundColor', 'backgroundImage', 'color', 'textDecorationLine', 'textDecorationColor',
  'textDecorationThickness', 'textDecorationStyle', 'filter'];

function signature(el) {
  var cs = getComputedStyle(el), out = {};
  PROPS.forEach(function (p) { out[p] = cs[p]; });
  return out;
}
function outlineShows(s) {
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !/rgba\([^)]*,\s*0\)$/.test(s.outlineColor);
}
function indicator(before, now) {
  // Which renderings differ between unfocused and focused; an outline that
  // stays "none" or zero-width does not count whatever its colour.
  if (!before) return ['(no unfocused rendering recorded)'];
  var changed = [];
  if (outlineShows(now) && (!outlineShows(before) || ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset']
      .some(function (p) { return before[p] !== now[p]; }))) changed.push('outline');
  PROPS.forEach(function (p) {
    if (p.indexOf('outline') === 0) return;
    if (before[p] !== now[p]) changed.push(p);
  });
  return changed;
}
function fixedAncestor(el) {
  for (var e = el; e && e !== document.documentElement; e = e.parentElement) {
    var pos = getComputedStyle(e).position;
    if (pos === 'fixed' || pos === 'sticky') return e;
  }
  return null;
}
function obscured(el) {
  // What is on screen is the visual viewport, which a phone may scroll inside
  // a wider layout viewport; rects and elementFromPoint use layout coordinates.
  var r = el.getBoundingClientRect(), vv = window.visualViewport;
  var left = Math.max(r.left, vv.offsetLeft), right = Math.min(r.right, vv.offsetLeft + vv.width);
  var top = Math.max(r.top, vv.offsetTop), bottom = Math.min(r.bottom, vv.offsetTop + vv.height);
  if (right - left < 1 || bottom - top < 1) return { entirely: true, by: '', outside: true };
  var points = [[(left + right) / 2, (top + bottom) / 2], [left + 1, top + 1], [right - 1, top + 1], [left + 1, bottom - 1], [right - 1, bottom - 1]];
  var by = null, hidden = 0;
  points.forEach(function (p) {
    var hit = document.elementFromPoint(p[0], p[1]);
    if (!hit || hit === el || el.contains(hit) || hit.contains(el)) return;
    var cover = fixedAncestor(hit);
    if (cover && !cover.contains(el)) { hidden++; by = by || cover; }
  });
  return { entirely: hidden === points.length, by: by ? a11ySelector(by) : '', outside: false };
}

var state = window.__hikayaA11y;
if (mode === 'prepare') {
  state = window.__hikayaA11y = { unfocused: new WeakMap(), first: null, main: null };
  document.querySelectorAll('a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]')
    .forEach(function (el) { state.unfocused.set(el, signature(el)); });
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}
if (mode === 'step') {
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { end: true };
  if (!state.seen) state.seen = [];
  if (state.seen.indexOf(el) >= 0) return { end: true, cycled: true };
  state.seen.push(el);
  if (!state.first) state.first = el;
  var r = el.getBoundingClientRect(), href = el.getAttribute('href') || '';
  var target = href.charAt(0) === '#' && href.length > 1 ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  return {
    target: a11ySelector(el), html: a11yHtml(el), tag: el.localName, href: href,
    text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 80),
    rect: a11yDocRect(r), viewport: { x: r.left, y: r.top, width: r.width, height: r.height },
    visible: a11yVisible(el) && r.width >= 1 && r.height >= 1,
    changed: indicator(state.unfocused.get(el), signature(el)),
    obscured: obscured(el),
    inMain: !!el.closest('main, [role="main"]'),
    skipTarget: target ? a11ySelector(target) : '',
    skipTargetIsMain: !!(target && target.closest('main, [role="main"]')),
    // display: none (or inside it): no box, so the browser cannot move there.
    skipTargetRendered: !!(target && target.getClientRects().length),
  };
}
if (mode === 'focus-first') {
  if (!state || !state.first) return false;
  state.first.focus();
  return document.activeElement === state.first;
}
if (mode === 'skip-landing') {
  // After the skip link was activated and Tab pressed once more: where focus
  // is, and where a keyboard user should be, the first stop of the walk at
  // or after the link's target in document order (the browser moves its
  // sequential focus navigation starting point to the target).
  var link = state && state.first, ref = link ? link.getAttribute('href') || '' : '';
  var goal = ref.charAt(0) === '#' ? document.getElementById(decodeURIComponent(ref.slice(1))) : null;
  var mainEl = document.querySelector('main, [role="main"]'), landed = document.activeElement;
  var expected = null;
  (state && state.seen || []).forEach(function (el) {
    if (!goal || !el.isConnected) return;
    var at = el === goal || (goal.compareDocumentPosition(el) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY));
    if (!at) return;
    if (!expected || (el.compareDocumentPosition(expected) & Node.DOCUMENT_POSITION_FOLLOWING)) expected = el;
  });
  var none = !landed || landed === document.body || landed === document.documentElement;
  return {
    target: none ? '' : a11ySelector(landed), expected: expected ? a11ySelector(expected) : '',
    expectedText: expected ? (expected.innerText || expected.getAttribute('aria-label') || '').trim().slice(0, 80) : '',
    onExpected: !!expected && landed === expected,
    goalInMain: !!(goal && mainEl && (mainEl.contains(goal) || goal.contains(mainEl))),
  };
}
if (mode === 'where') {
  var active = document.activeElement, main = document.querySelector('main, [role="main"]');
  return {
    target: active ? a11ySelector(active) : '', html: active ? a11yHtml(active) : '',
    inMain: !!(main && active && main.contains(active)), hasMain: !!main,
  };
}
throw new Error('focus.js: unknown mode ' + mode);
