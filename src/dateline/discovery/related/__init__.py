"""Related News by content similarity, computed in the background, never per request.

When an article is published, ``refresh_similar_stories`` finds the published stories most like
it: BM25 "more like this" over headline, standfirst, topics and body, with the words weighed by
how rare they are in the archive (the database's own full-text index counts them), then
favouring stories close to it in time and sharing its topics. The ranked list is stored as
``SimilarStory`` rows, which the article page reads after the editor's own picks.
"""
