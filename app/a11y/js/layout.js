// 1.4.10 and 1.4.12: content that needs horizontal scrolling at 320 CSS px,
// and text that, once the WCAG text-spacing overrides are applied, is cut off
// or lands on other text or a control. The overrides go in a constructed
// style sheet: the site's CSP forbids inline styles, and CSSOM is not inline.
var mode = arguments[0];
var SPACING = '*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
  + ' word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }';

// --- 1.4.12 measuring ---------------------------------------------------
var CUT_Y = 0.25;   // a line is cut when more than this share of its height is clipped
var CUT_X = 0.25;   // ... or more than this many ems of its width
var OVERLAP = 0.2;  // two line boxes overlap when they share this share of the lower one
var CONTROLS = 'button, input:not([type="hidden"]), select, textarea, summary, a[href], '
  + '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="tab"], [role="switch"], '
  + '[tabindex]:not([tabindex^="-"])';

function styleOf(cache, el) {
  var cs = cache.get(el);
  if (!cs) { cs = getComputedStyle(el); cache.set(el, cs); }
  return cs;
}
function clipsAxis(v) { return v === 'hidden' || v === 'clip'; }
function paintContained(cs) { return /\b(paint|strict|content)\b/.test(cs.contain); }
function clipAncestors(el, cache) {
  // The boxes that clip this element's text, each with the axes it clips,
  // following the containing-block chain: an absolutely positioned box
  // escapes the overflow of static ancestors, a fixed one of nearly all.
  var out = [], mode = 'flow';
  for (var a = el; a && a !== document.documentElement; a = a.parentElement) {
    var cs = styleOf(cache, a);
    var holdsFixed = cs.transform !== 'none' || cs.filter !== 'none' || cs.perspective !== 'none' || paintContained(cs);
    var holdsAbs = cs.position !== 'static' || holdsFixed;
    var applies = mode === 'flow' || (mode === 'abs' && holdsAbs) || (mode === 'fixed' && holdsFixed);
    if (applies) {
      mode = 'flow';
      var inline = /^(inline|contents)$/.test(cs.display);
      var x = !inline && (clipsAxis(cs.overflowX) || paintContained(cs));
      var y = !inline && (clipsAxis(cs.overflowY) || paintContained(cs));
      if (x || y) {
        var r = a.getBoundingClientRect();
        out.push({ el: a, x: x, y: y, left: r.left + a.clientLeft, top: r.top + a.clientTop,
          right: r.left + a.clientLeft + a.clientWidth, bottom: r.top + a.clientTop + a.clientHeight });
      }
    }
    if (cs.position === 'absolute') mode = 'abs';
    else if (cs.position === 'fixed') mode = 'fixed';
  }
  return out;
}
function layerOf(el, cache) {
  // Fixed and sticky boxes move with the viewport, not the page: their text
  // is compared only with text in the same such box.
  for (var a = el; a && a !== document.documentElement; a = a.parentElement) {
    var pos = styleOf(cache, a).position;
    if (pos === 'fixed' || pos === 'sticky') return a;
  }
  return null;
}
function blockOf(el, cache) {
  var box = el;
  while (box.parentElement && /^inline/.test(styleOf(cache, box).display)) box = box.parentElement;
  return box;
}
function lineBoxes(node, el, cache) {
  // One box per line the text runs on: its ink width, line-height tall.
  var text = node.nodeValue, first = text.search(/\S/), last = text.search(/\s*$/);
  if (first < 0 || last <= first) return [];
  var range = document.createRange();
  range.setStart(node, first);
  range.setEnd(node, last);
  var cs = styleOf(cache, el), lh = parseFloat(cs.lineHeight);
  var out = [];
  Array.prototype.forEach.call(range.getClientRects(), function (r) {
    if (r.width < 0.5 || r.height < 0.5) return;
    var h = isNaN(lh) ? r.height : lh, mid = r.top + r.height / 2;
    out.push({ left: r.left, right: r.right, top: mid - h / 2, bottom: mid + h / 2 });
  });
  return out;
}
function measureText() {
  var cache = new Map(), texts = [], controls = [];
  a11yTextNodes(document.body).forEach(function (node) {
    var el = node.parentElement;
    if (a11yClippedAway(el)) return;
    var clips = clipAncestors(el, cache);
    var em = parseFloat(styleOf(cache, el).fontSize) || 16;
    var lines = lineBoxes(node, el, cache);
    if (!lines.length) return;
    var cut = null, visible = [], lost = 0, unit = 0;
    lines.forEach(function (line) {
      var v = { left: line.left, right: line.right, top: line.top, bottom: line.bottom };
      clips.forEach(function (c) {
        if (c.x) { v.left = Math.max(v.left, c.left); v.right = Math.min(v.right, c.right); }
        if (c.y) { v.top = Math.max(v.top, c.top); v.bottom = Math.min(v.bottom, c.bottom); }
        var lostY = (line.bottom - line.top) - Math.max(0, Math.min(line.bottom, c.bottom) - Math.max(line.top, c.top));
        var lostX = (line.right - line.left) - Math.max(0, Math.min(line.right, c.right) - Math.max(line.left, c.left));
        if (!cut && ((c.y && lostY > CUT_Y * (line.bottom - line.top)) || (c.x && lostX > CUT_X * em))) cut = c.el;
      });
      var shown = Math.max(0, v.right - v.left) * Math.max(0, v.bottom - v.top);
      lost += (line.right - line.left) * (line.bottom - line.top) - shown;
      unit = Math.max(unit, CUT_X * em * (line.bottom - line.top));
      if (v.right - v.left >= 1 && v.bottom - v.top >= 1) visible.push(v);
    });
    var block = blockOf(el, cache).getBoundingClientRect();
    texts.push({ node: node, el: el, cut: cut, lost: lost, unit: unit, lines: visible, layer: layerOf(el, cache),
      outside: lines.some(function (l) {
        var slack = CUT_Y * (l.bottom - l.top);
        return l.bottom > block.bottom + slack || l.top < block.top - slack || l.left < block.left - em * CUT_X || l.right > block.right + em * CUT_X;
      }) });
  });
  document.body.querySelectorAll(CONTROLS).forEach(function (el) {
    var cs = styleOf(cache, el);
    if (/^(inline|contents)$/.test(cs.display) || !a11yVisible(el) || a11yClippedAway(el)) return;
    var clips = clipAncestors(el, cache);
    var r = el.getBoundingClientRect(), v = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    clips.forEach(function (c) {
      if (c.el === el) return;
      if (c.x) { v.left = Math.max(v.left, c.left); v.right = Math.min(v.right, c.right); }
      if (c.y) { v.top = Math.max(v.top, c.top); v.bottom = Math.min(v.bottom, c.bottom); }
    });
    if (v.right - v.left >= 1 && v.bottom - v.top >= 1) controls.push({ el: el, box: v, layer: layerOf(el, cache) });
  });
  return { texts: texts, controls: controls };
}
function overlapping(m) {
  // Pairs "text i / text j" and "text i / control k" whose boxes share more
  // than a sliver: a sweep down the page over every line box.
  var items = [];
  m.texts.forEach(function (t, i) {
    t.lines.forEach(function (b) { items.push({ kind: 't', i: i, box: b, layer: t.layer }); });
  });
  m.controls.forEach(function (c, k) { items.push({ kind: 'c', i: k, box: c.box, layer: c.layer }); });
  items.sort(function (a, b) { return a.box.top - b.box.top; });
  var pairs = new Map(), active = [];
  items.forEach(function (item) {
    active = active.filter(function (o) { return o.box.bottom > item.box.top; });
    active.forEach(function (o) {
      if (o.layer !== item.layer || (o.kind === 'c' && item.kind === 'c')) return;
      var t = o.kind === 't' ? o : item, other = t === o ? item : o;
      if (other.kind === 't' && other.i === t.i) return;
      if (other.kind === 'c' && m.controls[other.i].el.contains(m.texts[t.i].node)) return;
      var w = Math.min(t.box.right, other.box.right) - Math.max(t.box.left, other.box.left);
      var h = Math.min(t.box.bottom, other.box.bottom) - Math.max(t.box.top, other.box.top);
      var lower = other.kind === 't'
        ? Math.min(t.box.bottom - t.box.top, other.box.bottom - other.box.top)
        : t.box.bottom - t.box.top;
      if (w > 2 && h > Math.max(2, OVERLAP * lower)) {
        var key = other.kind === 't' ? 't' + Math.min(t.i, other.i) + ':' + Math.max(t.i, other.i) : 't' + t.i + ':c' + other.i;
        if (!pairs.has(key)) pairs.set(key, { a: t.i, kind: other.kind, b: other.i });
      }
    });
    active.push(item);
  });
  return pairs;
}
function describeText(t) { return t.node.nodeValue.replace(/\s+/g, ' ').trim().slice(0, 80); }
function pairKey(m, p) {
  return [m.texts[p.a].node, p.kind === 't' ? m.texts[p.b].node : m.controls[p.b].el];
}
function spacingFindings(before, after) {
  var found = [], reported = new Set(), lostBefore = new Map();
  before.texts.forEach(function (t) { if (t.cut) lostBefore.set(t.node, t.lost); });
  after.texts.forEach(function (t) {
    // Cut only with the spacing, or cut further by it (text already cut
    // without it, one line too many for its box, loses more).
    if (!t.cut || reported.has(t.el)) return;
    if (lostBefore.has(t.node) && t.lost <= lostBefore.get(t.node) + t.unit) return;
    reported.add(t.el);
    found.push({ target: a11ySelector(t.el), html: a11yHtml(t.el), text: describeText(t),
      kind: 'clipped', by: a11ySelector(t.cut) });
  });
  var already = new Map();  // node -> nodes or controls it overlapped without the spacing
  overlapping(before).forEach(function (p) {
    var k = pairKey(before, p);
    [[k[0], k[1]], [k[1], k[0]]].forEach(function (e) {
      if (!already.has(e[0])) already.set(e[0], new Set());
      already.get(e[0]).add(e[1]);
    });
  });
  overlapping(after).forEach(function (p) {
    var k = pairKey(after, p);
    if (already.has(k[0]) && already.get(k[0]).has(k[1])) return;
    var a = after.texts[p.a], other = p.kind === 't' ? after.texts[p.b] : after.controls[p.b];
    // The text that left its own box is the one that spilled; between two
    // texts that both stayed (or both left), the later one is named.
    var culprit = a, victim = other;
    if (p.kind === 't' && ((other.outside && !a.outside) || (other.outside === a.outside && p.b > p.a))) {
      culprit = other; victim = a;
    }
    if (reported.has(culprit.el)) return;
    reported.add(culprit.el);
    var what = victim.node
      ? 'the text “' + describeText(victim) + '”'
      : 'the ' + victim.el.localName + ' “' + (victim.el.innerText || victim.el.getAttribute('aria-label') || '').trim().slice(0, 60) + '”';
    found.push({ target: a11ySelector(culprit.el), html: a11yHtml(culprit.el), text: describeText(culprit),
      kind: 'overlaps', by: a11ySelector(victim.el), what: what });
  });
  return found;
}

if (mode === 'reflow') {
  // From the start of the page: the keyboard walk may have scrolled sideways.
  window.scrollTo(0, 0);
  var de = document.documentElement, width = de.clientWidth;
  if (de.scrollWidth <= width + 1) return { width: width, scrollWidth: de.scrollWidth, offenders: [] };
  var offenders = [];
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length && offenders.length < 5; i++) {
    var el = all[i], r = el.getBoundingClientRect();
    if (r.width < 1 || !(r.right > width + 1 || r.left < -1)) continue;
    var contained = false;
    for (var a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      var cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible') { contained = true; break; }
      if (offenders.some(function (o) { return o.el === a; })) { contained = true; break; }
    }
    if (contained || !a11yVisible(el)) continue;
    offenders.push({ el: el, target: a11ySelector(el), html: a11yHtml(el), left: Math.round(r.left), right: Math.round(r.right) });
  }
  return { width: width, scrollWidth: de.scrollWidth, offenders: offenders.map(function (o) { delete o.el; return o; }) };
}
if (mode === 'spacing-apply') {
  // What a reader would lose to the WCAG spacing: text that is cut off, and
  // text that lands on other text or a control. Both are judged on line
  // boxes, not on the glyphs' content area: an Arabic face's content area is
  // taller than a 1.5 line by design (its marks need the room), so comparing
  // it with the element's box cries wolf on every Arabic page. A text run's
  // line box is line-height tall and centred on its content area, which is
  // how CSS places it; consecutive line boxes tile exactly. Everything is
  // measured before and after the spacing is applied, and only what the
  // spacing caused is reported: text hidden by design stays out of it.
  var before = measureText();
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(SPACING);
  window.__hikayaSpacing = sheet;
  document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  var after = measureText();
  return spacingFindings(before, after);
}
if (mode === 'spacing-remove') {
  var s = window.__hikayaSpacing;
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (x) { return x !== s; });
  return true;
}
if (mode === 'rect') {
  // Where to crop a finding's picture; a focus finding is pictured focused,
  // scrolled where the browser puts it, with whatever covers it.
  var target = document.querySelector(arguments[1]);
  if (!target) return null;
  if (arguments[2] && typeof target.focus === 'function') target.focus();
  return a11yDocRect(target.getBoundingClientRect());
}
throw new Error('layout.js: unknown mode ' + mode);
