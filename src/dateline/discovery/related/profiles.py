"""A story as Related News compares it: field-weighted word counts and its editorial labels."""

from collections import Counter
from dataclasses import dataclass, field

from dateline.news.text_forms import search_form

# A word in the headline or a topic name says more about what a story is than one in the body.
FIELD_WEIGHTS = {"title": 3.0, "standfirst": 2.0, "topics": 3.0, "body": 1.0}
# Function words carry no subject; everything else is weighed by rarity, so the list stays short.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just last me more most my myself new no nor not now of off on once only or other
our ours out over own said same says she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when
where which while who whom why will with would year years you your told after one two three
""".split())


def words(text):
    """The words the engines index for ``text`` (``news.text_forms.search_form``)."""
    return [word for word in search_form(text).split()
            if len(word) > 1 and not word.isdigit() and word not in STOP_WORDS]


@dataclass
class StoryProfile:
    article_id: int
    title: str
    standfirst: str
    body: str
    topic_names: list = field(default_factory=list)
    topic_ids: frozenset = frozenset()
    section_path: str = ""
    published_at: object = None

    def term_weights(self):
        """Each word's count, weighted by the field it appears in."""
        weights = Counter()
        for name, text in (("title", self.title), ("standfirst", self.standfirst),
                           ("topics", " ".join(self.topic_names)), ("body", self.body)):
            for word in words(text):
                weights[word] += FIELD_WEIGHTS[name]
        return weights
