// A stream-field block with a single field (a subhead, a paragraph) shows its name as the
// block's heading, but its input has no label of its own, so a screen reader announces a
// nameless field (axe: "label", "aria-input-field-name"). Such an input takes the heading as
// its name.
(() => {
  const FIELDS = "input:not([type=hidden]), textarea, select, [role=textbox]";

  const named = (field) =>
    field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby") ||
    field.closest("label") || (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`));

  const label = (root) => {
    root.querySelectorAll("section[data-panel][aria-labelledby]").forEach((block) => {
      block.querySelector(":scope > .w-panel__content")?.querySelectorAll(FIELDS).forEach((field) => {
        // Only the block's own field, not one inside a nested block with its own heading.
        if (field.closest("section[data-panel]") !== block || named(field)) return;
        field.setAttribute("aria-labelledby", block.getAttribute("aria-labelledby"));
      });
    });
  };

  const start = () => {
    const form = document.querySelector("form[data-edit-form]");
    if (!form) return;
    label(form);
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; label(form); });
    }).observe(form, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
