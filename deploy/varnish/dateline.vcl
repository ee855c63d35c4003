vcl 4.1;

# Varnish in front of Dateline (docs/deploying.md, "The front"). Debian: apt install varnish
# varnish-modules; copy this file to /etc/varnish/default.vcl, set the backend and the purgers
# below, and set DATELINE_CDN_PURGE=varnish and DATELINE_CDN_PURGE_URL=http://<this machine>:6081
# for Dateline's web servers and worker. tests/delivery/test_varnish.py runs this file as shipped.
#
# What it does:
# - keeps what Dateline says a shared cache may keep (its page cache's s-maxage and
#   stale-while-revalidate, static files' public max-age), and nothing else;
# - never keeps signed-in or admin traffic: requests with Dateline's session, CSRF or messages
#   cookie, an Authorization header, or for /admin/ and /documents/ go to Dateline every time;
# - files each page under the keys Dateline sends in its xkey header (the stories, listings,
#   archives, feeds… it shows), so a publish purges exactly those pages in one request, and
#   keeps that header to itself;
# - drops the tracking parameters Dateline ignores (delivery/addresses.py), so a campaign link
#   is the page itself, not another copy.

import xkey;

# Dateline's web server (`dateline serve`). Several machines: one backend each, and a
# directors.round_robin() in vcl_init (docs/deploying.md).
backend dateline {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may purge: the machines running Dateline's web servers and worker.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Hard: every object filed under one of the keys goes. Soft: they expire but may be
        # served, within their grace, while Varnish fetches them again.
        if (req.http.xkey-purge) {
            return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
        }
        if (req.http.xkey-softpurge) {
            return (synth(200, "Soft-purged " + xkey.softpurge(req.http.xkey-softpurge)));
        }
        # A single address, as Wagtail's HTTP backend sends it (a redirect's old path).
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in people, the admin and documents (whose collections may be private). The cookie
    # names are Django's SESSION_COOKIE_NAME and CSRF_COOKIE_NAME, and its messages cookie.
    if (req.http.Authorization
            || req.url ~ "^/(admin|documents)(/|\?|$)"
            || req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics, preferences) does not change a page Dateline would keep.
    unset req.http.Cookie;
    # Tracking parameters: Google's, Microsoft's, Meta's, Mailchimp's, HubSpot's, Marketo's,
    # Yandex's, X's, TikTok's and LinkedIn's, the list of delivery/addresses.py (a test holds
    # them equal). Those after another parameter first, then one leading the query.
    set req.url = regsuball(req.url, "&(?i:utm_[^=&]*|gclid|gclsrc|dclid|gbraid|wbraid|_ga|_gl|msclkid|fbclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|yclid|twclid|ref_src|ref_url|ttclid|li_fat_id)(=[^&]*)?(?=&|$)", "");
    set req.url = regsub(req.url, "\?(?i:utm_[^=&]*|gclid|gclsrc|dclid|gbraid|wbraid|_ga|_gl|msclkid|fbclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|yclid|twclid|ref_src|ref_url|ttclid|li_fat_id)(=[^&]*)?(&|$)", "?");
    set req.url = regsub(req.url, "\?$", "");
    return (hash);
}

sub vcl_hash {
    # Dateline keys pages by the scheme it sees, from a TLS proxy in front.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    # Then Varnish's own: the URL and the host.
}

sub vcl_backend_response {
    # Kept only when Dateline says a shared cache may keep it: its page cache's s-maxage, or a
    # static file's public max-age. Private, no-store, no-cache, cookie-setting answers and
    # those with no say (404s, documents, previews) go to Dateline every time.
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "(?i)(s-maxage|public)"
            || beresp.http.Vary == "*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.ttl <= 0s) {
        # s-maxage=0: Dateline's stale copy while it renders the page again after a purge.
        # Asked again a second later, not kept.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # beresp.ttl is s-maxage (else max-age), beresp.grace stale-while-revalidate: Varnish
    # reads both from Cache-Control itself.
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this cache only.
    unset resp.http.xkey;
}
