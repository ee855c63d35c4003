// The edit form remembers the revision its own autosaves wrote, so that publishing after an
// autosave is not taken for saving over someone else's newer version
// (dateline/newsroom/editing_conflicts.py). Wagtail keeps that id inside its autosave
// controller, for autosaves only; a full form post carries just the revision first loaded.
(() => {
  const FIELD = "autosaved_revision_id";
  let inFlight = null;
  let settle = () => {};

  const editForm = (target) =>
    target instanceof HTMLFormElement && target.matches("form[data-edit-form]") ? target : null;

  document.addEventListener("w-autosave:save", (event) => {
    if (!editForm(event.target) || event.defaultPrevented || inFlight) return;
    inFlight = new Promise((resolve) => { settle = resolve; });
  });

  const finished = (event) => {
    const form = editForm(event.target);
    if (!form) return;
    const revision = event.type === "w-autosave:success" && event.detail?.data?.revision_id;
    if (revision) {
      let field = form.elements.namedItem(FIELD);
      if (!field) {
        field = Object.assign(document.createElement("input"), { type: "hidden", name: FIELD });
        form.prepend(field);
      }
      field.value = `${revision}`;
    }
    inFlight = null;
    settle();
  };
  document.addEventListener("w-autosave:success", finished);
  document.addEventListener("w-autosave:error", finished);

  // A click on Publish while an autosave is on its way waits for the autosave's answer, which
  // names the revision it wrote; sent before that, the post would look out of date.
  document.addEventListener("submit", (event) => {
    const form = editForm(event.target);
    if (!form || !inFlight) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const submitter = event.submitter;
    // An autosave that never answers must not keep the editor from publishing: after a while
    // the form goes as it is, and the server judges it as it would have.
    const patience = new Promise((resolve) => { setTimeout(resolve, 15000); });
    Promise.race([inFlight, patience]).then(() => {
      inFlight = null;
      if (submitter?.name) {
        const button = Object.assign(document.createElement("input"),
          { type: "hidden", name: submitter.name, value: submitter.value });
        form.append(button);
      }
      form.requestSubmit();
    });
  }, true);

  // No autosave once the form is on its way: it would race the post it duplicates.
  document.addEventListener("submit", (event) => {
    const form = editForm(event.target);
    if (form && !event.defaultPrevented) form.setAttribute("data-w-autosave-active-value", "false");
  });
})();
