// One load of a page serves every width when nothing but the viewport can
// make the widths differ: no script of its own (nothing that reads the
// width once, at load), no embedded document, and every image's box known
// before it loads (so lazy images loaded at one width change no layout).
var mode = arguments[0];
if (mode === 'loaded') {
  // The HTTP status the page came with (0 when the browser shows its own
  // error page), and whether one load can serve every width.
  var nav = performance.getEntriesByType('navigation')[0];
  return { status: nav ? nav.responseStatus : null, oneLoad: oneLoad() };
}
function oneLoad() {
  return document.scripts.length === 0
    && !document.querySelector('iframe, frame, object, embed, video, audio')
    && Array.prototype.every.call(document.images, function (img) {
      return img.hasAttribute('width') && img.hasAttribute('height');
    });
}
if (mode === 'one-load') return oneLoad();
if (mode === 'settle') {
  // After a resize, the page as a fresh load at this width shows it:
  // transitions the media queries started are finished, nothing is focused,
  // and the page is at its top.
  document.getAnimations().forEach(function (a) {
    if (typeof CSSTransition !== 'undefined' && a instanceof CSSTransition) a.finish();
  });
  a11yFocusFromTop();
  return true;
}
throw new Error('view.js: unknown mode ' + mode);
