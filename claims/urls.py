from django.urls import path

from claims.web import articles, compare, flags, search, stories, upload

app_name = "claims"

urlpatterns = [
    path("", stories.story_list, name="story_list"),
    path("stories/<int:story_id>/", stories.story_detail, name="story_detail"),
    # A link to a story merged away leads to the same page of the story it joined.
    path("stories/<int:story_id>/compare/", stories.follow_merges(compare.compare), name="compare"),
    path("stories/<int:story_id>/status/", stories.story_status, name="story_status"),
    path("stories/<int:story_id>/align/", stories.story_realign, name="story_realign"),
    path("stories/<int:story_id>/rename/", stories.story_rename, name="story_rename"),
    path("stories/<int:story_id>/merge/", stories.story_merge, name="story_merge"),
    path("stories/<int:story_id>/merge/confirm/", stories.story_merge_confirm, name="story_merge_confirm"),
    path("stories/<int:story_id>/split/", stories.story_split, name="story_split"),
    path("stories/choices/", stories.story_choices, name="story_choices"),
    path("articles/<int:article_id>/", articles.article_detail, name="article_detail"),
    path("upload/", upload.upload, name="upload"),
    path("upload/status/", upload.upload_status, name="upload_status"),
    path("articles/<int:article_id>/restore/", articles.article_restore, name="article_restore"),
    path("articles/<int:article_id>/retry/", articles.article_retry, name="article_retry"),
    path("articles/<int:article_id>/move/", articles.article_move, name="article_move"),
    path("articles/<int:article_id>/outlet/", articles.article_set_outlet, name="article_outlet"),
    path("articles/<int:article_id>/versions/<int:other_id>/", articles.version_diff, name="version_diff"),
    path("alignments/<int:alignment_id>/flag/", flags.flag_create, name="flag_create"),
    path("flags/", flags.flag_list, name="flag_list"),
    path("flags/<int:flag_id>/review/", flags.flag_review, name="flag_review"),
    path("search/", search.search, name="search"),
    path("sentences/<int:sentence_id>/similar/", search.sentence_similar, name="sentence_similar"),
]
