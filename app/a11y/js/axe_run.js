// Run axe-core with the given options and hand back only what the tool
// reports. A rejected run or a throw comes back as {error}, never as a
// 30-second script timeout.
var options = arguments[0], fixLigatures = arguments[1], done = arguments[arguments.length - 1];

// axe 4.10's color-contrast-matches drops every text node that its
// isIconLigature() heuristic calls an icon-font ligature. The heuristic flags
// a string that renders narrower than its letters drawn one by one, which is
// what every joined (cursive) script does by nature, and it caches the verdict
// per font-family: after three Arabic paragraphs, all later text in that font,
// English and Turkish too, is skipped. Icon fonts name their glyphs in Latin
// ("home", "search"), never in a joining script, so for an element whose own
// text contains joining-script letters the heuristic is answered "not an icon"
// through its cache, and the cache is restored afterwards so that Latin text
// later on the page still gets axe's own, unpolluted verdict.
var JOINING = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Adlam}\p{Script=Mandaic}\p{Script=Hanifi_Rohingya}\p{Script=Manichaean}\p{Script=Psalter_Pahlavi}\p{Script=Sogdian}]/u;

function installContrastHook() {
  // Wraps color-contrast's matches() once per document: it records every
  // element the rule goes on to examine (so the run need not return every
  // passing node: see unexamined()), and applies the ligature fix when asked.
  var rule = axe._audit.rules.find(function (r) { return r.id === 'color-contrast'; });
  if (!rule) throw new Error('axe has no color-contrast rule to fix');
  if (rule.hikayaOriginalMatches) return;
  if (!axe._cache || typeof axe._cache.get !== 'function') {
    throw new Error('axe._cache is gone: the Arabic color-contrast fix cannot be applied to this axe version');
  }
  var original = rule.matches;
  rule.hikayaOriginalMatches = original;
  rule.matches = function (node, virtualNode, context) {
    var matched = fixedMatches.call(this, node, virtualNode, context);
    if (matched) window.__hikayaExamined.add(node);
    return matched;
  };
  function fixedMatches(node, virtualNode, context) {
    if (!window.__hikayaFixLigatures) return original.call(this, node, virtualNode, context);
    var joined = virtualNode.children.some(function (child) {
      return child.props.nodeType === 3 && JOINING.test(child.props.nodeValue || '');
    });
    if (!joined) return original.call(this, node, virtualNode, context);
    var fonts = axe._cache.get('fonts', function () { return {}; });
    var family = window.getComputedStyle(node).getPropertyValue('font-family');
    var had = Object.prototype.hasOwnProperty.call(fonts, family), saved = fonts[family];
    // isIconLigature() answers "no" without measuring once a family has been
    // seen often enough with no ligature at all.
    fonts[family] = { occurrences: Infinity, numLigatures: 0 };
    try {
      return original.call(this, node, virtualNode, context);
    } finally {
      if (had) fonts[family] = saved; else delete fonts[family];
    }
  }
}

// axe builds a CSS selector and an HTML snippet (outerHTML: the whole page
// for <html> and <body>) for every node a rule looked at, passing ones
// included, before resultTypes drops them: on the site's pages the selectors
// were most of a run's time, the snippets 7 % of what was left. The run is
// asked for element references instead (selectors: false, elementRef: true,
// noHtml), and axe's own getSelector() and DqElement name only the nodes
// kept, over a tree set up again from the same, unchanged DOM: the same
// selectors and snippets axe would have given. Nodes from a frame keep theirs.
function withTargets(kept, options) {
  if (!kept.some(function (r) { return r.nodes.length; })) return;
  axe.setup(document);
  try {
    kept.forEach(function (r) {
      r.nodes.forEach(function (n) {
        if (!n.element) return;
        n.target = [axe.utils.getSelector(n.element, options)];
        n.html = new axe.utils.DqElement(n.element).source;
        delete n.element;
      });
    });
  } finally {
    axe.teardown();
  }
}

function slim(result) {
  return {
    id: result.id, impact: result.impact, help: result.help, helpUrl: result.helpUrl, tags: result.tags,
    nodes: result.nodes.map(function (n) {
      return {
        target: n.target.map(String).join(' '), html: n.html, impact: n.impact,
        message: n.failureSummary || (n.any.concat(n.all, n.none)[0] || {}).message || '',
      };
    }),
  };
}

// --- belt and braces: text that color-contrast did not look at ------------
function parseColor(value) {
  var m = value.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
}
function over(top, bottom) {
  var a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  function mix(k) { return (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a; }
  return { r: mix('r'), g: mix('g'), b: mix('b'), a: a };
}
function luminance(c) {
  function ch(v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}
function ownContrast(el, node) {
  // WCAG 2.x contrast of the text's colour over the backgrounds painted
  // beneath it, or a reason why it cannot be known from styles alone.
  var layers = [];
  for (var e = el; e; e = e.parentElement) {
    var cs = getComputedStyle(e);
    if (cs.backgroundImage !== 'none') return { unknown: 'background image under the text' };
    var bg = parseColor(cs.backgroundColor);
    if (bg && bg.a > 0) { layers.push(bg); if (bg.a === 1) break; }
  }
  var bgc = { r: 255, g: 255, b: 255, a: 1 };
  for (var i = layers.length - 1; i >= 0; i--) bgc = over(layers[i], bgc);
  var rect = a11yTextRect(node);
  var stack = document.elementsFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  for (var j = 0; j < stack.length && stack[j] !== el; j++) {
    if (!stack[j].contains(el) && !el.contains(stack[j])) return { unknown: 'other content is painted over the text' };
  }
  var style = getComputedStyle(el);
  var fg = parseColor(style.color);
  fg = over(fg, bgc);
  var l1 = luminance(fg), l2 = luminance(bgc);
  var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  var expected = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  return { ratio: Math.round(ratio * 100) / 100, expected: expected, fg: style.color, bg: 'rgb(' + [bgc.r, bgc.g, bgc.b].map(Math.round).join(', ') + ')' };
}
function unexamined() {
  // Visible text whose element color-contrast did not examine (recorded by
  // installContrastHook), with this tool's own measure of its contrast.
  var seen = window.__hikayaExamined;
  var out = [], done = new Set();
  a11yTextNodes(document.body).forEach(function (node) {
    var el = node.parentElement;
    if (seen.has(el) || done.has(el)) return;
    var rect = a11yTextRect(node);
    // Off the page (a skip link waiting for focus) is not text anyone sees.
    if (rect.width < 1 || rect.height < 1 || rect.bottom + window.scrollY <= 0 || rect.right + window.scrollX <= 0) return;
    if (el.closest('[disabled], [aria-disabled="true"], [inert]')) return;
    if (a11yClippedAway(el)) return;  // screen-reader text: no colours to see
    done.add(el);
    var c = ownContrast(el, node);
    out.push({ target: a11ySelector(el), html: a11yHtml(el), text: node.nodeValue.trim().slice(0, 80), contrast: c });
  });
  return out;
}

try {
  if (typeof axe === 'undefined') throw new Error('axe-core is not loaded in this page');
  window.__hikayaFixLigatures = !!fixLigatures;
  window.__hikayaExamined = new Set();
  installContrastHook();
  var own = Object.assign({}, options, { selectors: false, elementRef: true });
  axe._audit.noHtml = true;  // axe.configure can set it, never unset it
  axe.run(document, own).then(function (results) {
    axe._audit.noHtml = false;
    var counts = {
      passes: results.passes.length, violations: results.violations.length,
      incomplete: results.incomplete.length, inapplicable: results.inapplicable.length,
    };
    var contrast = results.incomplete.filter(function (r) { return r.id === 'color-contrast'; });
    withTargets(results.violations.concat(contrast), options);
    done({
      counts: counts,
      violations: results.violations.map(slim),
      incomplete: contrast.map(slim),
      unexamined: unexamined(),
      version: axe.version,
    });
  }, function (error) {
    axe._audit.noHtml = false;
    done({ error: String((error && error.message) || error) });
  });
} catch (error) {
  if (typeof axe !== 'undefined' && axe._audit) axe._audit.noHtml = false;
  done({ error: String((error && error.message) || error) });
}
