// "Now" beside a date-time field: the current time in the field's zone, as the field takes it
// (newsroom/widgets.py). The browser's own clock may be in another zone.
(() => {
  if (window.datelineZonedNow) return;
  window.datelineZonedNow = true;

  const nowIn = (zone, format) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date()).map(({ type, value }) => [type, value]));
    const values = { Y: parts.year, m: parts.month, d: parts.day, H: parts.hour, M: parts.minute };
    return format.replace(/%([YmdHM])/g, (_, token) => values[token]);
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dateline-now]");
    if (!button) return;
    const field = document.getElementById(button.dataset.datelineNow);
    if (!field) return;
    const now = nowIn(button.dataset.datelineZone, button.dataset.datelineFormat || "%Y-%m-%d %H:%M");
    // The date picker keeps its own copy of the value and writes it back when it closes, which
    // the click on this button makes it do: it must hold the new time too.
    const picker = window.jQuery?.(field);
    if (picker?.datetimepicker) picker.datetimepicker({ value: now }).datetimepicker("hide");
    const write = () => {
      field.value = now;
      field.dispatchEvent(new Event("change", { bubbles: true }));
    };
    write();
    // The picker may close, and write back, only after this click: write again once it has.
    setTimeout(() => { if (field.value !== now) write(); }, 150);
  });
})();
