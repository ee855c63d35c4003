from django.urls import path

from dateline.news import corrections
from dateline.news.reader_methods import reader_view

app_name = "news"

urlpatterns = [
    path("corrections/", reader_view(corrections.corrections_log), name="corrections"),
]
