// Wagtail answers a form that does not validate with "could not be saved due to validation
// errors" at the top, and marks the fields, which may be on another tab (the slug and the dates
// are on Promote). The message names each field and its error, each a link that opens the tab
// and goes to the field: the editor reads the cause where they are looking.
(() => {
  const LIST = "data-dateline-field-errors";

  // The field's own label, the label a row of fields gives it (Dates: Published at, Updated
  // at), or the heading of its panel, whichever is nearest.
  const labelOf = (error) => {
    const label = error.closest(".w-field__wrapper")?.querySelector(":scope > .w-field__label")
      || error.closest(".w-panel__wrapper")?.querySelector(":scope > .w-field__label")
      || error.closest("[data-panel]")?.querySelector("[data-panel-heading-text]");
    return label?.textContent.replace("*", "").trim() || "";
  };

  const listErrors = () => {
    // The validation message is the error message with Wagtail's "Go to the first error".
    const message = [...document.querySelectorAll(".messages li.error")]
      .find((item) => item.querySelector("[data-controller~=w-focus]"));
    const form = document.querySelector("form[data-edit-form]");
    if (!message || !form) return;
    message.querySelector(`[${LIST}]`)?.remove();
    const errors = [...form.querySelectorAll(".error-message")]
      .filter((error) => error.textContent.trim());
    if (!errors.length) return;
    const list = document.createElement("ul");
    list.setAttribute(LIST, "");
    errors.forEach((error, index) => {
      const target = error.closest("[data-field-errors]") || error;
      target.id ||= `dateline-field-error-${index}`;
      const link = Object.assign(document.createElement("a"), { href: `#${target.id}` });
      // Wagtail's focus controller: the tab holding the field is opened, the field scrolled to.
      link.dataset.controller = "w-focus";
      link.dataset.action = "w-focus#focus:prevent";
      link.textContent = labelOf(error) || error.textContent.trim();
      const item = document.createElement("li");
      item.append(link, `: ${error.textContent.trim()}`);
      list.append(item);
    });
    message.append(list);
  };

  // Errors inside the body's blocks are drawn by Wagtail's scripts once the page has loaded.
  window.addEventListener("load", listErrors);
})();
