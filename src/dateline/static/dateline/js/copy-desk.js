// The copy desk's list (copydesk/wagtail_hooks.py) shown beside the fields it names too, and
// brought up to date after each autosave, so that a fault already fixed is not still listed.
(() => {
  const NOTE = "data-copydesk-note";
  // The list's address for page 0, from the script tag; any page's is the same but for its id.
  const urlForPage0 = document.currentScript?.dataset.copydeskUrl;

  const panelFor = (field) => {
    const label = field.split(",")[0].trim();
    const heading = [...document.querySelectorAll("form[data-edit-form] [data-panel-heading-text]")]
      .find((text) => text.textContent.trim() === label);
    return heading?.closest("[data-panel]") || null;
  };

  const showBesideFields = (list) => {
    document.querySelectorAll(`[${NOTE}]`).forEach((note) => note.remove());
    list.querySelectorAll("[data-copydesk-field]").forEach((item) => {
      const panel = panelFor(item.dataset.copydeskField);
      const content = panel?.querySelector(".w-panel__content");
      if (!content) return;
      const blocks = item.dataset.copydeskBlocks === "true";
      const note = document.createElement("p");
      note.setAttribute(NOTE, "");
      note.className = `help-block ${blocks ? "help-critical" : "help-warning"}`;
      note.innerHTML = '<svg class="icon icon-warning" aria-hidden="true"><use href="#icon-warning"></use></svg>';
      note.append(item.dataset.copydeskSays || item.textContent);
      content.prepend(note);
      const name = item.querySelector("b");
      if (name && panel.id && !name.closest("a")) {
        const link = Object.assign(document.createElement("a"), { href: `#${panel.id}` });
        name.replaceWith(link);
        link.append(name);
      }
    });
    // Wagtail counts critical notes on each tab and behind "Go to the first error".
    document.dispatchEvent(new CustomEvent("wagtail:panel-init"));
  };

  // A new story has no list until its first autosave has made it a page: one is added then.
  const newList = (pk) => {
    const template = document.querySelector("template[data-w-messages-target=template][data-type=warning]");
    const container = document.querySelector("[data-w-messages-target=container]");
    if (!template || !container || !urlForPage0 || !pk) return null;
    const message = template.content.firstElementChild.cloneNode(true);
    const list = document.createElement("div");
    list.dataset.copydeskFindings = urlForPage0.replace("/0/", `/${pk}/`);
    message.querySelector("span").append(list);
    message.hidden = true;
    container.append(message);
    return list;
  };

  const refresh = async (list) => {
    const url = list.dataset.copydeskFindings;
    if (!url) return;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const { html, count, blocking } = await response.json();
    list.innerHTML = html;
    const message = list.closest("li");
    if (message) {
      message.hidden = count === 0;
      // Red was for the refused publish; with its faults fixed, what is left is advice.
      if (!blocking) message.classList.replace("error", "warning");
    }
    showBesideFields(list);
  };

  const lists = () => document.querySelectorAll("[data-copydesk-findings]");
  const start = () => lists().forEach(showBesideFields);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("w-autosave:success", (event) => {
    const found = lists();
    if (found.length) found.forEach(refresh);
    else {
      const list = newList(event.detail?.data?.pk);
      if (list) refresh(list);
    }
  });
})();
