"""Made-up stories with the statistics of a real archive, written from the word bank.

Words follow a Zipf distribution by rank; each story mixes in its section's theme, its topics'
words and a few names of its own that recur within it, and names come from a long tail shared
by the archive, so common words match most stories and rare ones a handful, as in real news.
"""

import datetime
import itertools
import random
import uuid
from dataclasses import dataclass

from django.utils.text import slugify

from . import vocabulary

ARCHIVE_YEARS = 6
ARCHIVE_NAMES = 40_000
ZIPF_EXPONENT = 1.05
ZIPF_OFFSET = 2.7  # Zipf-Mandelbrot: flattens the very top ranks, as in real text
BODY_WORDS = (300, 500)
SENTENCE_WORDS = (8, 24)
PARAGRAPH_SENTENCES = (2, 4)
# The share of body words from the section's theme, and from the story's topics.
THEME_SHARE = 0.10
TOPIC_SHARE = 0.06
HEADLINE_SKIPS = 80  # the commonest words, which rarely carry a headline


@dataclass
class Story:
    section: object
    title: str
    slug_stem: str
    standfirst: str
    dateline_place: str
    body: list  # StreamField data: [{"type", "value", "id"}]
    body_text: str  # the body's words as search indexes them
    published_at: datetime.datetime
    updated_at: datetime.datetime | None
    author_ids: list
    topic_ids: list


class ZipfWords:
    """Words drawn with probability falling as 1/rank; ``mixed`` gives another vocabulary a
    share of the draws, so a section's prose is drawn in one pass."""

    def __init__(self, words, weights=None):
        self.words = list(dict.fromkeys(words)) if weights is None else list(words)
        if weights is None:
            weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT
                       for rank in range(len(self.words))]
        self.weights = weights
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng, count):
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def mixed(self, other, share):
        own, theirs = sum(self.weights), sum(other.weights)
        weights = [weight * (1 - share) / own for weight in self.weights]
        weights += [weight * share / theirs for weight in other.weights]
        return ZipfWords(self.words + other.words, weights)


def made_up_names(rng, count):
    names = set()
    onsets, vowels, codas = (
        vocabulary.NAME_ONSETS, vocabulary.NAME_VOWELS, vocabulary.NAME_CODAS
    )
    while len(names) < count:
        parts = [rng.choice(onsets), rng.choice(vowels), rng.choice(onsets), rng.choice(vowels)]
        names.add(("".join(parts) + rng.choice(codas)).capitalize())
    return sorted(names)


def theme_for(slug, position):
    """The theme a section's slug names, else one in turn, so every section has its own."""
    for theme in vocabulary.THEMES:
        if theme in slug:
            return theme
    return list(vocabulary.THEMES)[position % len(vocabulary.THEMES)]


def topic_words(title):
    for name, words in vocabulary.TOPICS.items():
        if name.lower() in title.lower() or title.lower() in name.lower():
            return words.split()
    return slugify(title).split("-")


def sentences(words, rng):
    """Words cut into capitalised sentences."""
    start = 0
    while start < len(words):
        length = rng.randint(*SENTENCE_WORDS)
        chunk = words[start:start + length]
        start += length
        text = " ".join(chunk)
        yield text[0].upper() + text[1:] + "."


def searchable_text(block):
    """A block's words as Wagtail's search content gives them: text without markup."""
    value = block["value"]
    if block["type"] == "quote":
        return f"{value['text']} {value['attribution']}"
    return value.removeprefix("<p>").removesuffix("</p>")


class StoryWriter:
    """Writes stories for the given sections, authors and topics; the same seed, the same
    moment and the same newsroom give the same stories."""

    def __init__(self, newsroom, *, seed, now):
        self.rng = random.Random(seed)
        self.now = now
        self.general = ZipfWords(vocabulary.GENERAL)
        self.names = ZipfWords(made_up_names(self.rng, ARCHIVE_NAMES))
        self.sections = newsroom.sections
        self.section_weights = [1 / (rank + 1) ** 0.5 for rank in range(len(self.sections))]
        self.headline_words = ZipfWords(vocabulary.GENERAL[HEADLINE_SKIPS:])
        self.themes = {
            section.pk: ZipfWords(vocabulary.THEMES[theme_for(section.slug, position)].split())
            for position, section in enumerate(self.sections)
        }
        self.prose = {pk: self.general.mixed(theme, THEME_SHARE)
                      for pk, theme in self.themes.items()}
        self.author_ids = [author.pk for author in newsroom.authors]
        self.author_weights = [1 / (rank + 1) for rank in range(len(self.author_ids))]
        self.topics = {topic.pk: ZipfWords(topic_words(topic.title)) for topic in newsroom.topics}
        topic_ids = list(self.topics)
        self.favoured_topics = {
            section.pk: [topic_ids[(position * 3 + step) % len(topic_ids)] for step in range(3)]
            for position, section in enumerate(self.sections)
        } if topic_ids else {}

    def publication_times(self, count):
        """Moments spread over the archive's years, oldest first, the newest a few minutes ago."""
        newest = self.now - datetime.timedelta(minutes=5)
        span = datetime.timedelta(days=365 * ARCHIVE_YEARS).total_seconds()
        offsets = sorted((self.rng.random() * span for _ in range(count - 1)), reverse=True)
        offsets.append(0)
        return [newest - datetime.timedelta(seconds=offset) for offset in offsets]

    def stories(self, count):
        for published_at in self.publication_times(count):
            yield self.story(published_at)

    def story(self, published_at):
        rng = self.rng
        section = rng.choices(self.sections, weights=self.section_weights)[0]
        theme = self.themes[section.pk]
        topic_ids = self.choose_topics(section)
        # The people and places this story is about recur through it, as in a real report.
        cast = self.names.draw(rng, 3)
        body = self.body_blocks(self.body_words(section, topic_ids, cast), theme, cast)
        headline = [cast[0], *theme.draw(rng, 2), *self.headline_words.draw(rng, rng.randint(3, 7))]
        rng.shuffle(headline)
        title = " ".join(headline)
        title = title[0].upper() + title[1:]
        updated_at = None
        if rng.random() < 0.05:
            updated_at = min(published_at + datetime.timedelta(hours=rng.randint(1, 30)),
                             self.now)
        return Story(
            section=section,
            title=title,
            slug_stem=slugify(title)[:50].strip("-"),
            standfirst=next(sentences(theme.draw(rng, 4) + self.general.draw(rng, 18), rng)),
            dateline_place=cast[1].upper() if rng.random() < 0.5 else "",
            body=body,
            body_text=" ".join(searchable_text(block) for block in body),
            published_at=published_at,
            updated_at=updated_at,
            author_ids=self.choose_authors(),
            topic_ids=topic_ids,
        )

    def body_words(self, section, topic_ids, cast):
        rng = self.rng
        words = self.prose[section.pk].draw(rng, rng.randint(*BODY_WORDS))
        placed = [name for name in cast for _ in range(rng.randint(1, 4))]
        if topic_ids:
            per_topic = int(len(words) * TOPIC_SHARE) // len(topic_ids)
            for topic_id in topic_ids:
                placed += self.topics[topic_id].draw(rng, per_topic)
        # Placed at random over the drawn prose rather than shuffled in: the same mix, cheaper.
        for word in placed:
            words[rng.randrange(len(words))] = word
        return words

    def body_blocks(self, words, theme, cast):
        rng = self.rng
        blocks, paragraph = [], []
        for sentence in sentences(words, rng):
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(*PARAGRAPH_SENTENCES):
                blocks.append(self.block("paragraph", f"<p>{' '.join(paragraph)}</p>"))
                paragraph = []
                if len(blocks) % 4 == 3:
                    subhead = " ".join(theme.draw(rng, 1) + self.general.draw(rng, 3))
                    blocks.append(self.block("subhead", subhead.capitalize()))
        if paragraph:
            blocks.append(self.block("paragraph", f"<p>{' '.join(paragraph)}</p>"))
        if rng.random() < 0.2:
            quote = next(sentences(self.general.draw(rng, 14), rng))
            blocks.insert(2, self.block("quote", {"text": quote, "attribution": cast[2]}))
        return blocks

    def block(self, kind, value):
        return {"type": kind, "value": value, "id": str(uuid.UUID(int=self.rng.getrandbits(128),
                                                                  version=4))}

    def choose_topics(self, section):
        rng = self.rng
        favoured = self.favoured_topics.get(section.pk)
        if not favoured:
            return []
        count = rng.choices((0, 1, 2), weights=(20, 60, 20))[0]
        chosen = [rng.choice(favoured) if rng.random() < 0.75 else rng.choice(list(self.topics))
                  for _ in range(count)]
        return list(dict.fromkeys(chosen))

    def choose_authors(self):
        count = 2 if self.rng.random() < 0.15 else 1
        chosen = self.rng.choices(self.author_ids, weights=self.author_weights, k=count)
        return list(dict.fromkeys(chosen))
