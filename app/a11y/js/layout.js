// 1.4.10 and 1.4.12: content that needs horizontal scrolling at 320 CSS px,
// and text that is cut off or spills out of its box once the WCAG text-spacing
// overrides are applied. The overrides go in a constructed style sheet: the
// site's CSP forbids inline styles, and CSSOM is not inline.
var mode = arguments[0];
var SPACING = '*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
  + ' word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }';

function clips(cs) {
  return [cs.overflowX, cs.overflowY].some(function (v) { return v === 'hidden' || v === 'clip'; });
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
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(SPACING);
  window.__hikayaSpacing = sheet;
  document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  var found = [], seen = new Set();
  a11yTextNodes(document.body).forEach(function (node) {
    var el = node.parentElement;
    if (seen.has(el)) return;
    var t = a11yTextRect(node);
    if (t.width < 1 || t.height < 1) return;
    var box = el;
    while (box.parentElement && /^inline/.test(getComputedStyle(box).display)) box = box.parentElement;
    for (var a = box; a && a !== document.documentElement; a = a.parentElement) {
      var cs = getComputedStyle(a);
      if (!clips(cs)) continue;
      var r = a.getBoundingClientRect();
      if (t.bottom > r.bottom + 1 || t.top < r.top - 1 || t.right > r.right + 1 || t.left < r.left - 1) {
        seen.add(el);
        found.push({ target: a11ySelector(el), html: a11yHtml(el), text: node.nodeValue.trim().slice(0, 80),
          kind: 'clipped', by: a11ySelector(a) });
        return;
      }
    }
    var b = box.getBoundingClientRect();
    if (t.bottom > b.bottom + 2 || t.right > b.right + 2 || t.left < b.left - 2) {
      seen.add(el);
      found.push({ target: a11ySelector(el), html: a11yHtml(el), text: node.nodeValue.trim().slice(0, 80),
        kind: 'spills', by: a11ySelector(box) });
    }
  });
  return found;
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
