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

  // Pressing "Now" leaves the field focused: a blur would make the picker write the field's
  // value back as it closes.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest("[data-dateline-now]")) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dateline-now]");
    if (!button) return;
    const field = document.getElementById(button.dataset.datelineNow);
    if (!field) return;
    const now = nowIn(button.dataset.datelineZone, button.dataset.datelineFormat || "%Y-%m-%d %H:%M");
    const stale = field.value;
    const write = () => {
      field.value = now;
      field.dispatchEvent(new Event("change", { bubbles: true }));
    };
    write();
    // The date picker keeps its own copy of the value and writes it back when it closes: it
    // must hold the new time too. Whatever it does, the field has the time already.
    try {
      const picker = window.jQuery?.(field);
      if (picker?.datetimepicker) picker.datetimepicker({ value: now }).datetimepicker("hide");
    } finally {
      if (field.value !== now) write();
    }
    if (stale === now) return;
    // The picker may close, and write the old value back, only after this click, later still on
    // a busy machine: for a while, undo exactly that write-back and nothing the editor types.
    const watchUntil = Date.now() + 3000;
    const watch = setInterval(() => {
      if (field.value === stale) write();
      if (Date.now() > watchUntil) clearInterval(watch);
    }, 100);
  });

  // Wagtail's date picker is placed once, where its field is when it opens; but the editor
  // scrolls inside its own container, which the picker does not follow. A scroll after it
  // opened (the smooth scroll to a note just added, say) left it lying over its own field and
  // the "Now" beside it. A scroll of the editor closes it, as menus close; a click on the field
  // opens it again where the field now is.
  document.addEventListener("scroll", (event) => {
    if (!window.jQuery || !(event.target instanceof Element)) return;
    window.jQuery(".xdsoft_datetimepicker:visible").each((_, picker) => {
      const field = window.jQuery(picker).data("input");
      if (field?.length && event.target.contains(field[0])) field.datetimepicker("hide");
    });
  }, true);

  // The field's day in the admin language's calendar (Solar Hijri for Persian), rewritten as the
  // editor types or picks. The browser's own calendar data (ICU) converts it, a second
  // implementation beside the server's, which wrote the line first.
  const inCalendar = (value, format, language) => {
    const tokens = [];
    const pattern = new RegExp("^" + format.replace(/%([YmdHM])/g, (_, token) => {
      tokens.push(token);
      return token === "Y" ? "(\\d{4})" : "(\\d{1,2})";
    }) + "$");
    const match = pattern.exec(value.trim());
    if (!match) return "";
    const parts = Object.fromEntries(tokens.map((token, index) => [token, Number(match[index + 1])]));
    const moment = new Date(Date.UTC(parts.Y, parts.m - 1, parts.d, parts.H || 0, parts.M || 0));
    if (moment.getUTCDate() !== parts.d) return "";
    const named = Object.fromEntries(new Intl.DateTimeFormat(`${language}-u-ca-persian-nu-arabext`, {
      timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(moment).map(({ type, value: text }) => [type, text]));
    return `${named.weekday} ${named.day} ${named.month} ${named.year}، ${named.hour}:${named.minute}`;
  };

  const showCalendarDay = (event) => {
    const field = event.target;
    if (!field.id) return;
    const line = document.querySelector(`[data-dateline-calendar-of="${CSS.escape(field.id)}"]`);
    if (!line) return;
    line.textContent = inCalendar(field.value, line.dataset.datelineFormat || "%Y-%m-%d %H:%M", line.lang);
  };
  document.addEventListener("input", showCalendarDay);
  document.addEventListener("change", showCalendarDay);
})();
