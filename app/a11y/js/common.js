// Shared by every script the tool runs in the page. Each script is sent as
// common.js + its own body, so these helpers are plain functions in scope.
function a11ySelector(el) {
  // A selector QA can paste into DevTools: an id when it is unique, else a
  // :nth-of-type path from the nearest element with a unique id.
  if (!el || el.nodeType !== 1) return '';
  var parts = [];
  while (el && el.nodeType === 1) {
    if (el.id && document.querySelectorAll('#' + CSS.escape(el.id)).length === 1) {
      parts.unshift('#' + CSS.escape(el.id));
      break;
    }
    var tag = el.localName, part = tag, parent = el.parentElement;
    if (parent) {
      var same = Array.prototype.filter.call(parent.children, function (c) { return c.localName === tag; });
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
    }
    parts.unshift(part);
    el = parent;
  }
  return parts.join(' > ');
}

function a11yHtml(el) {
  // The element's opening tag and the start of its content: enough to find it.
  var html = el.outerHTML || '';
  return html.length > 400 ? html.slice(0, 400) + '…' : html;
}

function a11yVisible(el) {
  return el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
}

function a11yClippedAway(el) {
  // Text hidden on purpose for screen readers ("visually hidden"): inside a
  // box a pixel or two across that hides its overflow, or clipped to nothing
  // by clip or clip-path. Sighted readers never see it, at any spacing.
  for (var a = el; a && a.nodeType === 1; a = a.parentElement) {
    var cs = getComputedStyle(a);
    if (/^rect\((0(px)?[ ,]+){3}0(px)?\)$/.test(cs.clip)) return true;
    if (/^inset\((50|100)%\)$/.test(cs.clipPath)) return true;
    if (/^(hidden|clip)$/.test(cs.overflowX) || /^(hidden|clip)$/.test(cs.overflowY)) {
      var r = a.getBoundingClientRect();
      if (r.width < 3 || r.height < 3) return true;
    }
  }
  return false;
}

function a11yDocRect(r) {
  // Document coordinates, as DevTools screenshots take them: on a right-to-left
  // page that overflows, x = 0 is the far left of the overflow, not the start.
  var de = document.documentElement, x = r.left + window.scrollX;
  if (getComputedStyle(de).direction === 'rtl') x += Math.max(de.scrollWidth - de.clientWidth, 0);
  return { x: x, y: r.top + window.scrollY, width: r.width, height: r.height };
}

function a11yTextNodes(root) {
  // Visible text nodes with at least one letter or digit, outside <head> and scripts.
  var out = [], walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
  var node;
  while ((node = walker.nextNode())) {
    if (!/[\p{L}\p{N}]/u.test(node.nodeValue)) continue;
    var el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, head')) continue;
    if (!a11yVisible(el)) continue;
    out.push(node);
  }
  return out;
}

function a11yTextRect(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  return range.getBoundingClientRect();
}

function a11yFocusFromTop() {
  // Nothing focused, the page at its top, and the next Tab going to the
  // first stop, as on a fresh page. The browser's sequential focus
  // navigation starting point stays where the last walk or skip link left
  // it, blurred or not: a mark at the start of the body, focused and
  // removed, moves it to the top.
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  var mark = document.createElement('span');
  mark.tabIndex = -1;
  document.body.insertBefore(mark, document.body.firstChild);
  mark.focus({ preventScroll: true });
  mark.remove();
  window.scrollTo(0, 0);
}
