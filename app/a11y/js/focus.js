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

function stopInfo(el) {
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
function onTabUp(event) {
  // Runs as each Tab key comes back up, after the key's default action
  // (focus moved, the new element scrolled into view): what a reader sees.
  // Installed once per document by the first walk: the current walk's
  // state is the one on window, not the one this listener was made with.
  state = window.__hikayaA11y;
  if (event.key !== 'Tab' || !state || !state.walking || state.ended) return;
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    state.ended = true;  // focus left the page: where a one-by-one walk would stop
    state.endScroll = [window.scrollX, window.scrollY];
    return;
  }
  if (state.seen.indexOf(el) >= 0) { state.ended = true; return; }
  state.seen.push(el);
  if (!state.first) state.first = el;
  state.stops.push(stopInfo(el));
}

var state = window.__hikayaA11y;
if (mode === 'prepare') {
  // A fresh walk: every focusable element's unfocused look, focus and
  // scroll back at the top; Tab presses are recorded by onTabUp from now.
  var candidates = document.querySelectorAll('a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]');
  state = window.__hikayaA11y = { unfocused: new WeakMap(), first: null, seen: [], stops: [], walking: true, ended: false };
  candidates.forEach(function (el) { state.unfocused.set(el, signature(el)); });
  // Which candidates have a box and are not invisible at this width: the
  // Tab sequence can differ between widths only if these do (replay).
  window.__hikayaShown = window.__hikayaShown || {};
  window.__hikayaShown[arguments[1]] = Array.prototype.filter.call(candidates, function (el) {
    return el.getClientRects().length > 0 && a11yVisible(el);
  });
  if (!window.__hikayaTabListener) {
    window.addEventListener('keyup', function (event) { onTabUp(event); }, true);
    window.__hikayaTabListener = true;
  }
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  window.scrollTo(0, 0);
  // How many Tab presses the walk starts with: the shown candidates in the
  // Tab order (not tabindex="-1", not disabled). Stops this misses, such as
  // a scroll container the browser makes focusable, cost one more batch of
  // presses, not a stop: the walk presses on until focus leaves the page.
  return window.__hikayaShown[arguments[1]].filter(function (el) {
    return el.tabIndex >= 0 && !el.disabled;
  }).length;
}
if (mode === 'replay') {
  // One keyboard walk serves every width of a page loaded once when the
  // layout cannot change the Tab sequence (the same candidates shown at
  // both widths: the order itself is the document's): each stop of the
  // walk at width arguments[1] is focused again here, in order, after that
  // walk's key presses (so it matches :focus-visible as a keyboard user's
  // focus does), and measured at this width, arguments[2]. null: walk.
  var walks = window.__hikayaWalks || {}, shown = window.__hikayaShown || {};
  var before = shown[arguments[1]], now = shown[arguments[2]], sequence = walks[arguments[1]];
  if (!sequence || !before || !now || before.length !== now.length
      || before.some(function (el, i) { return el !== now[i]; })) return null;
  var recorded = [];
  for (var i = 0; i < sequence.length; i++) {
    sequence[i].focus();
    // Only if it shows focus as a keyboard user's does: the browser decides
    // :focus-visible for script focus by heuristics; else walk with keys.
    if (document.activeElement !== sequence[i] || !sequence[i].matches(':focus-visible')) {
      a11yFocusFromTop();
      return null;
    }
    state.seen.push(sequence[i]);
    recorded.push(stopInfo(sequence[i]));
  }
  var last = document.activeElement;
  var endScroll = [window.scrollX, window.scrollY];
  if (last && last !== document.body) last.blur();
  window.scrollTo(endScroll[0], endScroll[1]);
  state.walking = false;
  state.ended = true;
  walks[arguments[2]] = state.seen;
  return recorded;
}
if (mode === 'walked') {
  // The stops recorded since the last call, and whether the walk is over
  // (then its sequence is kept under the width's label, arguments[1]).
  var out = state.stops;
  state.stops = [];
  var active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) state.ended = true;
  if (state.ended) {
    state.walking = false;
    if (state.endScroll) {
      // Presses after the end brought focus back in: leave the page as the
      // walk's end left it, nothing focused, scrolled to the last stop.
      if (active && active !== document.body) active.blur();
      window.scrollTo(state.endScroll[0], state.endScroll[1]);
    }
    window.__hikayaWalks = window.__hikayaWalks || {};
    window.__hikayaWalks[arguments[1]] = state.seen;
  }
  return { stops: out, end: state.ended };
}
if (mode === 'focus-first') {
  // Focus the walk's first stop again (its selector, and the width whose
  // walk to judge the skip link by: a page checked at two widths in one
  // load walks once per width).
  var first = document.querySelector(arguments[1]);
  if (!first) return false;
  // A link tried at an earlier width of this load left the page at its
  // fragment: start each activation from the page's own URL, as on a fresh
  // load (no reload: the history entry is only rewritten).
  if (location.hash) history.replaceState(history.state, '', location.href.split('#')[0]);
  state.first = first;
  state.judged = (window.__hikayaWalks || {})[arguments[2]] || state.seen;
  first.focus();
  return document.activeElement === first;
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
  (state && state.judged || []).forEach(function (el) {
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
