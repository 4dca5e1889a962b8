// What 3.1.1 and 3.1.2 need: the root's language and direction, and every
// piece of visible text (and text alternative) with the language it is in
// according to the nearest lang attribute. The judging is done in Python,
// where Babel knows which script each language is written in.
var html = document.documentElement;
var pieces = [];
a11yTextNodes(document.body).forEach(function (node) {
  var el = node.parentElement, owner = el.closest('[lang]');
  pieces.push({ target: a11ySelector(el), html: a11yHtml(el), text: node.nodeValue.replace(/\s+/g, ' ').trim(),
    lang: owner ? owner.getAttribute('lang') : '', kind: 'text' });
});
document.querySelectorAll('img[alt], [aria-label], input[placeholder]').forEach(function (el) {
  if (!a11yVisible(el)) return;
  var owner = el.closest('[lang]');
  ['alt', 'aria-label', 'placeholder'].forEach(function (name) {
    var value = (el.getAttribute(name) || '').trim();
    if (value) pieces.push({ target: a11ySelector(el), html: a11yHtml(el), text: value,
      lang: owner ? owner.getAttribute('lang') : '', kind: name });
  });
});
return {
  lang: html.getAttribute('lang'), dir: html.getAttribute('dir'),
  direction: getComputedStyle(html).direction, pieces: pieces,
};
