from django.urls import path

from claims import flag_views, upload_views, views

app_name = "claims"

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/compare/", views.compare, name="compare"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("upload/", upload_views.upload, name="upload"),
    path("articles/<int:article_id>/restore/", upload_views.article_restore, name="article_restore"),
    path("articles/<int:article_id>/retry/", upload_views.article_retry, name="article_retry"),
    path("articles/<int:article_id>/versions/<int:other_id>/", views.version_diff, name="version_diff"),
    path("alignments/<int:alignment_id>/flag/", flag_views.flag_create, name="flag_create"),
    path("flags/", flag_views.flag_list, name="flag_list"),
    path("flags/<int:flag_id>/review/", flag_views.flag_review, name="flag_review"),
]
