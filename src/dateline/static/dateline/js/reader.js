// Reader tools, in the page's <head> so the chosen theme applies before the first paint. The
// HTML is the same for every reader (the page cache serves it to all): the theme lives in this
// browser's localStorage, and times are made relative here, against this browser's clock.
(function () {
    "use strict";
    var root = document.documentElement;
    var THEME_KEY = "dateline-theme";
    var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");

    function storedTheme() {
        try { return localStorage.getItem(THEME_KEY); } catch (error) { return null; }
    }
    function applyTheme(theme) {
        root.classList.toggle("theme-dark", theme === "dark");
        root.classList.toggle("theme-light", theme === "light");
    }
    function isDark() {
        if (root.classList.contains("theme-dark")) { return true; }
        if (root.classList.contains("theme-light")) { return false; }
        return Boolean(systemDark && systemDark.matches);
    }
    applyTheme(storedTheme());

    function setUpThemeButton() {
        var button = document.querySelector(".theme-toggle");
        if (!button) { return; }
        function show() { button.setAttribute("aria-pressed", String(isDark())); }
        button.hidden = false;
        show();
        button.addEventListener("click", function () {
            var theme = isDark() ? "light" : "dark";
            applyTheme(theme);
            try { localStorage.setItem(THEME_KEY, theme); } catch (error) { /* private mode: this page only */ }
            show();
        });
        if (systemDark && systemDark.addEventListener) { systemDark.addEventListener("change", show); }
    }

    function setUpSharing() {
        document.querySelectorAll(".share").forEach(function (share) {
            var url = share.getAttribute("data-url");
            var title = share.getAttribute("data-title");
            var status = share.querySelector(".share__status");
            var native = share.querySelector(".share__native");
            var copy = share.querySelector(".share__copy");
            if (native && navigator.share) {
                native.hidden = false;
                native.addEventListener("click", function () {
                    navigator.share({title: title, url: url}).catch(function () { /* the reader closed it */ });
                });
            }
            if (copy && navigator.clipboard && window.isSecureContext) {
                copy.hidden = false;
                copy.addEventListener("click", function () {
                    navigator.clipboard.writeText(url).then(function () {
                        status.textContent = copy.getAttribute("data-done");
                    }, function () {
                        status.textContent = copy.getAttribute("data-failed");
                    });
                });
            }
        });
    }

    // Listing times of today's stories: "2 hours ago" in the last twelve hours, else the time
    // of day the server wrote in data-time. The server wrote the date, which stays in the
    // title, so a cached page is never stale and a reader without scripts keeps the date.
    function relativiseTimes() {
        if (!window.Intl || !Intl.RelativeTimeFormat) { return; }
        var words = new Intl.RelativeTimeFormat(root.lang || undefined, {numeric: "auto"});
        var now = Date.now();
        document.querySelectorAll("time[data-relative]").forEach(function (time) {
            var stamp = time.getAttribute("datetime");
            var minutes = Math.floor((now - Date.parse(stamp)) / 60000);
            if (isNaN(minutes) || minutes < 0) { return; }
            var text = null;
            if (minutes < 12 * 60) {
                text = minutes < 60 ? words.format(-minutes, "minute")
                    : words.format(-Math.floor(minutes / 60), "hour");
            } else if (siteDay(stamp, now) === stamp.slice(0, 10)) {
                text = time.getAttribute("data-time");
            }
            if (text) {
                time.title = time.textContent;
                time.textContent = text;
            }
        });
    }
    // Today's date where the site is: the offset the server wrote beside the time says where.
    function siteDay(stamp, now) {
        var offset = /([+-])(\d\d):(\d\d)$/.exec(stamp);
        var minutes = offset ? (offset[1] === "-" ? -1 : 1) * (60 * offset[2] + Number(offset[3])) : 0;
        return new Date(now + minutes * 60000).toISOString().slice(0, 10);
    }

    function setUpGalleries() {
        document.querySelectorAll(".gallery").forEach(function (gallery) {
            var track = gallery.querySelector(".gallery__track");
            var slides = gallery.querySelectorAll(".gallery__slide");
            var controls = gallery.querySelector(".gallery__controls");
            var previous = gallery.querySelector(".gallery__previous");
            var next = gallery.querySelector(".gallery__next");
            var position = gallery.querySelector(".gallery__position");
            if (!controls || slides.length < 2) { return; }
            var current = 0;
            function show(index) {
                current = Math.max(0, Math.min(slides.length - 1, index));
                previous.disabled = current === 0;
                next.disabled = current === slides.length - 1;
                position.textContent = position.getAttribute("data-pattern")
                    .replace("%(number)s", current + 1).replace("%(count)s", slides.length);
            }
            function go(index) {
                show(index);
                slides[current].scrollIntoView({behavior: "smooth", block: "nearest", inline: "start"});
            }
            controls.hidden = false;
            previous.addEventListener("click", function () { go(current - 1); });
            next.addEventListener("click", function () { go(current + 1); });
            // An arrow key moves one whole picture, the way the reading direction runs.
            track.addEventListener("keydown", function (event) {
                var rtl = getComputedStyle(track).direction === "rtl";
                var step = {ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1}[event.key];
                if (!step) { return; }
                event.preventDefault();
                go(current + step);
            });
            // Swipes scroll the track itself; the count follows what is shown.
            track.addEventListener("scroll", function () {
                var width = track.clientWidth || 1;
                show(Math.round(Math.abs(track.scrollLeft) / width));
            }, {passive: true});
            show(0);
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        setUpThemeButton();
        setUpSharing();
        relativiseTimes();
        setUpGalleries();
    });
}());
