// An open live blog asks for its updates fragment every second: one address for every reader,
// answered by the page cache (or a CDN) with a 304 until an update is posted or withdrawn.
// Updates are numbered in sequence per live blog, so the page adds exactly those after the
// last number it has and removes the withdrawn ones: never one twice, never one missed.
(function () {
    "use strict";
    const POLL_MILLISECONDS = 1000;
    const blog = document.querySelector(".live-blog[data-live]");
    if (!blog) {
        return;
    }
    const list = blog.querySelector(".live-blog__list");
    const news = blog.querySelector(".live-blog__news");
    const url = blog.dataset.updatesUrl;
    const newestFirst = blog.dataset.order !== "oldest";
    let latest = Number(blog.dataset.latest) || 0;

    function fromHtml(html) {
        const holder = document.createElement("div");
        holder.innerHTML = html;
        return holder.firstElementChild;
    }

    function withdraw(sequences) {
        for (const sequence of sequences) {
            for (const shown of blog.querySelectorAll(`[data-sequence="${sequence}"]`)) {
                shown.remove();
            }
        }
    }

    function add(updates) {
        let added = 0;
        for (const update of updates) {
            if (update.sequence <= latest || list.querySelector(`[data-sequence="${update.sequence}"]`)) {
                continue;
            }
            const element = fromHtml(update.html);
            const none = list.querySelector(".live-blog__none");
            if (none) {
                none.remove();
            }
            if (newestFirst) {
                list.prepend(element);
            } else {
                list.append(element);
            }
            latest = update.sequence;
            added += 1;
        }
        if (added) {
            news.textContent = blog.dataset[added === 1 ? "oneNew" : "manyNew"].replace("%s", added);
        }
    }

    async function fetchJson(address) {
        // "no-cache" revalidates with the ETag: a 304 costs the server next to nothing.
        const response = await fetch(address, {cache: "no-cache", credentials: "omit"});
        if (!response.ok) {
            throw new Error(String(response.status));
        }
        return response.json();
    }

    async function poll() {
        try {
            let answer = await fetchJson(url);
            withdraw(answer.withdrawn);
            if (answer.complete_after > latest) {
                // Away longer than the fragment reaches back: ask for everything after ours.
                answer = await fetchJson(`${url}?after=${latest}`);
            }
            add(answer.updates.sort((first, second) => first.sequence - second.sequence));
            if (answer.ended) {
                return;
            }
        } catch (error) {
            // Offline for a moment, or the server restarting: the next poll catches up.
        }
        window.setTimeout(poll, POLL_MILLISECONDS);
    }

    window.setTimeout(poll, POLL_MILLISECONDS);
}());
