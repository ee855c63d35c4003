// Persian typed into an admin field reads right to left, English left to right, in the same
// form: every text field takes its direction from its own text (dir="auto"), fields added
// later (a new block, a chooser's search box) included. Without it a Persian headline sat at
// the left of its field and its end was clipped from view.
(function () {
  "use strict";
  const FIELDS = 'input[type="text"], input[type="search"], input:not([type]), textarea';

  function giveDirection(root) {
    const fields = root.matches && root.matches(FIELDS) ? [root] : [];
    if (root.querySelectorAll) {
      fields.push(...root.querySelectorAll(FIELDS));
    }
    for (const field of fields) {
      if (!field.hasAttribute("dir")) {
        field.setAttribute("dir", "auto");
      }
    }
  }

  giveDirection(document);
  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach(giveDirection);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
