"""Copy desk checks on 58 real articles: what they find, and how much of it is wrong.

Each article's gold body text from `../shared/data/articles/ground-truth.json` is checked as a
story published on the date its own page states (`article:published_time` or JSON-LD
`datePublished`, as written in the publisher's time zone). Every finding was reviewed by hand and
labelled true or false in `benchmarks/copydesk_review.json`; a finding not yet reviewed is
reported as such. Records the result in docs/performance.md.

Run from the checkout: .venv/bin/python benchmarks/copydesk.py
"""

import datetime
import email.utils
import gzip
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
ARTICLES = CHECKOUT.parent / "shared" / "data" / "articles"
REVIEW = CHECKOUT / "benchmarks" / "copydesk_review.json"
HEADING = "## Copy desk checks"
COMMAND = ".venv/bin/python benchmarks/copydesk.py"

PUBLISHED = [
    re.compile(r'property="article:published_time"\s+content="([^"]+)"'),
    re.compile(r'"datePublished"\s*:\s*"([^"]+)"'),
    re.compile(r'itemprop="datePublished"[^>]*?(?:content|datetime)="([^"]+)"'),
    re.compile(r'name="pubdate"\s+content="([^"]+)"'),
]
LOOSE_FORMATS = ["%d %b %Y %H:%M %Z", "%B %d, %Y %H:%M"]


def setup_django():
    # The checks read Django settings (the configured checks, the headline limit); the test
    # settings need no database or data folder of their own for that.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
    import django

    django.setup()


def publication_date(page_html):
    """The date the page says it was published, in the time zone the page states it in."""
    for pattern in PUBLISHED:
        if match := pattern.search(page_html):
            return parse_date(match.group(1).strip())
    return None


def parse_date(value):
    iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value.replace("Z", "+00:00"))
    try:
        return datetime.datetime.fromisoformat(iso).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        pass
    for pattern in LOOSE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def read_corpus(articles=ARTICLES):
    """(article id, publication date or None, body text) for every gold article."""
    gold = json.loads((articles / "ground-truth.json").read_text(encoding="utf-8"))
    corpus = []
    for article_id, row in sorted(gold.items()):
        page = articles / "html" / f"{article_id}.html.gz"
        page_html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace") \
            if page.exists() else ""
        corpus.append((article_id, publication_date(page_html), row["articleBody"]))
    return corpus


def review_key(article_id, finding):
    return f"{article_id[:12]} {finding.check} {finding.field} {finding.text}"


def check_corpus(corpus, shift_days=0):
    """Every finding on the corpus as (article id, finding), each story dated ``shift_days``
    away from its real date."""
    from dateline.copydesk.reading import Copy
    from dateline.copydesk.registry import check_copy

    findings = []
    for article_id, published_on, body in corpus:
        if published_on is not None:
            published_on += datetime.timedelta(days=shift_days)
        copy = Copy.of_text(body, published_on=published_on)
        findings += [(article_id, finding) for finding in check_copy(copy)]
    return findings


def names_a_weekday(body):
    from dateline.copydesk.checks.weekday import MENTION

    return MENTION.search(body) is not None


def load_review():
    review = json.loads(REVIEW.read_text(encoding="utf-8"))
    return {entry["finding"]: entry for entry in review["findings"]}


def summarise(findings, review):
    rows = Counter()
    for article_id, finding in findings:
        entry = review.get(review_key(article_id, finding))
        verdict = entry["verdict"] if entry else "unreviewed"
        rows[(finding.check, finding.severity.value, verdict)] += 1
    return rows


def record(rows, findings, corpus, misdated):
    articles = len(corpus)
    dated = sum(published_on is not None for _id, published_on, _body in corpus)
    naming = sum(published_on is not None and names_a_weekday(body)
                 for _id, published_on, body in corpus)
    caught = len({article_id for article_id, finding in misdated if finding.check == "weekday"})
    total = len(findings)
    false = sum(count for (_check, _severity, verdict), count in rows.items()
                if verdict == "false")
    false_blocking = sum(count for (_check, severity, verdict), count in rows.items()
                         if verdict == "false" and severity == "block")
    flagged = len({article_id for article_id, _finding in findings})
    table = [
        f"| {check} | {severity} | {rows[(check, severity, 'true')]} | "
        f"{rows[(check, severity, 'false')]} | {rows[(check, severity, 'unreviewed')]} |"
        for check, severity in sorted({(check, severity) for check, severity, _v in rows})
    ] or ["| (none) | | 0 | 0 | 0 |"]
    rate = f"{false / total:.1%} of findings" if total else "none (no findings)"
    section = "\n".join([
        HEADING,
        "",
        f"The publish checks run over the gold body text of the {articles} real articles in",
        "`../shared/data/articles/`, each as a story published on the date its page states",
        f"({dated} of {articles} pages state one, and {naming} of those name a weekday; the",
        "weekday check skips undated ones). Every finding is reviewed by hand in",
        "`benchmarks/copydesk_review.json`. The byline, image, link and headline checks have",
        "nothing to read in bare body text.",
        "",
        "| check | severity | true | false | unreviewed |",
        "|---|---|---|---|---|",
        *table,
        "",
        f"{total} findings, on {flagged} of {articles} articles. False-positive rate: {rate}",
        f"({false} false findings, {false_blocking} of them blocking).",
        "",
        "Recall on the fault the reference page shows (an event reported \"on Saturday\" under",
        "a Friday date), simulated by dating each article one day early: the weekday check",
        f"blocks {caught} of the {naming} articles that name a weekday.",
        "",
        f"Measured with `{COMMAND}`. `tests/copydesk/test_real_articles.py` fails if",
        "a blocking finding on these articles is not in the reviewed true list.",
        "",
    ])
    write_section(HEADING, section)


def main():
    if not ARTICLES.is_dir():
        sys.exit(f"The benchmark articles are not at {ARTICLES}.")
    setup_django()
    corpus = read_corpus()
    findings = check_corpus(corpus)
    misdated = check_corpus(corpus, shift_days=-1)
    review = load_review()
    for article_id, finding in findings:
        entry = review.get(review_key(article_id, finding))
        verdict = entry["verdict"] if entry else "UNREVIEWED"
        print(f"{verdict:10} {finding.severity.value:5} {review_key(article_id, finding)}")  # noqa: T201
    for article_id, finding in misdated:
        print(f"dated a day early: {review_key(article_id, finding)}")  # noqa: T201
    record(summarise(findings, review), findings, corpus, misdated)
    print(f"{len(findings)} findings on {len(corpus)} articles")  # noqa: T201


if __name__ == "__main__":
    main()
