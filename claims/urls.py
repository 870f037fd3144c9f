from django.urls import path

from claims.web import articles, compare, flags, stories, upload

app_name = "claims"

urlpatterns = [
    path("", stories.story_list, name="story_list"),
    path("stories/<int:story_id>/", stories.story_detail, name="story_detail"),
    path("stories/<int:story_id>/compare/", compare.compare, name="compare"),
    path("stories/<int:story_id>/status/", stories.story_status, name="story_status"),
    path("stories/<int:story_id>/align/", stories.story_realign, name="story_realign"),
    path("articles/<int:article_id>/", articles.article_detail, name="article_detail"),
    path("upload/", upload.upload, name="upload"),
    path("upload/status/", upload.upload_status, name="upload_status"),
    path("articles/<int:article_id>/restore/", articles.article_restore, name="article_restore"),
    path("articles/<int:article_id>/retry/", articles.article_retry, name="article_retry"),
    path("articles/<int:article_id>/versions/<int:other_id>/", articles.version_diff, name="version_diff"),
    path("alignments/<int:alignment_id>/flag/", flags.flag_create, name="flag_create"),
    path("flags/", flags.flag_list, name="flag_list"),
    path("flags/<int:flag_id>/review/", flags.flag_review, name="flag_review"),
]
