from django.urls import path

from dateline.news import corrections

app_name = "news"

urlpatterns = [
    path("corrections/", corrections.corrections_log, name="corrections"),
]
